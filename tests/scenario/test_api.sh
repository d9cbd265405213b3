#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The control API (docs/api.md) through vswctl and a raw client: status and the config
# generation, reload of the running file (vswctl and SIGHUP), reloads that must be refused
# (syntax error, unknown key, restart-only keys, devargs the EAL refuses) with
# FILE:LINE:COLUMN while traffic keeps flowing and the generation stays, fdb flush, bad
# messages; the runtime group (runtime.group, gid 4242 here): directory and sockets readable
# by it, a member may query but not act, others cannot connect; log levels changed by a
# reload (a debug message only while configured); and `vswd --check FILE`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/t.yaml" <<YAML
eal:
  file_prefix: vswtest-api
  args: ["--no-pci", "--lcores", "0@0,1@1,2@1"] # lcore 2: enabled, so a move to it is valid
workers:
  lcores: [1]
ports:
  - {name: a, kind: tap, iface: vt-api0}
  - {name: b, kind: tap, iface: vt-api1}
bridges:
  - {name: br, ports: [a, b]}
runtime:
  group: 4242
YAML
cfg=$T_TMP/t.yaml

check "vswd --check FILE" "$VSWD" --check "$cfg"
check "vswd -c FILE --check" "$VSWD" -c "$cfg" --check

ns_add vt-api-a
ns_add vt-api-b
start_vswd "$cfg"
ns_take_iface vt-api-a vt-api0 192.0.2.1/24
ns_take_iface vt-api-b vt-api1 192.0.2.2/24
ping_ok() { ip netns exec vt-api-a ping -q -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null; }
gen() { vswctl --json status | json_get "d['config_gen']"; }

check "ping through the bridge" ping_ok
check_eq "status: generation 1 after start-up" "$(gen)" 1
check_eq "status: the config file" "$(vswctl --json status | json_get "d['config']")" "$cfg"
vswctl status | grep -q "generation 1" && pass "vswctl status prints the generation" ||
	fail "vswctl status prints the generation" "$(vswctl status)"
check_eq "telemetry /vsw/status: generation 1" \
	"$(vswctl call /vsw/status | json_get "d['config_gen']")" 1

# The runtime group: the directory and the API socket are the owner's and readable by the
# group (the socket writable, to connect); the same for EAL's directory and its telemetry
# socket; EAL's multi-process socket (dpdk-dumpcap) stays the owner's.
rundir=/run/vsw/vswtest-api
eal=/var/run/dpdk/vswtest-api
check_eq "API socket: 660, group 4242" "$(stat -c '%a %g' "$rundir/vswd.sock")" "660 4242"
check_eq "runtime directory: 750, group 4242" "$(stat -c '%a %g' "$rundir")" "750 4242"
check "API socket is a socket" test -S "$rundir/vswd.sock"
check_eq "EAL's directory: 750, group 4242" "$(stat -c '%a %g' "$eal")" "750 4242"
check_eq "telemetry socket: 660, group 4242" \
	"$(stat -c '%a %g' "$eal/dpdk_telemetry.v2")" "660 4242"
check_eq "multi-process socket: owner only" "$(stat -c '%a %g' "$eal/mp_socket")" "600 0"
member() { setpriv --reuid=4243 --regid=4242 --clear-groups "$VSWCTL" --prefix vswtest-api "$@"; }
stranger() { setpriv --reuid=4244 --regid=4244 --clear-groups "$VSWCTL" --prefix vswtest-api "$@"; }
check_eq "group member: vswctl status (API query)" \
	"$(member --json status 2>&1 | json_get "d['config_gen']")" 1
check_eq "group member: vswctl ports (telemetry)" \
	"$(member --json ports 2>&1 | json_get "sorted(d)")" "['a', 'b']"
out=$(member reload 2>&1) && fail "group member: reload refused" "$out" ||
	check_eq "group member: reload refused" "$out" \
		"vswctl: reload: only vswd's user may do this (this client may query only)"
check_eq "generation unchanged" "$(gen)" 1
out=$(stranger status 2>&1) && fail "other user: no access" "$out" ||
	check "other user: permission denied" grep -q "permission denied" <<<"$out"
out=$(stranger ports 2>&1) && fail "other user: no telemetry" "$out" ||
	check "other user: telemetry permission denied" grep -q "permission denied" <<<"$out"

# Reload of the same file: success, +1.
out=$(vswctl reload 2>&1) && pass "vswctl reload (running file) succeeds" ||
	fail "vswctl reload (running file) succeeds" "$out"
check_eq "reload: generation 2" "$(gen)" 2
out=$(vswctl reload "$cfg" 2>&1) && pass "vswctl reload FILE succeeds" ||
	fail "vswctl reload FILE succeeds" "$out"
check_eq "reload FILE: generation 3" "$(gen)" 3
kill -HUP "$VSWD_PID"
for _ in $(seq 50); do [ "$(gen)" == 4 ] && break; sleep 0.1; done
check_eq "SIGHUP: generation 4" "$(gen)" 4
grep -q "SIGHUP: reloaded" "$VSWD_LOG" && pass "SIGHUP is logged" ||
	fail "SIGHUP is logged" "$(tail -3 "$VSWD_LOG")"
check "ping after good reloads" ping_ok

# Refused reloads: non-zero, FILE:LINE:COLUMN, nothing changes, traffic keeps flowing.
refused() { # refused NAME FILE WANT_LINE:COL [GREP]
	local name=$1 f=$2 want=$3 pat=${4:-} out rc=0
	out=$(vswctl reload "$f" 2>&1) || rc=$?
	log "$name: $out"
	if [ "$rc" == 0 ]; then
		fail "$name: refused" "vswctl reload succeeded"
	elif ! grep -q "^vswctl: $f:$want: " <<<"$out"; then
		fail "$name: refused at $f:$want" "$out"
	elif [ -n "$pat" ] && ! grep -q "$pat" <<<"$out"; then
		fail "$name: message says '$pat'" "$out"
	else
		pass "$name: refused at FILE:$want"
	fi
	check_eq "$name: generation unchanged" "$(gen)" 4
	check "$name: ping still works" ping_ok
}
sed 's/^workers:$/workers: [/' "$cfg" >"$T_TMP/syntax.yaml"
refused "syntax error" "$T_TMP/syntax.yaml" "6:1"
sed 's/^  lcores: \[1\]$/  lcores: [1]\n  colour: blue/' "$cfg" >"$T_TMP/unknown.yaml"
refused "unknown key" "$T_TMP/unknown.yaml" "6:3" "colour"
sed 's/file_prefix: vswtest-api/file_prefix: vswtest-other/' "$cfg" >"$T_TMP/prefix.yaml"
refused "eal.file_prefix changed" "$T_TMP/prefix.yaml" "2:16" "needs a restart"
sed 's/lcores: \[1\]/lcores: [2]/' "$cfg" >"$T_TMP/lcores.yaml"
refused "workers.lcores changed" "$T_TMP/lcores.yaml" "5:11" "workers.lcores"
sed 's/^  lcores: \[1\]$/  lcores: [1]\n  mbufs: 4095/' "$cfg" >"$T_TMP/mbufs.yaml"
refused "workers.mbufs changed" "$T_TMP/mbufs.yaml" "6:10" "workers.mbufs"
{ cat "$cfg"; printf 'fdb:\n  size: 4096\n'; } >"$T_TMP/fdbsize.yaml"
refused "fdb.size changed" "$T_TMP/fdbsize.yaml" "14:9" "fdb.size"
sed 's/^ports:$/ports:\n  - {name: c, kind: dpdk, devargs: "net_nosuchdriver0"}/' "$cfg" \
	>"$T_TMP/devargs.yaml"
refused "devargs the EAL refuses" "$T_TMP/devargs.yaml" "7:36" "net_nosuchdriver0"
check_eq "status: still the original file" "$(vswctl --json status | json_get "d['config']")" \
	"$cfg"

# A bridge change applies live, and the bridge keeps what it learned.
ping_ok
n0=$(vswctl --json bridges | json_get "d['br']['learned']")
sed 's/{name: br, ports: \[a, b\]}/{name: br, ports: [a, b], aging_s: 5}/' "$cfg" \
	>"$T_TMP/live.yaml"
out=$(vswctl reload "$T_TMP/live.yaml" 2>&1) && pass "a bridge change reloads" ||
	fail "a bridge change reloads" "$out"
check_eq "the bridge's new aging_s is running" \
	"$(vswctl --json bridges | json_get "d['br']['aging_s']")" 5
check_eq "it kept its learned entries" "$(vswctl --json bridges | json_get "d['br']['learned']")" "$n0"
check_eq "generation 5" "$(gen)" 5
vswctl reload "$cfg" >/dev/null

# fdb flush through the API; telemetry no longer writes.
learned() { vswctl --json bridges | json_get "d['br']['learned']"; }
ping_ok
n=$(learned)
check "bridge learned the two hosts" test "$n" -ge 2
out=$(vswctl fdb flush br) && pass "vswctl fdb flush br" || fail "vswctl fdb flush br" "$out"
check_eq "fdb flush: reports what it flushed" "$out" "br: $n learned entries flushed"
check_eq "fdb flush: nothing learned left" "$(learned)" 0
check_eq "fdb flush --json" "$(vswctl --json fdb flush br | json_get "d['flushed']")" 0
rc=0
out=$(vswctl fdb flush nosuch 2>&1) || rc=$?
check_eq "fdb flush of an unknown bridge: exit 1" "$rc" 1
check_eq "fdb flush of an unknown bridge: message" "$out" "vswctl: no such bridge: nosuch"
rc=0
vswctl call /vsw/fdb/flush,br >/dev/null 2>&1 || rc=$?
check_eq "telemetry /vsw/fdb/flush is gone" "$rc" 1


# A raw client: unknown type, wrong size, oversized; vswd keeps serving.
raw=$("$PY" - "$rundir/vswd.sock" <<'PY'
import socket, struct, sys
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(5); s.connect(sys.argv[1]); return s
def resp(s):
    h = b""
    while len(h) < 12:
        c = s.recv(12 - len(h))
        if not c: return None
        h += c
    n, rid, st = struct.unpack("=IIi", h)
    d = b""
    while len(d) < n: d += s.recv(n - len(d))
    return rid, st
s = conn()
s.sendall(struct.pack("=III", 0, 77 << 16 | 1, 5)); print(*resp(s))
s.sendall(struct.pack("=III", 3, 1 << 16 | 1, 6) + b"abc"); print(*resp(s))
s.sendall(struct.pack("=III", 0, 1 << 16 | 1, 7)[:6]); s.close()  # gone mid-header
s = conn()
s.sendall(struct.pack("=III", 1 << 20, 1 << 16 | 1, 8)); print(*resp(s)); print(resp(s))
s = conn()
s.sendall(struct.pack("=III", 0, 1 << 16 | 1, 9)); print(*resp(s))
PY
)
check_eq "raw: unknown type, wrong size, oversized (then closed), still serving" \
	"$(tr '\n' ' ' <<<"$raw")" "5 -95 6 -22 8 -90 None 9 0 "

# Log levels (config log): a component's debug messages only while configured for it, the
# reload's (vsw.main) and an API route change's (vsw.l3).
reloads_logged() { grep -c "^vswd: reload of $1: applied" "$VSWD_LOG" || true; }
routes_logged() { grep -c "^vsw.l3: API: route add of 1 IPv4 routes" "$VSWD_LOG" || true; }
route_add() { vswctl route add "$1" blackhole >/dev/null 2>&1 || true; }
route_add 198.51.100.0/25
check_eq "info (default): no debug message" "$(reloads_logged "$cfg") $(routes_logged)" "0 0"
cp "$cfg" "$T_TMP/debug.yaml"
printf 'log:\n  level: info\n  components: {l3: debug}\n' >>"$T_TMP/debug.yaml"
vswctl reload "$T_TMP/debug.yaml" >/dev/null
check_eq "l3 debug: still no main debug message" "$(reloads_logged "$T_TMP/debug.yaml")" 0
route_add 198.51.100.128/25
check_eq "l3 debug: the API route change is logged" "$(routes_logged)" 1
sed -i 's/{l3: debug}/{main: debug}/' "$T_TMP/debug.yaml"
vswctl reload "$T_TMP/debug.yaml" >/dev/null
check_eq "main debug: the reload is logged" "$(reloads_logged "$T_TMP/debug.yaml")" 1
route_add 203.0.113.0/24
check_eq "main debug, l3 info: the route change is not" "$(routes_logged)" 1
vswctl reload "$T_TMP/debug.yaml" >/dev/null
check_eq "main debug: every reload" "$(reloads_logged "$T_TMP/debug.yaml")" 2
vswctl reload "$cfg" >/dev/null
vswctl reload "$cfg" >/dev/null
check_eq "back to info by reload: no more debug messages" \
	"$(reloads_logged "$cfg") $(reloads_logged "$T_TMP/debug.yaml")" "0 2"
grep -E "^(vswd: reload of|vsw.l3: )" "$VSWD_LOG" | sed 's/^/# /'

rc=0
stop_vswd TERM || rc=$?
check_eq "SIGTERM exits 0" "$rc" 0
check "API socket, pid file and runtime directory removed on exit" test ! -e "$rundir"
finish
