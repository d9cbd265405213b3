#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 5, the router between VLANs: gateways 172.16.100.1 (VLAN 100) and 172.16.101.1
# (VLAN 101) are router interfaces on the two VLANs' bridges. vm1 reaches vm3 through them
# with the TTL one less; the gateways answer ARP and ping; traceroute shows the gateway;
# vm1 and vm2 still talk at layer 2 (TTL untouched). A reload that removes a gateway cuts
# the route, and putting it back restores it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

conf() { # conf [with_gw101]
	cat <<YAML
eal:
  file_prefix: vswtest-l3v
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm1, kind: tap, iface: vt-l3v1, vlan_mode: access, tag: 100}
  - {name: vm2, kind: tap, iface: vt-l3v2, vlan_mode: access, tag: 100}
  - {name: vm3, kind: tap, iface: vt-l3v3, vlan_mode: access, tag: 101}
bridges:
  - {name: v100, vlan: 100, ports: [vm1, vm2]}
  - {name: v101, vlan: 101, ports: [vm3]}
router:
  interfaces:
    - {name: gw100, bridge: v100, addresses: [172.16.100.1/24], mac: "02:00:00:00:64:01"}
YAML
	if [ "${1:-yes}" = yes ]; then
		echo "    - {name: gw101, bridge: v101, addresses: [172.16.101.1/24]}"
	fi
}
conf >"$T_TMP/v.yaml"

for n in 1 2 3; do ns_add vt-l3v-$n; done
start_vswd "$T_TMP/v.yaml"
ns_take_iface vt-l3v-1 vt-l3v1 172.16.100.5/24
ns_take_iface vt-l3v-2 vt-l3v2 172.16.100.6/24
ns_take_iface vt-l3v-3 vt-l3v3 172.16.101.7/24
ip -n vt-l3v-1 route add default via 172.16.100.1
ip -n vt-l3v-2 route add default via 172.16.100.1
ip -n vt-l3v-3 route add default via 172.16.101.1

ip netns exec vt-l3v-1 ping -c 1 -W 1 172.16.100.1 >/dev/null 2>&1 || true # resolves vm1
out=$(ip netns exec vt-l3v-1 ping -c 3 -i 0.2 -W 2 172.16.100.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the VLAN 100 gateway answers ping"; else
	fail "the VLAN 100 gateway answers ping" "$out"; fi
check_eq "the gateway answered ARP with its MAC" \
	"$(ip -n vt-l3v-1 neigh show 172.16.100.1 | awk '{print $5}')" "02:00:00:00:64:01"
ip netns exec vt-l3v-3 ping -c 1 -W 1 172.16.101.1 >/dev/null 2>&1 || true
out=$(ip netns exec vt-l3v-3 ping -c 3 -i 0.2 -W 2 172.16.101.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the VLAN 101 gateway answers ping"; else
	fail "the VLAN 101 gateway answers ping" "$out"; fi
check_eq "the VLAN 101 gateway's MAC is derived, locally administered" \
	"$(ip -n vt-l3v-3 neigh show 172.16.101.1 | awk '{print $5}' | cut -c1-9)" "02:76:73:"

out=$(ip netns exec vt-l3v-1 ping -c 3 -i 0.2 -W 2 172.16.100.6 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "vm1 and vm2 still talk in VLAN 100"; else
	fail "vm1 and vm2 still talk in VLAN 100" "$out"; fi
check_eq "bridged, not routed: TTL untouched" "$(grep -o 'ttl=[0-9]*' <<<"$out" | sort -u)" "ttl=64"

ip netns exec vt-l3v-1 ping -c 2 -i 0.3 -W 1 172.16.101.7 >/dev/null 2>&1 || true # resolves vm3
out=$(ip netns exec vt-l3v-1 ping -c 5 -i 0.2 -W 2 172.16.101.7 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "vm1 reaches vm3 through the router"; else
	fail "vm1 reaches vm3 through the router" "$out"; fi
check_eq "routed: the TTL drops by one" "$(grep -o 'ttl=[0-9]*' <<<"$out" | sort -u)" "ttl=63"
out=$(ip netns exec vt-l3v-1 traceroute -n -I -q 1 -w 2 -m 3 172.16.101.7 2>&1) || true
log "$out"
check_eq "traceroute: the gateway, then vm3" "$(awk '$1 ~ /^[0-9]+$/ {print $2}' <<<"$out" | xargs)" \
	"172.16.100.1 172.16.101.7"

vswctl --json fdb show v100 >"$T_TMP/fdb.json" 2>/dev/null || true
check "the gateway's MAC is a static entry of v100, on gw100" "$PY" -c "
import json; d = json.load(open('$T_TMP/fdb.json'))
e = [x for x in d if x['mac'] == '02:00:00:00:64:01']
assert e and e[0]['port'] == 'gw100' and e[0]['type'] == 'static', d"

vswctl --json interfaces >"$T_TMP/if.json"
check "vswctl interfaces: gw100 on bridge v100 with its address, MAC and MTU" "$PY" -c "
import json; d = {r['name']: r for r in json.load(open('$T_TMP/if.json'))['interfaces'].values()}
g = d['gw100']
assert g['bridge'] == 'v100' and g['addresses'] == ['172.16.100.1/24'] and g['vrf'] == 'default', g
assert g['mac'] == '02:00:00:00:64:01' and g['mtu'] == 1500, g
assert d['gw101']['bridge'] == 'v101', d"

# A reload without gw101: VLAN 101 is no longer routed; with it again, it is.
conf no >"$T_TMP/v2.yaml"
check "a reload removes gw101" vswctl reload "$T_TMP/v2.yaml"
out=$(ip netns exec vt-l3v-1 ping -c 1 -W 2 172.16.101.7 2>&1) || true
check "without gw101: net unreachable from the gateway" \
	grep -q "From 172.16.100.1 .*Destination Net Unreachable" <<<"$out"
check "a reload puts gw101 back" vswctl reload "$T_TMP/v.yaml"
ip netns exec vt-l3v-1 ping -c 2 -i 0.3 -W 1 172.16.101.7 >/dev/null 2>&1 || true
out=$(ip netns exec vt-l3v-1 ping -c 3 -i 0.2 -W 2 172.16.101.7 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "with gw101 back, vm1 reaches vm3"; else
	fail "with gw101 back, vm1 reaches vm3" "$out"; fi

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
