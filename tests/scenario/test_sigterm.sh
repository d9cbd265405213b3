#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Shutdown: SIGTERM while traffic flows stops the workers, prints the counters, closes the
# ports (the TAP interfaces go away), exits 0 and leaves no hugepage file behind. Also the
# default config (what `make run` starts) comes up with its TAP interfaces and stops on
# SIGINT the same way.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/t.yaml" <<YAML
eal:
  file_prefix: vswtest-term
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
ports:
  - {name: a, kind: tap, iface: vt-term0}
  - {name: b, kind: tap, iface: vt-term1}
xconnect:
  - [a, b]
YAML
ns_add vt-term-a
ns_add vt-term-b
start_vswd "$T_TMP/t.yaml"
check "hugepage files exist while running" test "$(hugepage_files vswtest-term)" -gt 0
ns_take_iface vt-term-a vt-term0 192.0.2.1/24
ns_take_iface vt-term-b vt-term1 192.0.2.2/24
bg ip netns exec vt-term-a ping -q -f -w 4 192.0.2.2
sleep 1.5
before=$(port_stat a rx_packets)
check "traffic is flowing" test "$before" -gt 100
rc=0
stop_vswd TERM || rc=$?
check_eq "SIGTERM under traffic exits 0" "$rc" 0
check_eq "no hugepage files left" "$(hugepage_files vswtest-term)" 0
grep -q "final counters" "$VSWD_LOG" && pass "counters printed on exit" ||
	fail "counters printed on exit" "$(tail -5 "$VSWD_LOG")"
if ip netns exec vt-term-a ip link show vt-term0 >/dev/null 2>&1; then
	fail "TAP interfaces removed" "vt-term0 still exists"
else pass "TAP interfaces removed"; fi

# The default config, as `make run` starts it (own file prefix, to run beside others).
if ip link show vsw-tap0 >/dev/null 2>&1; then
	fail "default config starts" "vsw-tap0 exists already: is a vswd running?"
else
	start_vswd "$VSW_TOP/config/default.yaml" --file-prefix vswtest-def
	check "default config: TAP vsw-tap0 appears" ip link show vsw-tap0
	check "default config: TAP vsw-tap1 appears" ip link show vsw-tap1
	check_eq "default config: the taps are cross-connected" \
		"$(vswctl --json ports | json_get "sorted(d)")" "['tap0', 'tap1']"
	rc=0
	stop_vswd INT || rc=$?
	check_eq "default config: Ctrl-C exits 0" "$rc" 0
	check_eq "default config: no hugepage files left" "$(hugepage_files vswtest-def)" 0
fi
finish
