#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 10 with two vswd VTEPs over a routed underlay (a Linux router namespace between
# them, 10.97.1.0/24 and 10.97.2.0/24) carrying two VNIs whose hosts use the same addresses:
# on VTEP 1 (10.97.1.1) hosts A10 and A20, on VTEP 2 (10.97.2.1) hosts B10 and B20; A10 and
# A20 are 172.16.0.1, B10 and B20 172.16.0.2, VNI 10 and VNI 20. Each VNI's hosts reach only
# each other: A10 resolves and pings B10's MAC, A20 B20's; no frame of VNI 10 reaches a host
# of VNI 20 (tcpdump on B20 while A10 talks), and each vswd learns the far hosts behind the
# other VTEP, in the right bridge. Two vswd share the 2 cores: both pinned (--lcores 0@0,1@1)
# with idle back-off, as test_l2_vlan's two instances are.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

declare -A X2_PIDS=() # prefix -> pid
x2_cleanup() {
	local prefix pid
	set +e
	for prefix in "${!X2_PIDS[@]}"; do
		pid=${X2_PIDS[$prefix]}
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL "$pid"
			wait "$pid" 2>/dev/null
		fi
		[ "$pid" == "$VSWD_PID" ] && VSWD_PID=
		rm -rf /dev/hugepages/"${prefix}"map_* "/var/run/dpdk/$prefix" "/run/vsw/$prefix"
	done
	cleanup
}
trap x2_cleanup EXIT
ctl() { "$VSWCTL" --prefix "$@"; } # ctl PREFIX ARGS...

for side in 1 2; do
	h=$([ $side == 1 ] && echo a || echo b)
	far=$((3 - side))
	cat >"$T_TMP/v$side.yaml" <<YAML
eal:
  file_prefix: vswtest-x2$side
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: h10, kind: tap, iface: vt-x2${h}10}
  - {name: h20, kind: tap, iface: vt-x2${h}20}
  - {name: up, kind: tap, iface: vt-x2u$side}
bridges:
  - {name: br10, ports: [h10]}
  - {name: br20, ports: [h20]}
router:
  interfaces:
    - {name: u0, port: up, addresses: [10.97.$side.1/24]}
  routes:
    - {to: 10.97.$far.0/24, via: 10.97.$side.254}
vxlan:
  - {name: vx10, vni: 10, bridge: br10, local: 10.97.$side.1, remotes: [10.97.$far.1]}
  - {name: vx20, vni: 20, bridge: br20, local: 10.97.$side.1, remotes: [10.97.$far.1]}
YAML
done

ns_add vt-x2-r
for h in a10 a20 b10 b20; do ns_add "vt-x2-$h"; done
for side in 1 2; do
	start_vswd "$T_TMP/v$side.yaml"
	X2_PIDS[$VSWD_PREFIX]=$VSWD_PID
done
# The router between the VTEPs.
ns_take_iface vt-x2-r vt-x2u1 10.97.1.254/24
ns_take_iface vt-x2-r vt-x2u2 10.97.2.254/24
ip netns exec vt-x2-r sysctl -qw net.ipv4.ip_forward=1
# The hosts: the same address in both VNIs, distinct MACs; the overlay MTU is 1450.
for h in a10 a20 b10 b20; do
	addr=$([ "${h:0:1}" == a ] && echo 172.16.0.1/24 || echo 172.16.0.2/24)
	ns_take_iface "vt-x2-$h" "vt-x2$h" "$addr"
	ip -n "vt-x2-$h" link set "vt-x2$h" mtu 1450
done
mac() { ip -n "vt-x2-$1" -br link show "vt-x2$1" | awk '{print $3}'; }
declare -A MAC=()
for h in a10 a20 b10 b20; do MAC[$h]=$(mac $h); done

# B20 records every frame it receives from now on.
bg ip netns exec vt-x2-b20 tcpdump -i vt-x2b20 --immediate-mode -U -n -e -w "$T_TMP/b20.pcap" 2>"$T_TMP/b20.err"
for i in $(seq 50); do grep -q "listening on" "$T_TMP/b20.err" && break; sleep 0.1; done

# VNI 10 first, alone: A10 and B10 reach each other (the first packets wait for ARP).
ip netns exec vt-x2-a10 ping -c 2 -i 0.3 -W 1 172.16.0.2 >/dev/null 2>&1 || true
out=$(ip netns exec vt-x2-a10 ping -c 5 -i 0.2 -W 2 172.16.0.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "VNI 10: A10 pings B10"; else
	fail "VNI 10: A10 pings B10" "$out"; fi
sleep 0.5
kill -INT "${T_PIDS[0]}" 2>/dev/null || true
wait "${T_PIDS[0]}" 2>/dev/null || true
T_PIDS=()
n=$(tcpdump -n -e -r "$T_TMP/b20.pcap" "ether src ${MAC[a10]} or ether src ${MAC[b10]}" 2>/dev/null |
	wc -l)
check_eq "VNI 20's B20 received no frame of VNI 10's hosts" "$n" 0
check_eq "B20 knows no neighbour yet" "$(ip -n vt-x2-b20 neigh show | grep -c lladdr || true)" 0

out=$(ip netns exec vt-x2-a20 ping -c 2 -i 0.3 -W 1 172.16.0.2 2>&1) || true
out=$(ip netns exec vt-x2-a20 ping -c 5 -i 0.2 -W 2 172.16.0.2 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "VNI 20: A20 pings B20"; else
	fail "VNI 20: A20 pings B20" "$out"; fi
out=$(ip netns exec vt-x2-b10 ping -c 3 -i 0.2 -W 2 172.16.0.1 2>&1) || true
if grep -q " 0% packet loss" <<<"$out"; then pass "VNI 10: B10 pings A10"; else
	fail "VNI 10: B10 pings A10" "$out"; fi

for p in a10:b10 b10:a10 a20:b20 b20:a20; do
	h=${p%:*} peer=${p#*:}
	addr=$([ "${peer:0:1}" == a ] && echo 172.16.0.1 || echo 172.16.0.2)
	check "$h resolved $addr to ${peer^^}'s MAC, its own VNI's" \
		grep -qi "lladdr ${MAC[$peer]}" <<<"$(ip -n "vt-x2-$h" neigh show "$addr")"
done

# Each vswd learned the far hosts behind the other VTEP, each in its VNI's bridge.
for side in 1 2; do
	far=$((3 - side))
	fh=$([ $side == 1 ] && echo b || echo a)
	for vni in 10 20; do
		ctl "vswtest-x2$side" --json fdb show "br$vni" >"$T_TMP/fdb.json"
		check "vswd $side: ${fh^^}$vni's MAC in br$vni behind vx$vni@10.97.$far.1, and only" \
			"$PY" -c "
import json
e = {x['mac'].lower(): x for x in json.load(open('$T_TMP/fdb.json'))}
m, o = '${MAC[$fh$vni]}'.lower(), '${MAC[$fh$((30 - vni))]}'.lower()
assert m in e and e[m]['port'] == 'vx$vni' and e[m]['vtep'] == '10.97.$far.1', e
assert o not in e, e"
	done
done

for side in 1 2; do
	VSWD_PREFIX=vswtest-x2$side
	VSWD_PID=${X2_PIDS[$VSWD_PREFIX]}
	if stop_vswd TERM; then pass "vswd $side: SIGTERM exits 0"; else
		fail "vswd $side: SIGTERM exits 0" "status $?"; fi
done
finish
