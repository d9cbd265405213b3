#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# FDB aging and flush on an untagged bridge "lan" (aging_s: 2) with three hosts h1, h2, h3,
# and a second bridge "keep" (aging_s: 0) with hosts n1, n2.
#
# While h2's MAC is learned, a frame from h1 to it reaches h2 only; once h2 has been quiet
# long enough its entry ages out and the same kind of frame is flooded to h3 as well. An
# entry of the aging_s 0 bridge is still there after the same wait. `vswctl fdb flush`
# removes the learned entries at once, leaves the static one, and unicast floods again.
#
# The hosts have no IP address and IPv6 is off: their kernels send nothing by themselves,
# so only the frames this test writes (AF_PACKET, ethertype 0x88b5) refresh an entry.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

H1_MAC=02:00:00:00:0c:01
H2_MAC=02:00:00:00:0c:02
H3_MAC=02:00:00:00:0c:03
N1_MAC=02:00:00:00:0c:11
N2_MAC=02:00:00:00:0c:12
STATIC_MAC=02:00:00:00:0c:33 # static on h3's port
BCAST=ff:ff:ff:ff:ff:ff
TYPE=0x88b5 # IEEE 802 local experimental: no host stack answers it


# send HOST DST SRC PAYLOAD: one frame from host HOST (h1, h2, ...; each on the vswd port
# of the same name)
send() {
	ip netns exec "vt-age-$1" "$PY" "$here/l2frame.py" send "${IFC[$1]}" "$2" "$3" $TYPE "$4"
}
# expect_rx HOST PAYLOAD yes|no NAME: HOST's sniffer did (not) see a frame with PAYLOAD
expect_rx() {
	local seen=no
	grep -q " $2\$" "$T_TMP/$1.rx" && seen=yes
	if [ $seen == "$3" ]; then pass "$4"; else
		fail "$4" "$1 received: $(tr '\n' ';' <"$T_TMP/$1.rx")"; fi
}

declare -A IFC=([h1]=vt-age1 [h2]=vt-age2 [h3]=vt-age3 [n1]=vt-age4 [n2]=vt-age5)
declare -A MAC=([h1]=$H1_MAC [h2]=$H2_MAC [h3]=$H3_MAC [n1]=$N1_MAC [n2]=$N2_MAC)

cat >"$T_TMP/a.yaml" <<YAML
eal:
  file_prefix: vswtest-age
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: h1, kind: tap, iface: vt-age1}
  - {name: h2, kind: tap, iface: vt-age2}
  - {name: h3, kind: tap, iface: vt-age3}
  - {name: n1, kind: tap, iface: vt-age4}
  - {name: n2, kind: tap, iface: vt-age5}
bridges:
  - name: lan
    ports: [h1, h2, h3]
    aging_s: 2
    static_macs:
      - {mac: "$STATIC_MAC", port: h3}
  - name: keep
    ports: [n1, n2]
    aging_s: 0
YAML

start_vswd "$T_TMP/a.yaml"
for h in h1 h2 h3 n1 n2; do
	ns_add "vt-age-$h"
	ns_take_iface "vt-age-$h" "${IFC[$h]}"
	ip -n "vt-age-$h" link set dev "${IFC[$h]}" address "${MAC[$h]}"
done
# vswd sees a TAP interface moved to another namespace as link down and forgets what the
# port learned (the root namespace's IPv6 chatter on the new interface): wait for that.
for h in h1 h2 h3 n1 n2; do
	for i in $(seq 50); do
		grep -q "port $h link down" "$VSWD_LOG" && break
		sleep 0.05
	done
done
for h in h1 h2 h3; do
	bg ip netns exec "vt-age-$h" "$PY" "$here/l2frame.py" sniff "${IFC[$h]}" $TYPE \
		"$T_TMP/$h.rx" "$T_TMP/$h.ready"
done
for h in h1 h2 h3; do
	for i in $(seq 100); do
		[ -e "$T_TMP/$h.ready" ] && break
		sleep 0.05
	done
done

# entry BRIDGE MAC: "port type" of the FDB entry for MAC, or "none"
entry() {
	vswctl --json fdb show "$1" --all | json_get \
		"next((e['port'] + ' ' + e['type'] for e in d if e['mac'].lower() == '$2'), 'none')"
}
n_learned() {
	vswctl --json fdb show "$1" --all | json_get "sum(e['type'] == 'learned' for e in d)"
}
fdb_stat() { vswctl --json fdb stats | json_get "d['$1']"; }
now() { date +%s.%N; }
secs() { awk "BEGIN {printf \"%.2f\", $2 - $1}"; }
# wait_entry BRIDGE MAC WANT [SECONDS]: poll until entry BRIDGE MAC is WANT (default 2 s)
wait_entry() {
	local t0
	t0=$(now)
	while [ "$(entry "$1" "$2")" != "$3" ]; do
		awk "BEGIN {exit !($(now) - $t0 > ${4:-2})}" && return 1
		sleep 0.02
	done
}

sleep 1
check_eq "quiet hosts: nothing learned by itself" "$(n_learned lan)+$(n_learned keep)" 0+0
check_eq "static MAC in the FDB on h3's port" "$(entry lan $STATIC_MAC)" "h3 static"

# ---- Known unicast: h2 is learned, a frame to it reaches h2 and not h3 ----
# The entry lives at least aging_s (and less than aging_s + 1 s: vswd keeps time in whole
# seconds), so the probe must follow h2's frame within 2 s; if h2's entry is gone right after
# the probe, the machine was too slow and the round is repeated.
send n1 $BCAST $N1_MAC "n1-hello" # learned in "keep", never aged
ok=0
for round in 1 2 3; do
	send h2 $BCAST $H2_MAC "h2-hello-$round"
	t_h2=$(now)
	if ! wait_entry lan $H2_MAC "h2 learned"; then
		fail "h2 learned on its port" "got '$(entry lan $H2_MAC)'"
		break
	fi
	send h1 $H2_MAC $H1_MAC "known-$round"
	if [ "$(entry lan $H2_MAC)" == "h2 learned" ]; then
		ok=1
		break
	fi
	log "round $round: h2's entry aged before the probe was checked; again"
done
if [ $ok == 1 ]; then
	pass "h2 learned on its port"
	sleep 0.3
	expect_rx h2 "known-$round" yes "known unicast to h2 delivered to h2"
	expect_rx h3 "known-$round" no "known unicast to h2 not flooded to h3"
	expect_rx h3 "h2-hello-$round" yes "broadcast from h2 flooded to h3"
else
	fail "h2 learned on its port, probed before it aged" \
		"3 rounds: h2's entry was gone each time before the probe was checked"
fi
check_eq "n1 learned in bridge keep" "$(entry keep $N1_MAC)" "n1 learned"

# ---- Aging: h2 stays quiet; its entry goes between aging_s and aging_s + 1 s ----
aged0=$(fdb_stat aged)
gone=
while [ "$(secs "$t_h2" "$(now)" | tr -d .)" -lt 500 ]; do
	if [ "$(entry lan $H2_MAC)" == none ]; then
		gone=$(secs "$t_h2" "$(now)")
		break
	fi
	sleep 0.1
done
if [ -n "$gone" ]; then
	log "h2's entry (aging_s 2) was gone ${gone} s after h2's last frame"
	pass "h2's entry aged out within 5 s (after ${gone} s)"
	check "h2's entry lived at least aging_s (${gone} s)" \
		test "$(echo "$gone" | tr -d .)" -ge 200
else
	fail "h2's entry aged out within 5 s" "still there: $(entry lan $H2_MAC)"
fi
check "fdb stats counts the aged entries" test "$(fdb_stat aged)" -gt "$aged0"

send h1 $H2_MAC $H1_MAC "unknown-after-aging"
sleep 0.3
expect_rx h3 "unknown-after-aging" yes "after aging, unicast to h2 is flooded to h3"
expect_rx h2 "unknown-after-aging" yes "after aging, unicast to h2 still reaches h2"

# aging_s 0: n1 has been quiet longer than h2, and for well over lan's aging_s.
while [ "$(secs "$t_h2" "$(now)" | tr -d .)" -lt 350 ]; do sleep 0.1; done
log "n1 quiet for $(secs "$t_h2" "$(now)") s"
check_eq "aging_s 0: n1's entry is still there" "$(entry keep $N1_MAC)" "n1 learned"

# ---- Flush: learned entries go at once, the static one stays ----
send h1 $BCAST $H1_MAC "h1-hello"
send h2 $BCAST $H2_MAC "h2-hello-flush"
wait_entry lan $H1_MAC "h1 learned" || true
wait_entry lan $H2_MAC "h2 learned" || true
before=$(n_learned lan)
flushed=$(vswctl --json fdb flush lan | json_get "d['flushed']")
log "fdb flush lan: $before learned before, $flushed flushed"
check_eq "fdb flush: both learned entries flushed" "$before/$flushed" "2/2"
check_eq "fdb flush: no learned entry left" "$(n_learned lan)" 0
check_eq "fdb flush: bridges shows 0 learned, 1 static" \
	"$(vswctl --json bridges | json_get "(d['lan']['learned'], d['lan']['static'])")" "(0, 1)"
check_eq "fdb flush: the static entry stays" "$(entry lan $STATIC_MAC)" "h3 static"
check_eq "fdb flush: other bridges keep theirs" "$(entry keep $N1_MAC)" "n1 learned"
send h1 $H2_MAC $H1_MAC "unknown-after-flush"
sleep 0.3
expect_rx h3 "unknown-after-flush" yes "after a flush, unicast to h2 is flooded to h3"
send h1 $STATIC_MAC $H1_MAC "to-static"
sleep 0.3
expect_rx h3 "to-static" yes "frame to the static MAC goes to h3"
expect_rx h2 "to-static" no "frame to the static MAC not flooded to h2"

# After the flush h2 is learned again when it speaks. It may take frames in a later second:
# a worker sends one learn event per MAC and port per second, and does not know that the
# entry it reported a moment ago was flushed since.
t0=$(now)
relearned=
for i in $(seq 10); do
	send h2 $BCAST $H2_MAC "h2-again-$i"
	if wait_entry lan $H2_MAC "h2 learned" 0.3; then
		relearned=$i
		break
	fi
done
if [ -n "$relearned" ]; then
	log "h2 learned again after the flush: frame $relearned, $(secs "$t0" "$(now)") s"
	pass "after a flush, h2 is learned again when it sends"
else fail "after a flush, h2 is learned again when it sends" "$(entry lan $H2_MAC)"; fi

if stop_vswd INT; then pass "vswd exits 0"; else fail "vswd exits 0" "status $?"; fi
finish
