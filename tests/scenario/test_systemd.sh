#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The service (docs/operations.md, "Service"): `meson install` puts vswd, vswctl, the
# hugepage script, the units and /etc/vsw/vswd.yaml where the units say (into a DESTDIR);
# `systemd-analyze verify` passes on both units; and vswd, started as systemd starts a
# Type=notify service (NOTIFY_SOCKET set), sends READY=1 with its pid once it forwards and
# STOPPING=1 when stopped. systemd is not PID 1 here, so `systemctl start` is not tested.
# The runtime directory by default: /run/vsw/<prefix>, owner only, with the pid file (locked:
# a second vswd given the same directory stops), all removed at exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

build=$(cd "$(dirname "$VSWD")/.." && pwd)
root=$T_TMP/root
check "meson install into a DESTDIR" sh -c "meson install -C '$build' --destdir '$root' >'$T_TMP/install.log' 2>&1"
unit=$(find "$root" -name vswd.service | head -1)
check "vswd.service installed" test -n "$unit"
udir=$(dirname "$unit")
check "vsw-hugepages.service beside it" test -f "$udir/vsw-hugepages.service"
conf=$(sed -n 's/^ExecStart=[^ ]* -c //p' "$unit")
check_eq "the unit's config is /etc/vsw/vswd.yaml" "$conf" /etc/vsw/vswd.yaml
check "the default config installed there" cmp "$root$conf" "$VSW_TOP/config/default.yaml"
check "and it is valid" "$VSWD" --check "$root$conf"
check_eq "the unit has RuntimeDirectory=vsw" "$(sed -n 's/^RuntimeDirectory=//p' "$unit")" vsw
for exe in $(sed -n 's/^Exec[A-Za-z]*=\([^ ]*\).*/\1/p' "$unit" "$udir/vsw-hugepages.service"); do
	check "installed and executable: $exe" test -x "$root$exe"
done

# systemd-analyze verify checks that each command exists: point them into the DESTDIR.
mkdir -p "$T_TMP/units"
for u in vswd.service vsw-hugepages.service; do
	sed "s#^\(Exec[A-Za-z]*=\)/#\1$root/#" "$udir/$u" >"$T_TMP/units/$u"
done
check "systemd-analyze verify vswd.service vsw-hugepages.service" \
	sh -c "cd '$T_TMP/units' && systemd-analyze verify --man=no ./vswd.service ./vsw-hugepages.service 2>&1 | tee '$T_TMP/verify.log'; [ ! -s '$T_TMP/verify.log' ]"
cat "$T_TMP/verify.log"

# sd_notify: listen where systemd would, start vswd with NOTIFY_SOCKET pointing there.
"$PY" - "$T_TMP/notify.sock" >"$T_TMP/notify.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
while True:
    msg = s.recv(4096).decode()
    print(msg.replace("\n", " | "), flush=True)
PY
T_PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$T_TMP/notify.log" && break; sleep 0.1; done
cat >"$T_TMP/sd.yaml" <<YAML
eal:
  file_prefix: vt-op-sd
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: s0, kind: tap, iface: vt-ops0}
  - {name: s1, kind: tap, iface: vt-ops1}
xconnect:
  - [s0, s1]
YAML
export NOTIFY_SOCKET=$T_TMP/notify.sock
start_vswd "$T_TMP/sd.yaml"
unset NOTIFY_SOCKET
for _ in $(seq 50); do grep -q READY "$T_TMP/notify.log" && break; sleep 0.1; done
log "notify socket got: $(tail -n +2 "$T_TMP/notify.log")"
check_eq "READY=1 with vswd's pid" \
	"$(grep -o "READY=1 | MAINPID=[0-9]*" "$T_TMP/notify.log")" "READY=1 | MAINPID=$VSWD_PID"
check "STATUS says the ports and workers" grep -q "STATUS=2 ports, 1 workers" "$T_TMP/notify.log"
check "ready means the ports exist" ip link show vt-ops0

rdir=/run/vsw/vt-op-sd
check_eq "runtime dir /run/vsw/<prefix>: owner only" "$(stat -c '%a %U' "$rdir")" "700 root"
check_eq "API socket: owner only" "$(stat -c '%a %F' "$rdir/vswd.sock")" "600 socket"
check_eq "pid file: vswd's pid" "$(cat "$rdir/vswd.pid")" "$VSWD_PID"
check_eq "vswctl finds the socket by prefix" \
	"$(vswctl --json status | json_get "d['config_gen']")" 1
# A second vswd (its own prefix) told to use the first one's directory stops at start-up.
sed -e 's/vt-op-sd/vt-op-sd2/' -e 's/vt-ops\([01]\)/vt-ops2\1/' "$T_TMP/sd.yaml" >"$T_TMP/sd2.yaml"
printf 'runtime: {dir: %s}\n' "$rdir" >>"$T_TMP/sd2.yaml"
rc=0
"$VSWD" -c "$T_TMP/sd2.yaml" >"$T_TMP/sd2.log" 2>&1 || rc=$?
rm -rf /dev/hugepages/vt-op-sd2map_* /var/run/dpdk/vt-op-sd2
check_eq "same runtime dir: the second vswd exits 1" "$rc" 1
check "and says who holds it" \
	grep -q "vswd: runtime dir $rdir is in use by vswd pid $VSWD_PID" "$T_TMP/sd2.log"
check_eq "the first keeps its pid file" "$(cat "$rdir/vswd.pid")" "$VSWD_PID"
check "vswd stops cleanly" stop_vswd TERM
for _ in $(seq 20); do grep -q STOPPING "$T_TMP/notify.log" && break; sleep 0.1; done
check "STOPPING=1 on SIGTERM" grep -q "^STOPPING=1" "$T_TMP/notify.log"
check "runtime dir removed on exit (socket, pid file)" test ! -e "$rdir"
finish
