#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Route leaking: two tenant VRFs (red 10.1.0.0/24, blue 10.2.0.0/24) and a shared VRF
# (203.0.113.0/24, a host s on it). red's default route has its gateway in shared (via +
# via_vrf); blue reaches shared's subnet through a lookup in shared (via_vrf alone); shared
# looks each tenant's prefix up in the tenant's VRF (the symmetric route). Each tenant
# reaches s; the tenants still cannot reach each other (s does not forward); a lookup that
# finds a lookup is dropped as ip4_vrf_loop. Each host's kernel counts the echo requests it
# got: the oracle of what leaked.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/leak.yaml" <<YAML
eal:
  file_prefix: vt-rr-leak
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: pa, kind: tap, iface: vt-rra}
  - {name: pb, kind: tap, iface: vt-rrb}
  - {name: ps, kind: tap, iface: vt-rrs}
router:
  vrfs: [red, blue, shared]
  interfaces:
    - {name: ra, port: pa, vrf: red, addresses: [10.1.0.1/24]}
    - {name: rb, port: pb, vrf: blue, addresses: [10.2.0.1/24]}
    - {name: rs, port: ps, vrf: shared, addresses: [203.0.113.254/24]}
  routes:
    - {vrf: red, to: 0.0.0.0/0, via: 203.0.113.1, via_vrf: shared}
    - {vrf: blue, to: 203.0.113.0/24, via_vrf: shared}
    - {vrf: shared, to: 10.1.0.0/24, via_vrf: red}
    - {vrf: shared, to: 10.2.0.0/24, via_vrf: blue}
    # A loop: shared looks 198.51.100.0/24 up in red, red in shared.
    - {vrf: shared, to: 198.51.100.0/24, via_vrf: red}
    - {vrf: red, to: 198.51.100.0/24, via_vrf: shared}
YAML

for n in a b s; do ns_add vt-rr-$n; done
start_vswd "$T_TMP/leak.yaml"
ns_take_iface vt-rr-a vt-rra 10.1.0.2/24
ns_take_iface vt-rr-b vt-rrb 10.2.0.2/24
ns_take_iface vt-rr-s vt-rrs 203.0.113.1/24
ip -n vt-rr-a route add default via 10.1.0.1
ip -n vt-rr-b route add default via 10.2.0.1
ip -n vt-rr-s route add 10.0.0.0/8 via 203.0.113.254
ip -n vt-rr-s route add 198.51.100.0/24 via 203.0.113.254
ip netns exec vt-rr-s sysctl -qw net.ipv4.ip_forward=0

echos() { ip netns exec "vt-rr-$1" awk '/^Icmp:/ {n++} n == 2 && /^Icmp:/ {print $10; exit}' /proc/net/snmp; }
drops_of() { vswctl --json drops | json_get "d.get('$1', 0)"; }
pings() { # pings FROM TO: 5 echo requests, 0% loss or not
	ip netns exec "vt-rr-$1" ping -c 5 -i 0.2 -W 2 "$2" 2>&1 || true
}

# Warm up the neighbours (the first packet to an unresolved host may wait for ARP).
for t in a b; do ip netns exec vt-rr-$t ping -c 2 -i 0.3 -W 1 203.0.113.1 >/dev/null 2>&1 || true; done

for t in a b; do
	s=$(echos s)
	out=$(pings $t 203.0.113.1)
	if grep -q " 0% packet loss" <<<"$out"; then pass "$t reaches s in the shared VRF (and s answers back)"; else
		fail "$t reaches s in the shared VRF (and s answers back)" "$out"; fi
	check_eq "s got $t's 5 echo requests" "$(($(echos s) - s))" 5
done

# s pings each tenant: shared's lookup routes, and the tenants' routes back.
for h in 10.1.0.2 10.2.0.2; do
	out=$(pings s $h)
	if grep -q " 0% packet loss" <<<"$out"; then pass "s reaches $h"; else
		fail "s reaches $h" "$out"; fi
done

b=$(echos b)
out=$(pings a 10.2.0.2)
check "red does not reach blue: 100% loss" grep -q " 100% packet loss" <<<"$out"
check_eq "blue's host got none of red's echo requests" "$(($(echos b) - b))" 0
a=$(echos a)
out=$(ip netns exec vt-rr-b ping -c 1 -W 2 10.1.0.2 2>&1) || true
check "blue has no route to red: net unreachable" \
	grep -q "From 10.2.0.1 .*Destination Net Unreachable" <<<"$out"
check_eq "red's host got none of blue's echo requests" "$(($(echos a) - a))" 0

loop=$(drops_of ip4_vrf_loop)
ip netns exec vt-rr-s ping -c 3 -i 0.2 -W 1 198.51.100.1 >/dev/null 2>&1 || true
check_eq "a lookup that finds a lookup is dropped as ip4_vrf_loop" \
	"$(($(drops_of ip4_vrf_loop) - loop))" 3

out=$(vswctl route lookup 10.1.0.2 --vrf shared 2>&1) || true
check "vswctl route lookup shows the lookup in red" grep -q "vrf:red" <<<"$out"

if stop_vswd TERM; then pass "SIGTERM exits 0"; else fail "SIGTERM exits 0" "status $?"; fi
finish
