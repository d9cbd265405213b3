#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The router, IPv6: two namespace hosts on two subnets, vswd their gateway. Host a configures
# itself from vswd's router advertisements (SLAAC, the default route via the gateway's
# link-local address); host b is configured by hand. Linux's ping, traceroute and neighbour
# table are the oracle: they must see what a Linux router gives them.
#   host a (SLAAC in 2001:db8:1::/64) -- [r0 2001:db8:1::1 | vswd | r1 2001:db8:2::1] --
#   host b 2001:db8:2::2/64 (and 2001:db8:77::1 behind it)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/r.yaml" <<YAML
eal:
  file_prefix: vswtest-l6
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-l6a}
  - {name: pb, kind: tap, iface: vt-l6b}
  - {name: pc, kind: tap, iface: vt-l6c}
bridges:
  - {name: lan, ports: [pc]}
router:
  icmp_ratelimit_ms: 100
  interfaces:
    - {name: r0, port: pa, addresses: [10.6.1.1/24, "2001:db8:1::1/64"], ra: true,
       mac: "02:00:00:00:06:01"}
    - {name: r1, port: pb, addresses: ["2001:db8:2::1/64"], mtu: 1400}
    - {name: r2, bridge: lan, addresses: ["2001:db8:3::1/64"], ra: true}
  routes:
    - {to: "2001:db8:77::/64", via: "2001:db8:2::2"}
    - {to: "2001:db8:66::/64", type: prohibit}
    - {to: "2001:db8:55::/64", type: blackhole}
    - {to: "2001:db8:44::/64", via: "2001:db8:2::2", table: 100}
  neighbours:
    - {interface: r1, address: "2001:db8:2::9", mac: "02:00:00:00:06:09"}
YAML

ns6() { # a namespace with IPv6 on (ns_add turns it off)
	ns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0
}
take6() { # take6 NS IFACE: move the TAP in, IPv6 on, no duplicate address detection delay
	local i
	for i in $(seq 100); do
		ip link show "$2" >/dev/null 2>&1 && break
		sleep 0.05
	done
	ip link set "$2" netns "$1"
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=0" \
		"net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.accept_ra=2"
	ip -n "$1" link set "$2" up
}
ns6 vt-l6-a
ns6 vt-l6-b
ns6 vt-l6-c
start_vswd "$T_TMP/r.yaml"
take6 vt-l6-a vt-l6a
ip -n vt-l6-a addr add 10.6.1.2/24 dev vt-l6a
take6 vt-l6-b vt-l6b
take6 vt-l6-c vt-l6c
ip -n vt-l6-b addr add 2001:db8:2::2/64 dev vt-l6b nodad
ip -n vt-l6-b route add default via 2001:db8:2::1
ip -n vt-l6-b addr add 2001:db8:77::1/128 dev lo
a() { ip netns exec vt-l6-a "$@"; }
ll=fe80::ff:fe00:601 # r0's link-local address: EUI-64 of 02:00:00:00:06:01

# SLAAC: a solicits, vswd advertises 2001:db8:1::/64; a takes an address in it and a default
# route via r0's link-local address, as from any Linux router running radvd.
for i in $(seq 50); do
	ip -n vt-l6-a -6 addr show dev vt-l6a scope global | grep -q "2001:db8:1:" && break
	sleep 0.2
done
addr=$(ip -n vt-l6-a -6 addr show dev vt-l6a scope global | awk '/inet6 2001:db8:1:/ {print $2}')
log "a's SLAAC address: $addr"
check "router advertisement: a autoconfigures an address in 2001:db8:1::/64" \
	grep -q "^2001:db8:1:0*:.*/64$" <<<"$addr"
check "router advertisement: a's default route is r0's link-local address" \
	grep -q "default via $ll dev vt-l6a proto ra" <<<"$(ip -n vt-l6-a -6 route)"
check_eq "router advertisement: the link MTU it announced" \
	"$(a cat /proc/sys/net/ipv6/conf/vt-l6a/mtu)" "1500"

out=$(a ping -6 -c 3 -i 0.2 -W 2 2001:db8:1::1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the gateway answers ping6"; else
	fail "the gateway answers ping6" "$out"; fi
check_eq "the gateway answered neighbour solicitation with its MAC" \
	"$(ip -n vt-l6-a -6 neigh show 2001:db8:1::1 | awk '{print $5}')" "02:00:00:00:06:01"
out=$(a ping -6 -c 2 -i 0.2 -W 2 "$ll%vt-l6a" 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the gateway's link-local address answers ping6"; else
	fail "the gateway's link-local address answers ping6" "$out"; fi

# Forwarding: b is resolved by vswd's solicitation (the first packets held, not lost).
out=$(a ping -6 -c 5 -i 0.2 -W 3 2001:db8:2::2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "a reaches b through the router (ping6)"; else
	fail "a reaches b through the router (ping6)" "$out"; fi
check_eq "hop limit drops by one (b answers with 64, a sees 63)" \
	"$(grep -o 'ttl=[0-9]*' <<<"$out" | sort -u)" "ttl=63"
out=$(a ping -6 -c 3 -i 0.2 -W 2 2001:db8:77::1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "a static IPv6 route via b"; else
	fail "a static IPv6 route via b" "$out"; fi
out=$(a traceroute -6 -n -I -q 1 -w 2 -m 3 2001:db8:2::2 2>&1) || true
log "$out"
if awk '$1 == 1 {print $2}' <<<"$out" | grep -qx 2001:db8:1::1; then
	pass "traceroute6 shows the gateway hop"; else fail "traceroute6 shows the gateway hop" "$out"; fi
if awk '$1 == 2 {print $2}' <<<"$out" | grep -qx 2001:db8:2::2; then
	pass "traceroute6 reaches b in two hops"; else fail "traceroute6 reaches b in two hops" "$out"; fi

# traceroute6's UDP probes to the router itself end with its port unreachable, as Linux's.
out=$(a traceroute -6 -n -q 1 -w 2 -m 3 2001:db8:2::1 2>&1) || true
log "$out"
check_eq "traceroute6 (UDP) to the router's far address: one hop, answered" \
	"$(awk '$1 ~ /^[0-9]+$/ {print $1, $2}' <<<"$out" | tr '\n' ' ')" "1 2001:db8:2::1 "

# Linux's answers for what cannot be forwarded.
out=$(a ping -6 -c 1 -W 2 2001:db8:dead::1 2>&1) || true
check "no route: destination unreachable (no route) from the gateway" \
	grep -q "From 2001:db8:1::1 .*Destination unreachable: No route" <<<"$out"
out=$(a ping -6 -c 1 -W 2 2001:db8:66::1 2>&1) || true
check "prohibit route: administratively prohibited from the gateway" \
	grep -q "From 2001:db8:1::1 .*Destination unreachable: Administratively prohibited" <<<"$out"
before=$(vswctl --json drops | json_get "d.get('ip6_blackhole', 0)")
a ping -6 -c 3 -i 0.2 -W 1 2001:db8:55::1 >/dev/null 2>&1 || true
check_eq "blackhole route: dropped silently, counted" \
	"$(vswctl --json drops | json_get "d.get('ip6_blackhole', 0)")" "$((before + 3))"
out=$(a ping -6 -c 1 -W 2 -t 1 2001:db8:2::2 2>&1) || true
check "hop limit 1: time exceeded from the gateway" \
	grep -q "From 2001:db8:1::1 .*Time exceeded: Hop limit" <<<"$out"
out=$(a ping -6 -c 1 -W 2 -M do -s 1400 2001:db8:2::2 2>&1) || true
check "too big for r1's MTU 1400: packet too big with the MTU, from the gateway" \
	grep -q "From 2001:db8:1::1 .*Packet too big: mtu=1400" <<<"$out"
out=$(a ping -6 -c 1 -W 6 2001:db8:2::99 2>&1) || true
check "no answer to the solicitation: address unreachable after 3 s, as Linux" \
	grep -q "From 2001:db8:1::1 .*Destination unreachable: Address unreachable" <<<"$out"

vswctl --json neighbours >"$T_TMP/n.json" 2>/dev/null || true
check "vswctl neighbours lists b as reachable on r1, with its MAC" "$PY" -c "
import json; d = json.load(open('$T_TMP/n.json'))
mac = '$(ip -n vt-l6-b link show vt-l6b | awk '/ether/ {print $2}')'
assert any(n['address'] == '2001:db8:2::2' and n['interface'] == 'r1' and
           n['state'] == 'reachable' and n['mac'] == mac for n in d['neighbours'].values()), d"
check "vswctl neighbours lists the static IPv6 neighbour as permanent" "$PY" -c "
import json; d = json.load(open('$T_TMP/n.json'))
assert any(n['address'] == '2001:db8:2::9' and n['state'] == 'permanent'
           for n in d['neighbours'].values()), d"
vswctl --json routes >"$T_TMP/r.json" 2>/dev/null || true
check "vswctl routes lists IPv6 connected, local, static and prohibit routes" "$PY" -c "
import json; d = {(r['prefix'], r['type']) for r in json.load(open('$T_TMP/r.json'))['routes'].values()}
for want in [('2001:db8:1::/64', 'connected'), ('2001:db8:2::1/128', 'local'),
             ('2001:db8:77::/64', 'static'), ('2001:db8:66::/64', 'prohibit')]:
    assert want in d, (want, d)"
bmac=$(ip -n vt-l6-b link show vt-l6b | awk '/ether/ {print $2}')
check_eq "route lookup (IPv6): the static route, its gateway, interface and MAC" \
	"$(vswctl route lookup 2001:db8:77::5 2>&1)" \
	"2001:db8:77::5 in vrf default: 2001:db8:77::/64 static via 2001:db8:2::2 dev r1 lladdr $bmac"
check "route lookup (IPv6) of an address with no route is an error" \
	bash -c "! $VSWCTL --prefix $VSWD_PREFIX route lookup 3fff::1 >/dev/null 2>&1"
check "an IPv6 route of table 100 is listed in default/100, not used by the main lookup" \
	bash -c "$PY -c \"
import json; d = {(r['vrf'], r['prefix'], r['type']) for r in json.load(open('$T_TMP/r.json'))['routes'].values()}
assert ('default/100', '2001:db8:44::/64', 'static') in d, d
assert ('default', '2001:db8:44::/64', 'static') not in d, d\" &&
	! $VSWCTL --prefix $VSWD_PREFIX route lookup 2001:db8:44::1 >/dev/null 2>&1"

# A route added through the API (vswctl) carries a's ping to 2001:db8:88::1 (behind b);
# deleted, a gets "no route" again.
ip -n vt-l6-b addr add 2001:db8:88::1/128 dev lo
out=$(a ping -6 -c 1 -W 2 2001:db8:88::1 2>&1) || true
check "before vswctl route add: no route to 2001:db8:88::1" \
	grep -q "Destination unreachable: No route" <<<"$out"
check "vswctl route add 2001:db8:88::/64 via 2001:db8:2::2 (IPv6, API)" \
	vswctl route add 2001:db8:88::/64 via 2001:db8:2::2
check "ping6 over the API route" a ping -6 -c 3 -i 0.2 -W 2 2001:db8:88::1
check_eq "route lookup (IPv6): the API route" \
	"$(vswctl route lookup 2001:db8:88::1 2>&1)" \
	"2001:db8:88::1 in vrf default: 2001:db8:88::/64 api via 2001:db8:2::2 dev r1 lladdr $bmac"
check "vswctl route del 2001:db8:88::/64" vswctl route del 2001:db8:88::/64
out=$(a ping -6 -c 1 -W 2 2001:db8:88::1 2>&1) || true
check "after vswctl route del: no route again" \
	grep -q "From 2001:db8:1::1 .*Destination unreachable: No route" <<<"$out"
check "vswctl route add of a gateway off every IPv6 subnet is refused" \
	bash -c "! $VSWCTL --prefix $VSWD_PREFIX route add 2001:db8:88::/64 via 2001:db8:5::2 2>/dev/null"

vswctl --json interfaces >"$T_TMP/i.json" 2>/dev/null || true
check "vswctl interfaces shows r0's global and link-local addresses" "$PY" -c "
import json; d = json.load(open('$T_TMP/i.json'))['interfaces']
r0 = [i for i in d.values() if i['name'] == 'r0'][0]
assert '2001:db8:1::1/64' in r0['addresses'] and '$ll/64' in r0['addresses'], r0"

# Malformed IPv6 from a: each dropped by its named counter.
"$PY" - "$T_TMP/mal.pcap" <<'PYEOF' >/dev/null 2>&1
import sys
from scapy.all import Ether, IPv6, IP, ICMPv6EchoRequest, ICMPv6ND_NS, wrpcap
gw, me = "02:00:00:00:06:01", "02:00:00:00:06:aa"
src, dst = "2001:db8:1::aa", "2001:db8:2::2"
good = Ether(src=me, dst=gw) / IPv6(src=src, dst=dst) / ICMPv6EchoRequest()
short = Ether(bytes(good)[:14 + 30])
ver4 = Ether(bytes(Ether(src=me, dst=gw, type=0x86dd) / IP(src="10.6.1.2", dst="10.0.0.1") / ("x" * 40)))
longer = Ether(src=me, dst=gw) / IPv6(src=src, dst=dst, plen=1000) / ICMPv6EchoRequest()
mcast_src = Ether(src=me, dst=gw) / IPv6(src="ff02::1", dst=dst) / ICMPv6EchoRequest()
ll_dst = Ether(src=me, dst=gw) / IPv6(src=src, dst="fe80::1234") / ICMPv6EchoRequest()
ns_hlim = Ether(src=me, dst=gw) / IPv6(src=src, dst="2001:db8:1::1", hlim=64) / ICMPv6ND_NS(tgt="2001:db8:1::1")
ns_other = Ether(src=me, dst=gw) / IPv6(src=src, dst="2001:db8:1::1", hlim=255) / ICMPv6ND_NS(tgt="2001:db8:1::77")
bad_ck = Ether(bytes(Ether(src=me, dst=gw) / IPv6(src=src, dst="2001:db8:1::1") / ICMPv6EchoRequest(cksum=0x1234)))
wrpcap(sys.argv[1], [short, ver4, longer, mcast_src, ll_dst, ns_hlim, ns_other, bad_ck])
PYEOF
reasons="ip6_truncated ip6_bad_version ip6_bad_length ip6_martian ip6_link_local nd_malformed nd_not_for_us icmp6_bad"
declare -A before
for r in $reasons; do before[$r]=$(vswctl --json drops | json_get "d.get('$r', 0)"); done
a "$PY" -c "
from scapy.all import rdpcap, sendp
sendp(rdpcap('$T_TMP/mal.pcap'), iface='vt-l6a', verbose=False)"
sleep 0.5
for r in $reasons; do
	check_eq "malformed IPv6: $r counted once" \
		"$(vswctl --json drops | json_get "d.get('$r', 0)")" "$((before[$r] + 1))"
done

# The gateway of a bridge: its router advertisements and neighbour discovery cross the
# bridge (multicast floods reach the router interface, a member of the bridge).
for i in $(seq 50); do
	ip -n vt-l6-c -6 route | grep -q "^default" && break
	sleep 0.2
done
check "on a bridge: c autoconfigures from r2's advertisements" \
	grep -q "inet6 2001:db8:3:0*:" <<<"$(ip -n vt-l6-c -6 addr show dev vt-l6c)"
out=$(ip netns exec vt-l6-c ping -6 -c 3 -i 0.2 -W 3 2001:db8:2::2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "on a bridge: c reaches b through the router"; else
	fail "on a bridge: c reaches b through the router" "$out"; fi

# A reload gives r0 another MAC: an unsolicited neighbour advertisement (override) updates
# a's entry for the gateway, and router advertisements from the new link-local address give
# a its new default router, as Linux hosts expect when a router's interface changes.
sed 's/02:00:00:00:06:01/02:00:00:00:06:99/' "$T_TMP/r.yaml" >"$T_TMP/r2.yaml"
check "reload: r0 gets a new MAC" vswctl reload "$T_TMP/r2.yaml"
for i in $(seq 20); do
	ip -n vt-l6-a -6 route | grep -q "default.*fe80::ff:fe00:699" && break
	sleep 0.2
done
check_eq "unsolicited advertisement: a's entry for the gateway has the new MAC" \
	"$(ip -n vt-l6-a -6 neigh show 2001:db8:1::1 | awk '{print $5}')" "02:00:00:00:06:99"
check "router advertisement from the new link-local address: a's default router" \
	grep -q "default.*via fe80::ff:fe00:699 dev vt-l6a" <<<"$(ip -n vt-l6-a -6 route)"
out=$(a ping -6 -c 3 -i 0.2 -W 2 2001:db8:2::2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "after the change a still reaches b"; else
	fail "after the change a still reaches b" "$out"; fi

# IPv4 still works beside it on r0.
check "r0 answers IPv4 too" a ping -c 1 -W 2 10.6.1.1
if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
