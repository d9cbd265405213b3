#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A real guest's life with vswd in client mode (QEMU server=on, the mode OpenStack uses,
# because vswd may restart): the guest reboots, QEMU is killed and started again, vswd is
# restarted. After each, the guest pings the namespace host on the bridge's TAP port again
# within 5 s of being ready, with no operator, and vswd's link state follows the guest:
# down while no driver is up.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$VSW_TOP/tests/vm/vm.sh"

NS=vt-vmr
G_MAC=02:00:00:00:0e:01
cat >"$T_TMP/vmr.yaml" <<YAML
eal:
  file_prefix: vswtest-vmr
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: g, kind: vhost-user, path: $T_TMP/g.sock, mode: client}
  - {name: host, kind: tap, iface: vt-vmr0}
bridges:
  - {name: lan, ports: [g, host]}
YAML

link_is() { [ "$(vswctl --json ports | json_get "d['g']['link']")" == "$1" ]; }
wait_link() { # wait_link up|down SECONDS
	local i
	for i in $(seq $(($2 * 10))); do
		link_is "$1" && return 0
		sleep 0.1
	done
	return 1
}
# The guest reaches the host within 5 s (pings every 0.2 s until one is answered).
traffic_resumes() { vm_run g 30 ping -c 1 -w 5 -i 0.2 -A 192.0.2.1 >/dev/null 2>&1 ||
	vm_run g 30 ping -c 1 -w 5 192.0.2.1 >/dev/null; }
vswd_up() { # start vswd and give the host its (new) TAP interface
	start_vswd "$T_TMP/vmr.yaml"
	ns_take_iface $NS vt-vmr0 192.0.2.1/24
}

vm_kit
ns_add $NS
vswd_up
vm_start g "$T_TMP/g.sock" listen $G_MAC 192.0.2.21/24 192.0.2.1
check "guest boots" vm_wait_ready g 120
check "link up" wait_link up 10
check "traffic" traffic_resumes

# 1. The guest reboots: the driver goes away (QEMU resets the device), comes back.
vm_send g "reboot -f"
check "reboot: link down while the guest has no driver" wait_link down 20
check "reboot: guest up again" vm_wait_ready g 120 2
check "reboot: link up" wait_link up 10
check "reboot: traffic resumes within 5 s" traffic_resumes

# 2. QEMU is killed and started again: vswd reconnects by itself.
vm_kill g
check "QEMU killed: link down" wait_link down 10
vm_start g "$T_TMP/g.sock" listen $G_MAC 192.0.2.21/24 192.0.2.1
check "QEMU restarted: guest up" vm_wait_ready g 120 3
check "QEMU restarted: link up" wait_link up 10
check "QEMU restarted: traffic resumes within 5 s" traffic_resumes

# 3. vswd restarts under a running guest: QEMU keeps listening, vswd connects again.
if stop_vswd INT; then pass "vswd exits 0 under a running guest"; else
	fail "vswd exits 0 under a running guest" "$?"; fi
vswd_up
check "vswd restarted: link up" wait_link up 20
check "vswd restarted: traffic resumes within 5 s" traffic_resumes
check "vswd restarted: the guest did not reboot" \
	test "$(vm_console g | grep -c '^vsw-guest: ready')" -eq 3

vm_stop g
if stop_vswd INT; then pass "vswd exits 0"; else fail "vswd exits 0" "$?"; fi
finish
