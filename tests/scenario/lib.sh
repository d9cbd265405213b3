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
	for i in $(seq $((${VSWD_START_S:-20} * 10))); do # VSWD_START_S: a slow start's limit
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
	echo "vswd did not answer telemetry in ${VSWD_START_S:-20} s"
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
	[ -n "$VSWD_PREFIX" ] && rm -rf /dev/hugepages/"${VSWD_PREFIX}"map_* "/var/run/dpdk/$VSWD_PREFIX" \
		"/run/vsw/$VSWD_PREFIX"
	rm -rf "$T_TMP"
}
trap cleanup EXIT

# Between two rounds of one test (e.g. one worker, then two): stop what the round started
# in the background and remove its namespaces; vswd must already be stopped.
end_round() {
	local p ns
	for p in "${T_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	for p in "${T_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	for ns in "${T_NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	T_PIDS=()
	T_NS=()
}

finish() { # the test's last line
	exit "$T_FAILED"
}

# --- Raw frames (scapy) -----------------------------------------------------------------
# A frame agent is one scapy process in a namespace, started once per test (scapy takes
# seconds to import): it logs every frame received on its interfaces whose source or
# destination MAC starts with 02:00:00 (the test's own hosts; the kernel's chatter has other
# MACs) and sends the frames frame_send gives it. It logs what the wire carried: Linux moves
# a received VLAN tag out of the frame and scapy puts it back (with its TPID) from the
# packet's auxdata. Frames it sends itself are not logged.
#
#   frame_agent NAME NS IFACE...   start it (returns at once; frame_agents_ready waits)
#   frame_send NAME IFACE HEX [N]  send a frame N times (default 1), return when sent
#   frames_rx NAME IFACE [ERE]     hex of each frame received on IFACE that matches ERE
#   frames_count NAME IFACE [ERE]  how many there are
frame_agent() {
	local name=$1 ns=$2
	shift 2
	[ -f "$T_TMP/frame_agent.py" ] || cat >"$T_TMP/frame_agent.py" <<'PY'
import sys
from scapy.all import AsyncSniffer, conf

base, ifaces = sys.argv[1], sys.argv[2:]
rx = open(base + ".rx", "a", buffering=1)
ack = open(base + ".ack", "a", buffering=1)
socks = {conf.L2socket(iface=i): i for i in ifaces}  # L2socket skips its own frames
out = {i: s for s, i in socks.items()}
TEST = bytes.fromhex("020000")


def keep(p):
    b = p.original
    return b[0:3] == TEST or b[6:9] == TEST


AsyncSniffer(opened_socket=socks, store=False, lfilter=keep,
             prn=lambda p: rx.write(f"{p.sniffed_on} {p.original.hex()}\n"),
             started_callback=lambda: ack.write("ready\n")).start()
n = 0
while True:
    with open(base + ".cmd") as cmd:  # reopened after each writer
        for line in cmd:
            ifc, frame, count = line.split()
            for _ in range(int(count)):
                out[ifc].outs.send(bytes.fromhex(frame))
            n += 1
            ack.write(f"sent {n}\n")
PY
	mkfifo "$T_TMP/$name.cmd"
	: >"$T_TMP/$name.rx"
	: >"$T_TMP/$name.ack"
	ip netns exec "$ns" "$PY" "$T_TMP/frame_agent.py" "$T_TMP/$name" "$@" \
		>"$T_TMP/$name.log" 2>&1 &
	T_PIDS+=($!)
}

frame_agents_ready() { # frame_agents_ready NAME...: wait (20 s at most) for them to sniff
	local name _
	for name in "$@"; do
		for _ in $(seq 200); do
			grep -q '^ready' "$T_TMP/$name.ack" && break
			sleep 0.1
		done
		grep -q '^ready' "$T_TMP/$name.ack" || {
			echo "frame agent $name did not start: $(cat "$T_TMP/$name.log")"
			return 1
		}
	done
}

frame_send() {
	local name=$1 n _
	n=$(grep -c '^sent' "$T_TMP/$name.ack" || true)
	n=$((n + 1))
	timeout 10 sh -c 'echo "$1" >"$2"' - "$2 $3 ${4:-1}" "$T_TMP/$name.cmd" || {
		echo "frame agent $name is not reading: $(tail -3 "$T_TMP/$name.log")"
		return 1
	}
	for _ in $(seq 100); do
		grep -q "^sent $n\$" "$T_TMP/$name.ack" && return 0
		sleep 0.05
	done
	echo "frame agent $name did not send: $(tail -3 "$T_TMP/$name.log")"
	return 1
}

frames_rx() { sed -n "s/^$2 //p" "$T_TMP/$1.rx" | grep -E "${3:-.}" || true; }
frames_count() { frames_rx "$@" | wc -l; } # frames_count NAME IFACE [ERE]
