#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# ECMP: 198.18.0.0/24 via two gateways, hosts b and c, which both hold 198.18.0.1. Host a
# sends 64 UDP flows (source ports), three datagrams each: both gateways get flows, and every
# flow reaches one of them only (a flow hash, not per-packet spraying). The receivers are the
# kernels' own UDP sockets. Then the same through an API route with the two gateways
# (vswctl route add 198.19.0.0/24 via 10.0.2.2 via 10.0.3.2).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/e.yaml" <<YAML
eal:
  file_prefix: vswtest-ecmp
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-eca}
  - {name: pb, kind: tap, iface: vt-ecb}
  - {name: pc, kind: tap, iface: vt-ecc}
router:
  interfaces:
    - {name: ra, port: pa, addresses: [10.0.1.1/24]}
    - {name: rb, port: pb, addresses: [10.0.2.1/24]}
    - {name: rc, port: pc, addresses: [10.0.3.1/24]}
  routes:
    - {to: 198.18.0.0/24, via: [10.0.2.2, 10.0.3.2]}
YAML

for n in a b c; do ns_add vt-ec-$n; done
start_vswd "$T_TMP/e.yaml"
ns_take_iface vt-ec-a vt-eca 10.0.1.2/24
ns_take_iface vt-ec-b vt-ecb 10.0.2.2/24
ns_take_iface vt-ec-c vt-ecc 10.0.3.2/24
ip -n vt-ec-a route add default via 10.0.1.1
ip -n vt-ec-b route add default via 10.0.2.1
ip -n vt-ec-c route add default via 10.0.3.1
for n in b c; do
	ip -n vt-ec-$n addr add 198.18.0.1/32 dev lo
	ip -n vt-ec-$n addr add 198.19.0.1/32 dev lo
done

spread() { # spread WHAT DST: 64 flows from a to DST, over both gateways
	local what=$1 dst=$2 nb nc fb fc both all
	for n in b c; do
		ip netns exec vt-ec-$n "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$dst', 9))
s.settimeout(0.5)
end, seen = time.time() + 8, []
while time.time() < end:
    try:
        seen.append(s.recvfrom(64)[1][1])
    except socket.timeout:
        pass
open('$T_TMP/$n.ports', 'w').write('\n'.join(map(str, seen)) + '\n')
" &
		T_PIDS+=($!)
	done
	sleep 0.5
	# Resolve both gateways first (the hold queue would keep the first packets anyway).
	ip netns exec vt-ec-a ping -c 1 -W 2 10.0.2.2 >/dev/null 2>&1 || true
	ip netns exec vt-ec-a ping -c 1 -W 2 10.0.3.2 >/dev/null 2>&1 || true
	ip netns exec vt-ec-a "$PY" -c "
import socket, time
socks = []
for p in range(20000, 20064):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('10.0.1.2', p))
    socks.append(s)
for _ in range(3):
    for s in socks:
        s.sendto(b'x' * 32, ('$dst', 9))
    time.sleep(0.2)
"
	wait "${T_PIDS[@]: -2}" || true
"$PY" - "$T_TMP/b.ports" "$T_TMP/c.ports" >"$T_TMP/ecmp.txt" <<'PYEOF'
import sys
b = [int(x) for x in open(sys.argv[1]).read().split()]
c = [int(x) for x in open(sys.argv[2]).read().split()]
print(len(b), len(c), len(set(b)), len(set(c)), len(set(b) & set(c)), len(set(b) | set(c)))
PYEOF
	read -r nb nc fb fc both all <"$T_TMP/ecmp.txt"
	log "$what: gateway b: $nb datagrams of $fb flows; gateway c: $nc datagrams of $fc flows"
	check_eq "$what: all 192 datagrams arrived" "$((nb + nc))" 192
	check_eq "$what: all 64 flows arrived" "$all" 64
	check_eq "$what: no flow took both paths" "$both" 0
	check "$what: both gateways carry flows (each at least 10 of 64)" test "$fb" -ge 10 -a "$fc" -ge 10
}

spread "config route" 198.18.0.1
check "API route with two gateways" vswctl route add 198.19.0.0/24 via 10.0.2.2 via 10.0.3.2
spread "API route" 198.19.0.1

vswctl --json routes >"$T_TMP/r.json"
check "vswctl routes shows the ECMP route" "$PY" -c "
import json; d = json.load(open('$T_TMP/r.json'))['routes'].values()
assert any(r['prefix'] == '198.18.0.0/24' and r['interface'] == 'ecmp:2' for r in d), list(d)
assert any(r['prefix'] == '198.19.0.0/24' and r['type'] == 'api' and r['interface'] == 'ecmp:2' for r in d), list(d)"
if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
