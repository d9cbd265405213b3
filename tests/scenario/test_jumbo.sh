#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Jumbo frames end to end (issue 14).
#
# Part 0: vswd --check refuses an MTU an af_packet port's framesz cannot carry.
#
# Part 1, a flat bridge: TAP ports h1 and h2 with `mtu: 9000` and h3 without (MTU 1500),
# each the interface of a namespace host whose kernel MTU is 9000. h1 and h2 exchange
# 9,000-byte pings (don't fragment) and an iperf3 TCP run; every frame to h3 longer than its
# MTU is dropped by name (mtu_exceeded), once, and never reaches the device.
#
# Part 2, a VLAN trunk: h1 on an access port of VLAN 100, the far end of an 802.1Q trunk a
# scapy host (the kernel here has no 8021q module) that answers ARP and pings in VLAN 100.
# The 9,000-byte echo requests cross the trunk tagged (9,018 bytes on the wire: the far end
# checks length, TPID, VLAN and payload) and the tagged replies come back to h1, untagged.
#
# Part 3, vhost-user: a VM (dpdk-testpmd, net_virtio_user with mergeable buffers, its own
# file prefix) cross-connected to h1, both ports with `mtu: 9000`. The host's 9,000-byte
# pings reach the VM whole, and the VM's 9,014-byte frames (sent as 5-segment chains)
# reach the host.
#
# Part 4, net_pcap: 9,014-byte frames from a pcap file cross to another pcap file whole.
#
# Part 5, net_af_packet on a veth pair (framesz 16384): 9,000-byte pings both ways.
#
# After each part the packet pool holds what it held before the traffic.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ping_jumbo() { # ping_jumbo NS ADDR [COUNT]: 9,000-byte IP packets, don't fragment
	ip netns exec "$1" ping -M do -s 8972 -c "${3:-3}" -i 0.2 -W 2 "$2" 2>&1 |
		grep -q " 0% packet loss"
}
in_use() { vswctl --json call /vsw/mempool | json_get "d['in_use']"; }
drops_of() { vswctl --json drops | json_get "d.get('$1', 0)"; }
dev_err() { # dev_err PORT rx|tx: the device's own error count
	vswctl --json stats "$1" | json_get "d['$1']['$2_drops']['$2_errors']"
}
port_mtu() { vswctl --json ports | json_get "d['$1']['mtu']"; }
wait_in_use() { # wait_in_use N: the pool back to N mbufs in use (5 s at most)
	local _
	for _ in $(seq 50); do
		[ "$(in_use)" -le "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

########################################################################################
# Part 0: vswd --check refuses an MTU a port kind cannot take, at its line.
cat >"$T_TMP/check.yaml" <<YAML
workers: {lcores: [1]}
ports:
  - name: up
    kind: dpdk
    devargs: "net_af_packet_jb,iface=vt-jbv0"
    mtu: 9000
YAML
rc=0
out=$("$VSWD" --check "$T_TMP/check.yaml" 2>&1) || rc=$?
check_eq "--check: an af_packet MTU beyond its framesz is refused (exit 2)" "$rc" 2
if grep -qF "$T_TMP/check.yaml:6:10: 'mtu' 9000 needs framesz=9080 or more" <<<"$out"; then
	pass "--check: ... at the mtu line, with the framesz it needs"
else fail "--check: ... at the mtu line, with the framesz it needs" "$out"; fi

########################################################################################
# Part 1: flat bridge
cat >"$T_TMP/flat.yaml" <<YAML
eal:
  file_prefix: vswtest-jb
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers: {lcores: [1], idle_sleep_us: 50}
ports:
  - {name: h1, kind: tap, iface: vt-jb1, mtu: 9000}
  - {name: h2, kind: tap, iface: vt-jb2, mtu: 9000}
  - {name: h3, kind: tap, iface: vt-jb3}
bridges:
  - {name: flat, ports: [h1, h2, h3]}
YAML
start_vswd "$T_TMP/flat.yaml"
for i in 1 2 3; do
	ns_add "vt-jb-$i"
	ns_take_iface "vt-jb-$i" "vt-jb$i" "192.0.2.$i/24"
	ip -n "vt-jb-$i" link set "vt-jb$i" mtu 9000
done
check_eq "vswctl ports: h1's MTU is 9000" "$(port_mtu h1)" 9000
check_eq "vswctl ports: h3's MTU is the default, 1500" "$(port_mtu h3)" 1500
# Learn every host's MAC (small frames), then take the pool's baseline.
for i in 2 3; do ip netns exec vt-jb-1 ping -c 1 -W 2 "192.0.2.$i" >/dev/null 2>&1 || true; done
base=$(in_use)
# (A frame the kernel sent from a TAP still in the root namespace may have met a TAP that
# was down: count device errors from here.)
tx_err0=$(dev_err h2 tx)
rx_err0=$(dev_err h1 rx)
tx_err3=$(dev_err h3 tx)

check "9,000-byte pings h1 -> h2 (ping -M do -s 8972)" ping_jumbo vt-jb-1 192.0.2.2 5
check "9,000-byte pings h2 -> h1" ping_jumbo vt-jb-2 192.0.2.1 3
check_eq "no device error on h2 (tx_errors)" "$(dev_err h2 tx)" "$tx_err0"
check_eq "no device error on h1 (rx_errors)" "$(dev_err h1 rx)" "$rx_err0"

ip netns exec vt-jb-2 iperf3 -s -1 -p 5201 >"$T_TMP/iperf-s.log" 2>&1 &
T_PIDS+=($!)
sleep 0.5
if ip netns exec vt-jb-1 timeout 30 iperf3 -c 192.0.2.2 -p 5201 -t 3 -M 8948 -J \
	>"$T_TMP/iperf.json" 2>&1; then
	gbps=$(json_get "round(d['end']['sum_received']['bits_per_second'] / 1e9, 2)" \
		<"$T_TMP/iperf.json")
	pass "iperf3 TCP h1 -> h2 at MTU 9000 completes ($gbps Gbit/s)"
else
	fail "iperf3 TCP h1 -> h2 at MTU 9000 completes" "$(tail -5 "$T_TMP/iperf.json")"
fi
# The largest segments crossed whole: the receiver's kernel saw frames of 9,014 bytes.
check_eq "no frame of the iperf3 run dropped for its length" "$(drops_of mtu_exceeded)" 0

# h1 -> h3: 9,000-byte frames towards a port whose MTU is 1500.
drops0=$(port_stat h3 drops)
rx0=$(if_stat vt-jb-3 vt-jb3 rx_packets)
ip netns exec vt-jb-1 ping -M do -s 8972 -c 4 -i 0.2 -W 1 192.0.2.3 >/dev/null 2>&1 || true
check_eq "9,000-byte frames to h3 (MTU 1500) dropped as mtu_exceeded" \
	"$(drops_of mtu_exceeded)" 4
check_eq "... counted once: h3's drops" $(($(port_stat h3 drops) - drops0)) 4
check_eq "... never given to the device (tx_errors)" "$(dev_err h3 tx)" "$tx_err3"
check_eq "... h3's host received none" $(($(if_stat vt-jb-3 vt-jb3 rx_packets) - rx0)) 0
check "a 1,500-byte ping h1 -> h3 still passes" \
	ip netns exec vt-jb-1 ping -M do -s 1472 -c 2 -i 0.2 -W 2 -q 192.0.2.3
check "mbuf pool back to its baseline ($base in use)" wait_in_use "$base"

if stop_vswd INT; then pass "flat: vswd exits 0"; else fail "flat: vswd exits 0" "$?"; fi
end_round

########################################################################################
# Part 2: h1 (access, VLAN 100) -- vswd -- 802.1Q trunk -- scapy host 192.0.2.9 in VLAN 100
FAR_MAC=02:00:00:00:0e:09
cat >"$T_TMP/far.py" <<'PY'
import sys
from scapy.all import ARP, ICMP, IP, Dot1Q, Ether, conf, sniff

iface, ip, mac, log = sys.argv[1:5]
sock = conf.L2socket(iface=iface)
out = open(log, "a", buffering=1)


def answer(p):
    if Dot1Q not in p:
        return
    vid, b = p[Dot1Q].vlan, p.original
    if ARP in p and p[ARP].op == 1 and p[ARP].pdst == ip:
        sock.send(Ether(src=mac, dst=p.src) / Dot1Q(vlan=vid) /
                  ARP(op=2, hwsrc=mac, psrc=ip, hwdst=p[ARP].hwsrc, pdst=p[ARP].psrc))
    elif IP in p and p[IP].dst == ip and ICMP in p and p[ICMP].type == 8:
        # What the wire carried: length, TPID, VLAN, and whether the payload is intact.
        out.write(f"req {len(b)} {b[12:14].hex()} {vid} {len(p[ICMP].payload)}\n")
        sock.send(Ether(src=mac, dst=p.src) / Dot1Q(vlan=vid) /
                  IP(src=ip, dst=p[IP].src) /
                  ICMP(type=0, id=p[ICMP].id, seq=p[ICMP].seq) / p[ICMP].payload)


sniff(opened_socket=sock, prn=answer, store=False,
      started_callback=lambda: out.write("ready\n"))
PY
cat >"$T_TMP/vlan.yaml" <<YAML
eal:
  file_prefix: vswtest-jb
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers: {lcores: [1], idle_sleep_us: 50}
ports:
  - {name: h1, kind: tap, iface: vt-jb1, mtu: 9000, vlan_mode: access, tag: 100}
  - {name: tr, kind: tap, iface: vt-jbt, mtu: 9000, vlan_mode: trunk, trunks: [100]}
bridges:
  - {name: v100, vlan: 100, ports: [h1, tr]}
YAML
start_vswd "$T_TMP/vlan.yaml"
ns_add vt-jb-1
ns_take_iface vt-jb-1 vt-jb1 192.0.2.1/24
ip -n vt-jb-1 link set vt-jb1 mtu 9000
ns_add vt-jb-t
ns_take_iface vt-jb-t vt-jbt
ip -n vt-jb-t link set vt-jbt mtu 9000 arp off
: >"$T_TMP/far.log"
ip netns exec vt-jb-t "$PY" "$T_TMP/far.py" vt-jbt 192.0.2.9 "$FAR_MAC" "$T_TMP/far.log" \
	>"$T_TMP/far.out" 2>&1 &
T_PIDS+=($!)
for _ in $(seq 200); do
	grep -q '^ready' "$T_TMP/far.log" && break
	sleep 0.1
done
ip netns exec vt-jb-1 ping -c 1 -W 3 192.0.2.9 >/dev/null 2>&1 || true # ARP, learning
base=$(in_use)
all_drops() { vswctl --json drops | json_get 'sum(d.values())'; }
drops0=$(all_drops) # the kernel's own frames on the trunk before 'arp off' are untagged
check "9,000-byte pings h1 -> the trunk's far end, VLAN 100" ping_jumbo vt-jb-1 192.0.2.9 3
# Each request crossed the trunk whole and tagged: 9,014 + 4 bytes, TPID 0x8100, VLAN 100,
# the 8,972-byte ICMP payload intact.
check_eq "the far end received 3 tagged 9,018-byte requests" \
	"$(grep -c '^req 9018 8100 100 8972$' "$T_TMP/far.log")" 3
check_eq "no frame of the pings dropped" "$(all_drops)" "$drops0"
check "mbuf pool back to its baseline ($base in use)" wait_in_use "$base"
if stop_vswd INT; then pass "vlan: vswd exits 0"; else fail "vlan: vswd exits 0" "$?"; fi
end_round

########################################################################################
# Part 3: VM (vhost-user) == h1
VM_MAC=02:00:00:00:0e:0a
TP_PREFIX=vswtest-jbvm
tp_stat() { # testpmd port 0 counter, from its own telemetry socket
	"$VSWCTL" --socket "/var/run/dpdk/$TP_PREFIX/dpdk_telemetry.v2" call /ethdev/stats,0 |
		json_get "d['$1']"
}
wait_for() { # wait_for SECONDS CMD...: poll until CMD succeeds
	local t=$1 _
	shift
	for _ in $(seq $((t * 10))); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
vm_link_up() { [ "$(vswctl --json ports | json_get "d['vm']['link']")" == up ]; }
tp_cleanup() {
	rm -rf /dev/hugepages/${TP_PREFIX}map_* "/var/run/dpdk/$TP_PREFIX"
	cleanup
}
trap tp_cleanup EXIT

cat >"$T_TMP/vm.yaml" <<YAML
eal:
  file_prefix: vswtest-jb
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers: {lcores: [1], idle_sleep_us: 50}
ports:
  - {name: vm, kind: vhost-user, path: $T_TMP/vm.sock, mtu: 9000}
  - {name: h1, kind: tap, iface: vt-jb1, mtu: 9000}
xconnect:
  - [vm, h1]
YAML
start_vswd "$T_TMP/vm.yaml"
ns_add vt-jb-1
ns_take_iface vt-jb-1 vt-jb1 192.0.2.1/24
ip -n vt-jb-1 link set vt-jb1 mtu 9000 arp off
HOST_MAC=$(ip -n vt-jb-1 -j link show vt-jb1 | json_get "d[0]['address']")
check_eq "vswctl ports: the vhost-user port's MTU is 9000" "$(port_mtu vm)" 9000
mkfifo "$T_TMP/tp.in"
exec 7<>"$T_TMP/tp.in"
dpdk-testpmd --file-prefix "$TP_PREFIX" --single-file-segments --no-pci \
	--lcores 0@0,1@0 -m 512 \
	--vdev "net_virtio_user0,path=$T_TMP/vm.sock,queues=1,server=0,mac=$VM_MAC,mrg_rxbuf=1" \
	-- -i --forward-mode=rxonly --total-num-mbufs=8192 --burst=32 --max-pkt-len=9018 --enable-scatter \
	--tx-offloads=0x8000 --eth-peer="0,$HOST_MAC" --no-lsc-interrupt \
	<"$T_TMP/tp.in" >"$T_TMP/testpmd.log" 2>&1 &
TP_PID=$!
T_PIDS+=($TP_PID)
wait_for 20 test -S "/var/run/dpdk/$TP_PREFIX/dpdk_telemetry.v2" || true
if wait_for 20 vm_link_up; then pass "vhost: VM connects, link up"; else
	fail "vhost: VM connects, link up" "$(tail -5 "$T_TMP/testpmd.log")"; fi
base=$(in_use)
drops0=$(($(port_stat vm drops) + $(port_stat h1 drops)))

# VM -> host: one burst of 32 frames of 9,014 bytes, each a chain of 5 segments.
rx0=$(if_stat vt-jb-1 vt-jb1 rx_packets)
rxb0=$(if_stat vt-jb-1 vt-jb1 rx_bytes)
echo "set txpkts 2048,2048,2048,2048,822" >&7
echo "start tx_first 1" >&7
tp_sent() { [ "$(tp_stat opackets)" == "$1" ]; }
wait_for 5 tp_sent 32 || true
sleep 0.5
check_eq "vhost: the VM sent 32 frames of 9,014 bytes" "$(tp_stat obytes)" $((32 * 9014))
check_eq "vhost: vswd received them on the vhost-user port" "$(port_stat vm rx_packets)" 32
check_eq "vhost: the host received them" $(($(if_stat vt-jb-1 vt-jb1 rx_packets) - rx0)) 32
check_eq "vhost: ... whole" $(($(if_stat vt-jb-1 vt-jb1 rx_bytes) - rxb0)) $((32 * 9014))

# host -> VM: 9,000-byte pings (the VM does not answer; its counters say what arrived).
ip -n vt-jb-1 neigh add 192.0.2.9 lladdr "$VM_MAC" dev vt-jb1 nud permanent
ip netns exec vt-jb-1 ping -M do -s 8972 -q -c 20 -i 0.01 -W 0.1 192.0.2.9 >/dev/null || true
sleep 0.5
check_eq "vhost: vswd sent the host's 20 pings to the VM" "$(port_stat vm tx_packets)" 20
check_eq "vhost: the VM received 20 frames" "$(tp_stat ipackets)" 20
check_eq "vhost: ... of 9,014 bytes each" "$(tp_stat ibytes)" $((20 * 9014))
check_eq "vhost: no VM rx error" "$(tp_stat ierrors)" 0
check_eq "vhost: no drops" $(($(port_stat vm drops) + $(port_stat h1 drops))) "$drops0"
echo "quit" >&7 || true
wait_for 10 bash -c "! kill -0 $TP_PID 2>/dev/null" || kill -KILL "$TP_PID"
wait "$TP_PID" 2>/dev/null || true
exec 7>&-
check "vhost: mbuf pool back to its baseline ($base in use)" wait_in_use "$base"
if stop_vswd INT; then pass "vhost: vswd exits 0"; else fail "vhost: vswd exits 0" "$?"; fi
end_round

########################################################################################
# Part 4: net_pcap ports (`kind: dpdk`), cross-connected: five 9,014-byte frames replayed
# from one pcap file land whole, in order, in the other port's output file.
"$PY" - "$T_TMP" <<'PY'
import sys
from scapy.all import Ether, Raw, wrpcap

d = sys.argv[1]
frames = [Ether(dst="02:00:00:00:0e:0b", src="02:00:00:00:0e:0c", type=0x88b5) /
          Raw(bytes((i * 31 + j) & 0xff for j in range(9000))) for i in range(5)]
wrpcap(f"{d}/in.pcap", frames)
wrpcap(f"{d}/empty.pcap", [])
PY
cat >"$T_TMP/pcap.yaml" <<YAML
eal:
  file_prefix: vswtest-jb
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers: {lcores: [1], idle_sleep_us: 50}
ports:
  - name: pa
    kind: dpdk
    devargs: "net_pcap_jba,rx_pcap=$T_TMP/in.pcap,tx_pcap=$T_TMP/pa-out.pcap"
    mtu: 9000
  - name: pb
    kind: dpdk
    devargs: "net_pcap_jbb,rx_pcap=$T_TMP/empty.pcap,tx_pcap=$T_TMP/out.pcap"
    mtu: 9000
xconnect:
  - [pa, pb]
YAML
start_vswd "$T_TMP/pcap.yaml"
pb_sent() { [ "$(port_stat pb tx_packets)" == "$1" ]; }
wait_for 5 pb_sent 5 || true
check_eq "pcap: 5 jumbo frames received on pa" "$(port_stat pa rx_packets)" 5
check_eq "pcap: ... and sent on pb" "$(port_stat pb tx_packets)" 5
if stop_vswd INT; then pass "pcap: vswd exits 0"; else fail "pcap: vswd exits 0" "$?"; fi
same=$("$PY" - "$T_TMP" <<'PY'
import sys
from scapy.all import rdpcap

d = sys.argv[1]
print(int([bytes(p) for p in rdpcap(f"{d}/in.pcap")] ==
          [bytes(p) for p in rdpcap(f"{d}/out.pcap")]))
PY
)
check_eq "pcap: pb's output file holds the 5 frames, byte for byte" "$same" 1

########################################################################################
# Part 5: net_af_packet (`kind: dpdk`) on a veth pair whose far end is a namespace host,
# bridged with h1. vswd gives the veth its MTU; framesz 16384 needs the pool of large
# buffers (docs/architecture.md, "Jumbo frames").
jb_cleanup() {
	ip link del vt-jbv0 2>/dev/null
	ip link del vt-jbw0 2>/dev/null
	tp_cleanup
}
trap jb_cleanup EXIT
ns_add vt-jb-v
ip link add vt-jbv0 type veth peer name vt-jbv1 netns vt-jb-v
# A second af_packet port, without mtu: its framesz alone needs the large buffers.
ip link add vt-jbw0 type veth peer name vt-jbw1
ip link set vt-jbw0 up
sysctl -qw net.ipv6.conf.vt-jbv0.disable_ipv6=1
ip link set vt-jbv0 up
ip netns exec vt-jb-v sysctl -qw net.ipv6.conf.vt-jbv1.disable_ipv6=1
ip -n vt-jb-v addr add 192.0.2.5/24 dev vt-jbv1
ip -n vt-jb-v link set vt-jbv1 mtu 9000 up
cat >"$T_TMP/afp.yaml" <<YAML
eal:
  file_prefix: vswtest-jb
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers: {lcores: [1], idle_sleep_us: 50}
ports:
  - name: up
    kind: dpdk
    devargs: "net_af_packet_jb,iface=vt-jbv0,framesz=16384,blocksz=16384"
    mtu: 9000
  - name: up2
    kind: dpdk
    devargs: "net_af_packet_jbw,iface=vt-jbw0,framesz=16384,blocksz=16384"
  - {name: h1, kind: tap, iface: vt-jb1, mtu: 9000}
bridges:
  - {name: flat, ports: [up, up2, h1]}
YAML
start_vswd "$T_TMP/afp.yaml"
ns_add vt-jb-1
ns_take_iface vt-jb-1 vt-jb1 192.0.2.1/24
ip -n vt-jb-1 link set vt-jb1 mtu 9000
check_eq "af_packet: vswd set the veth's MTU" "$(cat /sys/class/net/vt-jbv0/mtu)" 9000
check_eq "af_packet: vswctl ports shows it" "$(port_mtu up)" 9000
check_eq "af_packet: a port with framesz 16384 and no mtu starts, MTU 1500" \
	"$(port_mtu up2)" 1500
ip netns exec vt-jb-1 ping -c 1 -W 2 192.0.2.5 >/dev/null 2>&1 || true # ARP, learning
base=$(in_use)
check "af_packet: 9,000-byte pings h1 -> the veth's far end" ping_jumbo vt-jb-1 192.0.2.5 3
check "af_packet: 9,000-byte pings the veth's far end -> h1" ping_jumbo vt-jb-v 192.0.2.1 3
check "af_packet: mbuf pool back to its baseline ($base in use)" wait_in_use "$base"
if stop_vswd INT; then pass "af_packet: vswd exits 0"; else fail "af_packet: vswd exits 0" "$?"; fi

finish
