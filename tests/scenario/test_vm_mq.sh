#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Multiqueue with a real guest (issue #10): a QEMU guest with 2 queue pairs and 2 vCPUs on
# a vhost-user port with rx_queues: 2 (vswd the server), bridged to a namespace host on a
# TAP port, vswd with 2 workers (each polls one of the port's rx queues). The guest's
# virtio-net enables both pairs by itself (min(CPUs, pairs); no ethtool needed) and sends
# from CPU n on tx queue n (XPS). QEMU is killed (link down) and started again: it
# reconnects, traffic resumes within 5 s of the guest being up, and a ping pinned to each
# vCPU is answered with both of the port's rx queues counting frames (vswctl port).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$VSW_TOP/tests/vm/vm.sh"

NS=vt-vmq
G_MAC=02:00:00:00:0f:01
N=5

check "guest kit: initramfs built or cached" vm_kit
cat >"$T_TMP/vmq.yaml" <<YAML
eal:
  file_prefix: vswtest-vmq
  args: ["--no-pci", "--lcores", "0@0,1@1,2@0"]
workers:
  lcores: [1, 2]
  idle_sleep_us: 50
ports:
  - {name: g, kind: vhost-user, path: $T_TMP/g.sock, mode: server, rx_queues: 2}
  - {name: host, kind: tap, iface: vt-vmq0}
bridges:
  - {name: lan, ports: [g, host]}
YAML

ns_add $NS
start_vswd "$T_TMP/vmq.yaml"
ns_take_iface $NS vt-vmq0 192.0.2.1/24
t0=$SECONDS
vm_start g "$T_TMP/g.sock" connect $G_MAC 192.0.2.31/24 192.0.2.1 2
check "guest with 2 queue pairs boots" vm_wait_ready g 120
log "guest ready in $((SECONDS - t0)) s"
check_eq "the guest enabled both queue pairs" \
	"$(vm_run g 20 ls /sys/class/net/eth0/queues | tr -s ' \n' ' ' | sed 's/ $//')" \
	"rx-0 rx-1 tx-0 tx-1"
check_eq "vswd: 2 rx and 2 tx queues on the port, the guest set up 4 rings" \
	"$(vswctl --json port g | json_get "d['rx_queues'], d['tx_queues'], d['vhost']['vrings']")" \
	"2 2 4"
check_eq "vswd: the guest negotiated MQ" \
	"$(vswctl --json port g | json_get "'MQ' in d['vhost']['feature_names']")" True

# A ping from each vCPU (warm ARP first, from CPU 0), both at once; each of the port's rx
# queues counts at least N more frames.
pings_per_vcpu() { # pings_per_vcpu TAG
	local before out
	before=$(vswctl --json port g | json_get "d['rx_queue_packets']")
	vm_run g 20 ping -c 1 -w 10 192.0.2.1 >/dev/null || true
	out=$(vm_run g 40 "taskset 1 ping -q -c $N -i 0.2 192.0.2.1 >/tmp/p0 & \
		taskset 2 ping -q -c $N -i 0.2 192.0.2.1 >/tmp/p1; wait; cat /tmp/p0 /tmp/p1" |
		grep -c "$N packets transmitted, $N packets received") || true
	check_eq "$1: pings from both vCPUs answered" "$out" 2
	vswctl --json port g >"$T_TMP/g.json"
	log "$1: the port's rx queues counted $before -> $(json_get "d['rx_queue_packets']" <"$T_TMP/g.json")"
	check "$1: both rx queues of the port carry the guest's frames" \
		json_get "sys.exit(0 if min(a - b for a, b in zip(d['rx_queue_packets'], $before)) >= $N else 1)" \
		<"$T_TMP/g.json"
}
check "the workers poll one queue each" \
	test "$(vswctl --json workers | json_get "sorted(q for w in d.values() for q in w['rx_queues'] if q.startswith('g:'))")" == "['g:0', 'g:1']"

# vswd the server: QEMU killed (the port goes down) and started again, connecting anew;
# the guest's traffic resumes within 5 s of it being up, on both queues again.
link_is() { [ "$(vswctl --json ports | json_get "d['g']['link']")" == "$1" ]; }
wait_link() { # wait_link up|down SECONDS
	local i
	for i in $(seq $(($2 * 10))); do
		link_is "$1" && return 0
		sleep 0.1
	done
	return 1
}
vm_kill g
check "QEMU killed: link down" wait_link down 10
check_eq "QEMU killed: port g shows no device" \
	"$(vswctl --json port g | json_get "d['vhost']['state']")" "not connected"
vm_start g "$T_TMP/g.sock" connect $G_MAC 192.0.2.31/24 192.0.2.1 2
t0=$SECONDS
check "QEMU restarted: guest up" vm_wait_ready g 120 2
log "guest ready again in $((SECONDS - t0)) s"
traffic_resumes() { vm_run g 30 ping -c 1 -w 5 -i 0.2 192.0.2.1 >/dev/null; }
check "QEMU restarted: link up" wait_link up 10
check "QEMU restarted: traffic resumes within 5 s" traffic_resumes
pings_per_vcpu "after the restart"
vswctl port g | sed 's/^/# /'

vm_stop g
if stop_vswd INT; then pass "vswd exits 0"; else fail "vswd exits 0" "$?"; fi
finish
