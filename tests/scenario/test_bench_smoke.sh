#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A smoke test of the benchmark kit, no figure asserted (a benchmark is not a timed test):
# each tools/bench profile at a tiny size for a second — the PVP loop (xconnect, l2), the
# replay harness (l2-N, routed-N, routed-N-rulesR, snat-N, vxlan-encap-N, vxlan-decap-N) with
# testpmd-io, OVS-DPDK (not for VXLAN) and vswd in turn — and a two-trial tools/ndr search of
# each of its profiles. Each must finish, and
# its --json must hold a positive rate for every switch it measured and the fields
# docs/benchmarks.md describes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BENCH="$VSW_TOP/tools/bench"
NDR="$VSW_TOP/tools/ndr"
BUILD=$(dirname "$(dirname "$VSWD")")
QUICK=(--duration 1 --warmup 0.5 --runs 1 --json)

# run NAME JSON-OUT CMD...: the command succeeds and prints JSON.
run() {
	local name=$1 out=$2
	shift 2
	if "$@" >"$out" 2>"$out.err" && "$PY" -c 'import json, sys; json.load(open(sys.argv[1]))' "$out"; then
		pass "$name runs"
		return 0
	fi
	fail "$name runs" "exit or JSON; stderr: $(tail -15 "$out.err")"
	return 1
}

# jcheck NAME JSON PYTHON-EXPRESSION (over d, the document): PASS if true.
jcheck() {
	local got
	got=$("$PY" -c "import json, sys; d = json.load(open(sys.argv[1])); print(bool($3))" "$2" 2>&1)
	check_eq "$1" "$got" True
}

for prof in xconnect l2; do
	if run "tools/bench --profile $prof" "$T_TMP/pvp-$prof.json" \
		"$BENCH" --vswd "$VSWD" --profile "$prof" --macs 16 "${QUICK[@]}"; then
		jcheck "tools/bench --profile $prof: vswd and testpmd-io rates" "$T_TMP/pvp-$prof.json" \
			'd["runs"][0]["vswd"]["mpps"] > 0 and d["runs"][0]["testpmd-io"]["mpps"] > 0 and "ratio_pct" in d["median"]'
	fi
done

out="$T_TMP/replay.json"
if run "tools/bench --replay l2-16,routed-4,routed-4-rules4,snat-8 (with OVS)" "$out" \
	"$BENCH" --vswd "$VSWD" --replay l2-16,routed-4,routed-4-rules4,snat-8 --pcap-cache "$T_TMP/pcaps" \
	--ovs-settle 10 "${QUICK[@]}"; then
	for i in 0 1 2 3; do
		p=$("$PY" -c "import json, sys; print(json.load(open(sys.argv[1]))['replay'][$i]['profile'])" "$out")
		jcheck "replay $p: testpmd-io and vswd measured" "$out" \
			"all(d['replay'][$i]['runs'][0][k]['mpps'] > 0 for k in ('testpmd-io', 'vswd'))"
		jcheck "replay $p: ratio, cycles/packet and vswd's nodes" "$out" \
			"all(d['replay'][$i]['median'][k] is not None for k in ('ratio_pct', 'testpmd_io_cycles_per_packet', 'vswd_cycles_per_packet', 'path_cycles_per_packet')) and d['replay'][$i]['median']['path_nodes']"
	done
	# OVS has no policy rules to compare: it runs the profiles without -rulesR only.
	for i in 0 1 3; do
		p=$("$PY" -c "import json, sys; print(json.load(open(sys.argv[1]))['replay'][$i]['profile'])" "$out")
		jcheck "replay $p: OVS-DPDK measured, vswd/OVS and its cycles/packet" "$out" \
			"d['replay'][$i]['runs'][0]['ovs-dpdk']['mpps'] > 0 and d['replay'][$i]['median']['vswd_over_ovs'] and d['replay'][$i]['median']['ovs_cycles_per_packet']"
		jcheck "replay $p: OVS's flow cache state reported" "$out" \
			"d['replay'][$i]['runs'][0]['ovs-dpdk']['flow_cache_settled'] in (True, False) and 'classified' in d['replay'][$i]['runs'][0]['ovs-dpdk']"
	done
	jcheck "replay routed-4-rules4: OVS not measured" "$out" "'ovs-dpdk' not in d['replay'][2]['runs'][0]"
	jcheck "replay snat-8: vswd made its 8 NAT sessions and sent what it received" "$out" \
		"d['replay'][3]['runs'][0]['vswd']['nat_sessions'] >= 8 and d['replay'][3]['runs'][0]['vswd']['tx_mpps'] > 0"
	# OVS was stopped and its private directory and DPDK files are gone.
	check_eq "no ovs-vswitchd left running" "$(pgrep -f 'ovs-vswitchd-dpdk unix:/tmp/vsw-bench' | wc -l)" 0
	check_eq "OVS's bridge TAP removed" "$(ip -o link show vswb-ovs 2>/dev/null | wc -l)" 0
fi

# VXLAN: both directions through a tunnel; OVS is not run for them (no tunnel port set up).
out="$T_TMP/replay-vxlan.json"
if run "tools/bench --replay vxlan-encap-8,vxlan-decap-8" "$out" \
	"$BENCH" --vswd "$VSWD" --replay vxlan-encap-8,vxlan-decap-8 --pcap-cache "$T_TMP/pcaps" \
	"${QUICK[@]}"; then
	for i in 0 1; do
		p=$("$PY" -c "import json, sys; print(json.load(open(sys.argv[1]))['replay'][$i]['profile'])" "$out")
		node=vxlan_${p:6:5}
		jcheck "replay $p: testpmd-io and vswd measured, vswd sent what it received" "$out" \
			"all(d['replay'][$i]['runs'][0][k]['mpps'] > 0 for k in ('testpmd-io', 'vswd')) and d['replay'][$i]['runs'][0]['vswd']['tx_mpps'] > 0"
		jcheck "replay $p: the bridge learned the 16 hosts, $node among the path's nodes" "$out" \
			"d['replay'][$i]['runs'][0]['vswd']['fdb_learned'] >= 16 and d['replay'][$i]['median']['path_nodes'].get('$node', 0) > 0"
	done
fi

out="$T_TMP/ndr.json"
if run "tools/ndr --profile l2-16,routed-4" "$out" \
	"$NDR" --profile l2-16,routed-4 --gen "$BUILD/tools/vsw-ndr-gen" --vswd "$VSWD" \
	--trial 0.5 --max-trials 2 --min-mpps 0.01 --max-mpps 0.05 --json; then
	jcheck "tools/ndr: one or two trials per profile, each with its loss" "$out" \
		"all(1 <= len(p['trials']) <= 2 and all('loss_pct' in t and t['offered'] > 0 for t in p['trials']) for p in d['profiles'])"
	jcheck "tools/ndr: NDR and PDR reported (or null)" "$out" \
		"all('ndr' in p and 'pdr' in p and 'disturbed' in p for p in d['profiles'])"
fi
finish
