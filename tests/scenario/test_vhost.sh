#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vhost-user: a second DPDK process (dpdk-testpmd with net_virtio_user) plays the VM on a
# vhost-user port of vswd, cross-connected to a TAP port whose kernel end is a namespace
# host. An exact number of frames goes each way, and both ends count exactly that.
# Runs twice: vswd as the socket server, then vswd as the client (started before the VM,
# so it must connect by itself once the VM's socket appears).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

VM_MAC=02:00:00:00:0b:01
TP_PREFIX=vswtest-vm
N_TX_BURSTS=4 # testpmd "start tx_first N" sends N bursts of 32 frames
N_PING=100

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

stop_vm() {
	echo "quit" >&7 || true
	wait_for 10 bash -c "! kill -0 $TP_PID 2>/dev/null" || kill -KILL "$TP_PID"
	wait "$TP_PID" 2>/dev/null || true
	exec 7>&-
	rm -f "$T_TMP/tp.in" /dev/hugepages/${TP_PREFIX}map_*
	rm -rf "/var/run/dpdk/$TP_PREFIX"
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

	stop_vm
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
