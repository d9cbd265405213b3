# SPDX-License-Identifier: BSD-3-Clause
# Shared helpers for scenario tests: source it, then call the functions.
#
# Conventions: each check prints "PASS <name>" or "FAIL <name>: <why>" (tests/run.sh counts
# those lines); every namespace, process and file a test makes is removed by cleanup, which
# runs on exit whatever happens. Namespaces, interfaces and file prefixes start with the
# test's own tag so tests never collide with each other or with a vswd started by `make run`.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VSW_TOP=${VSW_TOP:-$(cd "$here/../.." && pwd)}
VSWD=${VSWD:-$VSW_TOP/build/app/vswd}
VSWCTL=${VSWCTL:-$VSW_TOP/tools/vswctl}
PY=/usr/bin/python3 # Debian's interpreter, which has scapy

T_TMP=$(mktemp -d /tmp/vsw-scenario.XXXXXX)
T_NS=()
T_PIDS=()
T_FAILED=0
VSWD_PID=
VSWD_PREFIX=
VSWD_LOG=

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: ${*:2}"
	T_FAILED=1
}
# check NAME CMD...: PASS if the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "command failed: $*"; fi
}
# check_eq NAME GOT WANT
check_eq() {
	if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

log() { echo "# $*"; }

ns_add() { # ns_add NAME: a namespace with lo up and IPv6 off (no stray ND/MLD traffic)
	ip netns add "$1"
	T_NS+=("$1")
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# ns_take_iface NS IFACE ADDR/LEN: move a (TAP) interface into a namespace and address it.
ns_take_iface() {
	local ns=$1 ifc=$2 addr=${3:-}
	local i
	for i in $(seq 100); do
		ip link show "$ifc" >/dev/null 2>&1 && break
		sleep 0.05
	done
	ip link set "$ifc" netns "$ns"
	ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifc.disable_ipv6=1" 2>/dev/null || true
	[ -n "$addr" ] && ip -n "$ns" addr add "$addr" dev "$ifc"
	ip -n "$ns" link set "$ifc" up
}

# Kernel counter of an interface in a namespace: if_stat NS IFACE rx_packets
if_stat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }

bg() { # run in the background, remembered for cleanup
	"$@" &
	T_PIDS+=($!)
}

# start_vswd CONFIG [EAL args...]: start vswd and wait until its telemetry answers.
start_vswd() {
	local cfg=$1
	shift
	VSWD_PREFIX=$(sed -n 's/^ *file_prefix: *//p' "$cfg" | head -1)
	local a prev=
	for a in "$@"; do # an EAL override after "--" wins
		[ "$prev" == --file-prefix ] && VSWD_PREFIX=$a
		prev=$a
	done
	VSWD_LOG=$T_TMP/vswd-$VSWD_PREFIX.log
	if [ $# -gt 0 ]; then
		"$VSWD" -c "$cfg" -- "$@" >"$VSWD_LOG" 2>&1 &
	else
		"$VSWD" -c "$cfg" >"$VSWD_LOG" 2>&1 &
	fi
	VSWD_PID=$!
	local i
	for i in $(seq 200); do
		if ! kill -0 "$VSWD_PID" 2>/dev/null; then
			echo "vswd exited during start-up:"
			cat "$VSWD_LOG"
			VSWD_PID=
			return 1
		fi
		if grep -q '^vswd .*telemetry' "$VSWD_LOG" &&
			"$VSWCTL" --prefix "$VSWD_PREFIX" version >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	echo "vswd did not answer telemetry in 20 s"
	return 1
}

# stop_vswd [SIGNAL]: stop vswd, wait, and return its exit status.
stop_vswd() {
	local sig=${1:-INT} rc=0 i
	[ -n "$VSWD_PID" ] || return 0
	kill "-$sig" "$VSWD_PID" 2>/dev/null || true
	for i in $(seq 200); do
		kill -0 "$VSWD_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$VSWD_PID" 2>/dev/null; then
		echo "vswd did not stop in 20 s after SIG$sig"
		kill -KILL "$VSWD_PID"
	fi
	wait "$VSWD_PID" || rc=$?
	VSWD_PID=
	return "$rc"
}

vswctl() { "$VSWCTL" --prefix "$VSWD_PREFIX" "$@"; }

# jq-like: json_get 'EXPR' < json  (EXPR is Python over d)
json_get() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# port_stat PORT FIELD: one counter of a vswd port
port_stat() { vswctl --json stats "$1" | json_get "d['$1']['$2']"; }

hugepage_files() { ls /dev/hugepages/ 2>/dev/null | grep -c "^${1}map_" || true; }

cleanup() {
	local p ns
	set +e
	[ -n "$VSWD_PID" ] && stop_vswd KILL >/dev/null 2>&1
	for p in "${T_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	for p in "${T_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	for ns in "${T_NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	[ -n "$VSWD_PREFIX" ] && rm -rf /dev/hugepages/"${VSWD_PREFIX}"map_* "/var/run/dpdk/$VSWD_PREFIX"
	rm -rf "$T_TMP"
}
trap cleanup EXIT

finish() { # the test's last line
	exit "$T_FAILED"
}
