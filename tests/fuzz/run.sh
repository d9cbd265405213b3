#!/bin/bash
# Run the libFuzzer targets of a fuzz build for a while each; print "PASS fuzz_X: ..." or
# "FAIL fuzz_X: ..." per target (the format tests/run.sh counts) and exit 1 if any failed.
#
# Each target starts from its seeds in tests/fuzz/corpus/<target>/ (read only: regression
# inputs live there too) plus what earlier runs found, kept in FUZZ_BUILD/corpus/<target>/.
# A crash, a leak, a sanitizer report, a broken promise (abort), an input that runs over
# 10 s or memory over 2 GiB is a failure; the input is kept in FUZZ_BUILD/findings/.
#
# Usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS_PER_TARGET [TARGET...]
#   (targets: config config_diff api datapath; default all)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(config config_diff api datapath)

# Leaks are checked after every input; every sanitizer report stops the run.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unset LSAN_OPTIONS

declare -A dict=([config]=config.dict [config_diff]=config.dict)
rc=0
for t in "${targets[@]}"; do
	bin=$build/tests/fuzz/fuzz_$t
	corpus=$build/corpus/$t
	findings=$build/findings
	log=$build/findings/fuzz_$t.log
	mkdir -p "$corpus" "$findings"
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz_$t: $bin not built (ninja -C $build fuzz)"
		rc=1
		continue
	fi
	opts=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
	      -artifact_prefix="$findings/$t-")
	[ -n "${dict[$t]:-}" ] && opts+=(-dict="$here/${dict[$t]}")
	"$bin" "${opts[@]}" "$corpus" "$here/corpus/$t" >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
	if [ "$status" -eq 0 ]; then
		echo "PASS fuzz_$t: ${runs:-?} runs in ${seconds} s ($cov), no finding"
		continue
	fi
	rc=1
	artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
	what=$(grep -m1 -E 'broken promise|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error' "$log")
	echo "FAIL fuzz_$t: ${what:-exit $status}"
	echo "   input: ${artifact:-none}; replay: $bin ${artifact:-INPUT}; log: $log"
done
exit $rc
