#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 9, policy routing: like `ip rule from 10.0.1.128/25 table 100`. 198.18.0.1 lives
# on both b and c; the main table routes it via b, table 100 via c. Rules pick table 100 by
# source, by protocol and port, and by DSCP and ingress interface (c's EF replies come in on
# rc and are not caught), and one prohibits; each host's kernel counts
# what reached it, and `vswctl rules` what each rule matched. The Linux commands for the same policy are in docs/config.md.
# The same in IPv6 (`ip -6 rule`): 2001:db8:ff::1 on b and c, the same kinds of rules, a
# blackhole one too; Linux's answer to `ip -6 route get` with the same rules in a scratch
# namespace is the oracle for which gateway each kind of packet takes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/p.yaml" <<YAML
eal:
  file_prefix: vswtest-pbr
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-pba}
  - {name: pb, kind: tap, iface: vt-pbb}
  - {name: pc, kind: tap, iface: vt-pbc}
router:
  interfaces:
    - {name: ra, port: pa, addresses: [10.0.1.1/24, "2001:db8:a1::1/64"]}
    - {name: rb, port: pb, addresses: [10.0.2.1/24, "2001:db8:a2::1/64"]}
    - {name: rc, port: pc, addresses: [10.0.3.1/24, "2001:db8:a3::1/64"]}
  routes:
    - {to: 198.18.0.0/24, via: 10.0.2.2}
    - {to: 0.0.0.0/0, via: 10.0.3.2, table: 100}
    - {to: "2001:db8:ff::/64", via: "2001:db8:a2::2"}
    - {to: "::/0", via: "2001:db8:a3::2", table: 100}
  rules:
    - {priority: 100, from: 10.0.1.128/25, table: 100}
    - {priority: 200, proto: udp, dport: 5353, table: 100}
    - {priority: 300, dscp: 46, iif: ra, table: 100}
    - {priority: 400, to: 198.18.0.99/32, action: prohibit}
    - {priority: 100, from: "2001:db8:a1::8:0/112", table: 100}
    - {priority: 200, family: 6, proto: udp, dport: 5353, table: 100}
    - {priority: 300, family: 6, dscp: 46, iif: ra, table: 100}
    - {priority: 400, to: "2001:db8:ff::99/128", action: prohibit}
    - {priority: 500, to: "2001:db8:ff::66/128", action: blackhole}
YAML

for n in a b c; do ns_add vt-pb-$n; done
start_vswd "$T_TMP/p.yaml"
ns_take_iface vt-pb-a vt-pba 10.0.1.2/24
ip -n vt-pb-a addr add 10.0.1.130/24 dev vt-pba
ns_take_iface vt-pb-b vt-pbb 10.0.2.2/24
ns_take_iface vt-pb-c vt-pbc 10.0.3.2/24
ip -n vt-pb-a route add default via 10.0.1.1
ip -n vt-pb-b route add default via 10.0.2.1
ip -n vt-pb-c route add default via 10.0.3.1
for n in b c; do ip -n vt-pb-$n addr add 198.18.0.1/32 dev lo; done
v6on() { # v6on NS IFACE ADDR/LEN GATEWAY: IPv6 on (ns_add turns it off), no DAD delay
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		"net.ipv6.conf.$2.disable_ipv6=0" "net.ipv6.conf.$2.accept_dad=0"
	ip -n "$1" addr add "$3" dev "$2" nodad
	ip -n "$1" -6 route add default via "$4"
}
v6on vt-pb-a vt-pba 2001:db8:a1::2/64 2001:db8:a1::1
# Deprecated: never chosen as a source unless asked for (ping -I), so a's other packets come
# from 2001:db8:a1::2.
ip -n vt-pb-a addr add 2001:db8:a1::8:2/64 dev vt-pba nodad preferred_lft 0
v6on vt-pb-b vt-pbb 2001:db8:a2::2/64 2001:db8:a2::1
v6on vt-pb-c vt-pbc 2001:db8:a3::2/64 2001:db8:a3::1
for n in b c; do ip -n vt-pb-$n addr add 2001:db8:ff::1/128 dev lo; done

echos() { ip netns exec "vt-pb-$1" awk '/^Icmp:/ {n++} n == 2 && /^Icmp:/ {print $10; exit}' /proc/net/snmp; }
udp_in() { ip netns exec "vt-pb-$1" awk '/^Udp:/ {n++} n == 2 && /^Udp:/ {print $2 + $3; exit}' /proc/net/snmp; }

# Resolve both gateways, then: which host answers each kind of traffic.
ip netns exec vt-pb-a ping -c 1 -W 2 10.0.2.2 >/dev/null 2>&1 || true
ip netns exec vt-pb-a ping -c 1 -W 2 10.0.3.2 >/dev/null 2>&1 || true
via() { # via DESCRIPTION PING-ARGS...: which of b and c got the three echo requests
	local b0 c0 out
	b0=$(echos b)
	c0=$(echos c)
	out=$(ip netns exec vt-pb-a ping -c 3 -i 0.2 -W 2 "${@:2}" 198.18.0.1 2>&1) || true
	grep -q " 0% packet loss" <<<"$out" || log "$1: $out" >&2
	echo "b=$(($(echos b) - b0)) c=$(($(echos c) - c0))"
}
check_eq "no rule matches: the main table, via b" "$(via main)" "b=3 c=0"
check_eq "from 10.0.1.128/25: table 100, via c" "$(via from -I 10.0.1.130)" "b=0 c=3"
check_eq "DSCP 46 (EF) from interface ra: table 100, via c" "$(via dscp -Q 184)" "b=0 c=3"
udp() { # udp DPORT: which of b and c the datagrams reached (the kernel counts them, port open or not)
	local b0 c0
	b0=$(udp_in b)
	c0=$(udp_in c)
	ip netns exec vt-pb-a "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3):
    s.sendto(b'q', ('198.18.0.1', $1)); time.sleep(0.1)"
	sleep 0.3
	echo "b=$(($(udp_in b) - b0)) c=$(($(udp_in c) - c0))"
}
check_eq "UDP to port 5353: table 100, via c" "$(udp 5353)" "b=0 c=3"
check_eq "UDP to port 5354: main, via b" "$(udp 5354)" "b=3 c=0"
# An API route in table 100 (more specific than its default route): the rule's traffic
# takes it; deleted, table 100's default again.
check "API route into table 100" vswctl route add 198.18.0.0/24 via 10.0.2.2 --table 100
check_eq "from 10.0.1.128/25: table 100's API route, via b" "$(via from -I 10.0.1.130)" "b=3 c=0"
check "API route deleted from table 100" vswctl route del 198.18.0.0/24 --table 100
check_eq "from 10.0.1.128/25: table 100's default again, via c" "$(via from -I 10.0.1.130)" "b=0 c=3"
out=$(vswctl route add 198.18.0.0/24 via 10.0.2.2 --table 7 2>&1) && fail "a table no rule names is refused" "$out" ||
	check "a table no rule names is refused" grep -q "has no table 7" <<<"$out"
out=$(ip netns exec vt-pb-a ping -c 1 -W 2 198.18.0.99 2>&1) || true
check "a prohibit rule: ICMP packet filtered from the gateway" \
	grep -q "From 10.0.1.1 .*Packet filtered" <<<"$out"
# What each rule matched, as `vswctl rules` shows it: nine echo requests for 100 (three
# rounds from 10.0.1.130), three for 300, three datagrams for 200, one echo for 400 (replies
# come in on rb and rc: no rule).
vswctl rules >"$T_TMP/rules.txt"
check "vswctl rules lists rule 200 with its match and action" \
	grep -Eq "^default +4 +200 +proto 17 dport 5353 +table 100 +3$" "$T_TMP/rules.txt"
rule_hits() { # rule_hits FAMILY: priority:hits of the family's rules
	vswctl --json rules | json_get "' '.join('%d:%d' % (r['priority'], r['hits']) for r in sorted(d['rules'].values(), key=lambda r: r['priority']) if r['family'] == $1)"
}
check_eq "the packets each rule matched (priority:hits)" "$(rule_hits 4)" "100:9 200:3 300:3 400:1"
# The lookup an operator asks for meets the same rules.
out=$(vswctl route lookup 198.18.0.1 from 10.0.1.2 proto udp dport 5353 2>&1) || true
check "route lookup from 10.0.1.2 UDP to 5353: rule 200, table 100's default via c" \
	grep -Pzq "rule 200: proto 17 dport 5353 table 100\n198.18.0.1 in vrf default table 100: 0.0.0.0/0 static via 10.0.3.2 dev rc" <<<"$out"
out=$(vswctl route lookup 198.18.0.1 from 10.0.1.2 proto udp dport 5354 2>&1) || true
check "route lookup to 5354: no rule, main, via b" \
	grep -q "^198.18.0.1 in vrf default: 198.18.0.0/24 static via 10.0.2.2 dev rb" <<<"$out"
out=$(vswctl route lookup 198.18.0.99 2>&1) || true
check "route lookup to 198.18.0.99: prohibited by rule 400" \
	grep -q "198.18.0.99 in vrf default: prohibit (rule 400)" <<<"$out"
out=$(ip netns exec vt-pb-a ping -c 2 -i 0.2 -W 2 10.0.1.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "the router's own address stays local under rules"; else
	fail "the router's own address stays local under rules" "$out"; fi
out=$(ip netns exec vt-pb-a ping -c 2 -i 0.2 -W 2 -I 10.0.1.130 10.0.1.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "... also from a source a rule sends to table 100"; else
	fail "... also from a source a rule sends to table 100" "$out"; fi

# ---- IPv6 (`ip -6 rule`) ------------------------------------------------------------------
# Linux's answers: a scratch namespace with the same addresses (on veth pairs looped in it:
# no dummy interfaces in every kernel), routes and rules; `ip -6 route get` says which
# gateway (or which refusal) each packet gets.
ns_add vt-pb-l
ip netns exec vt-pb-l sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
	net.ipv6.conf.default.disable_ipv6=0 net.ipv6.conf.all.forwarding=1
for n in a b c; do
	ip -n vt-pb-l link add "l$n" type veth peer name "p$n"
	ip netns exec vt-pb-l sysctl -qw "net.ipv6.conf.l$n.accept_dad=0"
	ip -n vt-pb-l link set "l$n" up
	ip -n vt-pb-l link set "p$n" up
done
ip -n vt-pb-l addr add 2001:db8:a1::1/64 dev la nodad
ip -n vt-pb-l addr add 2001:db8:a2::1/64 dev lb nodad
ip -n vt-pb-l addr add 2001:db8:a3::1/64 dev lc nodad
ip -n vt-pb-l -6 route add 2001:db8:ff::/64 via 2001:db8:a2::2
ip -n vt-pb-l -6 route add default via 2001:db8:a3::2 table 100
ip -n vt-pb-l -6 rule add priority 100 from 2001:db8:a1::8:0/112 table 100
ip -n vt-pb-l -6 rule add priority 200 ipproto udp dport 5353 table 100
ip -n vt-pb-l -6 rule add priority 300 dsfield 0xb8 iif la table 100
ip -n vt-pb-l -6 rule add priority 400 to 2001:db8:ff::99/128 prohibit
ip -n vt-pb-l -6 rule add priority 500 to 2001:db8:ff::66/128 blackhole
linux() { # linux DST ARGS...: b, c, or the error of Linux's lookup of a packet from a in la
	local out
	out=$(ip -n vt-pb-l -6 route get "$1" iif la "${@:2}" 2>&1) || true
	case $out in
	*"via 2001:db8:a2::2"*) echo b ;;
	*"via 2001:db8:a3::2"*) echo c ;;
	*) echo "$out" ;;
	esac
}
echos6() { ip netns exec "vt-pb-$1" awk '$1 == "Icmp6InEchos" {print $2}' /proc/net/snmp6; }
udp6_in() {
	ip netns exec "vt-pb-$1" awk '$1 == "Udp6InDatagrams" || $1 == "Udp6NoPorts" {n += $2} END {print n}' /proc/net/snmp6
}
via6() { # via6 DESCRIPTION PING-ARGS...: b or c, whichever got the three echo requests
	local b0 c0 out
	b0=$(echos6 b)
	c0=$(echos6 c)
	out=$(ip netns exec vt-pb-a ping -6 -c 3 -i 0.2 -W 2 "${@:2}" 2001:db8:ff::1 2>&1) || true
	grep -q " 0% packet loss" <<<"$out" || log "$1: $out" >&2
	b0=$(($(echos6 b) - b0))
	c0=$(($(echos6 c) - c0))
	if [ "$b0.$c0" = 3.0 ]; then echo b; elif [ "$b0.$c0" = 0.3 ]; then echo c; else echo "b=$b0 c=$c0"; fi
}
ip netns exec vt-pb-a ping -6 -c 1 -W 2 2001:db8:a2::2 >/dev/null 2>&1 || true
ip netns exec vt-pb-a ping -6 -c 1 -W 2 2001:db8:a3::2 >/dev/null 2>&1 || true
check_eq "IPv6, no rule matches: main, as Linux's" "$(via6 main)" "$(linux 2001:db8:ff::1 from 2001:db8:a1::2)"
check_eq "IPv6 from 2001:db8:a1::8:0/112: table 100, as Linux's" \
	"$(via6 from -I 2001:db8:a1::8:2)" "$(linux 2001:db8:ff::1 from 2001:db8:a1::8:2)"
check_eq "IPv6 traffic class 0xb8 (DSCP 46) from ra: table 100, as Linux's" \
	"$(via6 dscp -Q 184)" "$(linux 2001:db8:ff::1 from 2001:db8:a1::2 dsfield 0xb8)"
udp6() { # udp6 DPORT: b or c, whichever the datagrams reached
	local b0 c0
	b0=$(udp6_in b)
	c0=$(udp6_in c)
	ip netns exec vt-pb-a "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for _ in range(3):
    s.sendto(b'q', ('2001:db8:ff::1', $1)); time.sleep(0.1)"
	sleep 0.3
	b0=$(($(udp6_in b) - b0))
	c0=$(($(udp6_in c) - c0))
	if [ "$b0.$c0" = 3.0 ]; then echo b; elif [ "$b0.$c0" = 0.3 ]; then echo c; else echo "b=$b0 c=$c0"; fi
}
check_eq "IPv6 UDP to port 5353: table 100, as Linux's" "$(udp6 5353)" \
	"$(linux 2001:db8:ff::1 from 2001:db8:a1::2 ipproto udp dport 5353)"
check_eq "IPv6 UDP to port 5354: main, as Linux's" "$(udp6 5354)" \
	"$(linux 2001:db8:ff::1 from 2001:db8:a1::2 ipproto udp dport 5354)"
check "IPv6 API route into table 100" vswctl route add 2001:db8:ff::/64 via 2001:db8:a2::2 --table 100
check_eq "IPv6 from 2001:db8:a1::8:2: table 100's API route, via b" "$(via6 api -I 2001:db8:a1::8:2)" b
check "IPv6 API route deleted from table 100" vswctl route del 2001:db8:ff::/64 --table 100
check_eq "IPv6 from 2001:db8:a1::8:2: table 100's default again, via c" "$(via6 api -I 2001:db8:a1::8:2)" c
check "Linux refuses 2001:db8:ff::99 (prohibit rule)" \
	grep -q "Permission denied" <<<"$(linux 2001:db8:ff::99 from 2001:db8:a1::2)"
out=$(ip netns exec vt-pb-a ping -6 -c 1 -W 2 2001:db8:ff::99 2>&1) || true
check "IPv6 prohibit rule: ICMPv6 administratively prohibited from the gateway" \
	grep -q "From 2001:db8:a1::1 .*Administratively prohibited" <<<"$out"
bh0=$(vswctl --json drops | json_get "d.get('ip6_rule_blackhole', 0)")
out=$(ip netns exec vt-pb-a ping -6 -c 2 -i 0.2 -W 1 2001:db8:ff::66 2>&1) || true
check "IPv6 blackhole rule: no answer at all" grep -q " 100% packet loss" <<<"$out"
check "... as Linux's lookup: it has no route (blackhole)" \
	bash -c "! grep -q '^[bc]$' <<<'$(linux 2001:db8:ff::66 from 2001:db8:a1::2)'"
check_eq "IPv6 blackhole rule: counted as ip6_rule_blackhole" \
	"$(($(vswctl --json drops | json_get "d.get('ip6_rule_blackhole', 0)") - bh0))" 2
# Each IPv6 rule's hits: 100 nine echo requests (three rounds from a1::8:2), 200 three
# datagrams, 300 three, 400 one, 500 two; `vswctl rules` lists them beside IPv4's.
check_eq "the packets each IPv6 rule matched (priority:hits)" "$(rule_hits 6)" \
	"100:9 200:3 300:3 400:1 500:2"
vswctl rules >"$T_TMP/rules.txt"
check "vswctl rules lists IPv6 rule 100 with its match" \
	grep -Eq "^default +6 +100 +from 2001:db8:a1::8:0/112 +table 100 +9$" "$T_TMP/rules.txt"
out=$(vswctl route lookup 2001:db8:ff::1 from 2001:db8:a1::2 proto udp dport 5353 2>&1) || true
check "IPv6 route lookup, UDP to 5353: rule 200, table 100's default via c" \
	grep -Pzq "rule 200: proto 17 dport 5353 table 100\n2001:db8:ff::1 in vrf default table 100: ::/0 static via 2001:db8:a3::2 dev rc" <<<"$out"
out=$(vswctl route lookup 2001:db8:ff::99 2>&1) || true
check "IPv6 route lookup to 2001:db8:ff::99: prohibited by rule 400" \
	grep -q "2001:db8:ff::99 in vrf default: prohibit (rule 400)" <<<"$out"
out=$(ip netns exec vt-pb-a ping -6 -c 2 -i 0.2 -W 2 -Q 184 2001:db8:a1::1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "IPv6: the router's own address stays local under rules"; else
	fail "IPv6: the router's own address stays local under rules" "$out"; fi

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
