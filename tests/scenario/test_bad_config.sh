#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Bad configs are refused before any port is touched: vswd prints FILE:LINE:COLUMN and what
# was expected, exits 2, and creates nothing (no TAP interface, no socket, no hugepage file).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# expect_error NAME WANT_PREFIX WANT_TEXT: run vswd on $T_TMP/bad.yaml
expect_error() {
	local name=$1 want=$2 text=$3 out rc=0
	out=$("$VSWD" -c "$T_TMP/bad.yaml" 2>&1) || rc=$?
	if [ "$rc" -ne 2 ]; then
		fail "$name" "exit status $rc, want 2; output: $(tail -3 <<<"$out")"
	elif ! grep -qF -- "$T_TMP/bad.yaml:$want: " <<<"$out"; then
		fail "$name" "no '$T_TMP/bad.yaml:$want: ' in: $out"
	elif ! grep -qF -- "$text" <<<"$out"; then
		fail "$name" "no '$text' in: $out"
	elif ip link show vt-bad0 >/dev/null 2>&1; then
		fail "$name" "a TAP interface was created"
	else
		pass "$name"
	fi
}

HEAD='eal:
  file_prefix: vswtest-bad
  args: ["--no-pci", "--no-huge", "-m", "256", "--no-shconf"]
workers:
  lcores: [1]'

cat >"$T_TMP/bad.yaml" <<YAML
$HEAD
ports:
  - name: a
    kind: tap
    iface: vt-bad0
    colour: blue
YAML
expect_error "unknown key" 10:5 "unknown key 'colour'"

cat >"$T_TMP/bad.yaml" <<YAML
$HEAD
ports:
  - name: a
    kind: tap
    iface: vt-bad0
    rx_queues: many
YAML
expect_error "wrong type" 10:16 "rx_queues"

cat >"$T_TMP/bad.yaml" <<YAML
$HEAD
ports:
  - {name: a, kind: tap, iface: vt-bad0}
  - {name: a, kind: tap, iface: vt-bad1}
YAML
expect_error "duplicate port name" 8:12 "duplicate port name 'a'"

cat >"$T_TMP/bad.yaml" <<YAML
$HEAD
ports:
  - {name: a, kind: tap, iface: vt-bad0}
  - {name: b, kind: tap, iface: vt-bad1}
xconnect:
  - [a, c]
YAML
expect_error "unknown port in xconnect" 10:9 "unknown port 'c'"

cat >"$T_TMP/bad.yaml" <<YAML
$HEAD
ports:
  - {name: a, kind: tap, iface: vt-bad0}
  - name: nic
    kind: dpdk
    devargs: "net_nosuchdriver0,x=1"
xconnect:
  - [a, nic]
YAML
expect_error "bad devargs (unknown driver)" 10:14 "net_nosuchdriver0"

cat >"$T_TMP/bad.yaml" <<YAML
$HEAD
ports:
  - {name: a, kind: tap, iface: vt-bad0}
  - name: nic
    kind: dpdk
    devargs: "net_null0,no_such_arg=1"
YAML
expect_error "bad devargs (driver refuses its arguments)" 10:14 "cannot probe"

cat >"$T_TMP/bad.yaml" <<YAML
$HEAD
ports: [
YAML
expect_error "YAML syntax error" 7:1 "did not find expected node content"

cat >"$T_TMP/bad.yaml" <<YAML
eal:
  file_prefix: vswtest-bad
  args: ["--no-pci", "--no-huge", "-m", "64", "--no-shconf", "--lcores", "0@0"]
workers:
  lcores: [1]
ports:
  - {name: a, kind: tap, iface: vt-bad0}
YAML
expect_error "worker lcore not enabled in EAL" 5:11 "worker lcore 1"

out=$("$VSWD" -c "$T_TMP/missing.yaml" 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 2 ] && grep -q "missing.yaml: No such file" <<<"$out"; then
	pass "missing file"; else fail "missing file" "rc $rc: $out"; fi

check_eq "no hugepage files left" "$(hugepage_files vswtest-bad)" 0
finish
