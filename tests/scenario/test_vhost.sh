#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vhost-user: a second DPDK process (dpdk-testpmd with net_virtio_user) plays the VM on a
# vhost-user port of vswd, cross-connected to a TAP port whose kernel end is a namespace
# host. An exact number of frames goes each way, and both ends count exactly that.
# Runs twice: vswd as the socket server, then vswd as the client (started before the VM,
# so it must connect by itself once the VM's socket appears).
# In server mode also: the VM is killed (SIGKILL) and started again: the link shows down
# while nothing is connected and traffic resumes within 5 s; then a soak, N_SOAK
# connect/disconnect cycles of a minimal vhost-user front-end (vhost_user.py) while the
# host sends to the VM, after which the mbuf pool and DPDK's heap are back at their
# baselines, vswd holds no more file descriptors and hardly more memory (VmRSS), and
# traffic flows both ways again. The detail view (vswctl port) shows per-queue counters,
# xstats and the front-end's device: its negotiated features, rings, gone once it left.
# In server mode, dpdk-dumpcap (vswctl capture) on the vhost port, with a filter, holds
# exactly the frames the VM sent (rx) and the host's pings to one of its addresses (tx), the
# bytes the host's tcpdump saw.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

VM_MAC=02:00:00:00:0b:01
TP_PREFIX=vswtest-vm
N_TX_BURSTS=4 # testpmd "start tx_first N" sends N bursts of 32 frames
N_PING=100
N_SOAK=200
SOAK_MAC=02:00:00:00:0b:02
RSS_SLACK_KB=1024 # vswd's RSS may grow this much over the soak (allocator noise)

tp_stat() { # testpmd port 0 counter, from its own telemetry socket
	"$VSWCTL" --socket "/var/run/dpdk/$TP_PREFIX/dpdk_telemetry.v2" call /ethdev/stats,0 |
		json_get "d['$1']"
}

wait_for() { # wait_for SECONDS CMD...: poll until CMD succeeds
	local t=$1 i
	shift
	for i in $(seq $((t * 10))); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
vm_link_up() { [ "$(vswctl --json ports | json_get "d['vm']['link']")" == up ]; }
vm_link_down() { ! vm_link_up; }
in_use() { vswctl --json call /vsw/mempool | json_get "d['in_use']"; }
pool_at_most() { [ "$(in_use)" -le "$1" ]; }
vswd_fds() { ls "/proc/$VSWD_PID/fd" | wc -l; }
vswd_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$VSWD_PID/status"; }
heap_used() { vswctl --json call /eal/heap_info,0 | json_get "d['Alloc_count'], d['Alloc_size']"; }
host_rx() { if_stat "vt-vh-$1" vt-vh0 rx_packets; }

start_vm() { # start_vm SERVER(0|1)
	mkfifo "$T_TMP/tp.in"
	exec 7<>"$T_TMP/tp.in"
	dpdk-testpmd --file-prefix "$TP_PREFIX" --single-file-segments --no-pci \
		--lcores 0@0,1@0 -m 512 \
		--vdev "net_virtio_user0,path=$T_TMP/vm.sock,queues=1,server=$1,mac=$VM_MAC" \
		-- -i --forward-mode=rxonly --total-num-mbufs=4096 --burst=32 \
		--eth-peer="0,$HOST_MAC" --no-lsc-interrupt \
		<"$T_TMP/tp.in" >"$T_TMP/testpmd.log" 2>&1 &
	TP_PID=$!
	T_PIDS+=($TP_PID)
	wait_for 20 test -S "/var/run/dpdk/$TP_PREFIX/dpdk_telemetry.v2"
}

stop_vm() { # stop_vm [kill]: quit testpmd (or SIGKILL it: the VM crashes)
	[ "${1:-}" == kill ] && kill -KILL "$TP_PID"
	echo "quit" >&7 2>/dev/null || true
	wait_for 10 bash -c "! kill -0 $TP_PID 2>/dev/null" || kill -KILL "$TP_PID"
	wait "$TP_PID" 2>/dev/null || true
	exec 7>&-
	rm -f "$T_TMP/tp.in" /dev/hugepages/${TP_PREFIX}map_*
	rm -rf "/var/run/dpdk/$TP_PREFIX"
}

# capture_vhost: vswctl capture on the vhost port, filter "not host 192.0.2.10", while the
# host pings the VM at 192.0.2.10 (filtered out) and at 192.0.2.9 3 times each and the VM
# sends a burst of 32: 35 frames, rx and tx, the same bytes as tcpdump on the host's end.
capture_vhost() {
	local ns=vt-vh-server n=$((32 + 3)) _ cap=$T_TMP/vm.pcapng f="not host 192.0.2.10"
	ip -n $ns neigh add 192.0.2.10 lladdr "$VM_MAC" dev vt-vh0 nud permanent
	ip netns exec $ns tcpdump -i vt-vh0 -w "$T_TMP/host.pcap" -U -c $n "$f" >"$T_TMP/td.out" 2>&1 &
	local td=$!
	T_PIDS+=($td)
	taskset -c 0 "$VSWCTL" --prefix vswtest-vh capture vm -w "$cap" -c $n -f "$f" \
		>"$T_TMP/cap.out" 2>&1 &
	local cp=$!
	T_PIDS+=($cp)
	wait_for 20 grep -q "Packets captured" "$T_TMP/cap.out" || true
	wait_for 5 grep -q "listening on" "$T_TMP/td.out" || true
	ip netns exec $ns ping -q -c 3 -i 0.2 -W 0.1 192.0.2.10 >/dev/null || true
	echo "stop" >&7
	echo "start tx_first 1" >&7
	ip netns exec $ns ping -q -c 3 -i 0.2 -W 0.1 192.0.2.9 >/dev/null || true
	wait_for 10 bash -c "! kill -0 $cp 2>/dev/null" || kill -INT $cp
	wait $cp || true
	wait_for 5 bash -c "! kill -0 $td 2>/dev/null" || kill -INT $td
	wait $td || true
	"$PY" - "$cap" "$T_TMP/host.pcap" "$VM_MAC" >"$T_TMP/cap.txt" <<'PY'
import sys
from scapy.all import rdpcap, Ether, ICMP, UDP
cap, host = ([bytes(p) for p in rdpcap(f)] for f in sys.argv[1:3])
vm = sys.argv[3]
print(len(cap), sum(Ether(b).src == vm and UDP in Ether(b) for b in cap),
      sum(Ether(b).dst == vm and ICMP in Ether(b) for b in cap), sorted(cap) == sorted(host))
PY
	check_eq "vhost capture -f '$f': 35 frames, 32 from the VM (rx), 3 pings (tx), as tcpdump saw" \
		"$(cat "$T_TMP/cap.txt")" "35 32 3 True"
	log "$(tail -3 "$T_TMP/cap.out")"
}

# host_got_since RX0 N: the server host has received N frames more than RX0.
host_got_since() { [ $(($(host_rx server) - $1)) -ge "$2" ]; }

# Server mode: the VM is killed and started again; it connects to vswd's socket anew.
vm_killed() {
	local tag="vhost server: VM killed" rx0 t0
	stop_vm kill
	if wait_for 5 vm_link_down; then pass "$tag: link down"; else
		fail "$tag: link down" "$(vswctl ports)"; fi
	start_vm 0
	t0=$(date +%s%N)
	rx0=$(host_rx server)
	wait_for 5 vm_link_up || true
	echo "start tx_first 1" >&7
	# wait_for runs its command again and again: the count must be read each time.
	if wait_for 5 host_got_since "$rx0" 32; then
		pass "$tag: restarted, link up, traffic resumes within 5 s"
		log "link up and 32 frames at the host $((($(date +%s%N) - t0) / 1000000)) ms after the VM started"
	else
		fail "$tag: restarted, link up, traffic resumes within 5 s" \
			"link $(vswctl --json ports | json_get "d['vm']['link']"), host got $(($(host_rx server) - rx0))"
	fi
	echo "stop" >&7
}

# Server mode: N_SOAK connections of vhost_user.py, one after the other, each sending one
# frame to the host, while the host pings the VM (frames arrive as the port comes and goes).
soak() {
	local tag="vhost server: soak" pool0 fd0 rss0 heap0 fd1 rss1 rx0 ping t0 out
	wait_for 10 vm_link_down || true
	pool0=$(in_use)
	fd0=$(vswd_fds)
	rss0=$(vswd_rss_kb)
	heap0=$(heap_used)
	rx0=$(host_rx server)
	ip netns exec vt-vh-server ping -q -i 0.01 -w 60 192.0.2.9 >/dev/null 2>&1 &
	ping=$!
	T_PIDS+=($ping)
	t0=$(date +%s%N)
	out=$("$PY" "$VSW_TOP/tests/scenario/vhost_user.py" "$T_TMP/vm.sock" soak "$N_SOAK" \
		$SOAK_MAC "$HOST_MAC" 2>&1) || true
	log "$N_SOAK connect/disconnect cycles in $((($(date +%s%N) - t0) / 1000000)) ms"
	kill "$ping" 2>/dev/null || true
	wait "$ping" 2>/dev/null || true
	check_eq "$tag: $N_SOAK connections, each frame taken by vswd" "$out" "sent $N_SOAK"
	check "$tag: link down after the last one" wait_for 5 vm_link_down
	sleep 0.2
	check_eq "$tag: the host received the $N_SOAK frames" $(($(host_rx server) - rx0)) "$N_SOAK"
	if wait_for 5 pool_at_most "$pool0"; then pass "$tag: mbuf pool back to its baseline ($pool0)"
	else fail "$tag: mbuf pool back to its baseline" "$(in_use) in use, was $pool0"; fi
	fd1=$(vswd_fds)
	rss1=$(vswd_rss_kb)
	log "vswd: $fd0 -> $fd1 fds, VmRSS $rss0 -> $rss1 kB"
	check_eq "$tag: no fd left open" "$fd1" "$fd0"
	check_eq "$tag: DPDK's heap back to its baseline (allocations, bytes)" "$(heap_used)" "$heap0"
	if [ "$rss1" -le $((rss0 + RSS_SLACK_KB)) ]; then pass "$tag: RSS grew < $RSS_SLACK_KB kB"
	else fail "$tag: RSS grew < $RSS_SLACK_KB kB" "$rss0 -> $rss1 kB"; fi

	# Traffic both ways on the port afterwards: one frame out, N_PING in.
	rx0=$(host_rx server)
	"$PY" "$VSW_TOP/tests/scenario/vhost_user.py" "$T_TMP/vm.sock" hold "$N_PING" \
		$SOAK_MAC "$HOST_MAC" >"$T_TMP/hold.out" 2>&1 &
	T_PIDS+=($!)
	local hold=$!
	wait_for 5 grep -q connected "$T_TMP/hold.out" || true
	check_eq "$tag: port vm shows the front-end's device: no feature asked, 2 rings" \
		"$(vswctl --json port vm | json_get "d['vhost']['state'], d['vhost']['features'], d['vhost']['vrings']")" \
		"connected 0x0 2"
	ip netns exec vt-vh-server ping -q -c "$N_PING" -i 0.002 -W 0.1 192.0.2.9 >/dev/null || true
	wait "$hold" || true
	check_eq "$tag: afterwards the VM receives $N_PING pings" "$(tail -1 "$T_TMP/hold.out")" \
		"rx $N_PING"
	check_eq "$tag: afterwards the host receives the VM's frame" $(($(host_rx server) - rx0)) 1
	wait_for 5 vm_link_down || true
	check_eq "$tag: port vm: no device once it left" \
		"$(vswctl --json port vm | json_get "d['vhost']['state'], d['vhost']['vid']")" \
		"not connected -1"
}

run_mode() { # run_mode server|client
	local mode=$1 tag="vhost $1" vm_server
	cat >"$T_TMP/v.yaml" <<YAML
eal:
  file_prefix: vswtest-vh
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: vm, kind: vhost-user, path: $T_TMP/vm.sock, mode: $mode}
  - {name: host, kind: tap, iface: vt-vh0}
xconnect:
  - [vm, host]
YAML
	[ "$mode" == server ] && vm_server=0 || vm_server=1
	ns_add "vt-vh-$mode"
	start_vswd "$T_TMP/v.yaml"
	ns_take_iface "vt-vh-$mode" vt-vh0 192.0.2.1/24
	ip -n "vt-vh-$mode" link set vt-vh0 arp off
	HOST_MAC=$(ip -n "vt-vh-$mode" -j link show vt-vh0 | json_get "d[0]['address']")

	if [ "$mode" == client ]; then
		sleep 0.5 # vswd is up and retrying; the VM's socket does not exist yet
		if vm_link_up; then fail "$tag: link down before the VM starts" up; else
			pass "$tag: link down before the VM starts"; fi
	fi
	start_vm "$vm_server"
	if wait_for 20 vm_link_up; then pass "$tag: VM connects, link up"; else
		fail "$tag: VM connects, link up" "$(vswctl ports)"; stop_vm; stop_vswd; return; fi

	# Frames the host sent before the VM was there were dropped (tx_full, counted): count
	# from here.
	local drops0
	drops0=$(($(port_stat vm drops) + $(port_stat host drops)))
	# VM -> host: testpmd sends N bursts; the namespace's kernel receives exactly those.
	local host_rx0 sent
	host_rx0=$(if_stat "vt-vh-$mode" vt-vh0 rx_packets)
	echo "start tx_first $N_TX_BURSTS" >&7
	sleep 1
	sent=$(tp_stat opackets)
	check_eq "$tag: VM sent $((N_TX_BURSTS * 32)) frames" "$sent" $((N_TX_BURSTS * 32))
	check_eq "$tag: vswd received them on the vhost port" "$(port_stat vm rx_packets)" "$sent"
	check_eq "$tag: vswd sent them on the TAP port" "$(port_stat host tx_packets)" "$sent"
	check_eq "$tag: the host received exactly them" \
		$(($(if_stat "vt-vh-$mode" vt-vh0 rx_packets) - host_rx0)) "$sent"

	# host -> VM: the kernel sends N pings to the VM's MAC; the VM receives exactly those.
	ip -n "vt-vh-$mode" neigh add 192.0.2.9 lladdr "$VM_MAC" dev vt-vh0 nud permanent
	local host_tx0
	host_tx0=$(if_stat "vt-vh-$mode" vt-vh0 tx_packets)
	ip netns exec "vt-vh-$mode" ping -q -c "$N_PING" -i 0.002 -W 0.1 192.0.2.9 >/dev/null || true
	sleep 0.5
	check_eq "$tag: host sent $N_PING frames" \
		$(($(if_stat "vt-vh-$mode" vt-vh0 tx_packets) - host_tx0)) "$N_PING"
	check_eq "$tag: vswd forwarded them to the VM" "$(port_stat vm tx_packets)" "$N_PING"
	check_eq "$tag: the VM received exactly them" "$(tp_stat ipackets)" "$N_PING"
	check_eq "$tag: no drops" $(($(port_stat vm drops) + $(port_stat host drops))) "$drops0"

	# The detail view (vswctl port): per-queue counters, xstats, the guest's device.
	local info=$T_TMP/port-$mode.json
	vswctl --json port vm >"$info"
	check_eq "$tag: port vm: rx queue 0 counted the VM's frames" \
		"$(json_get "d['rx_queue_packets']" <"$info")" "[$sent]"
	check_eq "$tag: port vm: tx queue 0 counted the pings" \
		"$(json_get "d['tx_queue_packets']" <"$info")" "[$N_PING]"
	check_eq "$tag: port vm: xstats rx_good_packets" \
		"$(json_get "d['xstats']['rx_good_packets']" <"$info")" "$sent"
	check_eq "$tag: port vm: the VM's device connected, 2 rings" \
		"$(json_get "d['vhost']['state'], d['vhost']['vrings']" <"$info")" "connected 2"
	check_eq "$tag: port vm: virtio 1.0 and mergeable rx buffers negotiated" \
		"$(json_get "sorted(set(d['vhost']['feature_names']) & {'VERSION_1', 'MRG_RXBUF'})" \
		<"$info")" "['MRG_RXBUF', 'VERSION_1']"
	vswctl port vm | sed 's/^/# /'

	if [ "$mode" == server ]; then
		capture_vhost
		vm_killed
		stop_vm
		soak
	else
		stop_vm
	fi
	if [ "$mode" == client ]; then
		# The VM went away: vswd notices, and reconnects when it comes back.
		if wait_for 10 vm_link_down; then
			pass "$tag: link down when the VM stops"
		else fail "$tag: link down when the VM stops" "still up"; fi
		start_vm 1
		if wait_for 20 vm_link_up; then pass "$tag: reconnects when the VM restarts"; else
			fail "$tag: reconnects when the VM restarts" "$(vswctl ports)"; fi
		stop_vm
	fi
	if stop_vswd INT; then pass "$tag: vswd exits 0"; else fail "$tag: vswd exits 0" "$?"; fi
	[ ! -e "$T_TMP/vm.sock" ] || [ "$mode" == client ] && pass "$tag: socket removed" ||
		fail "$tag: socket removed" "$T_TMP/vm.sock still there"
	ip netns del "vt-vh-$mode"
}

run_mode server
run_mode client
finish
