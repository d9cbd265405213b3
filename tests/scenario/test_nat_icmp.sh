#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# ICMP errors through the NAT, with Linux as the peers: the inside host 172.16.100.5 is
# behind vswd (SNAT to 10.10.10.2 on its uplink, MTU 1400); past it a Linux router
# (10.10.10.1, its own namespace) whose link to the server 10.20.20.2 has an MTU of 1280.
# - traceroute from the inside host shows vswd, the Linux router and the server: the
#   router's time exceeded and the server's port unreachable came back translated;
# - path-MTU discovery: a 1 MB TCP upload from the inside host completes, its kernel having
#   learnt the path MTU first from vswd's own "fragmentation needed" (1400: its quote put
#   back as the host sent it) and then from the Linux router's (1280: translated by the
#   NAT); `ip route get` on the host shows the 1280;
# - fragments: a 4,000-byte UDP datagram and its echo cross the NAT whole;
# - an error from outside quoting a flow of no session is dropped by name.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/n.yaml" <<YAML
eal:
  file_prefix: vswtest-naticmp
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm1, kind: tap, iface: naticmp1}
  - {name: ext, kind: tap, iface: naticmp2}
router:
  interfaces:
    - {name: gw, port: vm1, addresses: [172.16.100.1/24]}
    - {name: uplink, port: ext, addresses: [10.10.10.2/24], mtu: 1400}
  routes:
    - {to: 10.20.20.0/24, via: 10.10.10.1}
nat:
  inside: [gw]
  outside:
    - {interface: uplink}
YAML

ns_add naticmp-in
ns_add naticmp-rt
ns_add naticmp-srv
start_vswd "$T_TMP/n.yaml"
ns_take_iface naticmp-in naticmp1 172.16.100.5/24
ns_take_iface naticmp-rt naticmp2 10.10.10.1/24
ip -n naticmp-in route add default via 172.16.100.1
ip netns exec naticmp-rt sysctl -qw net.ipv4.ip_forward=1
# The router's side of its link to the server is the 1280 bottleneck; the server's side
# stays 1500, so the server announces an MSS of 1460 and the host must learn the path MTU.
ip link add naticmp-r netns naticmp-rt type veth peer name naticmp-s netns naticmp-srv
ip -n naticmp-rt addr add 10.20.20.1/24 dev naticmp-r
ip -n naticmp-rt link set naticmp-r mtu 1280 up
ip -n naticmp-srv addr add 10.20.20.2/24 dev naticmp-s
ip -n naticmp-srv link set naticmp-s up
ip -n naticmp-srv route add default via 10.20.20.1

# The server: counts what a connection sends, answers with its peer and the count.
cat >"$T_TMP/srv.py" <<'PY'
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.20.20.2", 8080))
s.listen(4)
while True:
    c, peer = s.accept()
    n = 0
    while True:
        b = c.recv(65536)
        if not b:
            break
        n += len(b)
    c.sendall(f"{peer[0]} {n}".encode())
    c.close()
PY
bg ip netns exec naticmp-srv /usr/bin/python3 "$T_TMP/srv.py"
sleep 0.5
ip netns exec naticmp-in ping -c 1 -W 2 10.20.20.2 >/dev/null 2>&1 || true # ARP all along

out=$(ip netns exec naticmp-in traceroute -n -q 1 -w 2 -m 5 10.20.20.2 2>&1) || true
log "traceroute: $(tr '\n' '|' <<<"$out")"
hops=$(awk 'NR > 1 {printf "%s ", $2}' <<<"$out")
check_eq "traceroute through the NAT: vswd, the Linux router (its time exceeded translated), the server" \
	"$hops" "172.16.100.1 10.10.10.1 10.20.20.2 "

out=$(ip netns exec naticmp-in /usr/bin/python3 -c '
import socket
s = socket.create_connection(("10.20.20.2", 8080), timeout=10)
s.sendall(b"y" * 1000000)
s.shutdown(socket.SHUT_WR)
s.settimeout(10)
d = b""
while True:
    b = s.recv(100)
    if not b: break
    d += b
print(d.decode())' 2>&1) || true
log "TCP upload, as the server saw it: $out"
check_eq "path MTU through the NAT: a 1 MB TCP upload from the host arrives whole (from 10.10.10.2)" \
	"$out" "10.10.10.2 1000000"
route=$(ip -n naticmp-in route get 10.20.20.2 2>&1)
log "ip route get: $(tr '\n' '|' <<<"$route")"
check "the host learnt the path MTU 1280 (the Linux router's frag-needed, translated)" \
	grep -q "mtu 1280" <<<"$route"

# Fragments through the NAT: a 4,000-byte UDP datagram (three fragments from the host) is
# put together, translated and cut to the uplink's 1400; the Linux router's echo (in 1500-byte
# fragments) comes back the same way, whole.
bg ip netns exec naticmp-rt /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.10.10.1", 7007))
while True:
    d, peer = s.recvfrom(65535)
    s.sendto(peer[0].encode() + b" " + d, peer)'
sleep 0.5
out=$(ip netns exec naticmp-in /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 10, 0)  # IP_MTU_DISCOVER: IP_PMTUDISC_DONT
s.settimeout(5)
s.sendto(bytes(i % 251 for i in range(4000)), ("10.10.10.1", 7007))
d = s.recv(65535)
peer, data = d.split(b" ", 1)
print(peer.decode(), len(data), data == bytes(i % 251 for i in range(4000)))' 2>&1) || true
log "UDP 4000 bytes, as the Linux router saw it and echoed: $out"
check_eq "fragments through the NAT: 4,000 bytes of UDP arrive whole from 10.10.10.2, the echo comes back whole" \
	"$out" "10.10.10.2 4000 True"

drops=$(vswctl --json drops)
check "no fragment dropped by the NAT's reassembly" test "$(json_get \
	"d.get('nat_frag_invalid', 0) + d.get('nat_frag_timeout', 0) + d.get('nat_frag_tiny', 0)" \
	<<<"$drops")" -eq 0
check "no ICMP error dropped for want of a session so far" \
	test "$(json_get "d.get('nat_icmp_err_no_session', 0)" <<<"$drops")" -eq 0

# An error from outside about a flow nobody opened, to an inside address: dropped by name.
ip -n naticmp-rt route add 172.16.100.0/24 via 10.10.10.2
ip netns exec naticmp-rt /usr/bin/python3 -c '
from scapy.all import IP, ICMP, UDP, send
q = IP(src="172.16.100.5", dst="10.20.20.2") / UDP(sport=5555, dport=53)
send(IP(src="10.10.10.1", dst="172.16.100.5") / ICMP(type=3, code=1) / bytes(q)[:28], verbose=0)
' 2>/dev/null
sleep 0.5
drops=$(vswctl --json drops)
check "an error quoting no session's flow is dropped as nat_icmp_err_no_session" \
	test "$(json_get "d.get('nat_icmp_err_no_session', 0)" <<<"$drops")" -eq 1

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
