#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The VTEP against three Linux kernel VTEPs (issue 9): host A (172.16.20.1, its own
# namespace) is on vswd's bridge br20, whose tunnel vx20 (VNI 20, arp_suppress) starts at
# 10.98.0.1 on an underlay LAN (a Linux bridge in namespace vt-vs-u); kernel VTEPs
# 10.98.0.2, .3 and .4 (namespaces vt-vs-k2..k4) each bridge their `vxlan` device with a
# host address 172.16.20.N. The config lists .2 and .3; .4 joins the flood list through the
# API (vswctl vxlan remote add), live.
#  - A broadcast from A reaches each kernel VTEP exactly once (tcpdump on each vxlan device
#    and on the underlay), and, after vswctl vxlan remote del, .4 no more.
#  - ARP suppression: once A has resolved host .2 (its reply snooped), A's next ARP request
#    for it is answered by vswd with .2's MAC and no packet crosses the underlay (tcpdump in
#    the underlay namespace); a request for an unknown address still goes to every VTEP.
#  - vswctl vxlan neigh shows the binding; an API binding answers; deleted, it floods again.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/vs.yaml" <<YAML
eal:
  file_prefix: vswtest-vteps
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: ha, kind: tap, iface: vt-vsa}
  - {name: up, kind: tap, iface: vt-vsu}
bridges:
  - {name: br20, ports: [ha]}
router:
  interfaces:
    - {name: u0, port: up, addresses: [10.98.0.1/24]}
vxlan:
  - {name: vx20, vni: 20, bridge: br20, local: 10.98.0.1, remotes: [10.98.0.2, 10.98.0.3],
     arp_suppress: true}
YAML

ns_add vt-vs-a
ns_add vt-vs-u
for n in 2 3 4; do ns_add "vt-vs-k$n"; done
start_vswd "$T_TMP/vs.yaml"
ns_take_iface vt-vs-a vt-vsa 172.16.20.1/24
ip -n vt-vs-a link set vt-vsa mtu 1450
# The underlay LAN: vswd's TAP and one veth per kernel VTEP on a Linux bridge.
ns_take_iface vt-vs-u vt-vsu
ip -n vt-vs-u link add brU type bridge
ip -n vt-vs-u link set vt-vsu master brU
ip -n vt-vs-u link set brU up
for n in 2 3 4; do
	k=vt-vs-k$n
	ip -n vt-vs-u link add "vt-vsu$n" type veth peer name "vt-vsk$n" netns "$k"
	ip -n vt-vs-u link set "vt-vsu$n" master brU up
	ip -n "$k" addr add "10.98.0.$n/24" dev "vt-vsk$n"
	ip -n "$k" link set "vt-vsk$n" up
	# Its VTEP floods to vswd only (the kernel VTEPs do not know each other).
	ip -n "$k" link add vx20 type vxlan id 20 dstport 4789 local "10.98.0.$n"
	bridge -n "$k" fdb append 00:00:00:00:00:00 dev vx20 dst 10.98.0.1
	ip -n "$k" link add br0 type bridge
	ip -n "$k" link set vx20 mtu 1450 master br0
	ip -n "$k" addr add "172.16.20.$n/24" dev br0
	ip -n "$k" link set vx20 up
	ip -n "$k" link set br0 mtu 1450 up
done
mac_a=$(ip -n vt-vs-a -br link show vt-vsa | awk '{print $3}')
mac_2=$(ip -n vt-vs-k2 -br link show br0 | awk '{print $3}')
mac_3=$(ip -n vt-vs-k3 -br link show br0 | awk '{print $3}')

out=$(vswctl vxlan remote add vx20 10.98.0.4 2>&1) || true
check "vswctl vxlan remote add vx20 10.98.0.4: 3 in the flood list" \
	grep -q "3 in its flood list" <<<"$out"
vswctl --json vxlan >"$T_TMP/vx.json"
check "vswctl vxlan: remote 10.98.0.4 from the API" "$PY" -c "
import json
r = json.load(open('$T_TMP/vx.json'))['remotes']
assert sorted((x['vtep'], x['from']) for x in r) == [('10.98.0.2', 'config'),
    ('10.98.0.3', 'config'), ('10.98.0.4', 'api')], r"

# vswd's neighbours on the underlay resolved first (else the first copies wait for ARP).
for n in 2 3 4; do ip netns exec "vt-vs-k$n" ping -c 1 -W 1 10.98.0.1 >/dev/null 2>&1 || true; done

# capture NAME NS IFACE FILTER: tcpdump in the background, written to $T_TMP/NAME.pcap.
# --immediate-mode: without it libpcap's TPACKET_V3 ring hands a block to tcpdump only when
# it fills or its 1 s timer fires, and a SIGINT before that loses the packets in it. The old
# .err goes first: its "listening on" would say ready before the new tcpdump is.
capture() {
	rm -f "$T_TMP/$1.err"
	bg ip netns exec "$2" tcpdump -i "$3" --immediate-mode -U -n -w "$T_TMP/$1.pcap" "$4" \
		2>"$T_TMP/$1.err"
	local i
	for i in $(seq 50); do
		grep -q "listening on" "$T_TMP/$1.err" 2>/dev/null && return 0
		sleep 0.1
	done
}
# stop_captures: let the last packets land, stop every tcpdump (SIGINT flushes them).
stop_captures() {
	sleep 0.3
	local p
	for p in "${T_PIDS[@]}"; do kill -INT "$p" 2>/dev/null || true; done
	for p in "${T_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	T_PIDS=()
}
# count NAME [FILTER...]: packets (lines that start with a time; tcpdump prints the inner
# frame and an unknown ethertype's bytes on lines of their own).
count() { tcpdump -n -r "$T_TMP/$1.pcap" "${@:2}" 2>/dev/null | grep -cE '^[0-9]{2}:[0-9]{2}:' || true; }
# The kernel hosts' own chatter (IGMP and IPv6 reports, the ARP with which they refresh their
# entry for A, A's answers) crosses the underlay at any time, so the underlay counts look
# inside the VXLAN packet: the inner frame starts at udp[16], its ethertype at udp[28].
# copies [FILTER]: vswd's VXLAN copies of A's test broadcast (ethertype 0x88b5).
copies() { count under "src host 10.98.0.1 and udp[28:2] = 0x88b5${1:+ and $1}"; }

# ---- One broadcast, three copies ---------------------------------------------------------
for n in 2 3 4; do capture "k$n" "vt-vs-k$n" vx20 "ether proto 0x88b5"; done
capture under vt-vs-u vt-vsu "udp port 4789"
ip netns exec vt-vs-a /usr/bin/python3 - "$mac_a" <<'PY'
import sys
from scapy.all import Ether, Raw, sendp
sendp(Ether(dst="ff:ff:ff:ff:ff:ff", src=sys.argv[1], type=0x88b5) / Raw(b"vtepsupp" * 8),
      iface="vt-vsa", verbose=False)
PY
stop_captures
for n in 2 3 4; do
	check_eq "the broadcast reached kernel VTEP 10.98.0.$n once" "$(count "k$n")" 1
	check_eq "one VXLAN copy to 10.98.0.$n on the underlay" "$(copies "dst host 10.98.0.$n")" 1
done
check_eq "three VXLAN copies on the underlay in all" "$(copies)" 3

# ---- The API's remote leaves the flood list ----------------------------------------------------
out=$(vswctl vxlan remote del vx20 10.98.0.4 2>&1) || true
check "vswctl vxlan remote del vx20 10.98.0.4" grep -q "2 in its flood list" <<<"$out"
out=$(vswctl vxlan remote del vx20 10.98.0.2 2>&1) && rc=0 || rc=$?
check "a config remote cannot be removed through the API (exit 1, says why)" \
	test "$rc" == 1 -a -n "$(grep -i "config file" <<<"$out")"
capture under vt-vs-u vt-vsu "udp port 4789"
ip netns exec vt-vs-a /usr/bin/python3 - "$mac_a" <<'PY'
import sys
from scapy.all import Ether, Raw, sendp
sendp(Ether(dst="ff:ff:ff:ff:ff:ff", src=sys.argv[1], type=0x88b5) / Raw(b"vtepsupp" * 8),
      iface="vt-vsa", verbose=False)
PY
stop_captures
check_eq "after remote del: two copies, none to 10.98.0.4" \
	"$(copies) $(copies "dst host 10.98.0.4")" "2 0"

# ---- ARP suppression ---------------------------------------------------------------------
# A resolves .2 and .3 the ordinary way: the requests cross, the replies are snooped.
for n in 2 3; do
	out=$(ip netns exec vt-vs-a ping -c 2 -i 0.3 -W 2 "172.16.20.$n" 2>&1) || true
	if grep -q " 0% packet loss" <<<"$out"; then pass "A pings 172.16.20.$n"; else
		fail "A pings 172.16.20.$n" "$out"; fi
done
sleep 0.2
vswctl --json vxlan neigh >"$T_TMP/neigh.json"
check "vswctl vxlan neigh: .2 and .3 learned with their MACs" "$PY" -c "
import json
b = {x['address']: x for x in json.load(open('$T_TMP/neigh.json'))['bindings']}
for a, m in (('172.16.20.2', '$mac_2'), ('172.16.20.3', '$mac_3')):
    assert b[a]['mac'] == m.lower() and b[a]['type'] == 'learned' and b[a]['tunnel'] == 'vx20', b"

# ask NS ADDRESS: one ARP request from A for ADDRESS; prints the MAC that answered, or none.
ask() {
	ip netns exec vt-vs-a /usr/bin/python3 - "$mac_a" "$1" <<'PY'
import sys
from scapy.all import ARP, Ether, srp1
r = srp1(Ether(dst="ff:ff:ff:ff:ff:ff", src=sys.argv[1]) /
         ARP(op=1, hwsrc=sys.argv[1], psrc="172.16.20.1", pdst=sys.argv[2]),
         iface="vt-vsa", timeout=2, verbose=False)
print(f"{r[ARP].hwsrc} {r[ARP].psrc} {r[ARP].hwdst} {r[ARP].pdst} {r.dst}" if r else "none")
PY
}
capture under vt-vs-u vt-vsu "udp port 4789"
capture k2 vt-vs-k2 vx20 "arp"
reply=$(ask 172.16.20.2)
stop_captures
check_eq "A's request for .2 is answered with .2's MAC (to A)" "$reply" \
	"${mac_2,,} 172.16.20.2 ${mac_a,,} 172.16.20.1 ${mac_a,,}"
# arp_in N: A's ARP requests for 172.16.20.N inside VXLAN (the inner ARP starts at udp[30]:
# its opcode at udp[36], sender address at udp[44] = 172.16.20.1, target at udp[54]).
arp_in() {
	count under "udp[28:2] = 0x0806 and udp[36:2] = 1 and udp[44:4] = 0xac101401 and
		udp[54:4] = $(printf '0x%08x' $((0xac101400 + $1)))"
}
check_eq "nothing crossed the underlay" "$(arp_in 2)" 0
check_eq "host .2 saw no ARP from A" "$(count k2 "arp[14:4] = 0xac101401")" 0
vswctl --json vxlan >"$T_TMP/vx.json"
check_eq "vswctl vxlan: arp_replied 1" \
	"$(json_get "d['tunnels'][0]['arp_replied']" <"$T_TMP/vx.json")" 1

capture under vt-vs-u vt-vsu "udp port 4789"
reply=$(ask 172.16.20.99)
stop_captures
check_eq "a request for an unknown address: no answer" "$reply" none
check_eq "... and flooded to both VTEPs" "$(arp_in 99)" 2

# An API binding answers; deleted, the request crosses again.
vswctl vxlan neigh add vx20 172.16.20.77 02:00:00:00:77:77 >/dev/null
check_eq "vswctl vxlan neigh get: the API binding" \
	"$(vswctl vxlan neigh get vx20 172.16.20.77 | awk '{print $3, $4}')" "02:00:00:00:77:77 api"
capture under vt-vs-u vt-vsu "udp port 4789"
reply=$(ask 172.16.20.77)
stop_captures
check_eq "an API binding answers" "$(awk '{print $1}' <<<"$reply") $(arp_in 77)" \
	"02:00:00:00:77:77 0"
vswctl vxlan neigh del vx20 172.16.20.77 >/dev/null
capture under vt-vs-u vt-vsu "udp port 4789"
reply=$(ask 172.16.20.77)
stop_captures
check_eq "deleted: no answer, the request crosses" "$reply $(arp_in 77)" "none 2"

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
