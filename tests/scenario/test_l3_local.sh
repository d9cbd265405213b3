#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Traffic to the router itself, Linux the oracle: one network built with a Linux router
# namespace, then with vswd (no host path) in its place; host a asks both the same questions
# over IPv4 and IPv6 (TCP connect and connected UDP to the router's addresses, where nothing
# listens: a RST and a port unreachable, seen by a's sockets as "refused") and must get the
# same answers; and proxy ND: a takes b's subnet as on-link, the router answers for b. Then
# vswd with an IPv6-carrying host path: TCP over IPv6 to the router's
# address reaches a server in the host path's namespace, and its answers come back.
#   a 10.0.1.2 2001:db8:1::2 -- [10.0.1.1 2001:db8:1::1 | router | 10.0.2.1 2001:db8:2::1] --
#   b 10.0.2.2 2001:db8:2::2
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ns6() { # a namespace with IPv6 on (ns_add turns it off)
	ns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
}
take() { # take NS IFACE ADDR4 ADDR6: move an interface in, address it (no DAD)
	local i
	for i in $(seq 100); do
		ip link show "$2" >/dev/null 2>&1 && break
		sleep 0.05
	done
	ip link set "$2" netns "$1"
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=0" \
		"net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.accept_ra=0"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" addr add "$4" dev "$2" nodad
	ip -n "$1" link set "$2" up
}
hosts() { # the two hosts, their interfaces named vt-lca/b already made
	ns6 vt-lc-a
	ns6 vt-lc-b
	take vt-lc-a vt-lca 10.0.1.2/24 2001:db8:1::2/64
	take vt-lc-b vt-lcb 10.0.2.2/24 2001:db8:2::2/64
	ip -n vt-lc-a route add default via 10.0.1.1
	ip -n vt-lc-a -6 route add default via 2001:db8:1::1
	ip -n vt-lc-b route add default via 10.0.2.1
	ip -n vt-lc-b -6 route add default via 2001:db8:2::1
}

linux_router() {
	local n
	ns6 vt-lc-r
	for n in a b; do ip link add "vt-lcr$n" type veth peer name "vt-lc$n"; done
	take vt-lc-r vt-lcra 10.0.1.1/24 2001:db8:1::1/64
	take vt-lc-r vt-lcrb 10.0.2.1/24 2001:db8:2::1/64
	ip netns exec vt-lc-r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
	ip netns exec vt-lc-r sysctl -qw net.ipv6.conf.vt-lcra.proxy_ndp=1
	ip -n vt-lc-r -6 neigh add proxy 2001:db8:2::2 dev vt-lcra
	hosts
}

conf() { # conf HOST_PATH
	cat <<YAML
eal:
  file_prefix: vt-lc
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-lca}
  - {name: pb, kind: tap, iface: vt-lcb}
router:
  icmp_ratelimit_ms: 0 # as the Linux router's icmp_ratelimit=0
  interfaces:
    - {name: ra, port: pa, addresses: [10.0.1.1/24, "2001:db8:1::1/64"], proxy_nd: true}
    - {name: rb, port: pb, addresses: [10.0.2.1/24, "2001:db8:2::1/64"]}
$1
YAML
}

# A client: "connected", "refused" (a RST, or a port unreachable on a connected UDP socket),
# "timeout", or for "echo" the server's greeting and a round trip.
cat >"$T_TMP/cli.py" <<'PYEOF'
import os, socket, sys
kind, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
try:
    if kind == "udp":
        u = socket.socket(fam, socket.SOCK_DGRAM); u.settimeout(3)
        u.connect((addr, port)); u.send(b"x"); u.recv(100); print("answered")
    else:
        s = socket.create_connection((addr, port), timeout=5)
        if kind == "tcp":
            print("connected")
        else:
            f = s.makefile("rb")
            print(f.readline().decode().strip())
            data = os.urandom(200000)
            s.sendall(data)
            got = b""
            while len(got) < len(data):
                d = f.read1(65536)
                if not d:
                    break
                got += d
            print("roundtrip", "ok" if got == data else f"bad {len(got)}")
except ConnectionRefusedError:
    print("refused")
except (socket.timeout, TimeoutError):
    print("timeout")
PYEOF
cli() { ip netns exec vt-lc-a "$PY" "$T_TMP/cli.py" "$@" 2>&1 || true; }

probes() { # one line per question into $T_TMP/$ROUND.out
	local q
	# Warm up: the router learns a, a learns the router (not compared).
	ip netns exec vt-lc-a ping -c 1 -W 2 10.0.2.2 >/dev/null 2>&1 || true
	ip netns exec vt-lc-a ping -6 -c 1 -W 2 2001:db8:2::2 >/dev/null 2>&1 || true
	for q in "tcp 10.0.1.1 22" "tcp 10.0.2.1 8080" "udp 10.0.1.1 5353" \
		"tcp 2001:db8:1::1 22" "tcp 2001:db8:2::1 8080" "udp 2001:db8:1::1 5353" \
		"udp 2001:db8:2::1 53"; do
		# shellcheck disable=SC2086
		echo "$q: $(cli $q)" >>"$T_TMP/$ROUND.out"
	done
	# Proxy ND: a takes all of 2001:db8::/48 as on-link and asks for b's address itself;
	# the router answers for b (Linux: proxy_ndp and a proxy entry; vswd: proxy_nd).
	ip -n vt-lc-a -6 addr add 2001:db8:1::9/48 dev vt-lca nodad
	q=$(ip netns exec vt-lc-a ping -6 -c 2 -i 0.5 -W 3 2001:db8:2::2 2>&1 | grep -o "[0-9]* received")
	echo "ping b on-link through the proxy: $q" >>"$T_TMP/$ROUND.out"
}

ROUND=linux
linux_router
probes
end_round

ROUND=vswd
conf "" >"$T_TMP/l.yaml"
start_vswd "$T_TMP/l.yaml"
hosts
probes
while read -r line; do
	if grep -qxF "$line" "$T_TMP/vswd.out"; then
		pass "linux and vswd agree: $line"
	else
		fail "linux and vswd agree: $line" "vswd: $(grep -F "${line%%:*}:" "$T_TMP/vswd.out")"
	fi
done <"$T_TMP/linux.out"
check_eq "Linux's own answers: refused everywhere, b reached through the proxy" \
	"$(grep -vc -e ': refused$' -e ': 2 received$' "$T_TMP/linux.out")" 0
stop_vswd TERM || fail "SIGTERM exits 0" "status $?"
end_round

# The host path, IPv6: a server in its namespace on [::]:2222.
ns6 vt-lc-svc
conf "  host_path:
    - {iface: vt-lc-host, netns: vt-lc-svc}" >"$T_TMP/h.yaml"
start_vswd "$T_TMP/h.yaml"
hosts
cat >"$T_TMP/srv.py" <<'PYEOF'
import socket, threading
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::", 2222)); s.listen(8)
while True:
    c, a = s.accept()
    def serve(c=c, a=a):
        c.sendall(f"hello {a[0]}\n".encode())
        while True:
            d = c.recv(65536)
            if not d:
                break
            c.sendall(d)
        c.close()
    threading.Thread(target=serve, daemon=True).start()
PYEOF
bg ip netns exec vt-lc-svc "$PY" "$T_TMP/srv.py"
addrs=$(ip -n vt-lc-svc -o addr show dev vt-lc-host scope global | awk '{print $4}' | sort | xargs)
check_eq "the TUN carries both families' addresses" "$addrs" \
	"10.0.1.1/24 10.0.2.1/24 2001:db8:1::1/64 2001:db8:2::1/64"
check "the TUN's namespace routes IPv6 back through vswd" \
	grep -q "default dev vt-lc-host" <<<"$(ip -n vt-lc-svc -6 route show)"
sleep 0.5 # the server binds
check_eq "TCP over IPv6 to the gateway's address reaches the server on the TUN" \
	"$(cli echo 2001:db8:1::1 2222)" "hello 2001:db8:1::2
roundtrip ok"
check_eq "TCP over IPv6 to the far address, 200 kB echoed whole" \
	"$(cli echo 2001:db8:2::1 2222)" "hello 2001:db8:1::2
roundtrip ok"
check_eq "IPv6 echo stays the data path's" \
	"$(ip netns exec vt-lc-a ping -6 -c 1 -W 2 2001:db8:1::1 >/dev/null && echo ok)" "ok"
check_eq "TCP over IPv6 to a closed port: the host's kernel resets it" \
	"$(cli tcp 2001:db8:1::1 9)" "refused"
hp() { vswctl --json host-path | json_get "sum(h['$1'] for h in d['host_paths'].values())"; }
check "packets went both ways through the host path" test "$(hp to_host)" -gt 0 -a \
	"$(hp from_host)" -gt 0
if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
