#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 7, floating IP, with a port forward and hairpins; Linux is the oracle. One network
# built twice: first with a Linux gateway (a namespace, iptables DNAT/SNAT/MASQUERADE and an
# address for the floating IP, as OpenStack's router namespaces do), then with vswd in its
# place. Each host's servers answer with the address and port they saw, and both gateways
# must give the same answers:
#   vm1 172.16.100.5 -- [172.16.100.1 |         | 10.10.10.2 ] -- out 10.10.10.1
#   vm2 172.16.101.6 -- [172.16.101.1 | gateway | 10.10.10.50 = vm1 (floating IP)]
#   forward 10.10.10.2:8080/tcp -> 172.16.100.5:80
# Then, vswd only: the outside host's ARP for 10.10.10.50 is answered with the uplink's MAC,
# vswctl shows the forward and floating IP with their hits and sessions, and a reload under
# traffic adds a floating IP (announced by a gratuitous ARP) and removes the forward: its
# open connection goes on (Linux's conntrack), a new one is refused; vswctl nat flush
# empties the tables.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# The servers: vm1:80 and out:9000 answer each connection with "peer-address:port\n", then
# echo lines.
cat >"$T_TMP/srv.py" <<'PY'
import socket, sys, threading
def serve(c, peer):
    f = c.makefile("rwb", buffering=0)
    f.write(f"{peer[0]}:{peer[1]}\n".encode())
    for line in f:
        f.write(line)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(16)
while True:
    c, peer = s.accept()
    threading.Thread(target=serve, args=(c, peer), daemon=True).start()
PY
# ask ADDR PORT [SRCPORT]: connect, print what the server saw ("-" when nothing answered).
cat >"$T_TMP/ask.py" <<'PY'
import socket, sys
try:
    s = socket.socket()
    s.settimeout(3)
    if len(sys.argv) > 3:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("", int(sys.argv[3])))
    s.connect((sys.argv[1], int(sys.argv[2])))
    print(s.makefile().readline().strip())
except OSError as e:
    print("-", e)
PY

hosts() { # the three hosts, their interfaces vt-dn1/2/o already in their namespaces
	ns_take_iface vt-dn-1 vt-dn1 172.16.100.5/24
	ns_take_iface vt-dn-2 vt-dn2 172.16.101.6/24
	ns_take_iface vt-dn-o vt-dno 10.10.10.1/24
	ip -n vt-dn-1 route add default via 172.16.100.1
	ip -n vt-dn-2 route add default via 172.16.101.1
	bg ip netns exec vt-dn-1 "$PY" "$T_TMP/srv.py" 172.16.100.5 80
	bg ip netns exec vt-dn-o "$PY" "$T_TMP/srv.py" 10.10.10.1 9000
	local i
	for i in $(seq 50); do # both listening
		ip netns exec vt-dn-1 ss -Hltn "sport = :80" | grep -q . &&
			ip netns exec vt-dn-o ss -Hltn "sport = :9000" | grep -q . && break
		sleep 0.1
	done
}

ipt() { ip netns exec vt-dn-r iptables -t nat -A "$@"; }

linux_gateway() {
	local n
	ns_add vt-dn-r
	for n in 1 2 o; do
		ip link add "vt-dnr$n" type veth peer name "vt-dn$n"
		ns_add "vt-dn-$n"
	done
	ns_take_iface vt-dn-r vt-dnr1 172.16.100.1/24
	ns_take_iface vt-dn-r vt-dnr2 172.16.101.1/24
	ns_take_iface vt-dn-r vt-dnro 10.10.10.2/24
	ip -n vt-dn-r addr add 10.10.10.50/32 dev vt-dnro
	ip netns exec vt-dn-r sysctl -qw net.ipv4.ip_forward=1
	# The floating IP's own traffic, out or hairpinned, as 10.10.10.50; other hairpins to
	# the gateway's address towards the server; the rest masqueraded.
	ipt PREROUTING -d 10.10.10.2 -p tcp --dport 8080 -j DNAT --to-destination 172.16.100.5:80 &&
		ipt PREROUTING -d 10.10.10.50 -j DNAT --to-destination 172.16.100.5 &&
		ipt POSTROUTING -s 172.16.100.5 -o vt-dnro -j SNAT --to-source 10.10.10.50 &&
		ipt POSTROUTING -s 172.16.100.5 -m conntrack --ctstate DNAT \
			-j SNAT --to-source 10.10.10.50 &&
		ipt POSTROUTING -s 172.16.0.0/16 -m conntrack --ctstate DNAT ! -o vt-dnro \
			-j MASQUERADE &&
		ipt POSTROUTING -o vt-dnro -j MASQUERADE || return 1
	hosts
}

cat >"$T_TMP/d.yaml" <<YAML
eal:
  file_prefix: vt-dn
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm1, kind: tap, iface: vt-dn1}
  - {name: vm2, kind: tap, iface: vt-dn2}
  - {name: ext, kind: tap, iface: vt-dno}
router:
  interfaces:
    - {name: gw1, port: vm1, addresses: [172.16.100.1/24]}
    - {name: gw2, port: vm2, addresses: [172.16.101.1/24]}
    - {name: uplink, port: ext, addresses: [10.10.10.2/24]}
nat:
  inside: [gw1, gw2]
  outside: [{interface: uplink}]
  forwards:
    - {proto: tcp, port: 8080, to: 172.16.100.5, to_port: 80}
  floating_ips:
    - {address: 10.10.10.50, to: 172.16.100.5}
YAML

vswd_gateway() {
	local n
	for n in 1 2 o; do ns_add "vt-dn-$n"; done
	start_vswd "$T_TMP/d.yaml"
	hosts
}

# probe NAME NS HOW CMD...: one question, its answer in $T_TMP/<round>.out. HOW: "all" (the
# answer as it is), "noport" (an address:port answer without the port: a masqueraded port
# is chosen), "ping" (the count of replies).
probe() {
	local name=$1 ns=$2 how=$3 out
	shift 3
	out=$(ip netns exec "$ns" "$@" 2>&1) || true
	case $how in
	noport) out=$(sed -E 's/:[0-9]+$//' <<<"$out") ;;
	ping) out=$(sed -nE 's/.* ([0-9]+) received.*/\1 received/p' <<<"$out") ;;
	esac
	printf '## %s\n%s\n' "$name" "$out" >>"$T_TMP/$ROUND.out"
}

probes() {
	# Warm up ARP both ways (not compared).
	ip netns exec vt-dn-1 ping -c 1 -W 1 172.16.100.1 >/dev/null 2>&1 || true
	ip netns exec vt-dn-2 ping -c 1 -W 1 172.16.101.1 >/dev/null 2>&1 || true
	ip netns exec vt-dn-o ping -c 1 -W 1 10.10.10.2 >/dev/null 2>&1 || true
	local ask=("$PY" "$T_TMP/ask.py") p="ping -c 2 -i 0.2 -W 1"
	probe "out -> the forward 10.10.10.2:8080: vm1:80 sees" vt-dn-o all "${ask[@]}" 10.10.10.2 8080 42000
	probe "out -> floating 10.10.10.50:80: vm1 sees" vt-dn-o all "${ask[@]}" 10.10.10.50 80 42001
	probe "out pings floating 10.10.10.50" vt-dn-o ping $p 10.10.10.50
	probe "vm1 -> out:9000: out sees (floating IP, port kept)" vt-dn-1 all "${ask[@]}" 10.10.10.1 9000 42002
	probe "vm1 pings out" vt-dn-1 ping $p 10.10.10.1
	probe "vm2 -> out:9000: out sees (masquerade)" vt-dn-2 noport "${ask[@]}" 10.10.10.1 9000
	probe "hairpin vm2 -> the forward: vm1 sees" vt-dn-2 noport "${ask[@]}" 10.10.10.2 8080
	probe "hairpin vm2 -> floating 10.10.10.50:80: vm1 sees" vt-dn-2 noport "${ask[@]}" 10.10.10.50 80
	probe "hairpin vm1 -> its own forward: vm1 sees" vt-dn-1 all "${ask[@]}" 10.10.10.2 8080 42003
	probe "hairpin vm2 pings floating 10.10.10.50" vt-dn-2 ping $p 10.10.10.50
}

ROUND=linux
# The Linux oracle is part of the test: without iptables (tools/install-deps.sh installs it)
# the test fails, it does not skip.
if command -v iptables >/dev/null && linux_gateway 2>"$T_TMP/ipt.err"; then
	probes
else
	fail "the Linux gateway (iptables) is built" "$(head -c 300 "$T_TMP/ipt.err" 2>/dev/null)"
fi
end_round

ROUND=vswd
vswd_gateway
bg ip netns exec vt-dn-o tcpdump -n -l -i vt-dno arp >"$T_TMP/arp" 2>/dev/null
probes

if [ -s "$T_TMP/linux.out" ]; then
	"$PY" - "$T_TMP/linux.out" "$T_TMP/vswd.out" <<'PY' >"$T_TMP/cmp"
import sys
def probes(path):
    d, name = {}, None
    for line in open(path):
        if line.startswith("## "):
            name = line[3:].rstrip("\n")
            d[name] = []
        else:
            d[name].append(line.rstrip("\n"))
    return d
lx, vs = probes(sys.argv[1]), probes(sys.argv[2])
for name in lx:
    a, b = "\n".join(lx[name]), "\n".join(vs.get(name, ["(not asked)"]))
    if a == b and a and not a.startswith("-") and a != "0 received":
        print(f"PASS linux and vswd agree: {name}: {a}")
    else:
        print(f"FAIL linux and vswd agree: {name}: linux '{a}', vswd '{b}'")
PY
	cat "$T_TMP/cmp"
	grep -q '^FAIL' "$T_TMP/cmp" && T_FAILED=1
fi
# What was expected, whatever Linux said.
want() { # want NAME EXPECTED: the vswd round's answer to probe NAME
	check_eq "vswd: $1" "$(sed -n "/^## $1\$/{n;p}" "$T_TMP/vswd.out")" "$2"
}
want "out -> the forward 10.10.10.2:8080: vm1:80 sees" "10.10.10.1:42000"
want "vm1 -> out:9000: out sees (floating IP, port kept)" "10.10.10.50:42002"
want "hairpin vm2 -> the forward: vm1 sees" "172.16.100.1"
want "hairpin vm1 -> its own forward: vm1 sees" "10.10.10.50:42003"
want "out pings floating 10.10.10.50" "2 received"

# ARP: the outside host learned 10.10.10.50 at the uplink's MAC, the one 10.10.10.2 has.
mac_of() { ip -n vt-dn-o neigh show "$1" dev vt-dno | awk '{print $3}'; }
check_eq "the outside host's ARP for the floating IP is answered by vswd's uplink" \
	"$(mac_of 10.10.10.50)" "$(mac_of 10.10.10.2)"

vswctl --json nat forwards >"$T_TMP/f.json"
vswctl --json nat floating >"$T_TMP/fl.json"
check "vswctl nat forwards: 10.10.10.2:8080 -> 172.16.100.5:80 with its hits" "$PY" -c "
import json; r = json.load(open('$T_TMP/f.json'))['rules']
assert len(r) == 1 and r[0]['address'] == '10.10.10.2' and r[0]['port'] == 8080, r
assert r[0]['to'] == '172.16.100.5' and r[0]['to_port'] == 80 and r[0]['hits'] == 3, r"
check "vswctl nat floating: 10.10.10.50 = 172.16.100.5, hits and sessions" "$PY" -c "
import json; r = json.load(open('$T_TMP/fl.json'))['rules']
assert len(r) == 1 and r[0]['address'] == '10.10.10.50' and r[0]['to'] == '172.16.100.5', r
assert r[0]['hits'] >= 6 and r[0]['sessions'] >= 6, r"
vswctl nat forwards | sed 's/^/# /'
vswctl nat floating | sed 's/^/# /'
vswctl nat sessions | sed 's/^/# /'

# A reload under traffic: pings to the floating IP all along; a connection through the
# forward stays open; the forward goes and a floating IP for vm2 comes.
bg ip netns exec vt-dn-o ping -c 30 -i 0.05 -W 1 10.10.10.50 >"$T_TMP/ping" 2>&1
ip netns exec vt-dn-o "$PY" -c '
import socket, sys, time, os
s = socket.create_connection(("10.10.10.2", 8080), timeout=3)
f = s.makefile("rw")
f.readline()
f.write("before\n"); f.flush(); print(f.readline().strip())
open(sys.argv[1] + ".open", "w").close()
while not os.path.exists(sys.argv[1] + ".go"): time.sleep(0.05)
f.write("after\n"); f.flush(); print(f.readline().strip())' "$T_TMP/conn" >"$T_TMP/conn" 2>&1 &
T_PIDS+=($!)
conn_pid=$!
for i in $(seq 50); do [ -e "$T_TMP/conn.open" ] && break; sleep 0.1; done
sed -e '/forwards:/,/to_port: 80}/d' -e 's|    - {address: 10.10.10.50, to: 172.16.100.5}|&\n    - {address: 10.10.10.51, to: 172.16.101.6}|' \
	"$T_TMP/d.yaml" >"$T_TMP/d2.yaml"
check "reload: the forward removed, a floating IP added" vswctl reload "$T_TMP/d2.yaml"
touch "$T_TMP/conn.go"
wait "$conn_pid" || true
check_eq "the open connection through the removed forward goes on" "$(tr '\n' ' ' <"$T_TMP/conn")" \
	"before after "
check_eq "a new connection to the removed forward is refused" \
	"$(ip netns exec vt-dn-o "$PY" "$T_TMP/ask.py" 10.10.10.2 8080 | cut -c1)" "-"
out=$(ip netns exec vt-dn-o "$PY" "$T_TMP/ask.py" 10.10.10.51 80 2>&1 || true)
check_eq "the new floating IP 10.10.10.51 reaches vm2 (no server: refused by vm2's kernel)" \
	"$(grep -c 'Connection refused' <<<"$out")" "1"
check "the new floating IP was announced (gratuitous ARP)" \
	grep -Eq "(Announcement,? 10\.10\.10\.51|who-has 10\.10\.10\.51 .*tell 10\.10\.10\.51)" "$T_TMP/arp"
for i in $(seq 40); do grep -q "packets transmitted" "$T_TMP/ping" && break; sleep 0.1; done
check "pings to the floating IP under the reload: none lost" grep -q " 0% packet loss" "$T_TMP/ping"

# The sessions the removed forward left go with a flush (as conntrack -F).
check "vswctl nat flush (API)" vswctl nat flush
sleep 0.2
check_eq "no session left after the flush" "$(vswctl --json nat stats | json_get "d['sessions']")" "0"

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
