#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# MAC flooding (CAM overflow): an attacker on one port of an untagged bridge sends tens of
# thousands of frames from random unicast source MACs while two hosts ping each other.
#
# Phase 1, port limit: the attacker's port has mac_limit 100, the bridge 1000, and h2's MAC
# is static on its port. The attacker port ends with exactly 100 learned MACs, the refusals
# are counted, the static entry stays, the hosts lose no ping, vswd's memory does not grow
# (mbufs in use in the packet pool, FDB entries: hugepage memory is not in VmRSS, so RSS
# would not show an mbuf leak or an FDB that grew), and a frame from yet another new MAC is
# still flooded (refusing to learn a source never drops its frame).
# Phase 2, bridge limit: no port limit, bridge mac_limit 200; the hosts are learned before
# the flood. The bridge stops at 200 learned MACs, refusals are counted, the hosts still talk.
#
# Frames are written and read with AF_PACKET sockets (a small Python helper, no scapy: it
# starts in tens of milliseconds); the flood is paced to ~13000 frames/s so that the TAP
# interface's queue does not overflow and every frame reaches vswd.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N_FLOOD=30000
H1_MAC=02:00:00:00:0b:01
H2_MAC=02:00:00:00:0b:02
ATT_MAC=02:00:00:00:0b:0a
PROBE_SRC=02:00:00:0b:ee:01 # a source MAC the flood cannot make (see flood below)
PROBE_DST=02:00:00:0b:ee:ff # a destination nobody has: unknown unicast
PROBE_TYPE=0x88b5           # IEEE 802 local experimental: no host stack answers it
FLOOD_DST=02:00:00:0b:dd:dd # the flood's destination: unknown, so flooded to h1 and h2
# Phase 2's bridge limit. From about 185 entries on (with these port names), the first
# /vsw/fdb page (up to 200 entries) no longer fits DPDK telemetry's 16 KB reply: vswd sends
# it without its "entries" and `vswctl fdb show` lists nothing (a vswd bug, caught by
# fdb_consistent). Set 200 to see it.
BRIDGE_LIMIT=200

l2frame() { # l2frame NS ARGS...
	local ns=$1
	shift
	ip netns exec "$ns" "$PY" "$here/l2frame.py" "$@"
}
# sniff_start NS IFACE OUT: sniff PROBE_TYPE frames into OUT, return once the socket is bound
sniff_start() {
	bg ip netns exec "$1" "$PY" "$here/l2frame.py" sniff "$2" $PROBE_TYPE "$3" "$3.ready"
	for _ in $(seq 100); do
		[ -e "$3.ready" ] && return 0
		sleep 0.05
	done
	echo "sniffer on $2 did not start"
	return 1
}

# write_config FILE PORT_LIMIT BRIDGE_LIMIT STATIC(yes/no)
write_config() {
	cat >"$1" <<YAML
eal:
  file_prefix: vswtest-mf
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: h1, kind: tap, iface: vt-mf1}
  - {name: h2, kind: tap, iface: vt-mf2}
  - {name: attacker, kind: tap, iface: vt-mfa, mac_limit: $2}
bridges:
  - name: lan
    ports: [h1, h2, attacker]
    mac_limit: $3
YAML
	if [ "$4" == yes ]; then
		cat >>"$1" <<YAML
    static_macs:
      - {mac: "$H2_MAC", port: h2}
YAML
	fi
}

ns_add vt-mf-h1
ns_add vt-mf-h2
ns_add vt-mf-at

# Start vswd and give its TAP interfaces to the namespaces, with fixed MACs.
setup() {
	local p
	start_vswd "$1"
	ns_take_iface vt-mf-h1 vt-mf1
	ns_take_iface vt-mf-h2 vt-mf2
	ns_take_iface vt-mf-at vt-mfa
	ip -n vt-mf-h1 link set dev vt-mf1 address $H1_MAC
	ip -n vt-mf-h2 link set dev vt-mf2 address $H2_MAC
	ip -n vt-mf-at link set dev vt-mfa address $ATT_MAC
	ip -n vt-mf-h1 addr add 192.0.2.1/24 dev vt-mf1
	ip -n vt-mf-h2 addr add 192.0.2.2/24 dev vt-mf2
	# vswd sees a TAP interface moved to another namespace as link down and forgets what
	# the port learned: wait for that before anything is learned.
	for p in h1 h2 attacker; do
		for _ in $(seq 50); do
			grep -q "port $p link down" "$VSWD_LOG" && break
			sleep 0.05
		done
	done
}

# learn_hosts PHASE HOSTS...: ping h1 <-> h2 until HOSTS (port names) are in the FDB.
learn_hosts() {
	local phase=$1 h ok out
	shift
	for _ in $(seq 10); do
		out=$(ip netns exec vt-mf-h1 ping -n -c 2 -i 0.2 -W 1 192.0.2.2 2>&1) || true
		ok=1
		for h in "$@"; do
			[ "$(fdb_count lan "$h" learned)" == 1 ] || ok=0
		done
		[ $ok == 1 ] && break
	done
	if grep -q " 0% packet loss" <<<"$out"; then pass "$phase: h1 -> h2 ping before the flood"
	else fail "$phase: h1 -> h2 ping before the flood" "$out"; fi
	check_eq "$phase: $* learned before the flood, on their own ports" \
		"$(for h in "$@"; do fdb_count lan "$h" learned; done | paste -sd+)" \
		"$(for h in "$@"; do echo 1; done | paste -sd+)"
}

# fdb_count BRIDGE PORT TYPE: entries of BRIDGE on PORT of TYPE (learned/static)
fdb_count() {
	vswctl --json fdb show "$1" --all |
		json_get "sum(1 for e in d if e['port'] == '$2' and e['type'] == '$3')"
}
fdb_stat() { vswctl --json fdb stats | json_get "d['$1']"; }
learned() { vswctl --json bridges | json_get "d['$1']['learned']"; }
pool_in_use() { vswctl --json call /vsw/mempool | json_get "d['in_use']"; }
fdb_entries() { vswctl --json fdb show "$1" --all | json_get "len(d)"; }

# ping_loss OUTFILE: the packet loss figure of a finished ping, e.g. "0" or "1.2"
ping_loss() { sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$1"; }
ping_sent() { sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$1"; }
ping_recv() { sed -n 's/.* \([0-9]*\) received.*/\1/p' "$1"; }

# flood_with_ping NAME: ping h1 -> h2 every 50 ms from before the flood until after it;
# check that the flood went through vswd and no ping was lost.
flood_with_ping() {
	local name=$1 t0 t1 n rx0 rx1 ping_pid
	rx0=$(port_stat attacker rx_packets)
	ip netns exec vt-mf-h1 ping -n -i 0.05 -W 1 192.0.2.2 >"$T_TMP/ping-$name.log" 2>&1 &
	ping_pid=$!
	T_PIDS+=("$ping_pid")
	sleep 0.5
	t0=$(date +%s.%N)
	n=$(l2frame vt-mf-at flood vt-mfa $N_FLOOD $FLOOD_DST $RANDOM)
	t1=$(date +%s.%N)
	sleep 1
	kill -INT $ping_pid # ping prints its summary and exits
	wait $ping_pid || true
	rx1=$(port_stat attacker rx_packets)
	log "$name: attacker sent $n frames in $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s;" \
		"vswd received $((rx1 - rx0)) on the attacker port;" \
		"attacker iface tx_dropped $(if_stat vt-mf-at vt-mfa tx_dropped)"
	log "$name: ping h1->h2 during the flood: $(ping_sent "$T_TMP/ping-$name.log") sent," \
		"$(ping_recv "$T_TMP/ping-$name.log") received"
	check "$name: the flood reached vswd (got $((rx1 - rx0)) >= 10000 frames)" \
		test $((rx1 - rx0)) -ge 10000
	check_eq "$name: h1 -> h2 ping loses nothing during the flood" \
		"$(ping_loss "$T_TMP/ping-$name.log")" 0
}

# ping_after NAME NS ADDR: 5 pings, none lost
ping_after() {
	local out
	out=$(ip netns exec "$2" ping -n -c 5 -i 0.1 -W 1 "$3" 2>&1) || true
	if grep -q " 0% packet loss" <<<"$out"; then pass "$1"; else fail "$1" "$out"; fi
}

# fdb_consistent NAME: fdb show --all lists as many learned entries as bridges counts.
fdb_consistent() {
	check_eq "$1: fdb show --all lists every learned entry" \
		"$(vswctl --json fdb show lan --all | json_get "sum(e['type'] == 'learned' for e in d)")" \
		"$(learned lan)"
}

# ---- Phase 1: port limit 100, bridge limit 1000, h2 static ----
write_config "$T_TMP/p1.yaml" 100 1000 yes
setup "$T_TMP/p1.yaml"

learn_hosts "phase 1" h1
check_eq "phase 1: h2 static on its port" "$(fdb_count lan h2 static)" 1

pool0=$(pool_in_use)
flood_with_ping "phase 1"
sleep 0.3 # let the control thread drain the learn ring
pool1=$(pool_in_use)

n_att=$(fdb_count lan attacker learned)
n_learned=$(learned lan)
refused=$(fdb_stat refused_port_limit)
log "phase 1: attacker port $n_att learned, bridge learned $n_learned," \
	"refused_port_limit $refused, refused_bridge_limit $(fdb_stat refused_bridge_limit)," \
	"learn_events $(fdb_stat learn_events), learn_ring_full $(fdb_stat learn_ring_full)"
check_eq "phase 1: attacker port holds exactly its mac_limit" "$n_att" 100
check "phase 1: bridge learned <= 100 + h1 (got $n_learned)" test "$n_learned" -le 101
check "phase 1: refused_port_limit counted (got $refused)" test "$refused" -gt 0
check_eq "phase 1: no bridge-limit refusal" "$(fdb_stat refused_bridge_limit)" 0
check_eq "phase 1: h2's static entry still on h2" "$(fdb_count lan h2 static)" 1
check_eq "phase 1: h1 still learned on h1" "$(fdb_count lan h1 learned)" 1
# The pool's in-use count is rx rings (filled at start) plus what is in flight: the same
# after 30000 frames as before, give or take a few bursts in flight and per-lcore caches.
log "phase 1: packet pool: ${pool0} mbufs in use before the flood, ${pool1} after"
check "phase 1: mbufs in use grew by < 512 after 30000 frames ($pool0 -> $pool1)" \
	test $((pool1 - pool0)) -lt 512
check_eq "phase 1: the FDB holds h1 + 100 + h2's static, no more" "$(fdb_entries lan)" 102

ping_after "phase 1: h1 -> h2 ping after the flood" vt-mf-h1 192.0.2.2

# At the limit, a frame from a new source is not learned but still forwarded: to an
# unknown destination it is flooded to h1 (and h2), to h1's MAC it goes to h1.
sniff_start vt-mf-h1 vt-mf1 "$T_TMP/h1.rx"
l2frame vt-mf-at send vt-mfa $PROBE_DST $PROBE_SRC $PROBE_TYPE "unknown-dst"
l2frame vt-mf-at send vt-mfa $H1_MAC $PROBE_SRC $PROBE_TYPE "to-h1"
sleep 0.5
if grep -q "^$PROBE_SRC $PROBE_DST unknown-dst$" "$T_TMP/h1.rx"; then
	pass "phase 1: new MAC at the limit: unknown unicast still flooded to h1"
else fail "phase 1: new MAC at the limit: unknown unicast still flooded to h1" \
	"h1 got: $(grep -v ' flood$' "$T_TMP/h1.rx" | head -5)"; fi
if grep -q "^$PROBE_SRC $H1_MAC to-h1$" "$T_TMP/h1.rx"; then
	pass "phase 1: new MAC at the limit: frame to h1 delivered"
else fail "phase 1: new MAC at the limit: frame to h1 delivered" \
	"h1 got: $(grep -v ' flood$' "$T_TMP/h1.rx" | head -5)"; fi
check_eq "phase 1: the new MAC was not learned" "$(vswctl --json fdb show lan --all |
	json_get "sum(e['mac'].lower() == '$PROBE_SRC' for e in d)")" 0
check_eq "phase 1: attacker port still at 100" "$(fdb_count lan attacker learned)" 100
fdb_consistent "phase 1"
stop_vswd INT || fail "phase 1: vswd exits 0" "status $?"

# ---- Phase 2: no port limit, bridge limit BRIDGE_LIMIT, h1 and h2 learned ----
write_config "$T_TMP/p2.yaml" 0 $BRIDGE_LIMIT no
setup "$T_TMP/p2.yaml"
learn_hosts "phase 2" h1 h2

flood_with_ping "phase 2"
sleep 0.3
n_learned=$(learned lan)
refused=$(fdb_stat refused_bridge_limit)
log "phase 2: bridge learned $n_learned, attacker port $(fdb_count lan attacker learned)," \
	"refused_bridge_limit $refused, refused_port_limit $(fdb_stat refused_port_limit)"
check_eq "phase 2: bridge holds exactly its mac_limit" "$n_learned" $BRIDGE_LIMIT
fdb_consistent "phase 2"
check_eq "phase 2: attacker got the rest: mac_limit - h1 - h2" \
	"$(fdb_count lan attacker learned)" $((BRIDGE_LIMIT - 2))
check "phase 2: refused_bridge_limit counted (got $refused)" test "$refused" -gt 0
check_eq "phase 2: no port-limit refusal" "$(fdb_stat refused_port_limit)" 0
check_eq "phase 2: h1 and h2 still learned on their ports" \
	"$(fdb_count lan h1 learned)+$(fdb_count lan h2 learned)" 1+1
ping_after "phase 2: h2 -> h1 ping after the flood" vt-mf-h2 192.0.2.1

if stop_vswd INT; then pass "vswd exits 0 after the floods"; else
	fail "vswd exits 0 after the floods" "status $?"; fi
finish
