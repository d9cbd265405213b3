#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The TRex kit (tools/trex, docs/trex.md) without TRex: the shipped vswd gateway configs
# validate (vswd --check), a broken copy does not, the configs agree with trex_cfg.yaml, and
# the STL profiles build the frames scenario 12 wants (trex_kit.py, with a stub of TRex's
# trex_stl_lib.api and scapy). No DPDK process is started.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

for cfg in vswd-gateway.yaml vswd-gateway-static.yaml; do
	if out=$("$VSWD" --check "$VSW_TOP/tools/trex/$cfg" 2>&1); then
		pass "vswd --check tools/trex/$cfg"
	else
		fail "vswd --check tools/trex/$cfg" "$out"
	fi
done
# The check mode does check: a route via an address no interface reaches is refused.
sed 's|via: 10.10.1.2|via: 10.99.1.2|' "$VSW_TOP/tools/trex/vswd-gateway.yaml" >"$T_TMP/bad.yaml"
if "$VSWD" --check "$T_TMP/bad.yaml" >"$T_TMP/bad.out" 2>&1; then
	fail "vswd --check refuses a route via an unreachable gateway" "$(cat "$T_TMP/bad.out")"
else
	pass "vswd --check refuses a route via an unreachable gateway"
fi
"$PY" "$here/trex_kit.py" || T_FAILED=1
finish
