#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 8, overlapping tenants: two tenants use the same subnets, 172.16.1.0/24 and
# 10.1.0.0/24, each in its own VRF (red, blue). Each host reaches only its own tenant's
# hosts, a route of one VRF does not exist in the other, and the neighbour tables keep the
# same address apart per VRF. Each host's kernel counts the echo requests it got: the
# oracle of what leaked.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/vrf.yaml" <<YAML
eal:
  file_prefix: vswtest-vrf
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa1, kind: tap, iface: vt-vrfa1}
  - {name: pa2, kind: tap, iface: vt-vrfa2}
  - {name: pb1, kind: tap, iface: vt-vrfb1}
  - {name: pb2, kind: tap, iface: vt-vrfb2}
router:
  vrfs: [red, blue]
  interfaces:
    - {name: ra1, port: pa1, vrf: red, addresses: [172.16.1.1/24]}
    - {name: ra2, port: pa2, vrf: red, addresses: [10.1.0.1/24]}
    - {name: rb1, port: pb1, vrf: blue, addresses: [172.16.1.1/24]}
    - {name: rb2, port: pb2, vrf: blue, addresses: [10.1.0.1/24]}
  routes:
    - {to: 192.0.2.0/24, via: 10.1.0.2, vrf: red}
YAML

for n in a1 a2 b1 b2; do ns_add vt-vrf-$n; done
start_vswd "$T_TMP/vrf.yaml"
ns_take_iface vt-vrf-a1 vt-vrfa1 172.16.1.2/24
ns_take_iface vt-vrf-a2 vt-vrfa2 10.1.0.2/24
ns_take_iface vt-vrf-b1 vt-vrfb1 172.16.1.2/24
ns_take_iface vt-vrf-b2 vt-vrfb2 10.1.0.2/24
ip -n vt-vrf-a1 route add default via 172.16.1.1
ip -n vt-vrf-a2 route add default via 10.1.0.1
ip -n vt-vrf-b1 route add default via 172.16.1.1
ip -n vt-vrf-b2 route add default via 10.1.0.1
ip -n vt-vrf-a2 addr add 192.0.2.1/32 dev lo

echos() { ip netns exec "vt-vrf-$1" awk '/^Icmp:/ {n++} n == 2 && /^Icmp:/ {print $10; exit}' /proc/net/snmp; }

# Warm up both tenants' neighbours (the first packet to an unresolved host is lost).
for t in a b; do ip netns exec vt-vrf-${t}1 ping -c 2 -i 0.3 -W 1 10.1.0.2 >/dev/null 2>&1 || true; done
a2=$(echos a2)
b2=$(echos b2)
out=$(ip netns exec vt-vrf-a1 ping -c 5 -i 0.2 -W 2 10.1.0.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "red: a1 reaches 10.1.0.2"; else
	fail "red: a1 reaches 10.1.0.2" "$out"; fi
check_eq "red: a2 got the 5 echo requests" "$(($(echos a2) - a2))" 5
check_eq "red: blue's 10.1.0.2 got none of them" "$(($(echos b2) - b2))" 0
a2=$(echos a2)
b2=$(echos b2)
out=$(ip netns exec vt-vrf-b1 ping -c 5 -i 0.2 -W 2 10.1.0.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "blue: b1 reaches 10.1.0.2"; else
	fail "blue: b1 reaches 10.1.0.2" "$out"; fi
check_eq "blue: b2 got the 5 echo requests" "$(($(echos b2) - b2))" 5
check_eq "blue: red's 10.1.0.2 got none of them" "$(($(echos a2) - a2))" 0

out=$(ip netns exec vt-vrf-a1 ping -c 3 -i 0.2 -W 2 192.0.2.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "red's static route works in red"; else
	fail "red's static route works in red" "$out"; fi
out=$(ip netns exec vt-vrf-b1 ping -c 1 -W 2 192.0.2.1 2>&1) || true
check "red's route does not exist in blue: net unreachable" \
	grep -q "From 172.16.1.1 .*Destination Net Unreachable" <<<"$out"

vswctl --json neighbours >"$T_TMP/n.json"
check "10.1.0.2 is a neighbour in each VRF, with each tenant's MAC" "$PY" -c "
import json, subprocess
d = json.load(open('$T_TMP/n.json'))['neighbours'].values()
mac = lambda ns, i: subprocess.run(['ip', '-n', ns, '-br', 'link', 'show', i], capture_output=True, text=True).stdout.split()[2]
want = {('red', mac('vt-vrf-a2', 'vt-vrfa2')), ('blue', mac('vt-vrf-b2', 'vt-vrfb2'))}
got = {(n['vrf'], n['mac']) for n in d if n['address'] == '10.1.0.2'}
assert got == want, (got, want)"

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
