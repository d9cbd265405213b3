#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Packet capture (docs/operations.md): dpdk-dumpcap, a DPDK secondary process, attaches to
# vswd and captures a port's frames in both directions. Two namespace hosts on one bridge
# over TAP ports ping each other; `vswctl capture` on one port must write exactly the
# frames that host's kernel sent and received (tcpdump inside the namespace is the oracle),
# a BPF filter must keep only the echo replies, and vswd must forward on after capture.
# The other port kinds: a net_af_packet port on a veth pair in the same bridge, and a
# net_ring port (its tx loops back to its rx) cross-connected to a TAP host; each captured
# rx and tx with a filter that drops half of what crosses the port (vhost: test_vhost.sh).
# dumpcap runs on CPU 0 (vswd's main lcore), the worker on CPU 1 with the idle back-off.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/cap.yaml" <<YAML
eal:
  file_prefix: vt-op-cap
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: c0, kind: tap, iface: vt-opc0}
  - {name: c1, kind: tap, iface: vt-opc1}
  - {name: c2, kind: dpdk, devargs: "net_af_packet_cap,iface=vt-opcv0"}
  - {name: c3, kind: dpdk, devargs: "net_ring_cap"}
  - {name: c4, kind: tap, iface: vt-opc4}
bridges:
  - {name: B, ports: [c0, c1, c2]}
xconnect:
  - [c4, c3]
YAML

ns_add vt-op-h0
ns_add vt-op-h1
ns_add vt-op-h2
ns_add vt-op-h4
ip link del vt-opcv0 2>/dev/null || true # left by an aborted run; else goes with vt-op-h2
ip link add vt-opcv0 type veth peer name vt-opcv1
sysctl -qw net.ipv6.conf.vt-opcv0.disable_ipv6=1
ip link set vt-opcv0 up
ns_take_iface vt-op-h2 vt-opcv1 192.0.2.3/24
ip -n vt-op-h2 addr add 192.0.2.4/24 dev vt-opcv1
start_vswd "$T_TMP/cap.yaml"
ns_take_iface vt-op-h0 vt-opc0 192.0.2.1/24
ns_take_iface vt-op-h1 vt-opc1 192.0.2.2/24
ns_take_iface vt-op-h4 vt-opc4 198.51.100.1/24
# Static ARP: the pings are the only frames on the wire, so "exactly" can be checked.
mac0=$(ip netns exec vt-op-h0 cat /sys/class/net/vt-opc0/address)
mac1=$(ip netns exec vt-op-h1 cat /sys/class/net/vt-opc1/address)
ip -n vt-op-h0 neigh replace 192.0.2.2 lladdr "$mac1" dev vt-opc0 nud permanent
ip -n vt-op-h1 neigh replace 192.0.2.1 lladdr "$mac0" dev vt-opc1 nud permanent
mac2=$(ip netns exec vt-op-h2 cat /sys/class/net/vt-opcv1/address)
ip -n vt-op-h0 neigh replace 192.0.2.3 lladdr "$mac2" dev vt-opc0 nud permanent
ip -n vt-op-h0 neigh replace 192.0.2.4 lladdr "$mac2" dev vt-opc0 nud permanent
ip -n vt-op-h2 neigh replace 192.0.2.1 lladdr "$mac0" dev vt-opcv1 nud permanent
# h4's pings go out of c4 into c3, whose ring hands them back to c3's rx, and back to h4.
ip -n vt-op-h4 neigh replace 198.51.100.2 lladdr 02:00:00:00:c3:02 dev vt-opc4 nud permanent
ip -n vt-op-h4 neigh replace 198.51.100.3 lladdr 02:00:00:00:c3:03 dev vt-opc4 nud permanent

# capture_start NAME ARGS...: vswctl capture in the background, on CPU 0; wait until it
# captures (dumpcap counts "Packets captured" once its callbacks are in vswd's queues).
capture_start() {
	local name=$1 _
	shift
	taskset -c 0 "$VSWCTL" --prefix vt-op-cap capture "$@" >"$T_TMP/$name.out" 2>&1 &
	eval "${name}_pid=$!"
	T_PIDS+=($!)
	for _ in $(seq 200); do
		grep -q "Packets captured" "$T_TMP/$name.out" && return 0
		sleep 0.1
	done
	echo "capture $name did not start: $(cat "$T_TMP/$name.out")"
	return 1
}
ping_ok() { ip netns exec "$1" ping -c "$3" -i 0.2 -W 2 -q "$2" >/dev/null; }
# capture_wait NAME: dumpcap stops by itself (-c); 20 s at most.
capture_wait() {
	local pid _
	eval "pid=\$${1}_pid"
	for _ in $(seq 200); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && kill -INT "$pid"
	wait "$pid"
}
# frames FILE: "src>dst type seq" of each frame, then the frame's hex, one per line
frames() {
	"$PY" - "$1" <<'PY'
import sys
from scapy.all import rdpcap, Ether, ICMP
for p in rdpcap(sys.argv[1]):
    b = bytes(p)
    e = Ether(b)
    what = f"icmp{e[ICMP].type}/{e[ICMP].seq}" if ICMP in e else e.sprintf("%Ether.type%")
    print(f"{e.src}>{e.dst} {what} {b.hex()}")
PY
}

# 1. Both directions, every frame: 3 echo requests in (c0 rx), 3 replies out (c0 tx).
ip netns exec vt-op-h0 tcpdump -i vt-opc0 -w "$T_TMP/h0.pcap" -U -c 6 >"$T_TMP/tcpdump.out" 2>&1 &
tcpdump_pid=$!
T_PIDS+=($tcpdump_pid)
capture_start all c0 -w "$T_TMP/c0.pcapng" -c 6
for _ in $(seq 50); do grep -q "listening on" "$T_TMP/tcpdump.out" && break; sleep 0.1; done
check "ping through the bridge while capturing" \
	ping_ok vt-op-h0 192.0.2.2 3
capture_wait all || true
wait "$tcpdump_pid" || true
log "$(cat "$T_TMP/all.out")"
frames "$T_TMP/c0.pcapng" >"$T_TMP/c0.txt"
frames "$T_TMP/h0.pcap" >"$T_TMP/h0.txt"
sed 's/ [0-9a-f]*$//' "$T_TMP/c0.txt" | sed 's/^/# dumpcap c0: /'
check_eq "capture on c0: 6 frames" "$(wc -l <"$T_TMP/c0.txt")" 6
check_eq "capture on c0: 3 echo requests from h0 (rx)" \
	"$(grep -c "^$mac0>$mac1 icmp8/" "$T_TMP/c0.txt")" 3
check_eq "capture on c0: 3 echo replies to h0 (tx)" \
	"$(grep -c "^$mac1>$mac0 icmp0/" "$T_TMP/c0.txt")" 3
check_eq "capture on c0: the same bytes as tcpdump in h0" \
	"$(sort "$T_TMP/c0.txt" | md5sum)" "$(sort "$T_TMP/h0.txt" | md5sum)"

# 2. A BPF filter on the other port: only the echo replies (c1 rx), none of the requests.
# (Not "icmp[icmptype] == ...": DPDK 22.11 converts a load past the IP header, [x + 14],
# into a wrong eBPF load, so such filters match nothing; docs/operations.md.)
capture_start filt c1 -w "$T_TMP/c1.pcapng" -c 3 -f "icmp and src host 192.0.2.2"
check "ping while capturing with a filter" \
	ping_ok vt-op-h0 192.0.2.2 3
capture_wait filt || true
frames "$T_TMP/c1.pcapng" >"$T_TMP/c1.txt"
sed 's/ [0-9a-f]*$//' "$T_TMP/c1.txt" | sed 's/^/# dumpcap c1 -f: /'
check_eq "filtered capture on c1: 3 frames, all echo replies from h1" \
	"$(grep -c "^$mac1>$mac0 icmp0/" "$T_TMP/c1.txt") $(wc -l <"$T_TMP/c1.txt")" "3 3"

# 3. dpdk-dumpcap itself, by ethdev port id, stopped by a duration; then capture is off.
id=$(vswctl --json ports | json_get "d['c1']['ethdev']")
taskset -c 0 dpdk-dumpcap --file-prefix=vt-op-cap -i "$id" -a duration:2 -q \
	-w "$T_TMP/raw.pcapng" >"$T_TMP/raw.out" 2>&1 &
raw_pid=$!
T_PIDS+=($raw_pid)
sleep 1
ip netns exec vt-op-h1 ping -c 1 -W 2 -q 192.0.2.1 >/dev/null || true
wait "$raw_pid" || true
check_eq "dpdk-dumpcap -i $id: the request and its reply" \
	"$(frames "$T_TMP/raw.pcapng" | cut -d' ' -f1,2 | sed 's/\/.*//' | tr '\n' ' ')" \
	"$mac1>$mac0 icmp8 $mac0>$mac1 icmp0 "
# 4. net_af_packet (c2, h2 on a veth pair): h0 pings both of h2's addresses; a capture on c2
# for one of them holds its requests (tx) and replies (rx), the bytes h2's tcpdump saw.
# tcpdump_start NS IFACE FILE COUNT FILTER: in the background, ready when it returns
tcpdump_start() {
	ip netns exec "$1" tcpdump -i "$2" -w "$3" -U -c "$4" "$5" >"$3.out" 2>&1 &
	T_PIDS+=($!)
	tcpdump_pid=$!
	for _ in $(seq 50); do grep -q "listening on" "$3.out" && break; sleep 0.1; done
}
# same_frames NAME PCAP1 PCAP2 N: both hold the same N frames (any order)
same_frames() {
	frames "$2" >"$2.txt"
	frames "$3" >"$3.txt"
	sed 's/ [0-9a-f]*$//' "$2.txt" | sed "s/^/# $1: /"
	check_eq "$1: $4 frames" "$(wc -l <"$2.txt")" "$4"
	check_eq "$1: the same bytes as tcpdump" \
		"$(sort "$2.txt" | md5sum)" "$(sort "$3.txt" | md5sum)"
}
tcpdump_start vt-op-h2 vt-opcv1 "$T_TMP/h2.pcap" 6 "host 192.0.2.3"
capture_start afp c2 -w "$T_TMP/c2.pcapng" -c 6 -f "host 192.0.2.3"
check "ping through the bridge to the af_packet host" ping_ok vt-op-h0 192.0.2.4 3
check "ping through the bridge to the af_packet host (captured)" ping_ok vt-op-h0 192.0.2.3 3
capture_wait afp || true
wait "$tcpdump_pid" || true
same_frames "af_packet c2 -f 'host 192.0.2.3'" "$T_TMP/c2.pcapng" "$T_TMP/h2.pcap" 6
check_eq "af_packet c2: 3 requests out (tx), 3 replies in (rx)" \
	"$(grep -c "^$mac0>$mac2 icmp8/" "$T_TMP/c2.pcapng.txt") $(grep -c "^$mac2>$mac0 icmp0/" "$T_TMP/c2.pcapng.txt")" "3 3"

# 5. net_ring (c3): h4's 3 pings to .2 leave on c3 (tx) and come back in (rx), next to 3
# pings to .3 the filter drops; h4's tcpdump sees each request out and back in.
tcpdump_start vt-op-h4 vt-opc4 "$T_TMP/h4.pcap" 6 "host 198.51.100.2"
capture_start ring c3 -w "$T_TMP/c3.pcapng" -c 6 -f "host 198.51.100.2"
ip netns exec vt-op-h4 ping -c 3 -i 0.2 -W 0.1 -q 198.51.100.3 >/dev/null || true
ip netns exec vt-op-h4 ping -c 3 -i 0.2 -W 1 -q 198.51.100.2 >/dev/null || true
capture_wait ring || true
wait "$tcpdump_pid" || true
same_frames "net_ring c3 -f 'host 198.51.100.2'" "$T_TMP/c3.pcapng" "$T_TMP/h4.pcap" 6
check_eq "net_ring c3: each of the 3 requests twice (tx, then rx)" \
	"$(grep -c " icmp8/" "$T_TMP/c3.pcapng.txt") $(cut -d' ' -f3 "$T_TMP/c3.pcapng.txt" | sort -u | wc -l)" "6 3"

check "vswd forwards after the captures ended" \
	ping_ok vt-op-h0 192.0.2.2 3
check "vswd stops cleanly" stop_vswd
finish
