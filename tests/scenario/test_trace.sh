#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Packet trace (docs/operations.md): `vswctl trace start PORT N` then `trace show` names
# every node a bridged, a routed and a dropped packet crossed, what each decided, and where
# it left or why it was dropped. Kernel hosts in namespaces send the packets: a ping across
# a bridge (b0 -> b1), a ping routed from pa to pb, a ping to a blackhole route.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/trace.yaml" <<YAML
eal:
  file_prefix: vt-op-trace
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: b0, kind: tap, iface: vt-otb0}
  - {name: b1, kind: tap, iface: vt-otb1}
  - {name: pa, kind: tap, iface: vt-otpa}
  - {name: pb, kind: tap, iface: vt-otpb}
bridges:
  - {name: B, ports: [b0, b1]}
router:
  interfaces:
    - {name: r0, port: pa, addresses: [10.0.1.1/24]}
    - {name: r1, port: pb, addresses: [10.0.2.1/24]}
  routes:
    - {to: 198.51.100.0/24, type: blackhole}
YAML

for h in b0 b1 pa pb; do ns_add vt-ot-$h; done
start_vswd "$T_TMP/trace.yaml"
ns_take_iface vt-ot-b0 vt-otb0 192.0.2.1/24
ns_take_iface vt-ot-b1 vt-otb1 192.0.2.2/24
ns_take_iface vt-ot-pa vt-otpa 10.0.1.2/24
ns_take_iface vt-ot-pb vt-otpb 10.0.2.2/24
ip -n vt-ot-pa route add default via 10.0.1.1
ip -n vt-ot-pb route add default via 10.0.2.1
# Warm up: ARP resolved and MACs learned, so the traced pings take the plain path.
ip netns exec vt-ot-b0 ping -c 2 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1 || true
ip netns exec vt-ot-pa ping -c 2 -i 0.2 -W 1 10.0.2.2 >/dev/null 2>&1 || true

# packet SUMMARY_ERE: the block of the first traced packet whose summary matches
packet() {
	vswctl trace show | awk -v re="$1" '
		/^Packet / { blk = $0 "\n"; keep = 0; next }
		blk != "" && !done { blk = blk $0 "\n"; if ($0 ~ re) keep = 1 }
		/^  => / && keep && !done { printf "%s", blk; done = 1 }'
}
# has NAME BLOCK STRING...: each string is in the block
has() {
	local name=$1 blk=$2 s missing=""
	shift 2
	for s in "$@"; do grep -qF -- "$s" <<<"$blk" || missing+=" '$s'"; done
	if [ -z "$missing" ]; then pass "$name"; else fail "$name" "missing$missing in:
$blk"; fi
}

check_eq "trace is off by default" "$(vswctl trace show | sed -n 1p | cut -d: -f1)" "trace off"

# 1. Bridged.
vswctl trace start b0 5 >/dev/null
ip netns exec vt-ot-b0 ping -c 1 -W 1 192.0.2.2 >/dev/null 2>&1 || true
blk=$(packet "IPv4 192.0.2.1 > 192.0.2.2")
has "bridged ping: every node, the FDB hit, sent on b1" "$blk" \
	"port_rx-b0-q0" "eth_input" "ethertype 0x0800" "vlan_input" "bridge B" \
	"bridge_input" "fdb hit: port b1 -> vlan_output" "vlan_output" "port_tx-b1" \
	"=> sent on b1"
vswctl trace show >"$T_TMP/bridged.txt"

# 2. Routed.
vswctl trace start pa 5 >/dev/null
ip netns exec vt-ot-pa ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || true
blk=$(packet "IPv4 10.0.1.2 > 10.0.2.2")
has "routed ping: every node, the route and next hop, sent on pb" "$blk" \
	"port_rx-pa-q0" "eth_input" "l3_input" "interface r0" "ip4_input" \
	"via 10.0.2.2 dev r1 -> l3_output" "out pb -> port_tx-pb" "=> sent on pb"
vswctl trace show >"$T_TMP/routed.txt"

# 3. Dropped.
vswctl trace clear
vswctl trace start pa 5 >/dev/null
ip netns exec vt-ot-pa ping -c 1 -W 1 198.51.100.7 >/dev/null 2>&1 || true
blk=$(packet "IPv4 10.0.1.2 > 198.51.100.7")
has "dropped ping: the nodes and the drop reason" "$blk" \
	"port_rx-pa-q0" "l3_input" "ip4_input" "route: nh" "blackhole -> drop_ip4_blackhole" \
	"=> dropped: ip4_blackhole"
check "nothing sent for the dropped ping" bash -c "! grep -qF port_tx <<<\"\$0\"" "$blk"

# N: recording stops by itself after N packets ("done"), whatever arrives after them.
vswctl trace start pa 2 >/dev/null
ip netns exec vt-ot-pa ping -c 4 -i 0.2 -W 1 -q 10.0.2.2 >/dev/null 2>&1 || true
first=$(vswctl trace show | sed -n 1p)
check "start pa 2, 4 pings: done after 2 packets" \
	grep -Eq '^trace done: 2/2 packets from pa, [0-9]+ steps$' <<<"$first"
log "$first"
check_eq "start pa 2: 2 packets shown" "$(vswctl trace show | grep -c '^Packet ')" 2

# Stop: no more packets marked.
vswctl trace stop
before=$(vswctl trace show | sed -n 1p)
ip netns exec vt-ot-pa ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || true
check_eq "stop: nothing more recorded" "$(vswctl trace show | sed -n 1p)" "$before"
check_eq "stop: off" "$(vswctl trace show | sed -n 1p | cut -d: -f1)" "trace off"
vswctl trace clear
check_eq "clear: nothing left" "$(vswctl trace show | sed -n 1p)" \
	"trace off: 0/0 packets from any port, 0 steps"
ip netns exec vt-ot-b0 ping -c 2 -i 0.2 -W 1 -q 192.0.2.2 >/dev/null && pass "forwarding goes on" \
	|| fail "forwarding goes on" "ping failed"
cat "$T_TMP/bridged.txt" "$T_TMP/routed.txt" >&2
finish
