#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Floods against the NAT (issues 8 and 13): inside hosts .5 and .6 (one namespace) behind the
# router, the outside host 10.10.10.1, a DMZ host 192.168.50.2 on a router interface the NAT
# does not translate (MTU 1000). Host .6 keeps a TCP connection to the outside host open and
# echoes a line through it every 20 ms; a client asks the control API for vswd's status every
# 10 ms (api_latency.py).
#   1. SYN flood from inside: 6,000 SYNs from .5, each a new source port (as many as the TAP
#      queue lets through): .5 gets exactly nat.max_sessions_per_host (3,000) sessions, the
#      rest are refused by name; .6's
#      connection is not evicted and .6 still opens new ones; the embryonic sessions are gone
#      after their short timeouts (tcp_syn_sent, tcp_syn_recv, tcp_close 3 s).
#   2. SYN flood from outside: 6,000 SYNs to the NAT address and 6,000 to the inside network:
#      no session is made (the latter counted as nat_unsolicited), .6's connection goes on.
#   3. ICMP-error flood: 2,000 datagrams each that earn time exceeded (TTL 1 to the DMZ),
#      net unreachable (no route) and fragmentation needed (1,200 bytes with DF to the DMZ):
#      the errors .5's own tcpdump receives stay within router.icmp_ratelimit_ms (100: a
#      burst of 6 and 10 per second), and with those rate limited (icmp_rate_limited) they
#      account for every datagram.
# In every flood .6's echoes all come back and the API answers every request within 100 ms.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SRC_MAC=02:00:00:00:0d:05
OUT_MAC=02:00:00:00:0d:0a
RUNDIR=/run/vsw/vswtest-natfl

cat >"$T_TMP/nf.yaml" <<YAML
eal:
  file_prefix: vswtest-natfl
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm1, kind: tap, iface: vt-nf1}
  - {name: ext, kind: tap, iface: vt-nf2}
  - {name: dmzp, kind: tap, iface: vt-nf3}
router:
  icmp_ratelimit_ms: 100
  interfaces:
    - {name: gw, port: vm1, addresses: [172.16.100.1/24]}
    - {name: uplink, port: ext, addresses: [10.10.10.2/24]}
    - {name: dmz, port: dmzp, addresses: [192.168.50.1/24], mtu: 1000}
nat:
  inside: [gw]
  outside:
    - {interface: uplink}
  max_sessions: 8192
  max_sessions_per_host: 3000
  timeouts: {tcp_syn_sent: 3, tcp_syn_recv: 3, tcp_close: 3}
YAML

ns_add vt-nf-in
ns_add vt-nf-out
ns_add vt-nf-dmz
start_vswd "$T_TMP/nf.yaml"
ns_take_iface vt-nf-in vt-nf1 172.16.100.5/24
ns_take_iface vt-nf-out vt-nf2 10.10.10.1/24
ns_take_iface vt-nf-dmz vt-nf3 192.168.50.2/24
ip -n vt-nf-in link set dev vt-nf1 address $SRC_MAC
ip -n vt-nf-out link set dev vt-nf2 address $OUT_MAC
ip -n vt-nf-in addr add 172.16.100.6/24 dev vt-nf1
ip -n vt-nf-in route add default via 172.16.100.1
ip -n vt-nf-out route add 172.16.100.0/24 via 10.10.10.2
ip -n vt-nf-dmz route add default via 192.168.50.1

cat >"$T_TMP/srv.py" <<'PY'
import socket, threading
def conn(c):
    f = c.makefile("rwb", buffering=0)
    for line in f:
        f.write(line)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.10.10.1", 8080))
s.listen(16)
while True:
    c, _ = s.accept()
    threading.Thread(target=conn, args=(c,), daemon=True).start()
PY
# The long-lived connection: a line every 20 ms, each echo awaited (1 s at most), until
# file STOP; writes "sent echoed error".
cat >"$T_TMP/stream.py" <<'PY'
import os, socket, sys, time
stop, out = sys.argv[1:3]
c = socket.create_connection(("10.10.10.1", 8080), timeout=1, source_address=("172.16.100.6", 0))
f = c.makefile("rwb", buffering=0)
sent = echoed = 0
err = "none"
open(out + ".up", "w").close()
try:
    while not os.path.exists(stop):
        sent += 1
        f.write(b"line %d\n" % sent)
        if f.readline() == b"line %d\n" % sent:
            echoed += 1
        time.sleep(0.02)
except OSError as e:
    err = type(e).__name__
open(out, "w").write("%d %d %s\n" % (sent, echoed, err))
PY
bg ip netns exec vt-nf-out /usr/bin/python3 "$T_TMP/srv.py"
sleep 0.5
bg ip netns exec vt-nf-in "$PY" "$T_TMP/stream.py" "$T_TMP/stream.stop" "$T_TMP/stream"
for _ in $(seq 100); do [ -e "$T_TMP/stream.up" ] && break; sleep 0.1; done

mac_of() { # mac_of NS ADDRESS: the MAC the namespace resolved ADDRESS to
	ip -n "$1" neigh show "$2" | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}
ip netns exec vt-nf-out ping -c 1 -W 1 10.10.10.2 >/dev/null 2>&1 || true
GW_MAC=$(mac_of vt-nf-in 172.16.100.1)
EXT_MAC=$(mac_of vt-nf-out 10.10.10.2)
log "the router's MACs: gw $GW_MAC, uplink $EXT_MAC"
stat() { vswctl --json nat stats | json_get "d['$1']"; }
drop() { vswctl --json drops | json_get "d.get('$1', 0)"; }
host_sessions() { vswctl --json nat sessions "$1" | json_get "d['total']"; }
stream_state() { vswctl --json nat sessions 172.16.100.6 | json_get "[s['state'] for s in d['sessions'].values()]"; }
check_cmp() { # check_cmp NAME A OP B
	if [ "$2" "$3" "$4" ]; then pass "$1"; else fail "$1" "$2 $3 $4"; fi
}
# phase NAME NS COMMAND...: the flood COMMAND in namespace NS with the API client running.
phase() {
	local name=$1 ns=$2 api_pid lat
	shift 2
	rm -f "$T_TMP/stop"
	"$PY" "$here/api_latency.py" "$RUNDIR" "$T_TMP/stop" "$T_TMP/lat-$name" &
	api_pid=$!
	T_PIDS+=("$api_pid")
	sleep 0.3
	ip netns exec "$ns" "$@" >/dev/null
	sleep 0.7
	touch "$T_TMP/stop"
	wait $api_pid || true
	lat=$(cat "$T_TMP/lat-$name" 2>/dev/null || echo "0 9999 9999")
	log "$name: API requests, max ms, p99 ms: $lat"
	check_cmp "$name: the API answered every status request within 100 ms ($lat)" \
		"$(awk '{print ($1 > 10 && $2 < 100) ? 1 : 0}' <<<"$lat")" == 1
}

check_eq "host .6's connection is established" "$(stream_state)" "['established']"

# 1. SYN flood from inside.
exp0=$(stat expired)
phase "inside SYN flood" vt-nf-in "$PY" "$here/flood.py" syn vt-nf1 6000 $GW_MAC $SRC_MAC \
	172.16.100.5 10.10.10.1 80 1024
vswctl nat stats | sed 's/^/# /'
n5=$(host_sessions 172.16.100.5)
hl=$(stat refused_host_limit)
check_eq "inside SYN flood: .5 holds exactly max_sessions_per_host sessions" "$n5" 3000
check_cmp "inside SYN flood: the rest refused by name (refused_host_limit $hl)" "$hl" -gt 0
check_eq "inside SYN flood: nat_host_limit counts them" "$(drop nat_host_limit)" "$hl"
check_eq "inside SYN flood: .6's connection is still there, established" "$(stream_state)" \
	"['established']"
out=$(ip netns exec vt-nf-in "$PY" -c '
import socket; c = socket.create_connection(("10.10.10.1", 8080), timeout=3,
    source_address=("172.16.100.6", 0)); c.sendall(b"new\n"); print(c.recv(10).decode().strip())' 2>&1) || true
check_eq "inside SYN flood: .6 still opens a new connection" "$out" new
for _ in $(seq 80); do # the embryonic sessions go after 3 s (+1 s of wheel)
	[ "$(host_sessions 172.16.100.5)" == 0 ] && break
	sleep 0.1
done
check_eq "inside SYN flood: .5's embryonic sessions are gone within 8 s" "$(host_sessions 172.16.100.5)" 0
log "expired $exp0 -> $(stat expired)"
check_cmp "inside SYN flood: counted as expired" $(($(stat expired) - exp0)) -ge 3000
check "inside SYN flood: .6's connection survived expiry" grep -q "'established'" <<<"$(stream_state)"

# 2. SYN floods from outside: to the NAT address (the router answers with RSTs, as Linux
# with no socket) and to the inside network (only replies come in).
created=$(stat created)
un0=$(drop nat_unsolicited)
phase "outside SYN flood" vt-nf-out "$PY" "$here/flood.py" syn vt-nf2 6000 $EXT_MAC $OUT_MAC \
	10.10.10.1 10.10.10.2 8080 1024
phase "outside SYN flood inward" vt-nf-out "$PY" "$here/flood.py" syn vt-nf2 6000 $EXT_MAC \
	$OUT_MAC 10.10.10.1 172.16.100.5 22 1024
check_eq "outside SYN floods: no session made" "$(stat created)" "$created"
check_cmp "outside SYN flood inward: dropped as nat_unsolicited" $(($(drop nat_unsolicited) - un0)) -ge 5900
check "outside SYN floods: .6's connection is still established" \
	grep -q "'established'" <<<"$(stream_state)"

touch "$T_TMP/stream.stop"
for _ in $(seq 50); do [ -s "$T_TMP/stream" ] && break; sleep 0.1; done
log "the long-lived connection: sent, echoed, error: $(cat "$T_TMP/stream" 2>/dev/null)"
check "the long-lived connection: every line echoed through all floods, no error" \
	awk '$1 > 100 && $1 == $2 && $3 == "none" {ok = 1} END {exit !ok}' "$T_TMP/stream"

# 3. ICMP-error floods: what .5 receives, against the counter.
bg ip netns exec vt-nf-in tcpdump -n -l -i vt-nf1 "icmp and src 172.16.100.1" >"$T_TMP/icmp" 2>/dev/null
sleep 1
rx() { port_stat vm1 rx_packets; }
icmp_phase() { # icmp_phase NAME TCPDUMP_ERE DST TTL LEN DF
	local name=$1 ere=$2 got got0 rl0 rl rx0 rx1 t0 ms
	sleep 0.7 # the rate limit's burst back
	got0=$(grep -cE "$ere" "$T_TMP/icmp" || true)
	rl0=$(drop icmp_rate_limited)
	rx0=$(rx)
	t0=$(date +%s%N)
	phase "$name flood" vt-nf-in "$PY" "$here/flood.py" udp vt-nf1 2000 $GW_MAC $SRC_MAC \
		172.16.100.5 "$3" 33434 40000 "$4" "$5" "$6"
	ms=$((($(date +%s%N) - t0) / 1000000))
	rx1=$(rx)
	rl=$(($(drop icmp_rate_limited) - rl0))
	got=$(($(grep -cE "$ere" "$T_TMP/icmp" || true) - got0))
	log "$name: vswd received $((rx1 - rx0)), .5 got $got errors, $rl rate limited, in $ms ms"
	check_cmp "$name: .5 got the burst at least (6)" "$got" -ge 6
	check_cmp "$name: and no more than 6 + 10 per second ($got in $ms ms)" \
		"$got" -le $((6 + ms / 100 + 1))
	check_cmp "$name: errors received + rate limited = datagrams received (2000)" \
		$((got + rl)) -ge $((rx1 - rx0 - 2))
}
icmp_phase "TTL 1" "time exceeded in-transit" 192.168.50.2 1 44 0
icmp_phase "no route" "net 198.51.100.7 unreachable" 198.51.100.7 64 44 0
icmp_phase "frag needed" "need to frag \(mtu 1000\)" 192.168.50.2 64 1200 1

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
