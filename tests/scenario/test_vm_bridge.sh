#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Real guests on one bridge (issue #10): two QEMU guests (tests/vm/) on vhost-user ports of
# one vswd bridge with a namespace host on a TAP port. Guest g1 connects to vswd's socket
# (vswd the server), g2 listens on its own (vswd the client, the mode OpenStack uses), so
# one run covers both socket modes. Each guest pings the other and the host, the host pings
# both; guest to guest is the east-west case. Then traffic: iperf3 from each guest to the
# host (it completes, and the rate is logged), and a 4 MiB file fetched by a guest
# over HTTP from the host arrives with the same SHA-256. The guests' kernels are the oracle.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$VSW_TOP/tests/vm/vm.sh"

NS=vt-vmb
G1_MAC=02:00:00:00:0d:01
G2_MAC=02:00:00:00:0d:02
IPERF_BYTES=$((8 * 1024 * 1024))

t0=$SECONDS
check "guest kit: initramfs built or cached" vm_kit
log "kit ready in $((SECONDS - t0)) s"

cat >"$T_TMP/vmb.yaml" <<YAML
eal:
  file_prefix: vswtest-vmb
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: g1, kind: vhost-user, path: $T_TMP/g1.sock, mode: server}
  - {name: g2, kind: vhost-user, path: $T_TMP/g2.sock, mode: client}
  - {name: host, kind: tap, iface: vt-vmb0}
bridges:
  - {name: lan, ports: [g1, g2, host]}
YAML

link_of() { vswctl --json ports | json_get "d['$1']['link']"; }

ns_add $NS
start_vswd "$T_TMP/vmb.yaml"
ns_take_iface $NS vt-vmb0 192.0.2.1/24
check_eq "g2 (client mode) link down before its QEMU starts" "$(link_of g2)" down

t0=$SECONDS
vm_start g1 "$T_TMP/g1.sock" connect $G1_MAC 192.0.2.11/24 192.0.2.1
vm_start g2 "$T_TMP/g2.sock" listen $G2_MAC 192.0.2.12/24 192.0.2.1
check "g1 boots" vm_wait_ready g1 120
check "g2 boots" vm_wait_ready g2 120
log "both guests ready in $((SECONDS - t0)) s"
check_eq "g1 link up" "$(link_of g1)" up
check_eq "g2 link up" "$(link_of g2)" up

# Pings: two tries, the first may wait for ARP on a slow TCG guest.
guest_ping() { vm_run "$1" 30 ping -c 2 -w 15 "$2" >/dev/null; }
check "g1 pings g2 (VM to VM)" guest_ping g1 192.0.2.12
check "g2 pings g1 (VM to VM)" guest_ping g2 192.0.2.11
check "g1 pings the host" guest_ping g1 192.0.2.1
check "g2 pings the host" guest_ping g2 192.0.2.1
check "the host pings g1" ip netns exec $NS ping -c 2 -w 15 -q 192.0.2.11
check "the host pings g2" ip netns exec $NS ping -c 2 -w 15 -q 192.0.2.12
check_eq "the host learned g1's MAC" \
	"$(ip -n $NS -j neigh show 192.0.2.11 | json_get "d[0]['lladdr']")" $G1_MAC

# iperf3 guest -> host: the client in the guest sends IPERF_BYTES and exits 0, the host's
# server (JSON) reports no error; the rate is logged. (The server's byte count stops at the
# client's end-of-test message, so it is not compared: the HTTP transfer checks the bytes.)
iperf_to_host() { # iperf_to_host GUEST PORT
	local g=$1 port=$2 json=$T_TMP/iperf-$1.json got rate
	ip netns exec $NS iperf3 -s -1 -J -p "$port" >"$json" 2>&1 &
	T_PIDS+=($!)
	local srv=$!
	sleep 0.5
	if ! vm_run "$g" 120 iperf3 -c 192.0.2.1 -p "$port" -n "$IPERF_BYTES" >"$T_TMP/iperf-$g.out"; then
		fail "$g: iperf3 to the host" "$(tail -3 "$T_TMP/iperf-$g.out")"
		return
	fi
	wait "$srv" || true
	got=$(json_get "d.get('error', 'ok')" <"$json")
	rate=$(json_get "round(d['end']['sum_received']['bits_per_second'] / 1e6, 1)" <"$json")
	check_eq "$g: iperf3 to the host completes (client and server)" "$got" ok
	log "$g -> host: $rate Mbit/s (TCG guest)"
}
iperf_to_host g1 5201
iperf_to_host g2 5202

# A file over HTTP from the host into g1, intact.
mkdir -p "$T_TMP/www"
head -c $((4 * 1024 * 1024)) /dev/urandom >"$T_TMP/www/blob"
want=$(sha256sum <"$T_TMP/www/blob" | cut -d' ' -f1)
ip netns exec $NS "$PY" -m http.server -b 192.0.2.1 -d "$T_TMP/www" 8080 \
	>"$T_TMP/http.log" 2>&1 &
T_PIDS+=($!)
sleep 1
got=$(vm_run g1 120 "wget -q -O - http://192.0.2.1:8080/blob | sha256sum" | cut -d' ' -f1) || true
check_eq "g1: 4 MiB over HTTP from the host, intact" "$got" "$want"

vm_stop g1
vm_stop g2
if stop_vswd INT; then pass "vswd exits 0"; else fail "vswd exits 0" "$?"; fi
finish
