#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The NAT with two workers (issue 8, "Several workers"; docs/architecture.md, "NAT with
# several workers"): inside host h1 (172.16.100.5) on a port only worker 0 polls, inside
# host h2 (172.16.101.5) and the outside host 10.10.10.1 on ports only worker 1 polls, so
# h1's flows have their two directions on different workers. Outside ports 20000-20999.
#   - h1 and h2 each run 8 UDP exchanges, 8 TCP downloads of 100 kB and a ping to the
#     outside host: all complete; the outside host's sockets see 10.10.10.2 and ports of the
#     range, h1's dealt to worker 0 ((port - 1024) % 2 == 0), h2's to worker 1, and vswctl
#     shows each session in the table of the worker that made it.
#   - The outside host opens a TCP port forward (8080 -> h1:80, 100 kB each way) and a UDP
#     one (5300 -> h1:53): made by worker 1, answered through worker 0.
#   - Expiry (short timeouts): every session of a closed or idle flow is gone after its
#     timeout — the closed TCP ones too, whose FINs crossed workers — while a connection
#     held open stays; `expired` counts them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/nw.yaml" <<YAML
eal:
  file_prefix: vswtest-natwk
  args: ["--no-pci", "--lcores", "0@0,1@1,2@1"]
workers:
  lcores: [1, 2]
  idle_sleep_us: 50
ports:
  - {name: vm1, kind: tap, iface: vt-nw1, rx_queues: 2, rx_affinity: [1, 1]}
  - {name: vm2, kind: tap, iface: vt-nw3, rx_queues: 2, rx_affinity: [2, 2]}
  - {name: ext, kind: tap, iface: vt-nw2, rx_queues: 2, rx_affinity: [2, 2]}
router:
  interfaces:
    - {name: gw1, port: vm1, addresses: [172.16.100.1/24]}
    - {name: gw2, port: vm2, addresses: [172.16.101.1/24]}
    - {name: uplink, port: ext, addresses: [10.10.10.2/24]}
nat:
  inside: [gw1, gw2]
  outside:
    - {interface: uplink, ports: 20000-20999}
  forwards:
    - {proto: tcp, port: 8080, to: 172.16.100.5, to_port: 80}
    - {proto: udp, port: 5300, to: 172.16.100.5, to_port: 53}
  timeouts: {udp: 4, udp_stream: 4, icmp: 4, tcp_fin_wait: 4, tcp_time_wait: 4, tcp_close: 4}
YAML

ns_add vt-nw-h1
ns_add vt-nw-h2
ns_add vt-nw-out
start_vswd "$T_TMP/nw.yaml"
ns_take_iface vt-nw-h1 vt-nw1 172.16.100.5/24
ns_take_iface vt-nw-h2 vt-nw3 172.16.101.5/24
ns_take_iface vt-nw-out vt-nw2 10.10.10.1/24
ip -n vt-nw-h1 route add default via 172.16.100.1
ip -n vt-nw-h2 route add default via 172.16.101.1

check "the workers poll their ports" "$PY" -c "
import json, subprocess, sys
d = json.loads(subprocess.check_output(sys.argv[1:] + ['--json', 'workers']))
q = {w: sorted(x.split(':')[0] for x in v['rx_queues']) for w, v in d.items()}
assert q == {'worker0': ['vm1', 'vm1'], 'worker1': ['ext', 'ext', 'vm2', 'vm2']}, q" \
	"$VSWCTL" --prefix "$VSWD_PREFIX"

# Servers: UDP answers with the peer it saw; TCP sends "peer\n" and 100 kB, then closes.
# The outside host's also hold one connection open (port 8081) until told.
cat >"$T_TMP/srv.py" <<'PY'
import socket, sys, threading
addr, tport, uport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, uport))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(f"{peer[0]}:{peer[1]}".encode(), peer)
def tcp(port, hold):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    held = []
    while True:
        c, peer = s.accept()
        c.sendall(f"{peer[0]}:{peer[1]}\n".encode() + b"x" * 100000)
        if hold:
            held.append(c)
        else:
            c.close()
threading.Thread(target=udp, daemon=True).start()
threading.Thread(target=tcp, args=(tport + 1, True), daemon=True).start()
tcp(tport, False)
PY
# Client: N UDP exchanges and N TCP downloads to ADDR; prints JSON of what came back.
cat >"$T_TMP/cli.py" <<'PY'
import json, socket, sys
src, dst, tport, uport, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
res = {"udp": [], "tcp": []}
for i in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.bind((src, 0))
    s.sendto(b"hi", (dst, uport))
    try:
        res["udp"].append(s.recvfrom(100)[0].decode())
    except socket.timeout:
        res["udp"].append("timeout")
for i in range(n):
    try:
        c = socket.create_connection((dst, tport), timeout=5, source_address=(src, 0))
        d = b""
        while True:
            b = c.recv(65536)
            if not b:
                break
            d += b
        c.close()
        head, _, body = d.partition(b"\n")
        res["tcp"].append([head.decode(), len(body)])
    except OSError as e:
        res["tcp"].append([type(e).__name__, 0])
print(json.dumps(res))
PY
bg ip netns exec vt-nw-out "$PY" "$T_TMP/srv.py" 10.10.10.1 8080 5353
bg ip netns exec vt-nw-h1 "$PY" "$T_TMP/srv.py" 172.16.100.5 80 53
sleep 0.5

# Held open through the expiry below: h1's connection to the outside host's port 8081.
cat >"$T_TMP/hold.py" <<'PY'
import os, socket, sys
c = socket.create_connection(("10.10.10.1", 8081), timeout=5, source_address=("172.16.100.5", 0))
got = 0
while got < 100000 + 10:
    got += len(c.recv(65536))
open(sys.argv[1], "w").close()
while not os.path.exists(sys.argv[2]):
    c.settimeout(0.1)
    try:
        c.recv(1)
    except socket.timeout:
        pass
PY

for h in 1 2; do
	ns=vt-nw-h$h
	src=172.16.10$((h - 1)).5
	ip netns exec $ns ping -c 1 -W 2 10.10.10.1 >/dev/null 2>&1 || true # ARP both ways
	ip netns exec $ns "$PY" "$T_TMP/cli.py" $src 10.10.10.1 8080 5353 8 >"$T_TMP/h$h.json" || true
	out=$(ip netns exec $ns ping -c 3 -i 0.2 -W 2 10.10.10.1 2>&1) || true
	if grep -q " 0% packet loss" <<<"$out"; then pass "h$h pings the outside host"; else
		fail "h$h pings the outside host" "$out"; fi
	log "h$h as the outside host saw it: $(head -c 300 "$T_TMP/h$h.json")"
	check "h$h: 8 UDP exchanges and 8 TCP downloads of 100 kB complete, from 10.10.10.2" "$PY" -c "
import json; d = json.load(open('$T_TMP/h$h.json'))
peers = d['udp'] + [t[0] for t in d['tcp']]
assert len(peers) == 16 and all(p.startswith('10.10.10.2:') for p in peers), d
assert all(t[1] == 100000 for t in d['tcp']), d['tcp']"
	check "h$h: every port in 20000-20999 and dealt to worker $((h - 1)) ((port - 1024) % 2)" "$PY" -c "
import json; d = json.load(open('$T_TMP/h$h.json'))
ports = [int(p.split(':')[1]) for p in d['udp'] + [t[0] for t in d['tcp']] if ':' in p]
assert ports and all(20000 <= p <= 20999 and (p - 1024) % 2 == $((h - 1)) for p in ports), ports"
	vswctl --json nat sessions $src >"$T_TMP/s$h.json"
	check "vswctl: h$h's 16 UDP and TCP sessions in worker $((h - 1))'s table, their ports its own" "$PY" -c "
import json; d = json.load(open('$T_TMP/s$h.json'))
ss = [s for s in d['sessions'].values() if s['proto'] != 'icmp']
assert len(ss) == 16, d
assert all(s['worker'] == $((h - 1)) and (s['outside_port'] - 1024) % 2 == $((h - 1)) for s in ss), ss"
done
vswctl nat sessions >"$T_TMP/all.txt"
sed -n '1,8s/^/# /p' "$T_TMP/all.txt"

# The outside host opens h1's forwards.
out=$(ip netns exec vt-nw-out "$PY" "$T_TMP/cli.py" 10.10.10.1 10.10.10.2 8080 5300 4 2>&1) || true
log "forwards as h1 saw them: $out"
check "forwards: 4 UDP exchanges and 4 TCP downloads through 10.10.10.2 reach h1, seen from 10.10.10.1" "$PY" -c "
import json; d = json.loads('''$out''')
peers = d['udp'] + [t[0] for t in d['tcp']]
assert len(peers) == 8 and all(p.startswith('10.10.10.1:') for p in peers), d
assert all(t[1] == 100000 for t in d['tcp']), d['tcp']"
check "forwards: their sessions made by worker 1 (which polls the outside)" "$PY" -c "
import json, subprocess, sys
d = json.loads(subprocess.check_output(sys.argv[1:] + ['--json', 'nat', 'sessions', '10.10.10.1']))
ss = [s for s in d['sessions'].values() if s['kind'] == 'dnat']
assert len(ss) == 8 and all(s['worker'] == 1 for s in ss), ss" "$VSWCTL" --prefix "$VSWD_PREFIX"

# Expiry: h1 holds one connection open; everything else is closed or idle.
bg ip netns exec vt-nw-h1 "$PY" "$T_TMP/hold.py" "$T_TMP/held" "$T_TMP/release"
for _ in $(seq 50); do [ -e "$T_TMP/held" ] && break; sleep 0.1; done
stat() { vswctl --json nat stats | json_get "d['$1']"; }
for _ in $(seq 100); do
	[ "$(stat sessions)" == 1 ] && break
	sleep 0.1
done
vswctl nat stats | sed 's/^/# /'
check_eq "expiry: within 10 s (timeouts 4 s) only the connection held open is left" \
	"$(vswctl --json nat sessions | json_get "[(s['proto'], s['state'], s['remote_port']) for s in d['sessions'].values()]")" \
	"[('tcp', 'established', 8081)]"
check_eq "expiry: every other session counted as expired" "$(stat expired)" $(($(stat created) - 1))
touch "$T_TMP/release"

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
