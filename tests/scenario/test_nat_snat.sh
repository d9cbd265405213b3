#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 6, the external network with SNAT: vm1 (172.16.100.5/24, in a namespace) is
# behind the router's gateway 172.16.100.1; the router also has 10.10.10.2/24 on the
# external network, where the outside host 10.10.10.1 (another namespace) lives and knows
# no route to 172.16.100.0/24. vm1 reaches it with ping, TCP and UDP: the outside host's
# own sockets and tcpdump see the source 10.10.10.2, and replies find their way back. The
# outside host cannot open a connection inward (counted as nat_unsolicited); vswctl shows
# the sessions.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/n.yaml" <<YAML
eal:
  file_prefix: vswtest-nat
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm1, kind: tap, iface: vt-nat1}
  - {name: ext, kind: tap, iface: vt-nat2}
router:
  interfaces:
    - {name: gw, port: vm1, addresses: [172.16.100.1/24]}
    - {name: uplink, port: ext, addresses: [10.10.10.2/24]}
nat:
  inside: [gw]
  outside:
    - {interface: uplink}
  timeouts: {udp: 5, udp_stream: 5}
YAML

ns_add vt-nat-in
ns_add vt-nat-out
start_vswd "$T_TMP/n.yaml"
ns_take_iface vt-nat-in vt-nat1 172.16.100.5/24
ns_take_iface vt-nat-out vt-nat2 10.10.10.1/24
ip -n vt-nat-in route add default via 172.16.100.1

# The outside host's servers: each answers with the address and port it saw.
cat >"$T_TMP/srv.py" <<'PY'
import socket, sys, threading
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.10.10.1", 5353))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(f"{peer[0]}:{peer[1]}".encode(), peer)
def tcp(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("10.10.10.1", port))
    s.listen(8)
    while True:
        c, peer = s.accept()
        c.recv(100)
        c.sendall(f"{peer[0]}:{peer[1]}".encode() + b"x" * 200000)
        c.close()
threading.Thread(target=udp, daemon=True).start()
tcp(8080)
PY
bg ip netns exec vt-nat-out /usr/bin/python3 "$T_TMP/srv.py"
bg ip netns exec vt-nat-out tcpdump -n -l -i vt-nat2 -c 200 "ip and not arp" >"$T_TMP/dump" 2>/dev/null
sleep 1

ip netns exec vt-nat-in ping -c 1 -W 1 10.10.10.1 >/dev/null 2>&1 || true # ARP both ways
out=$(ip netns exec vt-nat-in ping -c 3 -i 0.2 -W 2 10.10.10.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "vm1 pings the outside host through SNAT"; else
	fail "vm1 pings the outside host through SNAT" "$out"; fi

out=$(ip netns exec vt-nat-in /usr/bin/python3 -c '
import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
s.bind(("172.16.100.5", 40000)); s.sendto(b"hi", ("10.10.10.1", 5353))
print(s.recvfrom(100)[0].decode())' 2>&1) || true
check "UDP: the outside host saw the source 10.10.10.2, and the reply came back" \
	grep -q "^10\.10\.10\.2:[0-9]*$" <<<"$out"
log "UDP as seen outside: $out"

out=$(ip netns exec vt-nat-in /usr/bin/python3 -c '
import socket; s = socket.create_connection(("10.10.10.1", 8080), timeout=5); s.sendall(b"go")
d = b""
while True:
    b = s.recv(65536)
    if not b: break
    d += b
print(d[:d.index(b"x")].decode(), len(d))' 2>&1) || true
log "TCP as seen outside: $out"
check "TCP: the outside host saw the source 10.10.10.2" grep -q "^10\.10\.10\.2:[0-9]* " <<<"$out"
check_eq "TCP: 200 kB came back whole" "$(awk '{print $2 - length($1)}' <<<"$out")" "200000"

check "tcpdump outside: only 10.10.10.2 talks to 10.10.10.1" "$PY" -c "
import re
srcs = {m.group(1) for m in re.finditer(r'IP (\d+\.\d+\.\d+\.\d+)[. ]', open('$T_TMP/dump').read())}
assert srcs and srcs <= {'10.10.10.1', '10.10.10.2'}, srcs"

vswctl --json nat sessions >"$T_TMP/s.json"
check "vswctl nat sessions: vm1's TCP, UDP and ICMP sessions, translated to 10.10.10.2" "$PY" -c "
import json; d = json.load(open('$T_TMP/s.json'))
ss = list(d['sessions'].values())
assert {s['proto'] for s in ss} == {'tcp', 'udp', 'icmp'}, ss
assert all(s['inside'] == '172.16.100.5' and s['outside'] == '10.10.10.2' for s in ss), ss
u = [s for s in ss if s['proto'] == 'udp'][0]
assert u['inside_port'] == 40000 and u['state'] == 'udp_stream', u"
vswctl nat sessions 172.16.100.5 | sed 's/^/# /'

# Inward: the outside host routes 172.16.100.0/24 to the router and tries to connect.
ip -n vt-nat-out route add 172.16.100.0/24 via 10.10.10.2
bg ip netns exec vt-nat-in /usr/bin/python3 -c '
import socket; s = socket.socket(); s.bind(("172.16.100.5", 2222)); s.listen(1); s.accept()'
sleep 0.5
before=$(vswctl --json drops | json_get "d.get('nat_unsolicited', 0)" 2>/dev/null || echo 0)
out=$(ip netns exec vt-nat-out /usr/bin/python3 -c '
import socket
try:
    socket.create_connection(("172.16.100.5", 2222), timeout=2); print("connected")
except OSError as e: print("refused", e)' 2>&1) || true
check "the outside host cannot open a connection inward" grep -q "^refused" <<<"$out"
after=$(vswctl --json drops | json_get "d.get('nat_unsolicited', 0)" 2>/dev/null || echo 0)
check "its SYNs are counted as nat_unsolicited" test "$after" -gt "$before"

# Expiry: the UDP session (udp_stream 5 s: it was answered) goes once idle.
sleep 7
vswctl --json nat sessions >"$T_TMP/s2.json"
check "the idle UDP session expired after nat.timeouts.udp_stream" "$PY" -c "
import json; d = json.load(open('$T_TMP/s2.json'))
assert not [s for s in d['sessions'].values() if s['proto'] == 'udp'], d"
vswctl nat stats | sed 's/^/# /'

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
