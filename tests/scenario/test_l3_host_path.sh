#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The router's host path: TCP and UDP to the router's own addresses reach servers listening
# on the host-path TUN (in its own namespace), and their replies go back out through vswd.
#   host a 10.0.1.2/24 -- [r0 10.0.1.1 | vswd | r1 10.0.2.1, 10.0.3.1] -- host b 10.0.2.2/24
#                                   |
#                      TUN vt-hp-host in namespace vt-hp-svc: 10.0.1.1/24 10.0.2.1/24 10.0.3.1/24
# and VRF red, overlapping: host c 10.0.1.2/24 -- [red0 10.0.1.1] with its own TUN vt-hp-red
# in namespace vt-hp-rsvc, served by its own server.
# ICMP echo stays answered by the data path; a reload that drops an address drops it from the
# TUN; without a host path UDP is refused (port unreachable), as from Linux.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

conf() { # conf R1_ADDRESSES HOST_PATH
	cat <<YAML
eal:
  file_prefix: vt-hp
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-hpa}
  - {name: pb, kind: tap, iface: vt-hpb}
  - {name: pc, kind: tap, iface: vt-hpc}
router:
  vrfs: [red]
  interfaces:
    - {name: r0, port: pa, addresses: [10.0.1.1/24]}
    - {name: r1, port: pb, addresses: [$1]}
    - {name: red0, port: pc, addresses: [10.0.1.1/24], vrf: red}
$2
YAML
}
HP="  host_path:
    - {iface: vt-hp-host, netns: vt-hp-svc}
    - {vrf: red, iface: vt-hp-red, netns: vt-hp-rsvc}"
conf "10.0.2.1/24, 10.0.3.1/24" "$HP" >"$T_TMP/h.yaml"
conf "10.0.2.1/24" "$HP" >"$T_TMP/h2.yaml"
conf "10.0.2.1/24" "" >"$T_TMP/h3.yaml"
conf "10.0.2.1/24" "  host_path:
    - {vrf: red, iface: vt-hp-red}" >"$T_TMP/h4.yaml"

ns_add vt-hp-a
ns_add vt-hp-b
ns_add vt-hp-c
ns_add vt-hp-svc
ns_add vt-hp-rsvc
start_vswd "$T_TMP/h.yaml"
ns_take_iface vt-hp-a vt-hpa 10.0.1.2/24
ns_take_iface vt-hp-b vt-hpb 10.0.2.2/24
ns_take_iface vt-hp-c vt-hpc 10.0.1.2/24
ip -n vt-hp-a route add default via 10.0.1.1
ip -n vt-hp-b route add default via 10.0.2.1

addrs() { ip -n vt-hp-svc -4 -o addr show dev vt-hp-host 2>/dev/null | awk '{print $4}' | sort | xargs; }
check_eq "the TUN carries the VRF's addresses with their prefixes" "$(addrs)" \
	"10.0.1.1/24 10.0.2.1/24 10.0.3.1/24"
flags=$(ip -n vt-hp-svc -o link show vt-hp-host)
check "the TUN is a point-to-point link without ARP (no answers for hosts behind vswd)" \
	grep -q "<POINTOPOINT,.*NOARP,UP" <<<"$flags"
check "the TUN's namespace routes everything back through vswd" \
	grep -q "default dev vt-hp-host" <<<"$(ip -n vt-hp-svc route show)"

# Echo servers in the host path's namespace, on every address: TCP 2222 and UDP 5353.
cat >"$T_TMP/srv.py" <<'PYEOF'
import socket, sys, threading
tag, base = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0
def tcp():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", 2222 + base)); s.listen(8)
    while True:
        c, a = s.accept()
        def serve(c=c, a=a):
            c.sendall(f"hello-{tag} {a[0]}\n".encode())
            while True:
                d = c.recv(65536)
                if not d:
                    break
                c.sendall(d)
            c.close()
        threading.Thread(target=serve, daemon=True).start()
def udp():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 5353 + base))
    while True:
        d, a = u.recvfrom(65536)
        u.sendto(b"udp:" + d, a)
threading.Thread(target=udp, daemon=True).start()
tcp()
PYEOF
bg ip netns exec vt-hp-svc "$PY" "$T_TMP/srv.py" default
bg ip netns exec vt-hp-rsvc "$PY" "$T_TMP/srv.py" red

cat >"$T_TMP/cli.py" <<'PYEOF'
import os, socket, sys
kind, addr, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = int(sys.argv[4]) if len(sys.argv) > 4 else 0
if kind == "udp":
    # Connected: an ICMP port unreachable comes back as ECONNREFUSED.
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(3)
    u.connect((addr, 5353 + base))
    for _ in range(3):
        try:
            u.send(b"ping-udp")
            print(u.recv(2048).decode()); sys.exit(0)
        except socket.timeout:
            pass
        except ConnectionRefusedError:
            print("refused"); sys.exit(1)
    print("timeout"); sys.exit(1)
s = socket.create_connection((addr, 2222 + base), timeout=5)
f = s.makefile("rb")
print(f.readline().decode().strip())
data = os.urandom(size)
s.sendall(data)
got = b""
while len(got) < size:
    d = f.read1(65536)
    if not d:
        break
    got += d
print("roundtrip", "ok" if got == data else f"bad {len(got)} of {size}")
PYEOF
cli() { ip netns exec "$1" "$PY" "$T_TMP/cli.py" "${@:2}" 2>&1 || true; }

sleep 0.5 # the server binds
out=$(cli vt-hp-a tcp 10.0.1.1 100)
check_eq "TCP from a to its gateway's address reaches the server on the TUN" \
	"$out" "hello-default 10.0.1.2
roundtrip ok"
out=$(cli vt-hp-a tcp 10.0.2.1 1000000)
check_eq "TCP to the other interface's address, 1 MB echoed whole" \
	"$out" "hello-default 10.0.1.2
roundtrip ok"
out=$(cli vt-hp-b tcp 10.0.3.1 20000)
check_eq "TCP from b to r1's second address" "$out" "hello-default 10.0.2.2
roundtrip ok"
check_eq "UDP from a to its gateway's address is answered by the server" \
	"$(cli vt-hp-a udp 10.0.1.1 0)" "udp:ping-udp"
check_eq "VRF red's TUN has its own (overlapping) address, in its own namespace" \
	"$(ip -n vt-hp-rsvc -4 -o addr show dev vt-hp-red | awk '{print $4}')" "10.0.1.1/24"
out=$(cli vt-hp-c tcp 10.0.1.1 5000)
check_eq "TCP from c to the same address in VRF red reaches red's server" "$out" \
	"hello-red 10.0.1.2
roundtrip ok"

hp() { vswctl --json host-path | json_get "sum(h['$1'] for h in d['host_paths'].values() if h['vrf'] == 'default')"; }
to=$(hp to_host)
from=$(hp from_host)
log "host path: to_host $to, from_host $from"
check "the host path counts packets to the host" test "$to" -gt 100
check "the host path counts packets from the host" test "$from" -gt 100
check_eq "nothing lost on the host path" \
	"$(vswctl --json drops | json_get "d.get('l3_host_path_full', 0) + d.get('l3_host_no_route', 0)")" "0"

# ICMP echo to the router stays the data path's: answered, and not given to the host.
out=$(ip netns exec vt-hp-a ping -c 3 -i 0.2 -W 2 10.0.1.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "ping to the gateway is answered"; else
	fail "ping to the gateway is answered" "$out"; fi
check_eq "echo requests do not go to the host path" "$(hp to_host)" "$to"
# The host's own pings (out through vswd, echo replies back to it through the host path).
out=$(ip netns exec vt-hp-svc ping -c 2 -i 0.2 -W 2 -I 10.0.1.1 10.0.1.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the host pings a through vswd"; else
	fail "the host pings a through vswd" "$out"; fi

# A reload that removes 10.0.3.1 removes it from the TUN; the rest keeps working.
check "reload without 10.0.3.1" vswctl reload "$T_TMP/h2.yaml"
check_eq "10.0.3.1 left the TUN, the others stay" "$(addrs)" "10.0.1.1/24 10.0.2.1/24"
out=$(cli vt-hp-a tcp 10.0.2.1 1000)
check_eq "TCP still served after the reload" "$out" "hello-default 10.0.1.2
roundtrip ok"

# Without a host path: the TUN goes and what it served is dropped by name, as before.
check "reload without host_path" vswctl reload "$T_TMP/h3.yaml"
check_eq "the TUN is gone" "$(ip -n vt-hp-svc -o link show vt-hp-host 2>/dev/null | wc -l)" "0"
# No socket listens now: UDP gets port unreachable, as from Linux with nothing listening.
out=$(cli vt-hp-a udp 10.0.1.1 0)
check_eq "UDP refused (port unreachable) without a host path" "$out" "refused"
check "reload with the host path again" vswctl reload "$T_TMP/h.yaml"
check_eq "UDP answered again" "$(cli vt-hp-a udp 10.0.1.1 0)" "udp:ping-udp"

# Without netns: VRF red's TUN in vswd's own namespace, served by a server there (ports
# 12222 and 15353, out of the host's way).
check "reload: VRF red's host path in vswd's namespace" vswctl reload "$T_TMP/h4.yaml"
check_eq "red's TUN in vswd's namespace carries red's address" \
	"$(ip -4 -o addr show dev vt-hp-red 2>/dev/null | awk '{print $4}')" "10.0.1.1/24"
check "no default route into it in vswd's namespace" \
	test -z "$(ip route show default dev vt-hp-red 2>/dev/null)"
bg "$PY" "$T_TMP/srv.py" root 10000
sleep 0.5
out=$(cli vt-hp-c tcp 10.0.1.1 3000 10000)
check_eq "TCP from c in VRF red reaches the server in vswd's namespace" "$out" \
	"hello-root 10.0.1.2
roundtrip ok"
check_eq "UDP too" "$(cli vt-hp-c udp 10.0.1.1 0 10000)" "udp:ping-udp"

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
check_eq "the TUNs go with vswd" \
	"$(ip -n vt-hp-svc -o link show vt-hp-host 2>/dev/null; ip -o link show vt-hp-red 2>/dev/null)" ""
finish
