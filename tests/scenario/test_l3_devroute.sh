#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Routes through an interface (`ip route add P dev IF`, `... via G dev IF onlink`), IPv4 and
# IPv6, with Linux as the oracle: one network built twice, first with a Linux router
# namespace, then with vswd in its place. Host b's addresses lie outside the router's
# subnet on b's side; the router reaches them through a dev route, and b reaches the router
# through its own dev route to the router's address:
#   a 10.0.1.2/24 2001:db8:1::2/64 -- [10.0.1.1 2001:db8:1::1 | router | 10.0.2.1/24
#     2001:db8:2::1/64] -- b 10.9.0.5/32 2001:db8:99::5/128, 192.168.50.1/32 (a gateway
#     on b's link, outside every subnet), 172.16.3.4/32 on lo behind it
# Router: 10.9.0.0/24 dev b-side; 2001:db8:99::/64 dev b-side; 172.16.0.0/16 via
# 192.168.50.1 dev b-side onlink. Both must give a the same ping and traceroute answers, and
# the route lookups (`ip route get`, `vswctl route lookup`) name the same interface and
# gateway. Then vswd alone: the dev route's host learned as a neighbour, a sender outside
# every dev route answered but not learned, and an API dev route (vswctl route add ... dev).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ns6() { # a namespace with IPv6 on (ns_add turns it off)
	ns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0
}
take() { # take NS IFACE: move it in, IPv6 on, no DAD delay, no router advertisements
	local i
	for i in $(seq 100); do
		ip link show "$2" >/dev/null 2>&1 && break
		sleep 0.05
	done
	ip link set "$2" netns "$1"
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=0" \
		"net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.accept_ra=0"
	ip -n "$1" link set "$2" up
}

hosts() { # the two hosts, their interfaces vt-dva/b already made
	take vt-dv-a vt-dva
	ip -n vt-dv-a addr add 10.0.1.2/24 dev vt-dva
	ip -n vt-dv-a addr add 2001:db8:1::2/64 dev vt-dva nodad
	ip -n vt-dv-a route add default via 10.0.1.1
	ip -n vt-dv-a -6 route add default via 2001:db8:1::1
	take vt-dv-b vt-dvb
	# b's addresses are on no subnet of the router's b side: b reaches the router's
	# address through a dev route of its own, and the rest through it.
	ip -n vt-dv-b addr add 10.9.0.5/32 dev vt-dvb
	ip -n vt-dv-b addr add 192.168.50.1/32 dev vt-dvb
	ip -n vt-dv-b addr add 2001:db8:99::5/128 dev vt-dvb nodad
	ip -n vt-dv-b addr add 172.16.3.4/32 dev lo
	ip -n vt-dv-b route add 10.0.2.1/32 dev vt-dvb
	ip -n vt-dv-b route add 10.0.1.0/24 via 10.0.2.1 dev vt-dvb src 10.9.0.5
	ip -n vt-dv-b -6 route add 2001:db8:2::1/128 dev vt-dvb
	ip -n vt-dv-b -6 route add 2001:db8:1::/64 via 2001:db8:2::1 dev vt-dvb
}

linux_router() {
	ns6 vt-dv-r
	ns6 vt-dv-a
	ns6 vt-dv-b
	ip link add vt-dvra type veth peer name vt-dva
	ip link add vt-dvrb type veth peer name vt-dvb
	take vt-dv-r vt-dvra
	take vt-dv-r vt-dvrb
	ip -n vt-dv-r addr add 10.0.1.1/24 dev vt-dvra
	ip -n vt-dv-r addr add 2001:db8:1::1/64 dev vt-dvra nodad
	ip -n vt-dv-r addr add 10.0.2.1/24 dev vt-dvrb
	ip -n vt-dv-r addr add 2001:db8:2::1/64 dev vt-dvrb nodad
	ip netns exec vt-dv-r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
	ip -n vt-dv-r route add 10.9.0.0/24 dev vt-dvrb
	ip -n vt-dv-r route add 172.16.0.0/16 via 192.168.50.1 dev vt-dvrb onlink
	ip -n vt-dv-r -6 route add 2001:db8:99::/64 dev vt-dvrb
	hosts
}

vswd_router() {
	cat >"$T_TMP/d.yaml" <<YAML
eal:
  file_prefix: vt-dv
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-dva}
  - {name: pb, kind: tap, iface: vt-dvb}
router:
  icmp_ratelimit_ms: 0 # as the Linux router's icmp_ratelimit=0
  interfaces:
    - {name: ra, port: pa, addresses: [10.0.1.1/24, "2001:db8:1::1/64"]}
    - {name: rb, port: pb, addresses: [10.0.2.1/24, "2001:db8:2::1/64"]}
  routes:
    - {to: 10.9.0.0/24, dev: rb}
    - {to: 172.16.0.0/16, via: 192.168.50.1, dev: rb}
    - {to: "2001:db8:99::/64", dev: rb}
YAML
	ns6 vt-dv-a
	ns6 vt-dv-b
	start_vswd "$T_TMP/d.yaml"
	hosts
}

norm_ping() {
	sed -nE -e 's/^[0-9]+ bytes from ([0-9a-f.:]+): icmp_seq=[0-9]+ (ttl=[0-9]+).*/reply \1 \2/p' \
		-e 's/^From ([0-9a-f.:]+) icmp_seq=[0-9]+ /From \1 /p' \
		-e 's/.* ([0-9]+) received.*/\1 received/p'
}
norm_hops() {
	sed -E -e 's/[0-9]+\.[0-9]+ ?ms//g' -e 's/  +/ /g' -e 's/ +$//' | grep -v '^$'
}
# A route lookup as "via G dev SIDE" (SIDE a or b), from `ip route get` or `vswctl route
# lookup`: what both routers say a packet to the address takes.
norm_route() {
	sed -nE -e 's/.* via ([0-9a-f.:]+) dev [a-z-]*(ra|rb|vt-dvra|vt-dvrb)( .*|$)/via \1 dev \2/p' \
		-e 's/^[0-9a-f.:]+ (from :: )?dev [a-z-]*(ra|rb|vt-dvra|vt-dvrb)( .*|$)/direct dev \2/p' \
		-e 's/.*: [0-9a-f.:/]+ (static|api) dev (ra|rb), directly connected$/direct dev \2/p' |
		sed -E 's/dev (vt-dvr)?(r?)([ab])$/dev \3/'
}

probe() { # probe NAME NS CMD...: one question, its normalized answer in $T_TMP/<round>.out
	local name=$1 ns=$2 out kind=ping
	shift 2
	[[ $1 == trace* ]] && kind=hops
	out=$(ip netns exec "$ns" "$@" 2>&1) || true
	{
		echo "## $name"
		case $kind in
		ping) norm_ping <<<"$out" ;;
		hops) norm_hops <<<"$out" ;;
		esac
	} >>"$T_TMP/$ROUND.out"
}
route_probe() { # route_probe NAME ADDRESS: the router's own lookup, normalized
	local out
	if [ "$ROUND" == linux ]; then
		out=$(ip -n vt-dv-r route get "$2" 2>&1 | head -1) || true
	else
		out=$(vswctl route lookup "$2" 2>&1) || true
	fi
	log "$ROUND: route to $2: $out"
	{
		echo "## $1"
		norm_route <<<"$out"
	} >>"$T_TMP/$ROUND.out"
}

probes() {
	local p1="ping -c 1 -W 3"
	# The first packets make both routers resolve b (held, then sent: not lost).
	probe "ping b's 10.9.0.5 through a dev route (first packet held, not lost)" vt-dv-a \
		$p1 10.9.0.5
	probe "ping b's 10.9.0.5 again" vt-dv-a ping -c 3 -i 0.2 -W 2 10.9.0.5
	probe "ping 172.16.3.4 via the onlink gateway 192.168.50.1" vt-dv-a $p1 172.16.3.4
	probe "ping6 b's 2001:db8:99::5 through a dev route" vt-dv-a $p1 2001:db8:99::5
	probe "ping6 b again" vt-dv-a ping -c 3 -i 0.2 -W 2 2001:db8:99::5
	probe "ping a from b (b's own dev route to the router)" vt-dv-b $p1 10.0.1.2
	probe "ping6 a from b" vt-dv-b $p1 2001:db8:1::2
	probe "a host on the dev route's link that never answers" vt-dv-a ping -c 1 -W 6 10.9.0.77
	probe "traceroute ICMP to b" vt-dv-a traceroute -n -I -q 1 -w 2 -m 3 10.9.0.5
	probe "traceroute6 ICMP to b" vt-dv-a traceroute -6 -n -I -q 1 -w 2 -m 3 2001:db8:99::5
	route_probe "route to 10.9.0.7 (a dev route: no gateway)" 10.9.0.7
	route_probe "route to 172.16.9.9 (the onlink gateway)" 172.16.9.9
	route_probe "route to 2001:db8:99::7 (a dev route)" 2001:db8:99::7
}

ROUND=linux
linux_router
probes
end_round

ROUND=vswd
vswd_router
probes

"$PY" - "$T_TMP/linux.out" "$T_TMP/vswd.out" <<'PY' >"$T_TMP/cmp"
import sys
def probes(path):
    d, name = {}, None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("## "):
            name = line[3:]
            d[name] = []
        else:
            d[name].append(line)
    return d
lx, vs = probes(sys.argv[1]), probes(sys.argv[2])
for name in lx:
    a, b = "\n".join(lx[name]), "\n".join(vs.get(name, ["(not asked)"]))
    if a == b and a:
        print(f"PASS linux and vswd agree: {name}")
    else:
        print(f"FAIL linux and vswd agree: {name}: they differ (or say nothing)")
        print("#   linux: " + a.replace("\n", "\n#          "))
        print("#   vswd:  " + b.replace("\n", "\n#          "))
PY
cat "$T_TMP/cmp"
grep -q '^FAIL' "$T_TMP/cmp" && T_FAILED=1
log "Linux's answers:"
sed 's/^/#   /' "$T_TMP/linux.out"

# vswd alone: what it learned, and what it did not.
neigh() { # neigh ADDRESS: "INTERFACE resolved" of vswd's neighbour, or ""
	vswctl --json neighbours | json_get \
		"' '.join(f\"{n['interface']} {n['state']}\" for n in d.get('neighbours', {}).values() if n['address'] == '$1')"
}
vswctl neighbours | sed 's/^/# /'
check_eq "b's 10.9.0.5 (outside rb's subnet, under its dev route) learned on rb" \
	"$(neigh 10.9.0.5 | awk '{print $1}')" "rb"
check_eq "b's 2001:db8:99::5 learned on rb" "$(neigh 2001:db8:99::5 | awk '{print $1}')" "rb"
check_eq "the onlink gateway 192.168.50.1 resolved on rb" \
	"$(neigh 192.168.50.1 | awk '{print $1}')" "rb"
# A sender under no dev route: answered (b's ping works through its own dev route), not
# learned by vswd.
ip -n vt-dv-b addr add 10.77.0.5/32 dev vt-dvb
ip -n vt-dv-b neigh flush dev vt-dvb
ip netns exec vt-dv-b ping -c 1 -W 1 -I 10.77.0.5 10.0.2.1 >/dev/null 2>&1 || true
check "the ARP request from 10.77.0.5 was answered" \
	grep -q lladdr <<<"$(ip -n vt-dv-b neigh show 10.0.2.1)"
check_eq "a sender under no dev route is not learned" "$(neigh 10.77.0.5)" ""
out=$(vswctl route lookup 10.9.0.7)
check "vswctl route lookup: the interface, directly connected" \
	grep -q "10.9.0.0/24 static dev rb, directly connected" <<<"$out"

# The API: an on-link route through rb (vswctl route add P dev IF) reaches b's 10.88.0.5.
ip -n vt-dv-b addr add 10.88.0.5/32 dev vt-dvb
vswctl route add 10.88.0.0/24 dev rb >/dev/null
out=$(ip netns exec vt-dv-a ping -c 2 -i 0.3 -W 3 10.88.0.5 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "an API dev route reaches its host"; else
	fail "an API dev route reaches its host" "$out"; fi
out=$(vswctl route lookup 10.88.0.9)
check "vswctl route lookup of the API dev route" \
	grep -q "10.88.0.0/24 api dev rb, directly connected" <<<"$out"
if out=$(vswctl route add 10.89.0.0/24 dev nosuch 2>&1); then
	fail "an unknown interface is refused" "$out"
else
	check "an unknown interface is refused, named" \
		grep -q "dev 'nosuch' is no running router interface of vrf 'default'" <<<"$out"
fi
vswctl route add 2001:db8:88::/64 dev rb >/dev/null
check "vswctl route lookup of an IPv6 API dev route" \
	grep -q "2001:db8:88::/64 api dev rb, directly connected" <<<"$(vswctl route lookup 2001:db8:88::9)"
if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
