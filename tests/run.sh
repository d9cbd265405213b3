#!/bin/bash
# Run every test: the GoogleTest binaries, then the scenario scripts (root, network
# namespaces). Prints each result and ends with one line "N passed, N failed".
#
# Scenario scripts report each check as a line "PASS <name>" or "FAIL <name>: <why>"; a
# script that exits non-zero without a FAIL line counts as one failure.
# Usage: [ASAN_BUILD=DIR] [FUZZ_BUILD=DIR [FUZZ_TEST_TIME=S]] tests/run.sh [BUILD_DIR] [SCENARIO_GLOB]
# With a SCENARIO_GLOB only the matching scenario scripts run. ASAN_BUILD names a second
# build of the unit tests with -Db_sanitize=address,undefined (`make test` sets it); its
# tests count again, as "asan:test_*". FUZZ_BUILD names the libFuzzer build: each target
# runs FUZZ_TEST_TIME seconds (default 20) and counts as one test (tests/fuzz/run.sh).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
only=${2:-}
export VSWD="$build/app/vswd"
export VSWCTL="$top/tools/vswctl"
export VSW_TOP="$top"
logdir=$(mktemp -d /tmp/vsw-tests.XXXXXX)
passed=0
failed=0
failures=()

if [ "$(id -u)" -ne 0 ]; then
	echo "tests/run.sh: the scenario tests need root (namespaces, TAP, hugepages)" >&2
	exit 1
fi

count_gtest() { # $1 = json report
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p = f = 0
for s in r.get("testsuites", []):
    for t in s.get("testsuite", []):
        if t.get("result") != "COMPLETED" or t.get("status") != "RUN":
            continue
        if t.get("failures"):
            f += 1
            print(f"FAIL {s['name']}.{t['name']}")
        else:
            p += 1
print(f"{p} {f}")
PY
}

# run_gtests DIR LABEL: every DIR/tests/test_* binary, each test case counted.
run_gtests() {
	local dir=$1 label=$2 bin name json rc out res p f
	for bin in "$dir"/tests/test_*; do
		[ -f "$bin" ] && [ -x "$bin" ] || continue
		name=$label$(basename "$bin")
		json="$logdir/$name.json"
		echo "== $name"
		timeout 600 "$bin" --gtest_output="json:$json" >"$logdir/$name.log" 2>&1
		rc=$?
		if [ ! -s "$json" ]; then
			echo "FAIL $name: crashed or timed out (rc $rc); see $logdir/$name.log"
			tail -20 "$logdir/$name.log"
			failed=$((failed + 1))
			failures+=("$name")
			continue
		fi
		out=$(count_gtest "$json")
		res=$(tail -n1 <<<"$out")
		grep '^FAIL' <<<"$out" && grep -A5 -E '^\[  FAILED  \]|Failure' "$logdir/$name.log" | head -60
		p=${res% *}
		f=${res#* }
		echo "   $p passed, $f failed"
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$f" -eq 0 ] && [ "$rc" -ne 0 ]; then
			# Every case passed but the binary failed: a leak or a sanitizer report at exit.
			echo "   FAIL $name: exited $rc after its tests; see $logdir/$name.log"
			grep -m3 -E 'Sanitizer|runtime error' "$logdir/$name.log" | sed 's/^/   | /'
			failed=$((failed + 1))
			failures+=("$name rc=$rc")
		fi
		[ "$f" -ne 0 ] && failures+=("$name")
	done
}

# The sanitizer build (ASAN_BUILD, set by `make test`): the same unit tests under ASan+UBSan.
# Any report fails the binary: UBSan halts (built with -fno-sanitize-recover=all), and
# LeakSanitizer's report at exit makes the exit status non-zero. No suppressions: EAL in
# the tests (--no-huge --no-shconf, rte_eal_cleanup() at the end) leaks nothing LSan sees.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The fuzz targets (FUZZ_BUILD, set by `make test`), FUZZ_TEST_TIME seconds each; one test
# per target (tests/fuzz/run.sh prints its PASS or FAIL line). They run beside the unit
# tests (start_fuzz, then fuzz_results): a fuzz target is one process on one CPU, the unit
# tests mostly one at a time, and neither is timed, so on CI's two CPUs the fuzzing costs
# no wall time.
start_fuzz() {
	bash "$top/tests/fuzz/run.sh" "$FUZZ_BUILD" "${FUZZ_TEST_TIME:-20}" >"$logdir/fuzz.log" 2>&1
	echo $? >"$logdir/fuzz.rc"
}

fuzz_results() { # $1: the pid of start_fuzz
	local log="$logdir/fuzz.log" p f rc
	echo "== fuzz (${FUZZ_TEST_TIME:-20} s per target, beside the unit tests)"
	wait "$1"
	rc=$(cat "$logdir/fuzz.rc" 2>/dev/null || echo 1)
	sed 's/^/   /' "$log"
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1 # It could not even start.
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -ne 0 ] && failures+=("fuzz")
}

if [ -z "$only" ]; then
	fuzz_pid=
	if [ -n "${FUZZ_BUILD:-}" ]; then
		start_fuzz &
		fuzz_pid=$!
	fi
	run_gtests "$build" ""
	[ -n "${ASAN_BUILD:-}" ] && run_gtests "$(cd "$ASAN_BUILD" && pwd)" "asan:"
	[ -n "$fuzz_pid" ] && fuzz_results "$fuzz_pid"
fi

# A run killed midway (a CI timeout, a lost machine) leaves its namespaces and links behind,
# and the next run's `ip netns add` would fail on them. Every test namespace and every link a
# test makes in the root namespace is named vt-*: remove what an earlier run left.
sweep_stale() {
	local ns ifc
	for ns in $(ip netns list | awk '$1 ~ /^vt-/ {print $1}'); do
		echo "# removing namespace $ns left by an earlier run"
		ip netns del "$ns"
	done
	for ifc in $(ip -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | grep '^vt-'); do
		echo "# removing link $ifc left by an earlier run"
		ip link del "$ifc" 2>/dev/null
	done
}
sweep_stale

for script in "$top"/tests/scenario/test_*${only}*.sh; do
	[ -f "$script" ] || continue
	name=$(basename "$script" .sh)
	echo "== $name"
	log="$logdir/$name.log"
	start=$(date +%s)
	timeout -k 10 600 bash "$script" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	grep -E '^(PASS|FAIL) ' "$log" | sed 's/^/   /'
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "   FAIL $name: exited $rc without reporting a failure"
		f=1
	fi
	if [ "$f" -ne 0 ]; then
		echo "   --- last lines of $log:"
		tail -25 "$log" | sed 's/^/   | /'
		failures+=("$name")
	fi
	echo "   ($(( $(date +%s) - start )) s)"
	passed=$((passed + p))
	failed=$((failed + f))
done

echo
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]} (logs in $logdir)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
