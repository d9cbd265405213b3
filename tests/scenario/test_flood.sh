#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Floods against vswd from an attacker on a bridge with a router gateway, while host h1 (on
# the bridge) pings host h2 (behind a routed port) and a client asks the control API for
# vswd's status every 10 ms on one connection (api_latency.py):
#   1. MAC flood (20,000 random sources): the attacker port's mac_limit (100) holds, the
#      refusals are counted, the static MAC and h1's learned entry stay.
#   2. ARP flood (3,000 senders of 10.9.0.0/16 asking for the gateway): neighbours learned
#      up to router.max_neighbours (1,000, Linux's gc_thresh3), the rest counted
#      (neigh_limit), the static neighbour stays.
#   3. ND flood (3,000 solicitations of the gateway's IPv6 address from 3,000 senders): the
#      same limit for IPv6's table.
#   4. ICMP-error flood (5,000 TTL-1 datagrams): time exceeded at most 6 + 1 per second
#      (router.icmp_ratelimit_ms 1000, as Linux), the rest counted as icmp_rate_limited.
# In every phase h1 -> h2 loses no ping and the API answers every request within 100 ms.
# A SYN flood is NAT's (test_nat_snat.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

GW_MAC=02:00:00:00:0f:01
H1_MAC=02:00:00:00:0f:11
ATT_MAC=02:00:00:00:0f:aa
STATIC_MAC=02:00:00:00:0f:99
NB_MAC=02:00:00:00:0f:fa
RUNDIR=/run/vsw/vswtest-flood # vswd.sock

cat >"$T_TMP/flood.yaml" <<YAML
eal:
  file_prefix: vswtest-flood
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: h1, kind: tap, iface: vt-fl1}
  - {name: att, kind: tap, iface: vt-fla, mac_limit: 100}
  - {name: h2, kind: tap, iface: vt-fl2}
bridges:
  - name: lan
    ports: [h1, att]
    mac_limit: 1000
    static_macs:
      - {mac: "$STATIC_MAC", port: h1}
router:
  max_neighbours: 1000
  interfaces:
    - {name: gw, bridge: lan, addresses: [10.9.0.1/16, "2001:db8:9::1/64"], mac: "$GW_MAC"}
    - {name: r2, port: h2, addresses: [10.8.0.1/24]}
  neighbours:
    - {interface: gw, address: 10.9.0.250, mac: "$NB_MAC"}
YAML

ns_add vt-fl-h1
ns_add vt-fl-h2
ns_add vt-fl-at
start_vswd "$T_TMP/flood.yaml"
ns_take_iface vt-fl-h1 vt-fl1
ns_take_iface vt-fl-h2 vt-fl2
ns_take_iface vt-fl-at vt-fla
ip -n vt-fl-h1 link set dev vt-fl1 address $H1_MAC
ip -n vt-fl-at link set dev vt-fla address $ATT_MAC
ip -n vt-fl-h1 addr add 10.9.0.2/16 dev vt-fl1
ip -n vt-fl-h1 route add default via 10.9.0.1
ip -n vt-fl-h2 addr add 10.8.0.2/24 dev vt-fl2
ip -n vt-fl-h2 route add default via 10.8.0.1
for p in h1 att h2; do # moved TAPs go down, and the port forgets what it learned: wait
	for _ in $(seq 50); do
		grep -q "port $p link down" "$VSWD_LOG" && break
		sleep 0.05
	done
done
ip netns exec vt-fl-h1 ping -n -c 3 -i 0.2 -W 1 10.8.0.2 >/dev/null 2>&1 || true

drop() { vswctl --json drops | json_get "d.get('$1', 0)"; }
nh_used() { vswctl --json router | json_get "d['nh_used']"; }
fdb_on() { # fdb_on PORT TYPE: entries of bridge lan on PORT of TYPE
	vswctl --json fdb show lan --all |
		json_get "sum(1 for e in d if e['port'] == '$1' and e['type'] == '$2')"
}
fdb_mac() { vswctl --json fdb show lan --all | json_get "[e['port'] + ' ' + e['type'] for e in d if e['mac'].lower() == '$1']"; }
# neigh_mac ADDRESS: the MAC the router sends to for ADDRESS (the listing shows 100 only)
neigh_mac() { vswctl --json route lookup "$1" | json_get "d['mac'].lower()"; }

# phase NAME COMMAND...: run the flood COMMAND in the attacker's namespace with the ping and
# the API client running; check both.
phase() {
	local name=$1 ping_pid api_pid lat
	shift
	rm -f "$T_TMP/stop"
	"$PY" "$here/api_latency.py" "$RUNDIR" "$T_TMP/stop" "$T_TMP/lat-$name" &
	api_pid=$!
	T_PIDS+=("$api_pid")
	ip netns exec vt-fl-h1 ping -n -i 0.05 -W 1 10.8.0.2 >"$T_TMP/ping-$name" 2>&1 &
	ping_pid=$!
	T_PIDS+=("$ping_pid")
	sleep 0.5
	ip netns exec vt-fl-at "$@" >/dev/null
	sleep 1
	kill -INT $ping_pid
	wait $ping_pid || true
	touch "$T_TMP/stop"
	wait $api_pid || true
	if grep -q " 0% packet loss" "$T_TMP/ping-$name"; then pass "$name: h1 -> h2 lost no ping"
	else fail "$name: h1 -> h2 lost no ping" "$(tail -2 "$T_TMP/ping-$name" | head -1)"; fi
	lat=$(cat "$T_TMP/lat-$name" 2>/dev/null || echo "0 9999 9999")
	log "$name: API requests, max ms, p99 ms: $lat"
	check_cmp "$name: the API answered every status request within 100 ms ($lat)" \
		"$(awk '{print ($1 > 10 && $2 < 100) ? 1 : 0}' <<<"$lat")" == 1
}
check_cmp() { # check_cmp NAME A OP B
	if [ "$2" "$3" "$4" ]; then pass "$1"; else fail "$1" "$2 $3 $4"; fi
}

# 1. MAC flood.
refused0=$(vswctl --json fdb stats | json_get "d['refused_port_limit']")
phase "MAC flood" "$PY" "$here/l2frame.py" flood vt-fla 20000 02:00:00:0f:dd:dd 7
check_cmp "MAC flood: the attacker port holds its limit of 100 learned MACs" "$(fdb_on att learned)" == 100
refused=$(vswctl --json fdb stats | json_get "d['refused_port_limit']")
check_cmp "MAC flood: refusals counted (refused_port_limit)" "$((refused - refused0))" -gt 10000
check_eq "MAC flood: the static MAC stays" "$(fdb_mac $STATIC_MAC)" "['h1 static']"
check_eq "MAC flood: h1 stays learned on its port" "$(fdb_mac $H1_MAC)" "['h1 learned']"

# 2. ARP flood.
nh0=$(nh_used)
phase "ARP flood" "$PY" "$here/flood.py" arp vt-fla 3000 $GW_MAC 10.9.0.1 10.9.0.0
nh1=$(nh_used)
log "ARP flood: next hops used $nh0 -> $nh1"
check_cmp "ARP flood: neighbours learned up to router.max_neighbours (1000)" \
	"$((nh1 - nh0))" -le 1000
lim1=$(vswctl --json router | json_get "d['neigh_limit']")
check_cmp "ARP flood: the senders beyond the limit counted (neigh_limit $lim1)" "$lim1" -ge 1000
check_eq "ARP flood: the static neighbour stays" "$(neigh_mac 10.9.0.250)" $NB_MAC

# 3. ND flood.
phase "ND flood" "$PY" "$here/flood.py" nd vt-fla 3000 $GW_MAC 2001:db8:9::1 2001:db8:9::
nh2=$(nh_used)
log "ND flood: next hops used $nh1 -> $nh2"
check_cmp "ND flood: neighbours learned up to router.max_neighbours (1000)" \
	"$((nh2 - nh1))" -le 1000
lim2=$(vswctl --json router | json_get "d['neigh_limit']")
check_cmp "ND flood: the senders beyond the limit counted" "$((lim2 - lim1))" -ge 1000
check_eq "ND flood: the static neighbour stays" "$(neigh_mac 10.9.0.250)" $NB_MAC

# 4. ICMP-error flood: from the static neighbour's address, so every error is sent at once.
rl0=$(drop icmp_rate_limited)
t0=$(date +%s.%N)
phase "ICMP-error flood" "$PY" "$here/flood.py" ttl vt-fla 5000 $GW_MAC $NB_MAC 10.9.0.250 10.8.0.2
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print int(b - a) + 1}')
limited=$(($(drop icmp_rate_limited) - rl0))
log "ICMP-error flood: $limited of 5000 rate limited in about $secs s"
check_cmp "ICMP-error flood: at most 6 + 1 per second answered, the rest counted" \
	"$limited" -ge $((5000 - 6 - secs))

stop_vswd && pass "vswd exits cleanly" || fail "vswd exits cleanly" "exit status $?"
finish
