#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 2, local networks: one vswd, two untagged bridges, X = {vm0, vm1} and
# Y = {vm2, vm3}, each port a TAP to a namespace host. All four hosts share one IP subnet,
# so only the bridges keep them apart: vm0 and vm1 talk, vm2 and vm3 talk, nothing crosses
# from X to Y or back — no ping, no ARP, no broadcast, no flooded unknown unicast. A scapy
# agent on every host logs each frame it receives from a test MAC, so "never arrives" is
# checked frame by frame, not by counters that kernel chatter could move.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# host i: namespace vt-br-hI, TAP vt-brI, MAC 02:00:00:00:b0:0I, address 192.0.2.1I
mac_of() { echo "02:00:00:00:b0:0$1"; }
hex_of() { echo "02000000b00$1"; }
ETHERTYPE=88b5 # IEEE local experimental: no kernel stack takes it
payload() { printf %s "vsw-br-$1" | od -An -tx1 | tr -d ' \n'; printf '00%.0s' $(seq 40); }

cat >"$T_TMP/br.yaml" <<YAML
eal:
  file_prefix: vswtest-br
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm0, kind: tap, iface: vt-br0}
  - {name: vm1, kind: tap, iface: vt-br1}
  - {name: vm2, kind: tap, iface: vt-br2}
  - {name: vm3, kind: tap, iface: vt-br3}
bridges:
  - {name: X, ports: [vm0, vm1]}
  - {name: Y, ports: [vm2, vm3]}
YAML

for i in 0 1 2 3; do ns_add "vt-br-h$i"; done
start_vswd "$T_TMP/br.yaml"
for i in 0 1 2 3; do
	ns_take_iface "vt-br-h$i" "vt-br$i" "192.0.2.1$i/24"
	ip -n "vt-br-h$i" link set "vt-br$i" address "$(mac_of $i)"
	frame_agent "a$i" "vt-br-h$i" "vt-br$i"
done

vswctl --json bridges >"$T_TMP/bridges.json"
bget() { json_get "$1" <"$T_TMP/bridges.json"; }
check_eq "vswctl bridges lists both bridges" "$(bget "' '.join(sorted(d))")" "X Y"
check_eq "bridge X: untagged, ports vm0 vm1" \
	"$(bget "d['X']['vlan'], ' '.join(d['X']['ports'])")" "0 vm0 vm1"
check_eq "bridge Y: untagged, ports vm2 vm3" \
	"$(bget "d['Y']['vlan'], ' '.join(d['Y']['ports'])")" "0 vm2 vm3"
frame_agents_ready a0 a1 a2 a3
# Until ns_take_iface moved them, the TAPs were in the root namespace where the kernel may
# have sent IPv6 ND/MLD from their first MACs: start the FDB afresh.
vswctl fdb flush X >/dev/null
vswctl fdb flush Y >/dev/null

ping_ok() { # ping_ok FROM_NS ADDR: replies come back
	ip netns exec "$1" ping -c 3 -i 0.2 -W 2 "$2" 2>&1 | grep -q " 0% packet loss"
}
ping_fails() { # ping_fails FROM_NS ADDR: no reply at all (ARP is never answered)
	local out
	out=$(ip netns exec "$1" ping -c 2 -i 0.5 -W 1 "$2" 2>&1) || true
	grep -q " 100% packet loss" <<<"$out"
}
check "bridge X: vm0 pings vm1" ping_ok vt-br-h0 192.0.2.11
check "bridge Y: vm2 pings vm3" ping_ok vt-br-h2 192.0.2.13

# From here until the Y -> X pings, bridge Y's hosts are idle: whatever reaches them came
# from X. Count frames at both ends of Y's ports: vswd's tx, the kernels' rx. Their ARP
# entries are pinned first: the kernel re-checks a neighbour 5 s after using an entry it
# learned from a request (a unicast probe and its reply), which would land in the window.
for pair in "2 3" "3 2"; do
	set -- $pair
	mac=$(ip netns exec "vt-br-h$2" cat "/sys/class/net/vt-br$2/address")
	ip netns exec "vt-br-h$1" ip neigh replace "192.0.2.1$2" lladdr "$mac" dev "vt-br$1" \
		nud permanent
done
y_counters() {
	echo "$(port_stat vm2 tx_packets) $(port_stat vm3 tx_packets)" \
		"$(if_stat vt-br-h2 vt-br2 rx_packets) $(if_stat vt-br-h3 vt-br3 rx_packets)"
}
y0=$(y_counters)

check "X -> Y: vm0 cannot reach vm2" ping_fails vt-br-h0 192.0.2.12
check "X -> Y: vm1 cannot reach vm3" ping_fails vt-br-h1 192.0.2.13
# The ARP requests were sent and flooded in X (so the isolation above is Y's doing).
arp_req() { # ERE: a broadcast ARP request from host $1 for 192.0.2.$2
	echo "^ffffffffffff$(hex_of "$1")08060001080006040001.{32}c00002$(printf %02x "$2")"
}
n=$(frames_count a1 vt-br1 "$(arp_req 0 12)")
if [ "$n" -ge 1 ]; then pass "vm0's ARP broadcasts for vm2 flood to vm1 in X"; else
	fail "vm0's ARP broadcasts for vm2 flood to vm1 in X" "vm1 saw none"; fi
n=$(frames_count a0 vt-br0 "$(arp_req 1 13)")
if [ "$n" -ge 1 ]; then pass "vm1's ARP broadcasts for vm3 flood to vm0 in X"; else
	fail "vm1's ARP broadcasts for vm3 flood to vm0 in X" "vm0 saw none"; fi

# A broadcast that is not ARP, and unknown unicast: flooded to vm1, never to Y.
bcast=ffffffffffff$(hex_of 0)$ETHERTYPE$(payload bcast)
unknown=02000000b0ee$(hex_of 0)$ETHERTYPE$(payload unknown) # nobody has 02:00:00:00:b0:ee
frame_send a0 vt-br0 "$bcast" 5
frame_send a0 vt-br0 "$unknown" 5
sleep 0.5
check_eq "broadcast from vm0: vm1 gets all 5, byte for byte" \
	"$(frames_count a1 vt-br1 "^$bcast\$")" 5
check_eq "unknown unicast from vm0 floods: vm1 gets all 5, byte for byte" \
	"$(frames_count a1 vt-br1 "^$unknown\$")" 5
for i in 2 3; do
	check_eq "broadcast and unknown unicast from X never reach vm$i" \
		"$(frames_count "a$i" "vt-br$i" "^($bcast|$unknown)\$")" 0
done
check_eq "vswd sent nothing to Y's ports, Y's kernels received nothing" "$(y_counters)" "$y0"

# And the other way: Y's ARP and pings never reach X.
check "Y -> X: vm2 cannot reach vm0" ping_fails vt-br-h2 192.0.2.10
check "Y -> X: vm3 cannot reach vm1" ping_fails vt-br-h3 192.0.2.11
n=$(frames_count a3 vt-br3 "$(arp_req 2 10)")
if [ "$n" -ge 1 ]; then pass "vm2's ARP broadcasts for vm0 flood to vm3 in Y"; else
	fail "vm2's ARP broadcasts for vm0 flood to vm3 in Y" "vm3 saw none"; fi

# The whole run: no host ever received a frame from a host of the other bridge.
from_hosts() { echo "^.{12}($(hex_of "$1")|$(hex_of "$2"))"; }
for i in 2 3; do
	check_eq "vm$i never received a frame from vm0 or vm1" \
		"$(frames_count "a$i" "vt-br$i" "$(from_hosts 0 1)")" 0
done
for i in 0 1; do
	check_eq "vm$i never received a frame from vm2 or vm3" \
		"$(frames_count "a$i" "vt-br$i" "$(from_hosts 2 3)")" 0
done

# Each bridge learned its own hosts, on the right ports, and nothing else (not the unknown
# destination, not the other bridge's hosts). Learning is asynchronous: allow it a moment.
fdb() { # fdb BRIDGE: "mac=port ..." sorted
	vswctl --json fdb show "$1" |
		json_get "' '.join(sorted(e['mac'].lower() + '=' + e['port'] for e in d))"
}
want_x="$(mac_of 0)=vm0 $(mac_of 1)=vm1"
want_y="$(mac_of 2)=vm2 $(mac_of 3)=vm3"
for i in $(seq 20); do
	[ "$(fdb X)" == "$want_x" ] && [ "$(fdb Y)" == "$want_y" ] && break
	sleep 0.1
done
check_eq "fdb show X: vm0's and vm1's MACs on their ports, nothing else" "$(fdb X)" "$want_x"
check_eq "fdb show Y: vm2's and vm3's MACs only (none of X's)" "$(fdb Y)" "$want_y"
check_eq "fdb entries are learned, in VLAN 0" \
	"$(vswctl --json fdb show X | json_get "sorted({(e['type'], e['vlan']) for e in d})")" \
	"[('learned', 0)]"

log "drops: $(vswctl --json drops | json_get "{k: v for k, v in d.items() if v}")"
if stop_vswd INT; then pass "vswd exits 0 on SIGINT"; else fail "vswd exits 0 on SIGINT" "$?"; fi
finish
