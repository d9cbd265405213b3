#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Scenario 4, the VLAN network (parts 1 and 2), and scenario 3, the flat network (part 3).
#
# Part 1: two vswd instances, A and B, joined by an 802.1Q trunk (a veth pair in the root
# namespace, each end an af_packet port) carrying VLANs 100 and 101. Access ports: vm1
# (100) and vm3 (101) on A, vm2 (100) and vm4 (101) on B, all four hosts in one IP subnet
# so only the VLANs keep them apart. vm1 <-> vm2 and vm3 <-> vm4 talk across the trunk;
# nothing of VLAN 101 reaches VLAN 100 or back; the trunk counters agree end to end.
#
# Part 2: the tags on the wire, byte for byte. One vswd; scapy plays the far end of its
# 802.1Q trunk (trunks 100, 101, native 101 untagged), of an 802.1ad trunk (TPID 0x88a8,
# VLANs 100 and 200) and the hosts on its access ports (100, 101) and on its QinQ customer
# port (dot1q-tunnel, S-VLAN 200). Every frame is a raw 0x88b5 frame with a unique payload;
# what each far end receives is compared with the exact bytes expected.
#
# Part 3: scenario 3. Two vswd, each with one untagged (flat) bridge of an uplink (af_packet
# on a veth pair, untagged) and a TAP host; the hosts talk through the uplink, and frames on
# the uplink carry no tag.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

EAL='args: ["--no-pci", "--lcores", "0@0,1@1"]'
WORKERS='workers: {lcores: [1], idle_sleep_us: 50}'

# vswd instances besides lib.sh's current one, and the root-namespace veths: removed on any
# exit, before lib.sh's cleanup.
declare -A VL_PIDS=() # prefix -> pid
vl_cleanup() {
	local prefix pid
	set +e
	for prefix in "${!VL_PIDS[@]}"; do
		pid=${VL_PIDS[$prefix]}
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL "$pid"
			wait "$pid" 2>/dev/null
		fi
		[ "$pid" == "$VSWD_PID" ] && VSWD_PID=
		rm -rf /dev/hugepages/"${prefix}"map_* "/var/run/dpdk/$prefix"
	done
	ip link del vt-vl-ta 2>/dev/null
	ip link del vt-vl-p 2>/dev/null
	cleanup
}
trap vl_cleanup EXIT

vl_start() { # vl_start CONFIG: start a vswd, remember it
	start_vswd "$1"
	VL_PIDS[$VSWD_PREFIX]=$VSWD_PID
}
vl_stop() { # vl_stop PREFIX: SIGINT, exit 0, hugepage files gone
	VSWD_PREFIX=$1
	VSWD_PID=${VL_PIDS[$1]}
	if stop_vswd INT; then pass "$1: vswd exits 0 on SIGINT"; else
		fail "$1: vswd exits 0 on SIGINT" "status $?"; fi
	check_eq "$1: hugepage files removed" "$(hugepage_files "$1")" 0
}
ctl() { "$VSWCTL" --prefix "$@"; } # ctl PREFIX ARGS...
stat_of() { # stat_of PREFIX PORT FIELD
	ctl "$1" --json stats "$2" | json_get "d['$2']['$3']"
}
drops_of() { # drops_of PREFIX REASON: all ports
	ctl "$1" --json drops | json_get "d.get('$2', 0)"
}
veth() { # veth A B [NS]: a veth pair, B in namespace NS if given; up, no ARP, no IPv6
	local in_ns=()
	[ -n "${3:-}" ] && in_ns=(ip netns exec "$3")
	ip link add "$1" type veth peer name "$2" ${3:+netns "$3"}
	sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1"
	"${in_ns[@]}" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	ip link set "$1" arp off up
	"${in_ns[@]}" ip link set "$2" arp off up
}
ping_ok() { ip netns exec "$1" ping -c 3 -i 0.2 -W 2 "$2" 2>&1 | grep -q " 0% packet loss"; }
ping_fails() {
	local out
	out=$(ip netns exec "$1" ping -c 2 -i 0.5 -W 1 "$2" 2>&1) || true
	grep -q " 100% packet loss" <<<"$out"
}

########################################################################################
# Part 1: A ==trunk== B
# host i: namespace vt-vl-i, TAP vt-vli, MAC 02:00:00:00:d0:0i, address 192.0.2.i/24
mac_of() { echo "02:00:00:00:d0:0$1"; }
hex_of() { echo "02000000d00$1"; }

for side in a b; do
	if [ $side == a ]; then
		n=0 veth_if=vt-vl-ta lo=1 hi=3
	else
		n=1 veth_if=vt-vl-tb lo=2 hi=4
	fi
	cat >"$T_TMP/$side.yaml" <<YAML
eal:
  file_prefix: vswtest-vl$side
  $EAL
$WORKERS
ports:
  - name: trunk
    kind: dpdk
    devargs: "net_af_packet$n,iface=$veth_if"
    vlan_mode: trunk
    trunks: [100, 101]
  - {name: vm$lo, kind: tap, iface: vt-vl$lo, vlan_mode: access, tag: 100}
  - {name: vm$hi, kind: tap, iface: vt-vl$hi, vlan_mode: access, tag: 101}
bridges:
  - {name: v100, vlan: 100, ports: [trunk, vm$lo]}
  - {name: v101, vlan: 101, ports: [trunk, vm$hi]}
YAML
done

veth vt-vl-ta vt-vl-tb
for i in 1 2 3 4; do ns_add "vt-vl-$i"; done
vl_start "$T_TMP/a.yaml"
vl_start "$T_TMP/b.yaml"
for i in 1 2 3 4; do
	ns_take_iface "vt-vl-$i" "vt-vl$i" "192.0.2.$i/24"
	ip -n "vt-vl-$i" link set "vt-vl$i" address "$(mac_of $i)"
	frame_agent "p$i" "vt-vl-$i" "vt-vl$i"
done
frame_agents_ready p1 p2 p3 p4
# Until ns_take_iface moved them, the TAPs were in the root namespace where the kernel may
# have sent IPv6 ND/MLD from their first MACs; start the FDBs and trunk counts afresh.
for p in vswtest-vla vswtest-vlb; do
	for b in v100 v101; do ctl $p fdb flush $b >/dev/null; done
done
trunks() {
	echo "$(stat_of vswtest-vla trunk tx_packets) $(stat_of vswtest-vlb trunk rx_packets)" \
		"$(stat_of vswtest-vlb trunk tx_packets) $(stat_of vswtest-vla trunk rx_packets)"
}
read -r a_tx0 b_rx0 b_tx0 a_rx0 <<<"$(trunks)"

check "VLAN 100 across the trunk: vm1 pings vm2" ping_ok vt-vl-1 192.0.2.2
check "VLAN 101 across the trunk: vm3 pings vm4" ping_ok vt-vl-3 192.0.2.4
check "VLAN 100 -> 101: vm1 cannot reach vm4 (far side)" ping_fails vt-vl-1 192.0.2.4
check "VLAN 100 -> 101: vm1 cannot reach vm3 (same vswd)" ping_fails vt-vl-1 192.0.2.3
check "VLAN 101 -> 100: vm3 cannot reach vm1 (same vswd)" ping_fails vt-vl-3 192.0.2.1
check "VLAN 101 -> 100: vm4 cannot reach vm1 (far side)" ping_fails vt-vl-4 192.0.2.1

arp_req() { # ERE: a broadcast ARP request from host $1 for 192.0.2.$2
	echo "^ffffffffffff$(hex_of "$1")08060001080006040001.{32}c00002$(printf %02x "$2")"
}
n=$(frames_count p4 vt-vl4 "$(arp_req 3 1)")
if [ "$n" -ge 1 ]; then pass "vm3's ARP broadcasts cross the trunk in VLAN 101 to vm4"; else
	fail "vm3's ARP broadcasts cross the trunk in VLAN 101 to vm4" "vm4 saw none"; fi
for i in 1 2; do
	check_eq "vm3's ARP broadcasts never reach vm$i (VLAN 100)" \
		"$(frames_count "p$i" "vt-vl$i" "$(arp_req 3 1)")" 0
done

# A non-ARP broadcast in VLAN 101: all of it to vm4, none to VLAN 100.
PAD=$(printf '00%.0s' $(seq 40))
txt() { printf %s "$1" | od -An -tx1 | tr -d ' \n'; }
payload() { echo "$(txt "vsw-vlan-$1")$PAD"; } # unique per check
bc101=ffffffffffff$(hex_of 3)88b5$(payload bcast101)
frame_send p3 vt-vl3 "$bc101" 5
sleep 0.5
check_eq "broadcast from vm3: vm4 gets all 5, byte for byte" \
	"$(frames_count p4 vt-vl4 "^$bc101\$")" 5
for i in 1 2; do
	check_eq "broadcast from vm3 never reaches vm$i" \
		"$(frames_count "p$i" "vt-vl$i" "$(payload bcast101)")" 0
done
from_hosts() { echo "^.{12}($(hex_of "$1")|$(hex_of "$2"))"; }
for i in 1 2; do
	check_eq "vm$i (VLAN 100) never received a frame from vm3 or vm4" \
		"$(frames_count "p$i" "vt-vl$i" "$(from_hosts 3 4)")" 0
done
for i in 3 4; do
	check_eq "vm$i (VLAN 101) never received a frame from vm1 or vm2" \
		"$(frames_count "p$i" "vt-vl$i" "$(from_hosts 1 2)")" 0
done

fdb() { # fdb PREFIX BRIDGE: "mac=port ..." sorted
	ctl "$1" --json fdb show "$2" |
		json_get "' '.join(sorted(e['mac'].lower() + '=' + e['port'] for e in d))"
}
check_eq "A learned vm2 behind the trunk in VLAN 100 only" \
	"$(fdb vswtest-vla v100)" "$(mac_of 1)=vm1 $(mac_of 2)=trunk"
check_eq "A learned vm4 behind the trunk in VLAN 101 only" \
	"$(fdb vswtest-vla v101)" "$(mac_of 3)=vm3 $(mac_of 4)=trunk"
check_eq "B learned vm1 behind the trunk in VLAN 100 only" \
	"$(fdb vswtest-vlb v100)" "$(mac_of 1)=trunk $(mac_of 2)=vm2"

# Trunk counters: both ends moved traffic, and once the ARP retries are over every frame
# one end sent the other received.
cur=$(trunks)
for i in $(seq 20); do
	sleep 0.5
	prev=$cur cur=$(trunks)
	[ "$cur" == "$prev" ] && break
done
read -r a_tx b_rx b_tx a_rx <<<"$cur"
log "trunk A: tx $((a_tx - a_tx0)) rx $((a_rx - a_rx0)); trunk B: tx $((b_tx - b_tx0))" \
	"rx $((b_rx - b_rx0))"
if [ "$a_tx" -gt "$a_tx0" ] && [ "$b_tx" -gt "$b_tx0" ]; then
	pass "trunk port counters increase on both ends"
else
	fail "trunk port counters increase on both ends" "A tx $a_tx0->$a_tx, B tx $b_tx0->$b_tx"
fi
check_eq "B's trunk received every frame A's trunk sent" $((b_rx - b_rx0)) $((a_tx - a_tx0))
check_eq "A's trunk received every frame B's trunk sent" $((a_rx - a_rx0)) $((b_tx - b_tx0))
for p in vswtest-vla vswtest-vlb; do
	log "$p drops: $(ctl $p --json drops | json_get "{k: v for k, v in d.items() if v}")"
done

vl_stop vswtest-vla
vl_stop vswtest-vlb
ip link del vt-vl-ta

########################################################################################
# Part 2: tags byte for byte.
#   trunk  af_packet on vt-vl-p; its veth peer vt-vl-q is scapy's, in vt-vl-s
#   sp     TAP vt-vl-sp, 802.1ad trunk (0x88a8) of VLANs 100 and 200, scapy's too
#   a100   TAP vt-vl-a100, access 100, host vt-vl-h100
#   a101   TAP vt-vl-a101, access 101, host vt-vl-h101
#   cust   TAP vt-vl-cust, dot1q-tunnel S-VLAN 200, host vt-vl-c
P=vswtest-vlc
cat >"$T_TMP/c.yaml" <<YAML
eal:
  file_prefix: $P
  $EAL
$WORKERS
ports:
  - name: trunk
    kind: dpdk
    devargs: "net_af_packet0,iface=vt-vl-p"
    vlan_mode: trunk
    trunks: [100, 101]
    native_vlan: 101
  - {name: sp, kind: tap, iface: vt-vl-sp, vlan_mode: trunk, trunks: [100, 200], tpid: 0x88a8}
  - {name: a100, kind: tap, iface: vt-vl-a100, vlan_mode: access, tag: 100}
  - {name: a101, kind: tap, iface: vt-vl-a101, vlan_mode: access, tag: 101}
  - {name: cust, kind: tap, iface: vt-vl-cust, vlan_mode: dot1q-tunnel, tag: 200}
bridges:
  - {name: v100, vlan: 100, ports: [trunk, sp, a100]}
  - {name: v101, vlan: 101, ports: [trunk, a101]}
  - {name: s200, vlan: 200, ports: [sp, cust]}
YAML

for ns in vt-vl-s vt-vl-h100 vt-vl-h101 vt-vl-c; do ns_add $ns; done
veth vt-vl-p vt-vl-q vt-vl-s
vl_start "$T_TMP/c.yaml"
ns_take_iface vt-vl-s vt-vl-sp
ns_take_iface vt-vl-h100 vt-vl-a100
ns_take_iface vt-vl-h101 vt-vl-a101
ns_take_iface vt-vl-c vt-vl-cust
H100=02000000c100 H101=02000000c101 CUST=02000000c200
FAR=02000000c300 FAR_S=02000000c301 NOBODY=02000000c999 BCAST=ffffffffffff
for x in "vt-vl-h100 vt-vl-a100 $H100" "vt-vl-h101 vt-vl-a101 $H101" "vt-vl-c vt-vl-cust $CUST"; do
	read -r ns ifc mac <<<"$x"
	ip -n "$ns" link set "$ifc" arp off address "$(sed 's/../&:/g; s/:$//' <<<"$mac")"
done
ip -n vt-vl-s link set vt-vl-sp arp off
frame_agent s vt-vl-s vt-vl-q vt-vl-sp
frame_agent h100 vt-vl-h100 vt-vl-a100
frame_agent h101 vt-vl-h101 vt-vl-a101
frame_agent c vt-vl-c vt-vl-cust
frame_agents_ready s h100 h101 c

# A far end is AGENT:IFACE. Each check's frame carries its own payload, payload ID.
Q=s:vt-vl-q SP=s:vt-vl-sp A100=h100:vt-vl-a100 A101=h101:vt-vl-a101 C=c:vt-vl-cust
send() { frame_send "${1%%:*}" "${1#*:}" "$2" "${3:-1}"; } # send END HEX [N]
got() { frames_rx "${1%%:*}" "${1#*:}" "$(payload "$2")"; } # got END ID: the frames, hex
seen() { # seen ID END...: how many frames with payload ID these ends received, together
	local id=$1 n=0 e
	shift
	for e in "$@"; do n=$((n + $(frames_count "${e%%:*}" "${e#*:}" "$(payload "$id")"))); done
	echo $n
}
port_drops() { # port_drops PORT REASON: the port's rx drops for REASON
	ctl $P --json stats "$1" | json_get "d['$1']['rx_drops'].get('$2', 0)"
}
ET=88b5

# Round 1: frames from the access and customer hosts (which also teaches vswd their MACs).
f1=$NOBODY$H100$ET$(payload 1)             # VLAN 100 host, untagged, unknown unicast
f3=$NOBODY$H101$ET$(payload 3)             # VLAN 101 host (the trunk's native VLAN)
f7=$NOBODY${CUST}8100a007$ET$(payload 7)   # customer frame, C-tag PCP 5 VID 7
f7u=$NOBODY$CUST$ET$(payload 7u)           # untagged customer frame
f10=$NOBODY${H100}81000064$ET$(payload 10) # tagged frame on an access port
tagged0=$(port_drops a100 vlan_tagged_on_access)
send $A100 "$f1"
send $A101 "$f3"
send $C "$f7"
send $C "$f7u"
send $A100 "$f10" 2
sleep 0.5

check_eq "access 100 -> 802.1Q trunk: tagged TPID 0x8100, PCP 0, VID 100" \
	"$(got $Q 1)" "$NOBODY${H100}81000064$ET$(payload 1)"
check_eq "access 100 -> 802.1ad trunk: tagged TPID 0x88a8, PCP 0, VID 100" \
	"$(got $SP 1)" "$NOBODY${H100}88a80064$ET$(payload 1)"
check_eq "access 100 -> nothing to VLAN 101 or the customer" "$(seen 1 $A101 $C)" 0
check_eq "access 101 -> 802.1Q trunk: untagged, unchanged (native VLAN 101)" \
	"$(got $Q 3)" "$f3"
check_eq "access 101 -> nothing to VLAN 100 or the 802.1ad trunk" "$(seen 3 $A100 $SP $C)" 0
check_eq "QinQ: C-tagged frame -> 0x88a8 VID 200 outer (PCP 5 from the C-tag), C-tag kept" \
	"$(got $SP 7)" "$NOBODY${CUST}88a8a0c88100a007$ET$(payload 7)"
check_eq "QinQ: customer's untagged frame -> one 0x88a8 PCP 0 VID 200 tag" \
	"$(got $SP 7u)" "$NOBODY${CUST}88a800c8$ET$(payload 7u)"
check_eq "QinQ: customer frames go nowhere else" "$(seen 7 $Q $A100 $A101)" 0
check_eq "tagged frames on an access port: delivered nowhere" "$(seen 10 $Q $SP $A101)" 0
check_eq "tagged frames on an access port: rx_drops vlan_tagged_on_access +2" \
	$(($(port_drops a100 vlan_tagged_on_access) - tagged0)) 2

# Round 2: frames from the trunks' far ends, to hosts vswd has now learned.
f2=$H100${FAR}8100a064$ET$(payload 2)             # PCP 5 VID 100, to the VLAN 100 host
f4=$H101${FAR}81006000$ET$(payload 4)             # priority-tagged: PCP 3 VID 0
f4u=$H101$FAR$ET$(payload 4u)                     # untagged
f5=$BCAST${FAR}81000066$ET$(payload 5)            # VID 102, not carried
f6=$BCAST${FAR}8100c064$ET$(payload 6)            # PCP 6 VID 100, flooded
f8=$CUST${FAR_S}88a800c88100a007$ET$(payload 8)   # S-VLAN 200 + the customer's C-tag
f9=$BCAST${FAR_S}81000064$ET$(payload 9)          # 0x8100 tag on the 0x88a8 trunk
not_allowed0=$(drops_of $P vlan_not_allowed)
trunk_not_allowed0=$(port_drops trunk vlan_not_allowed)
untagged0=$(port_drops sp vlan_untagged)
send $Q "$f2"
send $Q "$f4"
send $Q "$f4u"
send $Q "$f5" 3
send $Q "$f6"
send $SP "$f8"
send $SP "$f9" 2
sleep 0.5

check_eq "802.1Q trunk PCP 5 VID 100 -> access 100: untagged, payload intact" \
	"$(got $A100 2)" "$H100$FAR$ET$(payload 2)"
check_eq "known unicast to access 100 goes nowhere else (not flooded)" \
	"$(seen 2 $SP $A101 $C)" 0
check_eq "802.1Q trunk priority-tagged (PCP 3 VID 0) -> native VLAN 101 host, untagged" \
	"$(got $A101 4)" "$H101$FAR$ET$(payload 4)"
check_eq "802.1Q trunk untagged -> native VLAN 101 host, unchanged" "$(got $A101 4u)" "$f4u"
check_eq "native VLAN frames go nowhere else" \
	"$(($(seen 4 $A100 $SP $C) + $(seen 4u $A100 $SP $C)))" 0
check_eq "802.1Q trunk VID 102 (not carried): delivered nowhere" \
	"$(seen 5 $A100 $A101 $SP $C)" 0
check_eq "802.1Q trunk VID 102: vswctl drops: vlan_not_allowed +3" \
	$(($(drops_of $P vlan_not_allowed) - not_allowed0)) 3
check_eq "802.1Q trunk VID 102: vswctl stats trunk: rx_drops vlan_not_allowed +3" \
	$(($(port_drops trunk vlan_not_allowed) - trunk_not_allowed0)) 3
check_eq "PCP 6 VID 100 flooded to the 802.1ad trunk: 0x88a8 PCP 6 VID 100" \
	"$(got $SP 6)" "$BCAST${FAR}88a8c064$ET$(payload 6)"
check_eq "PCP 6 VID 100 flooded to access 100: untagged" \
	"$(got $A100 6)" "$BCAST$FAR$ET$(payload 6)"
check_eq "QinQ: 0x88a8 VID 200 frame -> the customer gets its C-tagged frame, intact" \
	"$(got $C 8)" "$CUST${FAR_S}8100a007$ET$(payload 8)"
check_eq "0x8100 tag on the 0x88a8 trunk (untagged there, no native): delivered nowhere" \
	"$(seen 9 $Q $A100 $A101 $C)" 0
check_eq "0x8100 tag on the 0x88a8 trunk: rx_drops vlan_untagged +2" \
	$(($(port_drops sp vlan_untagged) - untagged0)) 2

log "$P drops: $(ctl $P --json drops | json_get "{k: v for k, v in d.items() if v}")"
vl_stop $P

########################################################################################
# Part 3: scenario 3, flat network: A ==untagged uplink== B, one flat bridge on each.
for side in a b; do
	if [ $side == a ]; then n=0 veth_if=vt-vl-ta i=5; else n=1 veth_if=vt-vl-tb i=6; fi
	cat >"$T_TMP/flat-$side.yaml" <<YAML
eal:
  file_prefix: vswtest-vlf$side
  $EAL
$WORKERS
ports:
  - {name: uplink, kind: dpdk, devargs: "net_af_packet$n,iface=$veth_if"}
  - {name: inst, kind: tap, iface: vt-vl$i}
bridges:
  - {name: flat, ports: [uplink, inst]}
YAML
done
veth vt-vl-ta vt-vl-tb
ns_add vt-vl-5
ns_add vt-vl-6
vl_start "$T_TMP/flat-a.yaml"
vl_start "$T_TMP/flat-b.yaml"
ns_take_iface vt-vl-5 vt-vl5 192.0.2.5/24
ns_take_iface vt-vl-6 vt-vl6 192.0.2.6/24
for p in vswtest-vlfa vswtest-vlfb; do ctl $p fdb flush flat >/dev/null; done # see part 1
# Watch the uplink's wire from the root namespace: no frame on it may carry a tag. Each end
# sees what it receives (af_packet sends bypass the capture taps), so capture both.
caps=()
for end in ta tb; do
	tcpdump -i "vt-vl-$end" --immediate-mode -w "$T_TMP/uplink-$end.pcap" -U >/dev/null 2>&1 &
	T_PIDS+=($!)
	caps+=($!)
done
sleep 1
check "flat network: instance A pings instance B through the uplink" ping_ok vt-vl-5 192.0.2.6
check "flat network: and back" ping_ok vt-vl-6 192.0.2.5
sleep 0.3
kill "${caps[@]}" 2>/dev/null || true
wait "${caps[@]}" 2>/dev/null || true
tagged=0 total=0
for end in ta tb; do
	tagged=$((tagged + $(tcpdump -r "$T_TMP/uplink-$end.pcap" -e vlan 2>/dev/null | wc -l)))
	total=$((total + $(tcpdump -r "$T_TMP/uplink-$end.pcap" 'icmp or arp' 2>/dev/null | wc -l)))
done
log "uplink: $total ICMP/ARP frames captured, $tagged tagged"
check "flat network: the uplink carried the pings" test "$total" -ge 12
check_eq "flat network: no frame on the uplink is tagged" "$tagged" 0
fdb_flat() { ctl "$1" --json fdb show flat | json_get "sorted(e['port'] for e in d)"; }
check_eq "flat network: A learned its instance and B's behind the uplink" \
	"$(fdb_flat vswtest-vlfa)" "['inst', 'uplink']"
vl_stop vswtest-vlfa
vl_stop vswtest-vlfb
ip link del vt-vl-ta
finish
