#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 10, the VXLAN overlay, against a Linux kernel VTEP: host A (172.16.10.1, its own
# namespace) is on vswd's bridge br10, whose tunnel vx10 (VNI 10, UDP 4789) starts at
# vswd's underlay address 10.99.0.1; host B (172.16.10.2) is behind a kernel `vxlan`
# device whose VTEP address 10.99.1.2 vswd reaches through a gateway (10.99.0.2, the
# kernel VTEP's namespace): a routed underlay, ARP for the gateway included. A and B ping
# each other after ARP; the kernel learns A's MAC behind vswd's VTEP (bridge fdb show),
# vswd learns B's behind the kernel's (vswctl fdb show); iperf3 runs both ways. Malformed
# VXLAN sent at vswd is dropped by name.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/vx.yaml" <<YAML
eal:
  file_prefix: vswtest-vxlan
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: ha, kind: tap, iface: vt-vxa}
  - {name: up, kind: tap, iface: vt-vxu}
bridges:
  - {name: br10, ports: [ha]}
router:
  interfaces:
    - {name: u0, port: up, addresses: [10.99.0.1/24]}
  routes:
    - {to: 10.99.1.2/32, via: 10.99.0.2}
vxlan:
  - {name: vx10, vni: 10, bridge: br10, local: 10.99.0.1, remotes: [10.99.1.2]}
YAML

ns_add vt-vx-a
ns_add vt-vx-k
ns_add vt-vx-b
start_vswd "$T_TMP/vx.yaml"
# Host A: the overlay MTU is the underlay's 1500 - 50.
ns_take_iface vt-vx-a vt-vxa 172.16.10.1/24
ip -n vt-vx-a link set vt-vxa mtu 1450
# The kernel VTEP: 10.99.0.2 on the underlay, its VTEP address 10.99.1.2 on lo, routed.
ns_take_iface vt-vx-k vt-vxu 10.99.0.2/24
ip -n vt-vx-k addr add 10.99.1.2/32 dev lo
ip netns exec vt-vx-k sysctl -qw net.ipv4.ip_forward=1
ip -n vt-vx-k link add vx10 type vxlan id 10 dstport 4789 local 10.99.1.2 remote 10.99.0.1
ip -n vt-vx-k link add br0 type bridge
ip -n vt-vx-k link set vx10 mtu 1450 master br0
ip -n vt-vx-k link add vk-b type veth peer name vb-b netns vt-vx-b
ip -n vt-vx-k link set vk-b master br0
for l in vx10 vk-b br0; do ip -n vt-vx-k link set "$l" up; done
ip -n vt-vx-b addr add 172.16.10.2/24 dev vb-b
ip -n vt-vx-b link set vb-b mtu 1450 up
mac_a=$(ip -n vt-vx-a -br link show vt-vxa | awk '{print $3}')
mac_b=$(ip -n vt-vx-b -br link show vb-b | awk '{print $3}')

# The first packets wait for ARP on both sides (the hosts, and vswd's gateway).
ip netns exec vt-vx-a ping -c 2 -i 0.3 -W 1 172.16.10.2 >/dev/null 2>&1 || true
out=$(ip netns exec vt-vx-a ping -c 5 -i 0.2 -W 2 172.16.10.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "A pings B across the overlay"; else
	fail "A pings B across the overlay" "$out"; fi
out=$(ip netns exec vt-vx-b ping -c 3 -i 0.2 -W 2 172.16.10.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "B pings A across the overlay"; else
	fail "B pings A across the overlay" "$out"; fi
check "A resolved B's MAC by ARP through the tunnel" \
	grep -qi "lladdr $mac_b" <<<"$(ip -n vt-vx-a neigh show 172.16.10.2)"
check "B resolved A's MAC by ARP through the tunnel" \
	grep -qi "lladdr $mac_a" <<<"$(ip -n vt-vx-b neigh show 172.16.10.1)"
fdb=$(bridge -n vt-vx-k fdb show dev vx10)
check "the kernel learned A's MAC behind vswd's VTEP 10.99.0.1" \
	grep -qi "^$mac_a dst 10.99.0.1 " <<<"$fdb"
vswctl --json fdb show br10 >"$T_TMP/fdb.json"
check "vswd learned B's MAC behind the kernel's VTEP 10.99.1.2 (vswctl fdb)" "$PY" -c "
import json
e = [x for x in json.load(open('$T_TMP/fdb.json')) if x['mac'].lower() == '$mac_b'.lower()]
assert len(e) == 1 and e[0]['port'] == 'vx10' and e[0]['vtep'] == '10.99.1.2', e"
check "vswctl fdb show marks it TUNNEL@VTEP" \
	grep -qi "^vx10@10.99.1.2 .*$mac_b" <<<"$(vswctl fdb show br10)"

# iperf3 over the overlay, both ways: TCP segments fill the 1450-byte overlay MTU.
bg ip netns exec vt-vx-b iperf3 -s -1 -B 172.16.10.2 >/dev/null 2>&1
sleep 0.3
out=$(ip netns exec vt-vx-a timeout 10 iperf3 -c 172.16.10.2 -t 2 -J 2>&1) || true
bps=$("$PY" -c "import json, sys
print(int(json.loads(sys.argv[1])['end']['sum_received']['bits_per_second']))" "$out" 2>/dev/null ||
	echo 0)
if [ "$bps" -gt 1000000 ]; then pass "iperf3 A -> B: $((bps / 1000000)) Mbit/s"; else
	fail "iperf3 A -> B" "$(tail -5 <<<"$out")"; fi
log "iperf3 A -> B: $bps bit/s"

vswctl --json vxlan >"$T_TMP/vx.json"
check "vswctl vxlan: the tunnel and its remote's counters both ways" "$PY" -c "
import json
d = json.load(open('$T_TMP/vx.json'))
t, r = d['tunnels'], d['remotes']
assert len(t) == 1 and t[0]['name'] == 'vx10' and t[0]['vni'] == 10 and t[0]['mtu'] == 1450, t
assert len(r) == 1 and r[0]['vtep'] == '10.99.1.2', r
assert r[0]['rx_packets'] > 1000 and r[0]['tx_packets'] > 1000, r"

# Malformed VXLAN at vswd's VTEP, from the kernel VTEP's namespace: each dropped by name.
drop() { vswctl --json drops | json_get "d.get('$1', 0)" 2>/dev/null || echo 0; }
ip netns exec vt-vx-k "$PY" - <<'PY'
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
inner = bytes.fromhex("ffffffffffff020000000001") + b"\x08\x00" + bytes(46)
for flags, vni in ((0, 10), (0x08000000, 11), (0x08000001, 10)):
    s.sendto(struct.pack("!II", flags, vni << 8) + inner, ("10.99.0.1", 4789))
s.sendto(b"\x08\x00\x00", ("10.99.0.1", 4789))
PY
sleep 0.3
check_eq "no I flag: vxlan_no_i_flag" "$(drop vxlan_no_i_flag)" 1
check_eq "VNI 11: vxlan_unknown_vni" "$(drop vxlan_unknown_vni)" 1
check_eq "a reserved bit: vxlan_reserved_bits" "$(drop vxlan_reserved_bits)" 1
check_eq "3 bytes: vxlan_short" "$(drop vxlan_short)" 1

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
