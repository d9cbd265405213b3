#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Bonds, active-backup (issue 15; docs/architecture.md, "Bonds"). vswd's bond0 of two
# net_af_packet members over veth pairs is a member of bridge B with a TAP host A; the
# other ends of the veths are ports of a Linux bridge in namespace vt-bd-sw, whose own
# address is host S (the kernel here has no bonding driver: the Linux bridge is the peer,
# and it learns, floods and forgets on link down on its own). Checked:
# - the active member (the first of 'members') carries everything: the kernel counts no
#   frame from vswd on the backup's veth, and frames the Linux bridge floods to the backup
#   are dropped (bond_inactive), so S sees no duplicate reply;
# - the active member's veth goes down under a 100/s ping: the backup takes over, the ping
#   goes on with a bounded loss, vswctl bonds shows the new active member, the failover
#   and the member's link down;
# - the old member's veth comes back: no fail-back (as Linux's bond without 'primary');
#   the new active member's veth goes down: back to the first;
# - no member up: the bond is down, what A sends to it is dropped as bond_no_member.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cat >"$T_TMP/bond.yaml" <<YAML
eal:
  file_prefix: vswtest-bond
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: tA, kind: tap, iface: vt-bd-tA}
  - {name: bond0, kind: bond, members: [m0, m1], bond_mode: active-backup}
  - {name: m0, kind: dpdk, devargs: "net_af_packet_bd0,iface=vt-bd-a0"}
  - {name: m1, kind: dpdk, devargs: "net_af_packet_bd1,iface=vt-bd-a1"}
bridges:
  - {name: B, ports: [tA, bond0]}
YAML

ns_add vt-bd-hA
ns_add vt-bd-sw
ip netns exec vt-bd-sw ip link add br0 type bridge
for i in 0 1; do
	ip link del "vt-bd-a$i" 2>/dev/null || true # left by an aborted run
	ip link add "vt-bd-a$i" type veth peer name "vt-bd-p$i"
	sysctl -qw "net.ipv6.conf.vt-bd-a$i.disable_ipv6=1"
	ip link set "vt-bd-a$i" up
	ns_take_iface vt-bd-sw "vt-bd-p$i"
	ip -n vt-bd-sw link set "vt-bd-p$i" master br0
done
ip -n vt-bd-sw addr add 192.0.2.2/24 dev br0
ip -n vt-bd-sw link set br0 up
start_vswd "$T_TMP/bond.yaml"
ns_take_iface vt-bd-hA vt-bd-tA 192.0.2.1/24

bond() { vswctl --json bonds | json_get "d['bond0']$1"; }
member() { bond "['members']['$1']['$2']"; }
# wait_active M: the bond's active member is M within 2 s (the link watch runs every 100 ms)
wait_active() {
	local _
	for _ in $(seq 20); do
		[ "$(bond "['active']")" == "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
peer_rx() { if_stat vt-bd-sw "vt-bd-p$1" rx_packets; }
# ping_loss N: N pings from A to S, 10 ms apart; prints how many got no reply
ping_loss() {
	local out
	out=$(ip netns exec vt-bd-hA ping -c "$1" -i 0.01 -W 1 192.0.2.2 || true)
	echo "$out" | sed -n 's/.* \([0-9]*\) received.*/\1/p' | { read -r r; echo $(($1 - r)); }
}

check_eq bond_shown "$(bond "['mode']") $(bond "['state']") $(bond "['active']")" \
	"active-backup up m0"
check_eq members_shown "$(member m0 role) $(member m0 link) $(member m1 role) $(member m1 link)" \
	"active up backup up"
vswctl bonds

# S pings A first: its ARP request is flooded by br0 on both veths; the backup drops it.
inactive() { vswctl --json stats m1 | json_get "d['m1']['rx_drops']['bond_inactive']"; }
base1=$(port_stat m1 rx_packets)
inact0=$(inactive)
out=$(ip netns exec vt-bd-sw ping -c 3 -i 0.2 -W 2 192.0.2.1 || true)
check ping_s_to_a grep -q " 3 received" <<<"$out"
check no_duplicate_replies bash -c '! grep -q DUP <<<"$1"' - "$out"
inact=$(($(inactive) - inact0))
rx1=$(($(port_stat m1 rx_packets) - base1))
check_eq backup_drops_what_it_receives "$inact" "$rx1"
check backup_received_the_flood test "$rx1" -ge 1

p0=$(peer_rx 0)
p1=$(peer_rx 1)
check_eq ping_a_to_s "$(ping_loss 50)" 0
check active_carries_all test $(($(peer_rx 0) - p0)) -ge 50
check_eq backup_sends_nothing $(($(peer_rx 1) - p1)) 0

# The active member's link goes down under traffic: 400 pings, 10 ms apart (4 s); the
# veth goes down 1 s in.
ip netns exec vt-bd-hA ping -c 400 -i 0.01 -W 1 192.0.2.2 >"$T_TMP/ping1" 2>&1 &
pid=$!
sleep 1
ip -n vt-bd-sw link set vt-bd-p0 down
check failover_to_m1 wait_active m1
wait "$pid" || true
lost=$((400 - $(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T_TMP/ping1")))
log "lost $lost of 400 pings (10 ms apart) across the failover"
check failover_loss_bounded test "$lost" -le 50
check_eq after_failover "$(member m0 link) $(member m0 role) $(member m1 role) $(bond "['failovers']")" \
	"down backup active 1"
p1=$(peer_rx 1)
check_eq ping_after_failover "$(ping_loss 50)" 0
check new_active_carries test $(($(peer_rx 1) - p1)) -ge 50
vswctl bonds

# m0 comes back: it waits as the backup (no fail-back).
ip -n vt-bd-sw link set vt-bd-p0 up
sleep 0.5
check_eq no_failback "$(member m0 link) $(member m0 role) $(bond "['active']")" "up backup m1"
# m1 goes down: back to m0.
ip -n vt-bd-sw link set vt-bd-p1 down
check failback_to_m0 wait_active m0
sleep 0.3 # the Linux bridge forgets what it learned on p1
check_eq ping_after_second_failover "$(ping_loss 50)" 0

# No member up: the bond is down and drops what is sent to it.
ip -n vt-bd-sw link set vt-bd-p0 down
check bond_down wait_active ""
check_eq bond_state "$(bond "['state']")" "down"
ip netns exec vt-bd-hA ping -c 3 -i 0.1 -W 1 192.0.2.2 >/dev/null 2>&1 || true
check no_member_drops test "$(bond "['drops'].get('bond_no_member', 0)")" -ge 1
ip -n vt-bd-sw link set vt-bd-p1 up
check back_up wait_active m1
sleep 0.3
check_eq ping_when_back "$(ping_loss 20)" 0

check vswd_stops stop_vswd
finish
