#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 1, the cable: two namespace hosts on two TAP ports of vswd, cross-connected.
# Ping and an iperf3 TCP run pass through vswd, and vswd's port counters account for every
# packet the kernels sent and received.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/x.yaml" <<YAML
eal:
  file_prefix: vswtest-xc
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: left, kind: tap, iface: vt-xc0, mac: "02:00:00:00:0a:01"}
  - {name: right, kind: tap, iface: vt-xc1}
xconnect:
  - [left, right]
YAML

ns_add vt-xc-a
ns_add vt-xc-b
start_vswd "$T_TMP/x.yaml"
ns_take_iface vt-xc-a vt-xc0 192.0.2.1/24
ns_take_iface vt-xc-b vt-xc1 192.0.2.2/24

check_eq "tap port takes the configured MAC" \
	"$(vswctl --json ports | json_get "d['left']['mac'].lower()")" "02:00:00:00:0a:01"

out=$(ip netns exec vt-xc-a ping -c 5 -i 0.2 -W 2 192.0.2.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "ping through the cross-connect"; else
	fail "ping through the cross-connect" "$out"; fi

ip netns exec vt-xc-b iperf3 -s -1 -p 5201 >"$T_TMP/iperf-s.log" 2>&1 &
T_PIDS+=($!)
sleep 0.5
if ip netns exec vt-xc-a iperf3 -c 192.0.2.2 -p 5201 -t 3 -J >"$T_TMP/iperf.json" 2>&1; then
	bps=$(json_get "int(d['end']['sum_received']['bits_per_second'])" <"$T_TMP/iperf.json")
	log "iperf3 TCP through vswd: $((bps / 1000000)) Mbit/s"
	if [ "$bps" -gt 1000000 ]; then pass "iperf3 TCP through the cross-connect"; else
		fail "iperf3 TCP through the cross-connect" "only $bps bit/s"; fi
else
	fail "iperf3 TCP through the cross-connect" "$(cat "$T_TMP/iperf.json")"
fi

# Let everything in flight land, then compare vswd's counters with the kernels'.
sleep 1
a_tx=$(if_stat vt-xc-a vt-xc0 tx_packets)
a_rx=$(if_stat vt-xc-a vt-xc0 rx_packets)
b_tx=$(if_stat vt-xc-b vt-xc1 tx_packets)
b_rx=$(if_stat vt-xc-b vt-xc1 rx_packets)
vswctl --json stats >"$T_TMP/stats.json"
get() { json_get "d['$1']['$2']" <"$T_TMP/stats.json"; }
log "kernel a: tx $a_tx rx $a_rx; kernel b: tx $b_tx rx $b_rx"
log "vswd left: rx $(get left rx_packets) tx $(get left tx_packets) drops $(get left drops);" \
	"right: rx $(get right rx_packets) tx $(get right tx_packets) drops $(get right drops)"
check_eq "vswd received every frame host A sent" "$(get left rx_packets)" "$a_tx"
check_eq "vswd received every frame host B sent" "$(get right rx_packets)" "$b_tx"
check_eq "host B received every frame vswd sent it" "$b_rx" "$(get right tx_packets)"
check_eq "host A received every frame vswd sent it" "$a_rx" "$(get left tx_packets)"
check_eq "no drops: A->B frames all forwarded" "$(get right tx_packets)" "$(get left rx_packets)"
check_eq "no drops: B->A frames all forwarded" "$(get left tx_packets)" "$(get right rx_packets)"
check_eq "no drop counted" "$(get left drops)+$(get right drops)" "0+0"

if stop_vswd INT; then pass "SIGINT exits 0"; else fail "SIGINT exits 0" "status $?"; fi
grep -q "final counters" "$VSWD_LOG" && pass "final counter summary printed" ||
	fail "final counter summary printed" "$(tail -5 "$VSWD_LOG")"
finish
