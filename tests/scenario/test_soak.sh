#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The soak of issue 13 for a minute: tools/soak --duration 60, a reload every 15 s. Bridged,
# routed and NATed traffic with UDP and TCP sessions opening and expiring, reloads and API
# route changes; then the books: every port's counters against its host's kernel, rx = tx +
# drops over the steady phase, mbufs back at the baseline, FDB, neighbours and sessions
# bounded, RSS flat, nothing lost. tools/soak prints the PASS and FAIL lines counted here;
# `tools/soak --duration 600` is the long run (docs/robustness.md).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

"$PY" "$VSW_TOP/tools/soak" --duration 60 --reload-every 15 --vswd "$VSWD" \
	--json "$T_TMP/soak.json" || T_FAILED=1
finish
