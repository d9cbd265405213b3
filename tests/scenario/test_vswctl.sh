#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# tools/vswctl against a real vswd: two TAP ports joined by a cross-connect, one worker.
# Checks that every command reaches the /vsw/... telemetry commands and that the replies
# have the shape scripts rely on (vswctl --json), that an unknown port is an error (exit 1),
# and that the plain tables name the ports.
#
# Needs root (TAP interfaces, hugepages). Uses its own file prefix and interface names, so it
# runs beside a vswd started with the default configuration.
#   VSWD=path/to/vswd VSWCTL=path/to/vswctl tests/scenario/test_vswctl.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
VSWD=${VSWD:-$here/../../build/app/vswd}
VSWCTL=${VSWCTL:-$here/../../tools/vswctl}
PREFIX=vswtest-ctl
IFACES=(vt-ctl0 vt-ctl1)
START_TIMEOUT_S=20
STOP_TIMEOUT_S=10

tmp=
pid=

fail() {
	echo "FAIL test_vswctl: $*" >&2
	if [ -n "$tmp" ] && [ -s "$tmp/vswd.log" ]; then
		echo "--- vswd output (last 20 lines) ---" >&2
		tail -n 20 "$tmp/vswd.log" >&2
	fi
	exit 1
}

# Stop vswd with SIGINT, as an operator would, and wait for it to exit.
# Returns non-zero if it had to be killed or exited with an error.
stop_vswd() {
	local i rc=0

	[ -n "$pid" ] || return 0
	kill -INT "$pid" 2>/dev/null || true
	for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "test_vswctl: vswd still running ${STOP_TIMEOUT_S} s after SIGINT, killing it" >&2
		kill -KILL "$pid" 2>/dev/null || true
		rc=1
	fi
	wait "$pid" 2>/dev/null || rc=$?
	pid=
	# EAL leaves its runtime directory behind; it is ours (our prefix), so tidy it.
	rm -rf "/var/run/dpdk/$PREFIX"
	return "$rc"
}

cleanup() {
	local rc=$?

	trap - EXIT
	stop_vswd || true
	[ -z "$tmp" ] || rm -rf "$tmp"
	exit "$rc"
}

vswctl() {
	"$VSWCTL" --prefix "$PREFIX" "$@"
}

# expect DESCRIPTION PYTHON_EXPR VSWCTL_ARGS...
# Runs `vswctl --json VSWCTL_ARGS` and evaluates PYTHON_EXPR with the reply bound to `d`.
expect() {
	local desc=$1 expr=$2 out rc=0

	shift 2
	out=$(vswctl --json "$@") || rc=$?
	[ "$rc" -eq 0 ] || fail "$desc: 'vswctl --json $*' exited $rc"
	/usr/bin/python3 -c '
import json, sys
try:
    d = json.loads(sys.stdin.read())
    ok = eval(sys.argv[1], {"d": d})
except Exception as e:
    print(f"{type(e).__name__}: {e}", file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
' "$expr" <<<"$out" || fail "$desc: 'vswctl --json $*' replied:
$out"
	echo "PASS vswctl: $desc"
}

[ "$(id -u)" -eq 0 ] || fail "must run as root (TAP interfaces, hugepages)"
[ -x "$VSWD" ] || fail "no vswd at $VSWD (build it: ninja -C build, or set VSWD)"
[ -x "$VSWCTL" ] || fail "no vswctl at $VSWCTL (or set VSWCTL)"
for i in "${IFACES[@]}"; do
	! ip link show "$i" >/dev/null 2>&1 ||
		fail "interface $i already exists: is another test_vswctl running?"
done
! vswctl version >/dev/null 2>&1 || fail "a vswd with file prefix $PREFIX is already running"

trap cleanup EXIT
trap 'exit 130' INT TERM
tmp=$(mktemp -d /tmp/test_vswctl.XXXXXX)

cat >"$tmp/vswd.yaml" <<EOF
eal:
  file_prefix: $PREFIX
  main_lcore: 0
  args: ["--no-pci", "--log-level=lib.eal:notice"]
workers:
  lcores: [1]
  idle_sleep_us: 200
  idle_threshold_us: 1000
ports:
  - name: p0
    kind: tap
    iface: ${IFACES[0]}
  - name: p1
    kind: tap
    iface: ${IFACES[1]}
xconnect:
  - [p0, p1]
EOF

"$VSWD" -c "$tmp/vswd.yaml" >"$tmp/vswd.log" 2>&1 &
pid=$!

# Ready when the telemetry socket answers; give up early if vswd died.
for ((i = 0; ; i++)); do
	vswctl version >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || {
		wait "$pid" && rc=0 || rc=$?
		pid=
		fail "vswd exited (status $rc) before its telemetry socket answered"
	}
	[ "$i" -lt $((START_TIMEOUT_S * 10)) ] ||
		fail "vswd telemetry did not answer within ${START_TIMEOUT_S} s"
	sleep 0.1
done

expect "version has a version" '"version" in d and "dpdk" in d' version
expect "ports lists p0 and p1, both tap" \
	'all(d[p]["kind"] == "tap" for p in ("p0", "p1"))' ports
expect "stats of p0 has every counter" \
	'set(d["p0"]) >= {"name", "rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "drops",
			  "rx_drops", "tx_drops"} and d["p0"]["name"] == "p0"' stats p0
expect "worker0 polls the queues of both ports" \
	'{"p0:0", "p1:0"} <= set(d["worker0"]["rx_queues"])' workers
expect "graph has node eth_input" '"eth_input" in d' graph
expect "graph has the port rx/tx clones (names with '-')" \
	'{"port_rx-p0-q0", "port_rx-p1-q0", "port_tx-p0", "port_tx-p1"} <= set(d)' graph
expect "drops has reason tx_full" '"tx_full" in d' drops
expect "port p0: per-queue counters add up to the port's, xstats, no vhost part" \
	'(len(d["rx_queue_packets"]) == 1 and len(d["tx_queue_packets"]) == 1 and
	  d["xstats"]["rx_q0_packets"] == d["rx_queue_packets"][0] and "vhost" not in d and
	  d["name"] == "p0")' port p0

rc=0
vswctl stats no-such-port >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || fail "vswctl stats no-such-port: want exit 1, got $rc"
grep -q "no-such-port" "$tmp/err" || fail "vswctl stats no-such-port: error does not name the port"
rc=0
vswctl port no-such-port >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || fail "vswctl port no-such-port: want exit 1, got $rc"
echo "PASS vswctl: unknown port is an error"

out=$(vswctl ports) || fail "vswctl ports exited $?"
for p in p0 p1; do
	grep -qw "$p" <<<"$out" || fail "vswctl ports does not show $p:
$out"
done
echo "PASS vswctl: ports table names p0 and p1"

sock=/var/run/dpdk/$PREFIX/dpdk_telemetry.v2
mode=$(stat -c %a "$sock")
[ "$mode" = 600 ] || fail "telemetry socket mode is $mode, want 600 (owner only)"
dmode=$(stat -c %a "/var/run/dpdk/$PREFIX")
[ "$dmode" = 700 ] || fail "runtime directory mode is $dmode, want 700"
echo "PASS vswctl: telemetry socket is owner-only ($mode, directory $dmode)"

rc=0
stop_vswd || rc=$?
[ "$rc" -eq 0 ] || fail "vswd did not stop cleanly on SIGINT (status $rc)"
