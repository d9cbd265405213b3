#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Live reload of cross-connects: a ping flood crosses one cross-connected pair of TAP ports
# while `vswctl reload` re-pairs three other ports back and forth 20 times (and reloads a
# file that only reorders everything). The untouched pair loses no packet; after each reload
# host A reaches whichever of B and C its port is joined to, and only that one; every reload
# shows in the config generation. Then ports are added and removed by reload, and a reload
# that fails half-way is rolled back.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

write_cfg() { # write_cfg FILE PEER_OF_A [reordered]
	local ports="  - {name: pa, kind: tap, iface: vt-rl-a}
  - {name: pb, kind: tap, iface: vt-rl-b}
  - {name: pc, kind: tap, iface: vt-rl-c}
  - {name: px, kind: tap, iface: vt-rl-x}
  - {name: py, kind: tap, iface: vt-rl-y}"
	local xc="  - [pa, $2]
  - [px, py]"
	if [ "${3:-}" == reordered ]; then
		ports=$(tac <<<"$ports")
		xc="  - [py, px]
  - [$2, pa]"
	fi
	cat >"$1" <<YAML
eal:
  file_prefix: vswtest-rl
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
$ports
xconnect:
$xc
YAML
}

write_cfg "$T_TMP/to-b.yaml" pb
write_cfg "$T_TMP/to-c.yaml" pc
write_cfg "$T_TMP/to-b-reordered.yaml" pb reordered

for n in a b c x y; do ns_add vt-rl-$n; done
start_vswd "$T_TMP/to-b.yaml"
ns_take_iface vt-rl-a vt-rl-a 192.0.2.1/24
ns_take_iface vt-rl-b vt-rl-b 192.0.2.2/24
ns_take_iface vt-rl-c vt-rl-c 192.0.2.2/24 # the same address: A reaches whichever is joined
ns_take_iface vt-rl-x vt-rl-x 198.51.100.1/24
ns_take_iface vt-rl-y vt-rl-y 198.51.100.2/24

gen() { vswctl --json status | json_get "d['config_gen']"; }
rx() { if_stat "vt-rl-$1" "vt-rl-$1" rx_packets; }

# Reaches PEER: pings from A get answers, and PEER's kernel (not OTHER's) got them.
reaches() { # reaches NAME PEER OTHER
	local pb po out
	pb=$(rx "$2")
	po=$(rx "$3")
	ip netns exec vt-rl-a ip neigh flush all
	out=$(ip netns exec vt-rl-a ping -c 3 -i 0.1 -W 1 192.0.2.2 2>&1) || true
	if grep -q " 0% packet loss" <<<"$out" && [ "$(rx "$2")" -ge $((pb + 3)) ] &&
		[ "$(rx "$3")" -eq "$po" ]; then
		pass "$1"
	else
		fail "$1" "$(tail -2 <<<"$out"); $2 rx $pb -> $(rx "$2"), $3 rx $po -> $(rx "$3")"
	fi
}

reaches "before any reload A reaches B" b c
check_eq "generation 1 at start" "$(gen)" 1

# The flood across the pair no reload touches: 2,000 pings, 5 ms apart (~10 s).
ip netns exec vt-rl-x ping -q -c 2000 -i 0.005 -W 1 198.51.100.2 >"$T_TMP/flood.log" 2>&1 &
flood=$!
T_PIDS+=($flood)
sleep 0.5

ok=0
for i in $(seq 10); do
	vswctl reload "$T_TMP/to-c.yaml" >/dev/null && ok=$((ok + 1))
	vswctl reload "$T_TMP/to-b.yaml" >/dev/null && ok=$((ok + 1))
done
check_eq "20 reloads re-pairing A succeed" "$ok" 20
check_eq "every reload counted in the generation" "$(gen)" 21
reaches "after the reloads A reaches B again" b c
vswctl reload "$T_TMP/to-c.yaml" >/dev/null
reaches "after a reload to [pa, pc], A reaches C and not B" c b
if vswctl reload "$T_TMP/to-b-reordered.yaml" >"$T_TMP/reorder.out" 2>&1; then
	pass "a reordered file reloads"
else
	fail "a reordered file reloads" "$(cat "$T_TMP/reorder.out")"
fi
reaches "after the reordered file, A reaches B" b c
check_eq "port names keep their ports after reordering" \
	"$(vswctl --json ports | json_get "d['pa']['name']")" pa

wait "$flood" || true
if grep -q " 0% packet loss" "$T_TMP/flood.log"; then
	pass "the untouched cross-connect lost no ping during 23 reloads"
else
	fail "the untouched cross-connect lost no ping during 23 reloads" "$(tail -2 "$T_TMP/flood.log")"
fi

# A port added by reload comes up, cross-connected; removed again, its TAP is gone.
sed -e 's/  - {name: py, kind: tap, iface: vt-rl-y}/&\n  - {name: pz, kind: tap, iface: vt-rl-z}/' \
	-e 's/  - \[px, py\]/&\n  - [pc, pz]/' "$T_TMP/to-b.yaml" >"$T_TMP/add-port.yaml"
if vswctl reload "$T_TMP/add-port.yaml" >"$T_TMP/add.out" 2>&1; then
	pass "a reload adds a port"
else
	fail "a reload adds a port" "$(cat "$T_TMP/add.out")"
fi
check_eq "the new port is listed" "$(vswctl --json ports | json_get "'pz' in d")" True
check "its TAP interface exists" ip link show vt-rl-z
vswctl reload "$T_TMP/to-b.yaml" >/dev/null
check_eq "a reload removes it again" "$(vswctl --json ports | json_get "'pz' in d")" False
check "and its TAP interface is gone" bash -c '! ip link show vt-rl-z 2>/dev/null'
check_eq "both reloads counted" "$(gen)" 25

reload_fails() { # reload_fails NAME FILE WHAT: the reload fails at FILE:LINE:COLUMN: WHAT
	local out
	if out=$(vswctl reload "$2" 2>&1); then
		fail "$1 fails the reload" "reload succeeded"
	else
		check "$1 fails the reload, naming its line" \
			grep -q "$(basename "$2"):[0-9]*:[0-9]*: $3" <<<"$out"
	fi
}

# A reload whose new port the driver refuses (with pc removed and A re-paired in the same
# file) fails before anything running is touched: pc and its TAP stay, A still reaches B.
sed -e '/name: pc,/d' -e 's/  - \[pa, pb\]/  - [pa, px]/' -e '/\[px, py\]/d' \
	-e 's/  - {name: py, kind: tap, iface: vt-rl-y}/&\n  - {name: nul, kind: dpdk, devargs: "net_null9,no_such_arg=1"}/' \
	"$T_TMP/to-b.yaml" >"$T_TMP/bad-port.yaml"
reload_fails "a port the driver refuses" "$T_TMP/bad-port.yaml" "port 'nul'"
check_eq "a failed reload does not count" "$(gen)" 25
check_eq "nothing was touched" "$(vswctl --json ports | json_get "'pc' in d and 'nul' not in d")" True
reaches "after the failed reload, A still reaches B" b c

# A device change that fails half-way (pc destroyed, then its new device refused) rolls
# back: pc is made again from the old config (a new TAP, in the root namespace), the
# generation stays, and the other pairs forward as before.
sed -e 's/  - {name: pc, kind: tap, iface: vt-rl-c}/  - {name: pc, kind: dpdk, devargs: "net_null9,no_such_arg=1"}/' \
	"$T_TMP/to-b.yaml" >"$T_TMP/bad-change.yaml"
reload_fails "a refused device change" "$T_TMP/bad-change.yaml" "port 'pc'"
check_eq "the rolled-back reload does not count" "$(gen)" 25
check_eq "pc is back as it was: a TAP port" "$(vswctl --json ports | json_get "d['pc']['kind']")" tap
check "its TAP interface exists again" ip link show vt-rl-c
reaches "A still reaches B" b x
check "X still reaches Y" ip netns exec vt-rl-x ping -c 2 -i 0.2 -W 1 198.51.100.2

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
