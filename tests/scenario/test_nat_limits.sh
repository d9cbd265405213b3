#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# NAT limits (issue 8, "Limits and abuse"): vm1 (172.16.100.5 and .6, one namespace) behind
# the router, the outside host 10.10.10.1 with a route to the pool 10.10.20.0/24.
#   1. Pool exhaustion: a pool of one address with four ports (ports: 5000-5003). Four UDP
#      endpoints and four TCP connections to one server take them (the outside host's own
#      sockets see 10.10.20.1:5000-5003); a fifth and sixth UDP endpoint and a fifth TCP
#      connection get nothing and are counted (nat_no_port, refused_no_port); 3,000 more new
#      flows are refused, the session count stays 8, the mbuf pool and vswd's RSS stay flat,
#      and the eight established flows keep passing traffic both ways.
#   2. max_sessions_per_host (300, by a live reload that also lifts the port range): a flood
#      of 400 new flows from .5 leaves it exactly 300 sessions, the rest nat_host_limit;
#      host .6 still gets a session (its datagram answered).
#   3. max_sessions (1024, the smallest): floods from three more inside addresses fill the
#      table to exactly 1024; the rest are nat_session_limit (refused_table_full); the
#      first eight flows still pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SRC_MAC=02:00:00:00:0e:05
config() { # config PORTS_LINE PER_HOST
	cat <<YAML
eal:
  file_prefix: vswtest-natlim
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm1, kind: tap, iface: vt-nl1}
  - {name: ext, kind: tap, iface: vt-nl2}
router:
  interfaces:
    - {name: gw, port: vm1, addresses: [172.16.100.1/24]}
    - {name: uplink, port: ext, addresses: [10.10.10.2/24]}
nat:
  inside: [gw]
  outside:
    - {interface: uplink, pool: [10.10.20.1]$1}
  max_sessions: 1024
  max_sessions_per_host: $2
YAML
}
config ", ports: 5000-5003" 1000 >"$T_TMP/n1.yaml"
config "" 300 >"$T_TMP/n2.yaml"

ns_add vt-nl-in
ns_add vt-nl-out
start_vswd "$T_TMP/n1.yaml"
ns_take_iface vt-nl-in vt-nl1 172.16.100.5/24
ns_take_iface vt-nl-out vt-nl2 10.10.10.1/24
ip -n vt-nl-in link set dev vt-nl1 address $SRC_MAC
ip -n vt-nl-in addr add 172.16.100.6/24 dev vt-nl1
ip -n vt-nl-in route add default via 172.16.100.1
ip -n vt-nl-out route add 10.10.20.0/24 via 10.10.10.2

# The outside host's servers: UDP answers with the address and port it saw; TCP sends them
# as its first line, then echoes lines.
cat >"$T_TMP/srv.py" <<'PY'
import socket, threading
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.10.10.1", 5353))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(f"{peer[0]}:{peer[1]}".encode(), peer)
def conn(c, peer):
    f = c.makefile("rwb", buffering=0)
    f.write(f"{peer[0]}:{peer[1]}\n".encode())
    for line in f:
        f.write(line)
threading.Thread(target=udp, daemon=True).start()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.10.10.1", 8080))
s.listen(16)
while True:
    c, peer = s.accept()
    threading.Thread(target=conn, args=(c, peer), daemon=True).start()
PY
# The inside client: opens the flows, then checks the established ones each time file
# "again<N>" appears, writing p<N>.json.
cat >"$T_TMP/cli.py" <<'PY'
import json, os, socket, sys, time
tmp = sys.argv[1]
def udp_try(s):
    s.sendto(b"hi", ("10.10.10.1", 5353))
    try:
        return s.recvfrom(100)[0].decode()
    except socket.timeout:
        return "refused"
udps, tcps, res = [], [], {"udp": [], "tcp": []}
for i in range(6):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2 if i < 4 else 1)
    s.bind(("172.16.100.5", 40001 + i))
    res["udp"].append(udp_try(s))
    if i < 4:
        udps.append(s)
for i in range(5):
    try:
        c = socket.create_connection(("10.10.10.1", 8080), timeout=2 if i < 4 else 2.5,
                                     source_address=("172.16.100.5", 0))
        f = c.makefile("rwb", buffering=0)
        res["tcp"].append(f.readline().decode().strip())
        tcps.append(f)
    except OSError:
        res["tcp"].append("refused")
json.dump(res, open(f"{tmp}/p1.json", "w"))
for n in (2, 3):
    while not os.path.exists(f"{tmp}/again{n}"):
        time.sleep(0.05)
    ok = {"udp": [udp_try(s) != "refused" for s in udps], "tcp": []}
    for f in tcps:
        f.write(b"ping %d\n" % n)
        ok["tcp"].append(f.readline() == b"ping %d\n" % n)
    json.dump(ok, open(f"{tmp}/p{n}.json", "w"))
PY
bg ip netns exec vt-nl-out /usr/bin/python3 "$T_TMP/srv.py"
sleep 0.5

stat() { vswctl --json nat stats | json_get "d['$1']"; }
drop() { vswctl --json drops | json_get "d.get('$1', 0)"; }
in_use() { vswctl --json call /vsw/mempool | json_get "d['in_use']"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$VSWD_PID/status"; }
host_sessions() { vswctl --json nat sessions "$1" | json_get "d['total']"; }
wait_file() { # wait_file FILE SECONDS
	local i
	for i in $(seq $(($2 * 20))); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
flood() { # flood N SRC SPORT: N new UDP flows from SRC:SPORT+i to the outside's discard port
	ip netns exec vt-nl-in "$PY" "$here/flood.py" udp vt-nl1 "$1" $GW_MAC $SRC_MAC "$2" \
		10.10.10.1 9 "$3" >/dev/null
	sleep 0.5
}

# 1. Pool exhaustion.
bg ip netns exec vt-nl-in "$PY" "$T_TMP/cli.py" "$T_TMP"
check "the client opened its flows" wait_file "$T_TMP/p1.json" 30
GW_MAC=$(ip -n vt-nl-in neigh show 172.16.100.1 | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}')
log "the router's MAC on gw: $GW_MAC"
log "as the outside host saw them: $(cat "$T_TMP/p1.json")"
check "pool: 4 UDP endpoints leave from 10.10.20.1, each its own port of 5000-5003" "$PY" -c "
import json; d = json.load(open('$T_TMP/p1.json'))['udp'][:4]
ports = {int(x.split(':')[1]) for x in d if x.startswith('10.10.20.1:')}
assert len(ports) == 4 and ports <= set(range(5000, 5004)), d"
check "pool: 4 TCP connections to one server take the 4 ports" "$PY" -c "
import json; d = json.load(open('$T_TMP/p1.json'))['tcp'][:4]
ports = {int(x.split(':')[1]) for x in d if x.startswith('10.10.20.1:')}
assert len(ports) == 4 and ports <= set(range(5000, 5004)), d"
check_eq "pool exhausted: the 5th and 6th UDP endpoint and the 5th connection get nothing" \
	"$(json_get "d['udp'][4:] + d['tcp'][4:]" <"$T_TMP/p1.json")" \
	"['refused', 'refused', 'refused']"
vswctl nat stats | sed 's/^/# /'
np=$(stat refused_no_port)
check "refusals counted: vswctl nat stats refused_no_port ($np) and drop nat_no_port" \
	test "$np" -ge 3 -a "$(drop nat_no_port)" == "$np"
check_eq "8 sessions" "$(stat sessions)" 8

base=$(in_use)
rss0=$(rss_kb)
flood 3000 172.16.100.5 20000
np1=$(stat refused_no_port)
log "3,000 new flows: refused_no_port $np -> $np1, mbufs in use $base -> $(in_use), RSS $rss0 -> $(rss_kb) kB"
check "3,000 more new flows all refused (nat_no_port)" test $((np1 - np)) -ge 2990
check_eq "the session count stays 8" "$(stat sessions)" 8
check "mbufs in use back to the baseline ($base)" test "$(in_use)" -le $((base + 8))
check "vswd's RSS grew by less than 4 MB" test "$(rss_kb)" -le $((rss0 + 4096))
touch "$T_TMP/again2"
check "the client checked its flows again" wait_file "$T_TMP/p2.json" 10
check_eq "the 4 UDP and 4 TCP flows still pass both ways" "$(cat "$T_TMP/p2.json")" \
	'{"udp": [true, true, true, true], "tcp": [true, true, true, true]}'

# 2. Per host: 300 (and no port range any more), live.
out=$(vswctl reload "$T_TMP/n2.yaml" 2>&1) && pass "reload: max_sessions_per_host 300, all ports" ||
	fail "reload: max_sessions_per_host 300, all ports" "$out"
hl=$(stat refused_host_limit)
flood 400 172.16.100.5 20000
check_eq "host .5 has exactly max_sessions_per_host sessions" "$(host_sessions 172.16.100.5)" 300
check_eq "the 108 flows beyond counted (refused_host_limit)" $(($(stat refused_host_limit) - hl)) 108
check_eq "and dropped as nat_host_limit" "$(drop nat_host_limit)" "$(stat refused_host_limit)"
out=$(ip netns exec vt-nl-in "$PY" -c '
import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
s.bind(("172.16.100.6", 40000)); s.sendto(b"hi", ("10.10.10.1", 5353))
print(s.recvfrom(100)[0].decode())' 2>&1) || true
check "another host (.6) still gets a session: answered as $out" grep -q "^10\.10\.20\.1:" <<<"$out"

# 3. The whole table: 1024 sessions.
tf=$(stat refused_table_full)
flood 300 172.16.100.7 20000
flood 300 172.16.100.8 20000
flood 300 172.16.100.9 20000
vswctl nat stats | sed 's/^/# /'
check_eq "the table holds exactly max_sessions (1024)" "$(stat sessions)" 1024
check_eq "the capacity is 1024" "$(stat capacity)" 1024
check_eq "the 177 flows beyond counted (refused_table_full)" $(($(stat refused_table_full) - tf)) 177
check_eq "and dropped as nat_session_limit" "$(drop nat_session_limit)" "$(stat refused_table_full)"
touch "$T_TMP/again3"
check "the client checked its flows a third time" wait_file "$T_TMP/p3.json" 10
check_eq "table full: the first 4 UDP and 4 TCP flows still pass both ways" \
	"$(cat "$T_TMP/p3.json")" '{"udp": [true, true, true, true], "tcp": [true, true, true, true]}'
check "mbufs in use back to the baseline ($base)" test "$(in_use)" -le $((base + 8))

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
