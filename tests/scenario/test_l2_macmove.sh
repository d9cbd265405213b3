#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A MAC that moves onto a port at its mac_limit reaches its new port after aging; with one
# worker, then with two.
#
# Bridge "lan" (aging_s 2) has three ports: a (host A), b (host X, at first) and c, a port
# with mac_limit 1 behind which a Linux bridge in namespace vt-mm-c joins two hosts: M,
# which talks all the time and so keeps port c at its limit, and, later, X. X moves from
# port b to port c (its old interface goes quiet, the same MAC and address come up behind
# port c) and keeps pinging A. Its learn on port c is refused (the port is full); the entry
# on port b must still age out, so that frames to X are flooded and reach port c: A's ping
# to X works again after about aging_s. (Before the fix, each refused learn refreshed the
# stale entry on port b, and X stayed black-holed as long as it talked.)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

A_MAC=02:00:00:00:0d:01
X_MAC=02:00:00:00:0d:02
M_MAC=02:00:00:00:0d:03

run() { # run NAME WORKERS
	cat >"$T_TMP/mm.yaml" <<YAML
eal:
  file_prefix: vswtest-mm
  args: ["--no-pci", "--lcores", "0@0,1@1,2@1"]
workers:
  lcores: $2
  idle_sleep_us: 50
ports:
  - {name: a, kind: tap, iface: vt-mm1}
  - {name: b, kind: tap, iface: vt-mm2}
  - {name: c, kind: tap, iface: vt-mm3, mac_limit: 1}
bridges:
  - name: lan
    ports: [a, b, c]
    aging_s: 2
YAML

	start_vswd "$T_TMP/mm.yaml"
	ns_add vt-mm-a
	ns_add vt-mm-b
	ns_add vt-mm-c
	ns_add vt-mm-m
	ns_add vt-mm-x
	ns_take_iface vt-mm-a vt-mm1
	ns_take_iface vt-mm-b vt-mm2
	ns_take_iface vt-mm-c vt-mm3
	ip -n vt-mm-a link set dev vt-mm1 address $A_MAC
	ip -n vt-mm-b link set dev vt-mm2 address $X_MAC
	ip -n vt-mm-a addr add 192.0.2.1/24 dev vt-mm1
	ip -n vt-mm-b addr add 192.0.2.2/24 dev vt-mm2
	# Behind port c: a Linux bridge with M's and (later) X's veths.
	ip -n vt-mm-c link add br0 type bridge
	ip -n vt-mm-c link set vt-mm3 master br0
	for h in m x; do
		ip -n vt-mm-c link add "c-$h" type veth peer name "$h"0 netns "vt-mm-$h"
		ip -n vt-mm-c link set "c-$h" master br0 up
	done
	ip -n vt-mm-c link set br0 up
	ip -n vt-mm-m link set dev m0 address $M_MAC
	ip -n vt-mm-m addr add 192.0.2.3/24 dev m0
	ip -n vt-mm-m link set m0 up
	ip -n vt-mm-x link set dev x0 address $X_MAC
	# Fixed neighbours: no ARP, so only the frames this test makes teach vswd anything.
	ip -n vt-mm-a neigh replace 192.0.2.2 lladdr $X_MAC nud permanent dev vt-mm1
	for ns_if in vt-mm-b:vt-mm2 vt-mm-m:m0 vt-mm-x:x0; do
		ip -n "${ns_if%%:*}" neigh replace 192.0.2.1 lladdr $A_MAC nud permanent dev "${ns_if#*:}"
	done
	# vswd sees a TAP moved to another namespace as link down and flushes its port: wait.
	for p in a b c; do
		for _ in $(seq 50); do
			grep -q "port $p link down" "$VSWD_LOG" && break
			sleep 0.05
		done
	done

	entry() { # entry MAC: "port type" of MAC's FDB entry in lan, or "none"
		vswctl --json fdb show lan --all | json_get \
			"next((e['port'] + ' ' + e['type'] for e in d if e['mac'].lower() == '$1'), 'none')"
	}
	now() { date +%s.%N; }

	# Whatever the interfaces said while they were being set up (in the root namespace, before
	# the flush above was noticed) is forgotten: port c's one entry must be M's.
	sleep 0.3
	vswctl fdb flush lan >/dev/null
	# M talks all the time: port c stays at its mac_limit with M's entry.
	bg ip netns exec vt-mm-m ping -n -q -i 0.2 192.0.2.1 >/dev/null 2>&1
	# A frame of the set-up still on its way when the FDB was flushed (seen once under load:
	# the Linux bridge's own MAC) takes port c's one place before M: flush until M has it.
	for _ in $(seq 25); do
		[ "$(entry $M_MAC)" == "c learned" ] && break
		log "port c: $(vswctl --json fdb show lan --all | json_get "[e['mac'] for e in d if e['port'] == 'c']")"
		vswctl fdb flush lan >/dev/null
		sleep 0.2
	done

	out=$(ip netns exec vt-mm-a ping -n -c 3 -i 0.2 -W 1 192.0.2.2 2>&1) || true
	if grep -q " 0% packet loss" <<<"$out"; then pass "$1: A pings X on port b"; else
		fail "$1: A pings X on port b" "$out"; fi
	check_eq "$1: X learned on port b" "$(entry $X_MAC)" "b learned"
	log "FDB: $(vswctl --json fdb show lan --all | json_get "[(e['mac'], e['port']) for e in d]")"
	check_eq "$1: M learned on port c (port c at its mac_limit 1)" "$(entry $M_MAC)" "c learned"

	# ---- X moves behind port c and keeps talking ----
	ip -n vt-mm-b addr flush dev vt-mm2
	ip -n vt-mm-x addr add 192.0.2.2/24 dev x0
	ip -n vt-mm-x link set x0 up
	t_move=$(now)
	bg ip netns exec vt-mm-x ping -n -q -i 0.2 192.0.2.1 >/dev/null 2>&1
	sleep 1
	refused0=$(vswctl --json fdb stats | json_get "d['refused_port_limit']")
	log "1 s after the move: X's entry '$(entry $X_MAC)', refused_port_limit $refused0"
	check "$1: X's learns on full port c are refused" test "$refused0" -gt 0

	# A's ping to X works again once the stale entry on port b has aged (aging_s 2: at most
	# 3 s + a pass after X's last frame on port b); give it 8 s.
	reached=
	for _ in $(seq 16); do
		if ip netns exec vt-mm-a ping -n -c 1 -W 0.5 192.0.2.2 >/dev/null 2>&1; then
			reached=$(awk "BEGIN {printf \"%.1f\", $(now) - $t_move}")
			break
		fi
	done
	if [ -n "$reached" ]; then
		log "A reached X behind port c ${reached} s after the move; X's entry: '$(entry $X_MAC)'"
		pass "$1: X reached on its new port after aging (A -> X ping works again)"
	else
		fail "$1: X reached on its new port after aging (A -> X ping works again)" \
			"X's entry still '$(entry $X_MAC)' after 8 s"
	fi
	check_eq "$1: the stale entry on port b is gone, X is not learned on full port c" \
		"$(entry $X_MAC)" none
	check_eq "$1: M still learned on port c" "$(entry $M_MAC)" "c learned"

	if stop_vswd INT; then pass "$1: vswd exits 0"; else fail "$1: vswd exits 0" "status $?"; fi
}

run "1 worker" "[1]"
end_round
run "2 workers" "[1, 2]"
finish
