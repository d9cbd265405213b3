#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The VXLAN overlay over an IPv6 underlay, against a Linux kernel VTEP: host A (its own
# namespace, 172.16.10.1 and fd00:10::1) is on vswd's bridge br10, whose tunnel vx10 (VNI 10,
# UDP 4789) starts at vswd's underlay address 2001:db8:99::1; host B (172.16.10.2,
# fd00:10::2) is behind a kernel `vxlan` device whose VTEP address 2001:db8:98::2 vswd reaches
# through a gateway (2001:db8:99::2, the kernel VTEP's namespace): a routed IPv6 underlay,
# neighbour discovery for the gateway included. The kernel's vxlan checks the UDP checksum
# of what vswd sends (udp6zerocsumrx off) and sends its own, which vswd checks. A and B
# ping each other over IPv4 and IPv6 inner traffic; each side learns the other's MAC behind
# the other's IPv6 VTEP (bridge fdb show, vswctl fdb show); iperf3 fills the 1430-byte
# overlay MTU. VXLAN with a zero or a wrong UDP checksum is dropped by name.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/vx6.yaml" <<YAML
eal:
  file_prefix: vswtest-vxlan6
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: ha, kind: tap, iface: vt-x6a}
  - {name: up, kind: tap, iface: vt-x6u}
bridges:
  - {name: br10, ports: [ha]}
router:
  interfaces:
    - {name: u0, port: up, addresses: ["2001:db8:99::1/64"]}
  routes:
    - {to: "2001:db8:98::2/128", via: "2001:db8:99::2"}
vxlan:
  - {name: vx10, vni: 10, bridge: br10, local: "2001:db8:99::1", remotes: ["2001:db8:98::2"]}
YAML

ns6() { # a namespace with IPv6 on (ns_add turns it off)
	ns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 net.ipv6.conf.default.accept_dad=0
}
take6() { # take6 NS IFACE: move the TAP in, IPv6 on, no duplicate address detection delay
	local i
	for i in $(seq 100); do
		ip link show "$2" >/dev/null 2>&1 && break
		sleep 0.05
	done
	ip link set "$2" netns "$1"
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=0" \
		"net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.accept_ra=0"
	ip -n "$1" link set "$2" up
}

ns6 vt-x6-a
ns6 vt-x6-k
ns6 vt-x6-b
start_vswd "$T_TMP/vx6.yaml"
# Host A: the overlay MTU is the underlay's 1500 - 70.
take6 vt-x6-a vt-x6a
ip -n vt-x6-a link set vt-x6a mtu 1430
ip -n vt-x6-a addr add 172.16.10.1/24 dev vt-x6a
ip -n vt-x6-a addr add fd00:10::1/64 dev vt-x6a nodad
# The kernel VTEP: 2001:db8:99::2 on the underlay, its VTEP address 2001:db8:98::2 on lo.
take6 vt-x6-k vt-x6u
ip -n vt-x6-k addr add 2001:db8:99::2/64 dev vt-x6u nodad
ip -n vt-x6-k addr add 2001:db8:98::2/128 dev lo
ip netns exec vt-x6-k sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n vt-x6-k link add vx10 type vxlan id 10 dstport 4789 local 2001:db8:98::2 \
	remote 2001:db8:99::1
ip -n vt-x6-k link add br0 type bridge
ip -n vt-x6-k link set vx10 mtu 1430 master br0
ip -n vt-x6-k link add vk-b type veth peer name vb-b netns vt-x6-b
ip -n vt-x6-k link set vk-b master br0
for l in vx10 vk-b br0; do ip -n vt-x6-k link set "$l" up; done
ip netns exec vt-x6-b sysctl -qw net.ipv6.conf.vb-b.accept_dad=0
ip -n vt-x6-b addr add 172.16.10.2/24 dev vb-b
ip -n vt-x6-b addr add fd00:10::2/64 dev vb-b nodad
ip -n vt-x6-b link set vb-b mtu 1430 up
mac_a=$(ip -n vt-x6-a -br link show vt-x6a | awk '{print $3}')
mac_b=$(ip -n vt-x6-b -br link show vb-b | awk '{print $3}')

# The first packets wait for ARP and ND on both sides (the hosts, and vswd's gateway).
ip netns exec vt-x6-a ping -c 2 -i 0.3 -W 1 172.16.10.2 >/dev/null 2>&1 || true
ip netns exec vt-x6-a ping -6 -c 2 -i 0.3 -W 1 fd00:10::2 >/dev/null 2>&1 || true
ping_ok() { # ping_ok NAME NS ARGS...: no loss
	local name=$1 ns=$2 out
	shift 2
	out=$(ip netns exec "$ns" ping "$@" 2>&1) || true
	if grep -q " 0% packet loss" <<<"$out"; then pass "$name"; else fail "$name" "$out"; fi
}
ping_ok "A pings B across the IPv6 underlay (IPv4 inside)" vt-x6-a -c 5 -i 0.2 -W 2 172.16.10.2
ping_ok "B pings A across the IPv6 underlay (IPv4 inside)" vt-x6-b -c 3 -i 0.2 -W 2 172.16.10.1
ping_ok "A pings B across the IPv6 underlay (IPv6 inside)" vt-x6-a -6 -c 5 -i 0.2 -W 2 fd00:10::2
ping_ok "B pings A across the IPv6 underlay (IPv6 inside)" vt-x6-b -6 -c 3 -i 0.2 -W 2 fd00:10::1
check "A resolved B's MAC by ND through the tunnel" \
	grep -qi "lladdr $mac_b" <<<"$(ip -n vt-x6-a -6 neigh show fd00:10::2)"
fdb=$(bridge -n vt-x6-k fdb show dev vx10)
check "the kernel learned A's MAC behind vswd's VTEP 2001:db8:99::1" \
	grep -qi "^$mac_a dst 2001:db8:99::1 " <<<"$fdb"
vswctl --json fdb show br10 >"$T_TMP/fdb.json"
check "vswd learned B's MAC behind the kernel's VTEP 2001:db8:98::2 (vswctl fdb)" "$PY" -c "
import json
e = [x for x in json.load(open('$T_TMP/fdb.json')) if x['mac'].lower() == '$mac_b'.lower()]
assert len(e) == 1 and e[0]['port'] == 'vx10' and e[0]['vtep'] == '2001:db8:98::2', e"
check "vswctl fdb show marks it TUNNEL@VTEP" \
	grep -qi "^vx10@2001:db8:98::2 .*$mac_b" <<<"$(vswctl fdb show br10)"
check "vswd resolved its underlay gateway by ND" \
	grep -q "2001:db8:99::2 .*u0" <<<"$(vswctl neighbours)"

# iperf3 over the overlay: TCP segments fill the 1430-byte overlay MTU, each checksummed.
bg ip netns exec vt-x6-b iperf3 -s -1 -B 172.16.10.2 >/dev/null 2>&1
sleep 0.3
out=$(ip netns exec vt-x6-a timeout 10 iperf3 -c 172.16.10.2 -t 2 -J 2>&1) || true
bps=$("$PY" -c "import json, sys
print(int(json.loads(sys.argv[1])['end']['sum_received']['bits_per_second']))" "$out" 2>/dev/null ||
	echo 0)
if [ "$bps" -gt 1000000 ]; then pass "iperf3 A -> B: $((bps / 1000000)) Mbit/s"; else
	fail "iperf3 A -> B" "$(tail -5 <<<"$out")"; fi

vswctl --json vxlan >"$T_TMP/vx.json"
check "vswctl vxlan: the IPv6 tunnel and its remote's counters both ways" "$PY" -c "
import json
d = json.load(open('$T_TMP/vx.json'))
t, r = d['tunnels'], d['remotes']
assert len(t) == 1 and t[0]['name'] == 'vx10' and t[0]['local'] == '2001:db8:99::1', t
assert t[0]['family'] == 6 and t[0]['mtu'] == 1430, t
assert len(r) == 1 and r[0]['vtep'] == '2001:db8:98::2', r
assert r[0]['rx_packets'] > 1000 and r[0]['tx_packets'] > 1000, r"
check "vswctl vxlan shows the IPv6 local address" \
	grep -q "2001:db8:99::1 (u0)" <<<"$(vswctl vxlan)"

# VXLAN from the kernel VTEP's address with a zero, then a wrong, UDP checksum: Linux's
# UDP would drop both before its vxlan socket; vswd drops each by name.
drop() { vswctl --json drops | json_get "d.get('$1', 0)" 2>/dev/null || echo 0; }
vmac=$(ip -n vt-x6-k -6 neigh show 2001:db8:99::1 |
	awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}')
ip netns exec vt-x6-k "$PY" - "$vmac" <<'PY'
import sys
from scapy.all import Ether, IPv6, UDP, Raw, raw, sendp
inner = bytes.fromhex("ffffffffffff020000000001") + b"\x08\x00" + bytes(46)
vx = bytes.fromhex("0800000000000a00") + inner
base = Ether(dst=sys.argv[1]) / IPv6(src="2001:db8:98::2", dst="2001:db8:99::1") / \
    UDP(sport=50000, dport=4789)
good = Ether(raw(base / Raw(vx)))
zero = base.copy()
zero[UDP].chksum = 0
wrong = base.copy()
wrong[UDP].chksum = good[UDP].chksum ^ 0x5555
sendp([zero / Raw(vx), wrong / Raw(vx)], iface="vt-x6u", verbose=False)
PY
sleep 0.3
check_eq "zero UDP checksum: vxlan_udp6_zero_csum" "$(drop vxlan_udp6_zero_csum)" 1
check_eq "wrong UDP checksum: vxlan_bad_udp_csum" "$(drop vxlan_bad_udp_csum)" 1
# Decapsulated, their inner source 02:00:00:00:00:01 would be learned behind the VTEP.
check_eq "neither was decapsulated (their inner source not learned)" \
	"$(vswctl --json fdb show br10 | json_get "sum(x['mac'].lower() == '02:00:00:00:00:01' for x in d)")" 0

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
