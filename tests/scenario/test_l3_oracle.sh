#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Linux is the oracle: one network built twice, first with a Linux router (a namespace with
# veth pairs, ip_forward, `ip route`, `ip rule`), then with vswd in its place (TAP ports moved
# into the same host namespaces). The hosts ask both the same questions — ping, ping with a
# TTL, DF and sizes, record-route and timestamp options, malformed options (ip4opts.py),
# traceroute (ICMP and UDP), tracepath — and must get the same answers: replies and their
# TTL, the options' addresses, the ICMP errors (type, code, pointer, from whom), the hops.
#   a 10.0.1.2, 10.0.1.130 -- [10.0.1.1 | router | 10.0.2.1 mtu 1400] -- b 10.0.2.2
#                                        [ 10.0.3.1 ]                    -- c 10.0.3.2
# Scenario 5's routes (static, blackhole, unreachable, prohibit, none, TTL expiry, an
# unresolvable host, a directed broadcast) and scenario 9's policy (from 10.0.1.128/25 table
# 100 via c; to 198.18.0.99 prohibit). 198.18.0.1 lives on b and on c; c's kernel answers
# with TTL 100, so the TTL of a reply says which one answered.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

hosts() { # the three hosts, their interfaces named vt-gna/b/c already in their namespaces
	ns_take_iface vt-gn-a vt-gna 10.0.1.2/24
	ip -n vt-gn-a addr add 10.0.1.130/24 dev vt-gna
	ns_take_iface vt-gn-b vt-gnb 10.0.2.2/24
	ns_take_iface vt-gn-c vt-gnc 10.0.3.2/24
	ip -n vt-gn-b link set vt-gnb mtu 1400 # one MTU on the link (a veth drops bigger frames)
	ip -n vt-gn-a route add default via 10.0.1.1
	ip -n vt-gn-b route add default via 10.0.2.1
	ip -n vt-gn-c route add default via 10.0.3.1
	ip -n vt-gn-b addr add 192.0.2.1/32 dev lo
	ip -n vt-gn-b addr add 198.18.0.1/32 dev lo
	ip -n vt-gn-c addr add 198.18.0.1/32 dev lo
	ip netns exec vt-gn-c sysctl -qw net.ipv4.ip_default_ttl=100
}

linux_router() {
	local n
	ns_add vt-gn-r
	for n in a b c; do
		ip link add "vt-gnr$n" type veth peer name "vt-gn$n"
		ns_add "vt-gn-$n"
	done
	ns_take_iface vt-gn-r vt-gnra 10.0.1.1/24
	ns_take_iface vt-gn-r vt-gnrb 10.0.2.1/24
	ns_take_iface vt-gn-r vt-gnrc 10.0.3.1/24
	ip -n vt-gn-r link set vt-gnrb mtu 1400
	ip netns exec vt-gn-r sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0
	ip -n vt-gn-r route add 192.0.2.0/24 via 10.0.2.2
	ip -n vt-gn-r route add 198.18.0.0/24 via 10.0.2.2
	ip -n vt-gn-r route add blackhole 198.51.100.0/24
	ip -n vt-gn-r route add unreachable 203.0.113.0/25
	ip -n vt-gn-r route add prohibit 203.0.113.128/25
	ip -n vt-gn-r route add default via 10.0.3.2 table 100
	ip -n vt-gn-r rule add priority 100 from 10.0.1.128/25 table 100
	ip -n vt-gn-r rule add priority 400 to 198.18.0.99 prohibit
	hosts
}

vswd_router() {
	local n
	cat >"$T_TMP/o.yaml" <<YAML
eal:
  file_prefix: vt-gn
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-gna}
  - {name: pb, kind: tap, iface: vt-gnb}
  - {name: pc, kind: tap, iface: vt-gnc}
router:
  icmp_ratelimit_ms: 0 # as the Linux router's net.ipv4.icmp_ratelimit=0
  interfaces:
    - {name: ra, port: pa, addresses: [10.0.1.1/24]}
    - {name: rb, port: pb, addresses: [10.0.2.1/24], mtu: 1400}
    - {name: rc, port: pc, addresses: [10.0.3.1/24]}
  routes:
    - {to: 192.0.2.0/24, via: 10.0.2.2}
    - {to: 198.18.0.0/24, via: 10.0.2.2}
    - {to: 198.51.100.0/24, type: blackhole}
    - {to: 203.0.113.0/25, type: unreachable}
    - {to: 203.0.113.128/25, type: prohibit}
    - {to: 0.0.0.0/0, via: 10.0.3.2, table: 100}
  rules:
    - {priority: 100, from: 10.0.1.128/25, table: 100}
    - {priority: 400, to: 198.18.0.99/32, action: prohibit}
YAML
	for n in a b c; do ns_add "vt-gn-$n"; done
	start_vswd "$T_TMP/o.yaml"
	hosts
}

# What a user sees, without times: ping's replies (from, TTL) and errors (from, what), its
# count of replies; traceroute's and tracepath's hops.
norm_ping() {
	sed -nE -e 's/^[0-9]+ bytes from ([0-9.]+): icmp_seq=[0-9]+ (ttl=[0-9]+).*/reply \1 \2/p' \
		-e 's/^From ([0-9.]+) icmp_seq=[0-9]+ /From \1 /p' \
		-e 's/.* ([0-9]+) received.*/\1 received/p' -e '/^RR:/,/^$/p' \
		-e '/^TS:/,/^$/{s/\t-?[0-9]+( absolute)?$/\tN/;p;}'
}
norm_hops() {
	sed -E -e 's/[0-9]+\.[0-9]+ ?ms//g' -e 's/  +/ /g' -e 's/ +$//' | grep -v '^$'
}

probe() { # probe NAME NS CMD...: one question, its normalized answer in $T_TMP/<round>.out
	local name=$1 ns=$2 out kind
	shift 2
	kind=ping
	[[ $1 == trace* ]] && kind=hops
	[[ $1 == "$PY" ]] && kind=raw
	out=$(ip netns exec "$ns" "$@" 2>&1) || true
	{
		echo "## $name"
		case $kind in
		ping) norm_ping <<<"$out" ;;
		hops) norm_hops <<<"$out" ;;
		raw) echo "$out" ;;
		esac
	} >>"$T_TMP/$ROUND.out"
}

# probe_err NAME NS CMD...: a question Linux answers with a route error (an unreachable,
# prohibit or missing route, a prohibit rule: ip_error()). Those errors are limited per
# source whatever icmp_ratelimit says: a burst of 5, then one a second
# (net.ipv4.route.error_cost), so the Linux router gets a second's token first. vswd's
# limit is router.icmp_ratelimit_ms, 0 here: no wait.
probe_err() {
	[ "$ROUND" == linux ] && sleep 1
	probe "$@"
}

probes() {
	# Warm up: both routers resolve b and c (not compared: the first answers may wait).
	ip netns exec vt-gn-a ping -c 1 -W 2 10.0.2.2 >/dev/null 2>&1 || true
	ip netns exec vt-gn-a ping -c 1 -W 2 10.0.3.2 >/dev/null 2>&1 || true
	local p1="ping -c 1 -W 2"
	probe "ping the gateway" vt-gn-a $p1 10.0.1.1
	probe "ping the router's address on b's side" vt-gn-a $p1 10.0.2.1
	probe "ping b through the router" vt-gn-a ping -c 3 -i 0.2 -W 2 10.0.2.2
	probe "ping a from b" vt-gn-b $p1 10.0.1.2
	probe "static route via b" vt-gn-a $p1 192.0.2.1
	probe "blackhole route" vt-gn-a $p1 198.51.100.7
	probe_err "unreachable route" vt-gn-a $p1 203.0.113.5
	probe_err "prohibit route" vt-gn-a $p1 203.0.113.200
	probe_err "no route" vt-gn-a $p1 100.64.0.1
	probe "TTL 1" vt-gn-a $p1 -t 1 10.0.2.2
	probe "TTL 2" vt-gn-a $p1 -t 2 10.0.2.2
	probe "TTL 1 to the router's far address" vt-gn-a $p1 -t 1 10.0.2.1
	probe "directed broadcast to b's subnet" vt-gn-a $p1 10.0.2.255
	probe "DF, too big for b's side" vt-gn-a $p1 -M do -s 1400 10.0.2.2
	probe "too big, no DF: fragmented" vt-gn-a $p1 -M dont -s 1400 10.0.2.2
	probe "record route (ping -R) through the router" vt-gn-a ping -c 1 -R -W 2 10.0.2.2
	probe "timestamps (ping -T tsonly) through the router" vt-gn-a \
		ping -c 1 -T tsonly -W 2 10.0.2.2
	probe "timestamps and addresses (ping -T tsandaddr) through the router" vt-gn-a \
		ping -c 1 -T tsandaddr -W 2 10.0.2.2
	probe "malformed and source-route IPv4 options (ip4opts.py)" vt-gn-a \
		"$PY" "$here/ip4opts.py" 10.0.2.2 10.0.1.1
	probe "policy: main table, via b" vt-gn-a $p1 198.18.0.1
	probe "policy: from 10.0.1.130, table 100 via c" vt-gn-a $p1 -I 10.0.1.130 198.18.0.1
	probe_err "policy: prohibit rule" vt-gn-a $p1 198.18.0.99
	probe "policy: from 10.0.1.130 to b's subnet (table 100 via c)" vt-gn-a $p1 -I 10.0.1.130 10.0.2.2
	probe "a host that does not answer ARP" vt-gn-a ping -c 1 -W 6 10.0.2.99
	probe "traceroute ICMP to b" vt-gn-a traceroute -n -I -q 1 -w 2 -m 4 10.0.2.2
	probe "traceroute UDP to 192.0.2.1" vt-gn-a traceroute -n -q 1 -w 2 -m 4 192.0.2.1
	probe "traceroute UDP to the gateway" vt-gn-a traceroute -n -q 1 -w 2 -m 4 10.0.1.1
	probe_err "traceroute ICMP, no route" vt-gn-a traceroute -n -I -q 1 -w 2 -m 4 100.64.0.1
	probe_err "traceroute ICMP, prohibit route" vt-gn-a traceroute -n -I -q 1 -w 2 -m 4 203.0.113.200
	probe "traceroute ICMP from 10.0.1.130 to 198.18.0.1" vt-gn-a \
		traceroute -n -I -q 1 -w 2 -m 4 -s 10.0.1.130 198.18.0.1
	probe "tracepath to b (path MTU)" vt-gn-a tracepath -n -m 4 10.0.2.2
}

ROUND=linux
linux_router
probes
end_round

ROUND=vswd
vswd_router
probes

# Compare, probe by probe.
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
    if a == b:
        print(f"PASS linux and vswd agree: {name}")
    else:
        print(f"FAIL linux and vswd agree: {name}: they differ")
        print("#   linux: " + a.replace("\n", "\n#          "))
        print("#   vswd:  " + b.replace("\n", "\n#          "))
PY
cat "$T_TMP/cmp"
grep -q '^FAIL' "$T_TMP/cmp" && T_FAILED=1
log "Linux's answers:"
sed 's/^/#   /' "$T_TMP/linux.out"
if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
