#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Shutdown against readers: telemetry clients (every read-only /vsw command, the FDB walk
# included) and API clients query vswd in tight loops while it gets SIGTERM, several times,
# with one worker and with two (two worker lcores on one CPU). Shutdown frees the workers
# and the FDB; a reader must never see them freed: vswd exits 0 every time, no crash.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-10}
N_TEL=${N_TEL:-4} # DPDK serves each telemetry connection on its own thread
N_API=${N_API:-2} # 0 for a vswd without the API

config() { # config WORKERS N_WORKERS (a TAP needs as many rx queues as tx queues: one per worker)
	cat <<YAML
eal:
  file_prefix: vswtest-race
  args: ["--no-pci", "--lcores", "0@0,1@1,2@1"]
workers:
  lcores: [$1]
ports:
  - {name: a, kind: tap, iface: vt-race0, rx_queues: $2}
  - {name: b, kind: tap, iface: vt-race1, rx_queues: $2}
bridges:
  - name: br
    ports: [a, b]
    static_macs:
$(for i in $(seq 10 99); do echo "      - {mac: '02:00:00:00:01:$i', port: a}"; done)
YAML
}

round() { # round WORKERS N
	local w=$1 n=$2 i rc=0 pids=() good tel=0 api=0
	start_vswd "$T_TMP/w$w.yaml" || {
		fail "workers $w round $n: vswd starts" "$(tail -5 "$VSWD_LOG")"
		T_ROUND_FAILED=$((T_ROUND_FAILED + 1))
		return
	}
	for i in $(seq $N_TEL); do
		"$PY" "$here/hammer.py" tel "/var/run/dpdk/vswtest-race" "$VSWD_PID" \
			"$T_TMP/tel$i" &
		pids+=($!)
	done
	for i in $(seq $N_API); do
		"$PY" "$here/hammer.py" api "/run/vsw/vswtest-race" "$VSWD_PID" \
			"$T_TMP/api$i" &
		pids+=($!)
	done
	T_PIDS+=("${pids[@]}")
	for i in $(seq 100); do # every client is answered, then a little more hammering
		[ "$(ls "$T_TMP"/*.up 2>/dev/null | wc -l)" -ge $((N_TEL + N_API)) ] && break
		sleep 0.1
	done
	sleep 0.3
	stop_vswd TERM || rc=$?
	for i in "${pids[@]}"; do wait "$i" || true; done
	for i in $(seq $N_TEL); do tel=$((tel + $(cat "$T_TMP/tel$i" 2>/dev/null || echo 0))); done
	for i in $(seq $N_API); do api=$((api + $(cat "$T_TMP/api$i" 2>/dev/null || echo 0))); done
	log "workers $w round $n: exit $rc; $tel telemetry and $api API replies"
	if [ "$rc" != 0 ]; then
		fail "workers $w round $n: SIGTERM under queries exits 0" \
			"exit $rc; $(tail -3 "$VSWD_LOG" | tr '\n' ' ')"
		cp "$VSWD_LOG" "/tmp/vsw-race-w$w-r$n.log" 2>/dev/null || true
	fi
	[ "$tel" -gt 0 ] && { [ "$api" -gt 0 ] || [ "$N_API" = 0 ]; } ||
		fail "workers $w round $n: clients got replies" "$tel telemetry, $api API"
	rm -f "$T_TMP"/tel* "$T_TMP"/api*
	T_ROUND_FAILED=$((T_ROUND_FAILED + (rc != 0)))
}

config "1" 1 >"$T_TMP/w1.yaml"
config "1, 2" 2 >"$T_TMP/w12.yaml"
for w in 1 12; do
	T_ROUND_FAILED=0
	for n in $(seq "$ROUNDS"); do round "$w" "$n"; done
	nw=${#w}
	check_eq "$nw worker(s): $ROUNDS SIGTERMs under telemetry and API queries, all exit 0" \
		"$T_ROUND_FAILED" 0
done
finish
