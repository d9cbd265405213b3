#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 12, the load test, at a low rate: a generator sends UDP from 16.0.0.0/8 to
# 48.0.0.0/8 on one port and the reverse on the other, both at once; vswd routes both ways.
#   gen-a (vt-gn-a, 16.0.0.2-9) -- [r0 16.0.0.1/8 | vswd | r1 48.0.0.1/8] -- gen-b (vt-gn-b, 48.0.0.2-9)
# Each side of the generator is a namespace behind a TAP port: its kernel owns the
# generator's eight addresses (it answers vswd's ARP for them, as TRex does) and counts what
# arrives (a bound UDP socket, so no port unreachable goes back); the frames themselves are
# written raw (AF_PACKET) by a small Python generator, eight sources times eight
# destinations, addressed to the gateway's MAC. A sniffer on each side checks every routed
# frame: TTL 63, source MAC the gateway's, destination MAC the host's.
# Run 1: vswd resolves the generator's addresses with ARP (its neighbour table shows them).
# Run 2: static neighbours; vswd sends no ARP request at all.
# Every packet sent is routed: the receiver's kernel counts each one, vswd's rx on one port
# equals its tx on the other, and nothing is dropped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${VT_GN_PACKETS:-4000} # per direction
MAC_A=02:00:00:00:a0:01
MAC_B=02:00:00:00:b0:01
GW_A=02:00:00:00:01:01
GW_B=02:00:00:00:01:02

cat >"$T_TMP/gen.py" <<'PY'
"""gen.py send IFACE SRC_MAC GW_MAC SRC_NET DST_NET N
   gen.py sniff IFACE GW_MAC HOST_MAC OUT: write what was seen to OUT (JSON) on SIGTERM"""
import json, signal, socket, struct, sys, time

ETH_P_ALL = 3


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def send(iface, src_mac, gw_mac, src_net, dst_net, n):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    eth = mac(gw_mac) + mac(src_mac) + b"\x08\x00"

    def frame(i):
        src = bytes([int(src_net), 0, 0, 2 + i % 8])
        dst = bytes([int(dst_net), 0, 0, 2 + (i // 8) % 8])
        payload = struct.pack("!I", i) + bytes(14)
        udp = struct.pack("!HHHH", 1024 + i % 256, 9, 8 + len(payload), 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xFFFF, 0, 64, 17, 0,
                         src, dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        return eth + ip + udp

    # One packet to each destination first: the router resolves them (it holds a few
    # packets per unresolved neighbour, as Linux does), then the rest at about 5000 pps.
    for i in range(0, 64, 8):
        s.send(frame(i))
    time.sleep(1)
    sent = 8
    for i in range(n):
        if i < 64 and i % 8 == 0:
            continue  # sent above
        s.send(frame(i))
        sent += 1
        if sent % 50 == 0:
            time.sleep(0.01)
    print(sent)


def sniff(iface, gw_mac, host_mac, out):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # SO_RCVBUFFORCE
    s.bind((iface, 0))
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # no port unreachable back
    sink.bind(("0.0.0.0", 9))
    seen = {"routed": 0, "bad": [], "ttl": {}, "arp_requests": [], "srcs": set(), "dsts": set()}
    gw, host = mac(gw_mac), mac(host_mac)

    def done(*_):
        seen["srcs"], seen["dsts"] = sorted(seen["srcs"]), sorted(seen["dsts"])
        json.dump(seen, open(out, "w"))
        sys.exit(0)

    signal.signal(signal.SIGTERM, done)
    open(out + ".ready", "w").close()
    while True:
        f, addr = s.recvfrom(2048)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        if f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x01" and f[28:32] != f[38:42]:
            seen["arp_requests"].append(socket.inet_ntoa(f[38:42]))
        if f[12:14] != b"\x08\x00" or f[23] != 17 or f[36:38] != b"\x00\x09":
            continue
        seen["routed"] += 1
        seen["ttl"][f[22]] = seen["ttl"].get(f[22], 0) + 1
        seen["srcs"].add(socket.inet_ntoa(f[26:30]))
        seen["dsts"].add(socket.inet_ntoa(f[30:34]))
        if f[0:6] != host or f[6:12] != gw or csum(f[14:34]) != 0:
            if len(seen["bad"]) < 5:
                seen["bad"].append(f[:42].hex())


if sys.argv[1] == "send":
    send(*sys.argv[2:7], int(sys.argv[7]))
else:
    sniff(*sys.argv[2:6])
PY

# The datagrams the kernel of namespace $1 delivered to its UDP (Ip InDelivers: its
# InDatagrams counts only what the socket has read, and the sink socket reads nothing).
udp_in() {
	ip netns exec "$1" awk '/^Ip:/ {n++} n == 2 && /^Ip:/ {print $10; exit}' /proc/net/snmp
}
# vswd's drops but arp_consumed (ARP replies taken in: not a loss), as "name=N ..."
vswd_drops() {
	vswctl --json drops | json_get "' '.join(f'{k}={v}' for k, v in sorted(d.items())
		if isinstance(v, int) and v and k != 'arp_consumed')"
}

run() { # run arp|static
	local mode=$1 neigh="" i
	if [ "$mode" == static ]; then
		neigh="  neighbours:"
		for i in 2 3 4 5 6 7 8 9; do
			neigh+=$'\n'"    - {interface: r0, address: 16.0.0.$i, mac: \"$MAC_A\"}"
			neigh+=$'\n'"    - {interface: r1, address: 48.0.0.$i, mac: \"$MAC_B\"}"
		done
	fi
	cat >"$T_TMP/g.yaml" <<YAML
eal:
  file_prefix: vt-gn
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-gna}
  - {name: pb, kind: tap, iface: vt-gnb}
router:
  interfaces:
    - {name: r0, port: pa, addresses: [16.0.0.1/8], mac: "$GW_A"}
    - {name: r1, port: pb, addresses: [48.0.0.1/8], mac: "$GW_B"}
$neigh
YAML
	ns_add vt-gn-a
	ns_add vt-gn-b
	start_vswd "$T_TMP/g.yaml"
	ns_take_iface vt-gn-a vt-gna
	ns_take_iface vt-gn-b vt-gnb
	ip -n vt-gn-a link set vt-gna address "$MAC_A"
	ip -n vt-gn-b link set vt-gnb address "$MAC_B"
	for i in 2 3 4 5 6 7 8 9; do
		ip -n vt-gn-a addr add "16.0.0.$i/8" dev vt-gna
		ip -n vt-gn-b addr add "48.0.0.$i/8" dev vt-gnb
	done
	# The kernels send nothing themselves: they know their gateway (no ARP for it).
	ip -n vt-gn-a neigh replace 16.0.0.1 lladdr "$GW_A" dev vt-gna nud permanent
	ip -n vt-gn-b neigh replace 48.0.0.1 lladdr "$GW_B" dev vt-gnb nud permanent
	ip -n vt-gn-a route add 48.0.0.0/8 via 16.0.0.1
	ip -n vt-gn-b route add 16.0.0.0/8 via 48.0.0.1

	bg ip netns exec vt-gn-a "$PY" "$T_TMP/gen.py" sniff vt-gna "$GW_A" "$MAC_A" "$T_TMP/$mode-a.json"
	local sniff_a=${T_PIDS[-1]}
	bg ip netns exec vt-gn-b "$PY" "$T_TMP/gen.py" sniff vt-gnb "$GW_B" "$MAC_B" "$T_TMP/$mode-b.json"
	local sniff_b=${T_PIDS[-1]}
	for i in $(seq 100); do
		[ -e "$T_TMP/$mode-a.json.ready" ] && [ -e "$T_TMP/$mode-b.json.ready" ] && break
		sleep 0.1
	done

	local ua ub rxa txa rxb txb ktxa krxa ktxb krxb d0 t0
	ua=$(udp_in vt-gn-a)
	ub=$(udp_in vt-gn-b)
	rxa=$(port_stat pa rx_packets) txa=$(port_stat pa tx_packets)
	rxb=$(port_stat pb rx_packets) txb=$(port_stat pb tx_packets)
	ktxa=$(if_stat vt-gn-a vt-gna tx_packets) krxa=$(if_stat vt-gn-a vt-gna rx_packets)
	ktxb=$(if_stat vt-gn-b vt-gnb tx_packets) krxb=$(if_stat vt-gn-b vt-gnb rx_packets)
	d0=$(vswd_drops)
	t0=$(date +%s.%N)
	ip netns exec vt-gn-a "$PY" "$T_TMP/gen.py" send vt-gna "$MAC_A" "$GW_A" 16 48 "$N" \
		>"$T_TMP/$mode-sent-a" &
	local gen_a=$!
	ip netns exec vt-gn-b "$PY" "$T_TMP/gen.py" send vt-gnb "$MAC_B" "$GW_B" 48 16 "$N" \
		>"$T_TMP/$mode-sent-b" &
	local gen_b=$!
	wait $gen_a $gen_b
	sleep 1
	log "$mode: sent $(cat "$T_TMP/$mode-sent-a") and $(cat "$T_TMP/$mode-sent-b") in $(
		awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a - 1}') s"
	kill -TERM "$sniff_a" "$sniff_b"
	wait "$sniff_a" "$sniff_b" || true

	check_eq "$mode: the generator sent $N each way" \
		"$(cat "$T_TMP/$mode-sent-a") $(cat "$T_TMP/$mode-sent-b")" "$N $N"
	check_eq "$mode: 16/8 → 48/8: every packet reached the receiver's kernel" \
		"$(($(udp_in vt-gn-b) - ub))" "$N"
	check_eq "$mode: 48/8 → 16/8: every packet reached the receiver's kernel" \
		"$(($(udp_in vt-gn-a) - ua))" "$N"
	check_eq "$mode: vswd took in on pa what a's kernel sent" \
		"$(($(port_stat pa rx_packets) - rxa))" "$(($(if_stat vt-gn-a vt-gna tx_packets) - ktxa))"
	check_eq "$mode: vswd took in on pb what b's kernel sent" \
		"$(($(port_stat pb rx_packets) - rxb))" "$(($(if_stat vt-gn-b vt-gnb tx_packets) - ktxb))"
	check_eq "$mode: b's kernel received what vswd sent on pb" \
		"$(($(if_stat vt-gn-b vt-gnb rx_packets) - krxb))" "$(($(port_stat pb tx_packets) - txb))"
	check_eq "$mode: a's kernel received what vswd sent on pa" \
		"$(($(if_stat vt-gn-a vt-gna rx_packets) - krxa))" "$(($(port_stat pa tx_packets) - txa))"
	check_eq "$mode: vswd dropped nothing (but ARP replies taken in)" "$(vswd_drops)" "$d0"
	local side net own
	for side in a b; do
		if [ $side == a ]; then net=48 own=16; else net=16 own=48; fi
		check "$mode: to $side: all $N seen, TTL 63, MACs rewritten, 8x8 addresses" "$PY" -c "
import json; d = json.load(open('$T_TMP/$mode-$side.json'))
assert d['routed'] == $N and d['ttl'] == {'63': $N} and not d['bad'], d
assert d['srcs'] == ['$net.0.0.%d' % i for i in range(2, 10)], d['srcs']
assert d['dsts'] == ['$own.0.0.%d' % i for i in range(2, 10)], d['dsts']"
	done
	vswctl --json neighbours >"$T_TMP/$mode-n.json"
	if [ "$mode" == arp ]; then
		check "arp: vswd learned the generator's 16 addresses (reachable)" "$PY" -c "
import json; d = json.load(open('$T_TMP/arp-n.json'))
have = {(n['address'], n['interface'], n['mac']) for n in d['neighbours'].values()
        if n['state'] == 'reachable'}
want = {('%d.0.0.%d' % (net, i), r, m) for net, r, m in ((16, 'r0', '$MAC_A'), (48, 'r1', '$MAC_B'))
        for i in range(2, 10)}
assert want <= have, sorted(want - have)"
		check "arp: vswd asked b for its addresses" "$PY" -c "
import json; d = json.load(open('$T_TMP/arp-b.json')); assert d['arp_requests'], d"
	else
		check_eq "static: vswd sent no ARP request" "$("$PY" -c "
import json
print(sum(len(json.load(open(f))['arp_requests']) for f in ('$T_TMP/static-a.json', '$T_TMP/static-b.json')))")" 0
		check "static: the 16 neighbours are permanent" "$PY" -c "
import json; d = json.load(open('$T_TMP/static-n.json'))
assert sum(n['state'] == 'permanent' for n in d['neighbours'].values()) == 16, d"
	fi
	if stop_vswd TERM; then pass "$mode: SIGTERM exits 0"; else fail "$mode: SIGTERM exits 0" "status $?"; fi
	end_round
}

run arp
run static
finish
