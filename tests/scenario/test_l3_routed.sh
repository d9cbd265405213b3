#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The router on routed ports: two namespace hosts on two subnets, vswd their gateway.
# Linux is the oracle: the same ping, TTL and traceroute answers a Linux router gives.
#   host a 10.0.1.2/24 -- [r0 10.0.1.1 | vswd | r1 10.0.2.1] -- host b 10.0.2.2/24
# Plus a blackhole, an unreachable and a prohibit route, a static neighbour, header checks
# with named drops, and a reload that adds a route under a ping flood without loss.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

conf() { # conf EXTRA_ROUTES
	cat <<YAML
eal:
  file_prefix: vswtest-l3
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-l3a}
  - {name: pb, kind: tap, iface: vt-l3b}
router:
  # One ICMP error per 100 ms per destination after a burst of 6 (Linux: 1000 ms): the
  # checks below ask for many errors in a few seconds.
  icmp_ratelimit_ms: 100
  interfaces:
    - {name: r0, port: pa, addresses: [10.0.1.1/24], mac: "02:00:00:00:01:01", proxy_arp: true}
    - {name: r1, port: pb, addresses: [10.0.2.1/24, 10.0.3.1/24], mtu: 1400}
  routes:
    - {to: 198.51.100.0/24, type: blackhole}
    - {to: 203.0.113.0/25, type: unreachable}
    - {to: 203.0.113.128/25, type: prohibit}
    - {to: 192.0.2.0/24, via: 10.0.2.2}
$1
  neighbours:
    - {interface: r1, address: 10.0.3.9, mac: "02:00:00:00:03:09"}
YAML
}
conf "" >"$T_TMP/r.yaml"

ns_add vt-l3-a
ns_add vt-l3-b
start_vswd "$T_TMP/r.yaml"
ns_take_iface vt-l3-a vt-l3a 10.0.1.2/24
ns_take_iface vt-l3-b vt-l3b 10.0.2.2/24
ip -n vt-l3-a route add default via 10.0.1.1
ip -n vt-l3-b route add default via 10.0.2.1
ip -n vt-l3-b addr add 192.0.2.1/32 dev lo

ip netns exec vt-l3-a ping -c 1 -W 1 10.0.1.1 >/dev/null 2>&1 || true # resolves a
out=$(ip netns exec vt-l3-a ping -c 3 -i 0.2 -W 2 10.0.1.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the gateway answers ping"; else
	fail "the gateway answers ping" "$out"; fi
check_eq "the gateway answered ARP with its configured MAC" \
	"$(ip -n vt-l3-a neigh show 10.0.1.1 | awk '{print $5}')" "02:00:00:00:01:01"

# The first packet to a host vswd has not resolved yet is lost (no hold queue yet): warm up.
ip netns exec vt-l3-a ping -c 2 -i 0.3 -W 1 10.0.2.2 >/dev/null 2>&1 || true
out=$(ip netns exec vt-l3-a ping -c 5 -i 0.2 -W 2 10.0.2.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "a reaches b through the router"; else
	fail "a reaches b through the router" "$out"; fi
check_eq "TTL drops by one (b answers with 64, a sees 63)" \
	"$(grep -o 'ttl=[0-9]*' <<<"$out" | sort -u)" "ttl=63"
out=$(ip netns exec vt-l3-a ping -c 3 -i 0.2 -W 2 192.0.2.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "a static route via b's address"; else
	fail "a static route via b's address" "$out"; fi

# A host vswd has never seen: its first packet waits while vswd asks (the hold queue), as
# Linux queues it; a host that never answers gets "Destination Host Unreachable" after 3 s.
ip -n vt-l3-b addr add 10.0.2.3/24 dev vt-l3b
out=$(ip netns exec vt-l3-a ping -c 1 -W 3 10.0.2.3 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the first packet to an unresolved host is held, not lost"; else
	fail "the first packet to an unresolved host is held, not lost" "$out"; fi
out=$(ip netns exec vt-l3-a ping -c 1 -W 6 10.0.2.99 2>&1) || true
check "no answer to ARP: host unreachable from the gateway, as Linux" \
	grep -q "From 10.0.1.1 .*Destination Host Unreachable" <<<"$out"
check_eq "vswctl router: held packets sent and expired, none left" \
	"$(vswctl --json router | json_get "(d['hold_sent'] >= 1, d['hold_expired'] >= 1, d['held'], d['hold_lost'])")" \
	"(True, True, 0, 0)"

# MTU 1400 towards b: a DF packet too big gets "fragmentation needed" with the MTU, one
# without DF is fragmented and b's kernel reassembles it, and tracepath finds the path MTU.
out=$(ip netns exec vt-l3-a ping -c 1 -W 2 -M do -s 1400 10.0.2.2 2>&1) || true
check "DF and too big: fragmentation needed, mtu 1400, from the gateway" \
	grep -q "From 10.0.1.1 .*Frag needed and DF set (mtu = 1400)" <<<"$out"
out=$(ip netns exec vt-l3-a ping -c 3 -i 0.2 -W 2 -M dont -s 1400 10.0.2.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "without DF: fragmented, reassembled by b, answered"; else
	fail "without DF: fragmented, reassembled by b, answered" "$out"; fi
out=$(ip netns exec vt-l3-a tracepath -n 10.0.2.2 2>&1) || true
log "$out"
check "tracepath finds the path MTU 1400" grep -q "pmtu 1400" <<<"$out"

# Proxy ARP on r0: a host that takes 10.0.3.0/24 for on-link is answered with r0's MAC (the
# subnet is behind r1); an address on r0's own side is not answered, as Linux's proxy_arp.
ip -n vt-l3-a route add 10.0.3.0/24 dev vt-l3a
ip netns exec vt-l3-a ping -c 1 -W 1 10.0.3.9 >/dev/null 2>&1 || true
check_eq "proxy ARP: 10.0.3.9 (behind r1) answered with r0's MAC" \
	"$(ip -n vt-l3-a neigh show 10.0.3.9 | awk '{print $5}')" "02:00:00:00:01:01"
ip netns exec vt-l3-a ping -c 1 -W 1 10.0.1.77 >/dev/null 2>&1 || true # a asks by ARP
check_eq "proxy ARP: nothing for an address on r0's own side" \
	"$(ip -n vt-l3-a neigh show 10.0.1.77 | grep -c lladdr || true)" "0"
ip -n vt-l3-a route del 10.0.3.0/24 dev vt-l3a

# traceroute (ICMP) shows the gateway as the first hop: vswd sends time exceeded.
out=$(ip netns exec vt-l3-a traceroute -n -I -q 1 -w 2 -m 3 10.0.2.2 2>&1) || true
log "$out"
if awk '$1 == 1 {print $2}' <<<"$out" | grep -qx 10.0.1.1; then
	pass "traceroute shows the gateway hop"; else fail "traceroute shows the gateway hop" "$out"; fi
if awk '$1 == 2 {print $2}' <<<"$out" | grep -qx 10.0.2.2; then
	pass "traceroute reaches b in two hops"; else fail "traceroute reaches b in two hops" "$out"; fi

# Linux's answers for unreachable routes: "Destination Host Unreachable" / "Packet filtered".
out=$(ip netns exec vt-l3-a ping -c 1 -W 2 203.0.113.5 2>&1) || true
check "unreachable route: ICMP host unreachable from the gateway" \
	grep -q "From 10.0.1.1 .*Destination Host Unreachable" <<<"$out"
out=$(ip netns exec vt-l3-a ping -c 1 -W 2 203.0.113.200 2>&1) || true
check "prohibit route: ICMP packet filtered from the gateway" \
	grep -q "From 10.0.1.1 .*Packet filtered" <<<"$out"
out=$(ip netns exec vt-l3-a ping -c 1 -W 2 100.64.0.1 2>&1) || true
check "no route: ICMP net unreachable from the gateway" \
	grep -q "From 10.0.1.1 .*Destination Net Unreachable" <<<"$out"
# ICMP errors are rate-limited per destination as Linux's (a burst of 6, then here one per
# 100 ms): 20 packets to an unreachable route in about 0.2 s get at most 9 answers, the rest
# counted.
sleep 0.7 # the bucket of host a refills
before=$(vswctl --json drops | json_get "d.get('icmp_rate_limited', 0)")
out=$(ip netns exec vt-l3-a ping -c 20 -i 0.01 -W 1 203.0.113.5 2>&1) || true
n=$(grep -c "Destination Host Unreachable" <<<"$out" || true)
limited=$(( $(vswctl --json drops | json_get "d.get('icmp_rate_limited', 0)") - before ))
log "20 packets to an unreachable route: $n ICMP errors, $limited rate-limited"
check "ICMP errors rate-limited per destination: at most 9 answers to 20" test "$n" -le 9 -a "$n" -ge 6
check_eq "every packet answered or counted as rate-limited" "$((n + limited))" 20
before=$(vswctl --json drops | json_get "d.get('ip4_blackhole', 0)")
ip netns exec vt-l3-a ping -c 3 -i 0.2 -W 1 198.51.100.7 >/dev/null 2>&1 || true
check_eq "blackhole route: dropped silently, counted" \
	"$(vswctl --json drops | json_get "d.get('ip4_blackhole', 0)")" "$((before + 3))"

vswctl --json neighbours >"$T_TMP/n.json" 2>/dev/null || true
check "vswctl neighbours lists b as reachable on r1" "$PY" -c "
import json; d = json.load(open('$T_TMP/n.json'))
assert any(n['address'] == '10.0.2.2' and n['interface'] == 'r1' and
           n['state'] == 'reachable' for n in d['neighbours'].values()), d"
check "vswctl neighbours lists the static neighbour as permanent" "$PY" -c "
import json; d = json.load(open('$T_TMP/n.json'))
assert any(n['address'] == '10.0.3.9' and n['state'] == 'permanent' and
           n['mac'] == '02:00:00:00:03:09' for n in d['neighbours'].values()), d"
vswctl --json routes >"$T_TMP/r.json" 2>/dev/null || true
check "vswctl routes lists connected, local, static and blackhole routes" "$PY" -c "
import json; d = {(r['prefix'], r['type']) for r in json.load(open('$T_TMP/r.json'))['routes'].values()}
for want in [('10.0.1.0/24', 'connected'), ('10.0.2.1/32', 'local'),
             ('192.0.2.0/24', 'static'), ('198.51.100.0/24', 'blackhole')]:
    assert want in d, (want, d)"

# Malformed IPv4 from a: each dropped by its named counter, nothing leaks.
"$PY" - "$T_TMP/mal.pcap" <<'PYEOF' >/dev/null 2>&1
import sys
from scapy.all import Ether, IP, ICMP, Raw, wrpcap
gw, me = "02:00:00:00:01:01", "02:00:00:00:01:02"
good = Ether(src=me, dst=gw) / IP(src="10.0.1.2", dst="10.0.2.2") / ICMP()
bad_ck = good.copy(); bad_ck[IP].chksum = 0x1234
ttl1 = Ether(src=me, dst=gw) / IP(src="10.0.1.2", dst="10.0.2.2", ttl=1) / ICMP()
short = Ether(bytes(good)[:14 + 12])
ver6 = Ether(bytes(Ether(src=me, dst=gw) / IP(src="10.0.1.2", dst="10.0.2.2", version=6) / ICMP()))
ihl = Ether(bytes(Ether(src=me, dst=gw) / IP(src="10.0.1.2", dst="10.0.2.2", ihl=4) / ICMP()))
longer = Ether(src=me, dst=gw) / IP(src="10.0.1.2", dst="10.0.2.2", len=1000) / ICMP()
martian = Ether(src=me, dst=gw) / IP(src="127.0.0.1", dst="10.0.2.2") / ICMP()
wrpcap(sys.argv[1], [bad_ck, short, ver6, ihl, longer, martian])
PYEOF
declare -A before
for r in ip4_bad_checksum ip4_truncated ip4_bad_version ip4_bad_ihl ip4_bad_length ip4_martian_src; do
	before[$r]=$(vswctl --json drops | json_get "d.get('$r', 0)")
done
ip netns exec vt-l3-a "$PY" -c "
from scapy.all import rdpcap, sendp
sendp(rdpcap('$T_TMP/mal.pcap'), iface='vt-l3a', verbose=False)"
sleep 0.5
for r in ip4_bad_checksum ip4_truncated ip4_bad_version ip4_bad_ihl ip4_bad_length ip4_martian_src; do
	check_eq "malformed IPv4: $r counted once" \
		"$(vswctl --json drops | json_get "d.get('$r', 0)")" "$((before[$r] + 1))"
done

# A reload adds a route while a ping flood runs between a and b: no ping lost.
ip netns exec vt-l3-a ping -f -c 3000 -W 1 10.0.2.2 >"$T_TMP/flood.log" 2>&1 &
flood=$!
for i in 1 2 3 4 5; do
	conf "    - {to: 172.31.$i.0/24, via: 10.0.2.2}" >"$T_TMP/r2.yaml"
	vswctl reload "$T_TMP/r2.yaml" >/dev/null || fail "reload $i" "refused"
	conf "" >"$T_TMP/r2.yaml"
	vswctl reload "$T_TMP/r2.yaml" >/dev/null || fail "reload back $i" "refused"
done
wait $flood || true
check "10 reloads of the routes during a ping flood: none lost" \
	grep -q " 0% packet loss" "$T_TMP/flood.log"

# Routes through the API (vswctl route): they outrank the config's, survive a reload, and a
# deleted one uncovers the config's route again.
ip -n vt-l3-b addr add 172.30.0.1/32 dev lo
check "route add via b (API)" vswctl route add 172.30.0.0/16 via 10.0.2.2
out=$(ip netns exec vt-l3-a ping -c 3 -i 0.2 -W 2 172.30.0.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "an API route forwards"; else
	fail "an API route forwards" "$out"; fi
out=$(vswctl route lookup 172.30.0.1 2>&1) || true
check_eq "route lookup names the API route, its gateway, interface and MAC" "$out" \
	"172.30.0.1 in vrf default: 172.30.0.0/16 api via 10.0.2.2 dev r1 lladdr $(ip -n vt-l3-b -br link show vt-l3b | awk '{print $3}')"
check "an API blackhole over the config's 192.0.2.0/24" vswctl route add 192.0.2.0/24 blackhole
before=$(vswctl --json drops | json_get "d.get('ip4_blackhole', 0)")
ip netns exec vt-l3-a ping -c 2 -i 0.2 -W 1 192.0.2.1 >/dev/null 2>&1 || true
check_eq "the API route wins: blackholed" \
	"$(vswctl --json drops | json_get "d.get('ip4_blackhole', 0)")" "$((before + 2))"
check "a reload keeps API routes" vswctl reload "$T_TMP/r.yaml"
check_eq "after the reload, still blackholed" "$(vswctl route lookup 192.0.2.1 | awk '{print $6}')" \
	"blackhole"
check "route del" vswctl route del 192.0.2.0/24
out=$(ip netns exec vt-l3-a ping -c 3 -i 0.2 -W 2 192.0.2.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "deleting the API route uncovers the config's"; else
	fail "deleting the API route uncovers the config's" "$out"; fi
out=$(vswctl route add 10.9.0.0/16 via 10.50.0.1 2>&1) && fail "a gateway off-subnet is refused" "$out" ||
	check "a gateway off-subnet is refused, with why" grep -q "gateway 10.50.0.1 is not on a connected subnet" <<<"$out"
out=$(vswctl route del 10.77.0.0/16 2>&1) && fail "deleting a route that is not there fails" "$out" ||
	check "deleting a route that is not there fails" grep -q "is no API route" <<<"$out"
out=$(vswctl route add 10.0.1.1/32 blackhole 2>&1) && fail "our own address cannot be overridden" "$out" ||
	check "our own address cannot be overridden" grep -q "is a local address" <<<"$out"

# 10,000 route changes through the API during a ping flood to b: none lost.
ip netns exec vt-l3-a ping -f -c 5000 -W 1 10.0.2.2 >"$T_TMP/flood2.log" 2>&1 &
flood=$!
"$PY" - "$VSWCTL" "/run/vsw/$VSWD_PREFIX/vswd.sock" <<'PYEOF' >"$T_TMP/churn.log" 2>&1 || true
import importlib.machinery, importlib.util, sys, time
loader = importlib.machinery.SourceFileLoader("vswctl", sys.argv[1])
spec = importlib.util.spec_from_loader("vswctl", loader)
v = importlib.util.module_from_spec(spec)
loader.exec_module(v)
api = v.Api(sys.argv[2], "vswd")
gw = 0x0A000202  # 10.0.2.2
t = time.time()
for i in range(5000):
    r = [(0x64400000 | i << 8, 24, 0, gw)]  # 100.64.i.0/24 via b
    api.call_checked(v.API_ROUTE_ADD, v.routes_req("", r))
    api.call_checked(v.API_ROUTE_DEL, v.routes_req("", r))
print(f"10000 changes in {time.time() - t:.2f} s")
PYEOF
wait $flood || true
log "$(cat "$T_TMP/churn.log")"
check "10,000 API route changes" grep -q "^10000 changes" "$T_TMP/churn.log"
check "during the route churn, no ping lost" grep -q " 0% packet loss" "$T_TMP/flood2.log"

# A reload that gives r0 another MAC announces it (gratuitous ARP): host a's entry for its
# gateway follows without a asking (Linux updates an entry it has on a gratuitous ARP).
ip netns exec vt-l3-a ping -c 1 -W 1 10.0.1.1 >/dev/null 2>&1 || true
sed 's/02:00:00:00:01:01/02:00:00:00:01:99/' "$T_TMP/r.yaml" >"$T_TMP/r3.yaml"
check "a reload changes r0's MAC" vswctl reload "$T_TMP/r3.yaml"
sleep 0.5
check_eq "gratuitous ARP: a's neighbour entry for its gateway has the new MAC" \
	"$(ip -n vt-l3-a neigh show 10.0.1.1 | awk '{print $5}')" "02:00:00:00:01:99"

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
