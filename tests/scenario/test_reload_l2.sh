#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Reload under traffic. Four namespace hosts talk through bridge "main" (a 10,000-packet ping
# flood between h1 and h2, an iperf3 TCP run between h3 and h4) while 100 or more reloads add
# and remove other bridges, TAP and vhost-user ports, VLANs on a trunk, and static MACs (in
# "main" too). Zero pings lost, iperf3 completes, "main" keeps its four learned MACs, every reload shows in the
# config generation, and what each file says is what runs. Once with one worker, once with
# two (mapped onto one core with --lcores).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N_RELOADS=100

write_cfg() { # write_cfg FILE K WORKERS: variant K of the config
	local f=$1 k=$2 workers=$3 lcores="0@0,1@1" trunks="20" extra_ports="" extra_br=""
	local statics="" main_static=""
	local nq=1
	[ "$workers" == "[1, 2]" ] && lcores="0@0,1@1,2@1" && nq=2
	# VLANs on the trunk: 20 always, 10 and 30 by turns.
	((k % 2)) && trunks+=", 10"
	((k % 3 == 1)) && trunks+=", 30"
	trunks="[$trunks]"
	# A TAP port in bridge "extra" every other file.
	if ((k % 2)); then
		extra_ports+="  - {name: t3, kind: tap, iface: vt-rt-t3}
"
		extra_br+="  - {name: extra, ports: [t3], static_macs: [{mac: \"02:00:00:00:e0:0$((k % 10))\", port: t3}]}
"
	fi
	# A vhost-user port (no VM: link down) in a VLAN 20 bridge every third file.
	if ((k % 3 == 0)); then
		# One queue pair per worker: each worker has its own tx queue.
		extra_ports+="  - {name: v1, kind: vhost-user, path: $T_TMP/v1.sock, rx_queues: $nq, vlan_mode: access, tag: 20}
"
		statics="    static_macs: [{mac: \"02:00:00:00:20:01\", port: v1}]
"
	fi
	# An access port in VLAN 20 two files out of four.
	((k % 4 == 1 || k % 4 == 2)) && extra_ports+="  - {name: t4, kind: tap, iface: vt-rt-t4, vlan_mode: access, tag: 20}
"
	# A static MAC in "main" (nobody has it) every other file.
	((k % 2 == 0)) && main_static="
    static_macs: [{mac: \"02:00:00:00:99:99\", port: h1}]"
	local v20="tr"
	((k % 3 == 0)) && v20+=", v1"
	((k % 4 == 1 || k % 4 == 2)) && v20+=", t4"
	local vbr="  - name: v20
    vlan: 20
    ports: [$v20]
$statics"
	((k % 2)) && vbr+="  - {name: v10, vlan: 10, ports: [tr]}
"
	((k % 3 == 1)) && vbr+="  - {name: v30, vlan: 30, ports: [tr]}
"
	cat >"$f" <<YAML
eal:
  file_prefix: vswtest-rt
  args: ["--no-pci", "--lcores", "$lcores"]
workers:
  lcores: $workers
  idle_sleep_us: 50
ports:
  - {name: h1, kind: tap, iface: vt-rt-h1}
  - {name: h2, kind: tap, iface: vt-rt-h2}
  - {name: h3, kind: tap, iface: vt-rt-h3}
  - {name: h4, kind: tap, iface: vt-rt-h4}
  - {name: tr, kind: tap, iface: vt-rt-tr, vlan_mode: trunk, trunks: $trunks}
$extra_ports
bridges:
  - name: main
    ports: [h1, h2, h3, h4]$main_static
$vbr$extra_br
YAML
}

# What file K says runs: ports, bridges and their members, static MACs.
runs_file() { # runs_file K
	local k=$1 want_ports="h1 h2 h3 h4 tr" got
	((k % 2)) && want_ports+=" t3"
	((k % 3 == 0)) && want_ports+=" v1"
	((k % 4 == 1 || k % 4 == 2)) && want_ports+=" t4"
	got=$(vswctl --json ports | json_get "' '.join(sorted(d))")
	[ "$got" == "$(tr ' ' '\n' <<<"$want_ports" | sort | xargs)" ] || {
		echo "ports: $got, want $want_ports"
		return 1
	}
	local want_br="main v20"
	((k % 2)) && want_br+=" extra v10"
	((k % 3 == 1)) && want_br+=" v30"
	got=$(vswctl --json bridges | json_get "' '.join(sorted(d))")
	[ "$got" == "$(tr ' ' '\n' <<<"$want_br" | sort | xargs)" ] || {
		echo "bridges: $got, want $want_br"
		return 1
	}
	local want_static=0
	((k % 2 == 0)) && want_static=1
	got=$(vswctl --json bridges | json_get "d['main']['static']")
	[ "$got" == "$want_static" ] || {
		echo "main static: $got, want $want_static"
		return 1
	}
}

refused() { # refused NAME FILE GREP: the reload fails, naming FILE:LINE:COLUMN
	local out rc=0
	out=$(vswctl reload "$2" 2>&1) || rc=$?
	if [ "$rc" == 0 ]; then
		fail "$1: refused" "the reload succeeded"
	elif grep -q "^vswctl: $2:[0-9]*:[0-9]*: .*$3" <<<"$out"; then
		pass "$1: refused at FILE:LINE:COLUMN"
	else
		fail "$1: refused at FILE:LINE:COLUMN with '$3'" "$out"
	fi
}

in_use() { vswctl --json call /vsw/mempool | json_get "d['in_use']"; }

run() { # run NAME WORKERS
	local name=$1 workers=$2 k
	for k in $(seq 0 5); do write_cfg "$T_TMP/c$k.yaml" "$k" "$workers"; done
	start_vswd "$T_TMP/c0.yaml"
	ns_take_iface vt-rt-a vt-rt-h1 192.0.2.1/24
	ns_take_iface vt-rt-b vt-rt-h2 192.0.2.2/24
	ns_take_iface vt-rt-c vt-rt-h3 192.0.2.3/24
	ns_take_iface vt-rt-d vt-rt-h4 192.0.2.4/24
	check "$name: h1 pings h2" ip netns exec vt-rt-a ping -c 3 -i 0.2 -W 2 192.0.2.2
	check "$name: h3 pings h4" ip netns exec vt-rt-c ping -c 3 -i 0.2 -W 2 192.0.2.4
	local learned0
	learned0=$(vswctl --json bridges | json_get "d['main']['learned']")
	check_eq "$name: main learned the four hosts" "$learned0" 4
	local in_use0
	in_use0=$(in_use)

	# iperf3 between h3 and h4, the ping flood between h1 and h2, all in bridge main: TCP
	# fills its sender's TAP queue (the kernel drops there, "TX dropped", before vswd sees
	# the frame), which would take pings with it if they shared that TAP.
	ip netns exec vt-rt-d iperf3 -s -1 -p 5201 >"$T_TMP/iperf-s.log" 2>&1 &
	T_PIDS+=($!)
	sleep 0.5
	ip netns exec vt-rt-c iperf3 -c 192.0.2.4 -p 5201 -t 15 -J >"$T_TMP/iperf.json" 2>&1 &
	local iperf=$!
	T_PIDS+=($iperf)
	# A ping every 2 ms: the flood lasts about as long as N_RELOADS reloads take.
	ip netns exec vt-rt-a ping -q -c 10000 -i 0.002 -W 1 192.0.2.2 >"$T_TMP/flood.log" 2>&1 &
	local flood=$!
	T_PIDS+=($flood)
	sleep 0.3

	# At least N_RELOADS reloads, and on until the flood has ended: it runs under reloads
	# from its first ping to its last.
	local ok=0 bad=0 lost_fdb=0 mismatch="" i=0 t0 t1
	t0=$(date +%s.%N)
	while [ $i -lt $N_RELOADS ] || kill -0 "$flood" 2>/dev/null; do
		i=$((i + 1))
		k=$((i % 6))
		if vswctl reload "$T_TMP/c$k.yaml" >"$T_TMP/reload.out" 2>&1; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			log "reload $i (c$k) failed: $(cat "$T_TMP/reload.out")"
		fi
		((i % 2)) || [ "$(vswctl --json bridges | json_get "d['main']['learned']")" == 4 ] ||
			lost_fdb=$((lost_fdb + 1))
		if ((i % 10 == 0)) && [ -z "$mismatch" ]; then
			mismatch=$(runs_file "$k") || mismatch="after reload $i (c$k): $mismatch"
		fi
	done
	t1=$(date +%s.%N)
	log "$name: $i reloads in $(awk "BEGIN {print $t1 - $t0}") s"
	check "$name: at least $N_RELOADS reloads" test "$i" -ge $N_RELOADS
	check_eq "$name: every reload succeeds" "$ok/$bad" "$i/0"
	check_eq "$name: every reload counted" "$(vswctl --json status | json_get "d['config_gen']")" \
		$((i + 1))
	check_eq "$name: main kept its learned MACs (checked after every other reload)" "$lost_fdb" 0
	check_eq "$name: what the file says runs" "$mismatch" ""
	wait "$flood" || true
	local sent recv
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$T_TMP/flood.log")
	recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T_TMP/flood.log")
	log "$name: ping flood $(tail -2 "$T_TMP/flood.log" | head -1)"
	check_eq "$name: 10,000 pings, none lost" "$sent/$recv" "10000/10000"
	if [ "$recv" != 10000 ]; then
		# Where a lost ping went: vswd's drops, the two hosts' ports (vswd's and the
		# kernels' counters), so that an intermittent loss can be placed.
		log "$name: drops $(vswctl --json drops)"
		log "$name: h1, h2 ports $(vswctl --json stats h1 h2 2>&1)"
		log "$name: kernel a $(ip -n vt-rt-a -s link 2>&1 | tr '\n' ' ')"
		log "$name: kernel b $(ip -n vt-rt-b -s link 2>&1 | tr '\n' ' ')"
	fi
	if wait "$iperf"; then
		local bytes
		bytes=$(json_get "int(d['end']['sum_received']['bytes'])" <"$T_TMP/iperf.json")
		log "$name: iperf3 moved $((bytes / 1000000)) MB"
		check "$name: iperf3 completes" test "$bytes" -gt 1000000
	else
		fail "$name: iperf3 completes" "$(tail -5 "$T_TMP/iperf.json")"
	fi
	# Invalid reloads: refused with FILE:LINE:COLUMN, vswctl exits non-zero, nothing changes.
	local gen_before f
	gen_before=$(vswctl --json status | json_get "d['config_gen']")
	f=$T_TMP/bad-syntax.yaml
	{ cat "$T_TMP/c0.yaml"; echo "xconnect: ["; } >"$f"
	refused "$name: syntax error" "$f" "did not find expected node content"
	f=$T_TMP/bad-key.yaml
	sed 's/^  idle_sleep_us: 50$/  idle_sleep_us: 50\n  colour: blue/' "$T_TMP/c0.yaml" >"$f"
	refused "$name: unknown key" "$f" "unknown key 'colour'"
	f=$T_TMP/bad-restart.yaml
	sed 's/file_prefix: vswtest-rt/file_prefix: vswtest-other/' "$T_TMP/c0.yaml" >"$f"
	refused "$name: a key that needs a restart" "$f" "needs a restart"
	f=$T_TMP/bad-devargs.yaml
	sed 's/^ports:$/ports:\n  - {name: n, kind: dpdk, devargs: "net_nosuchdriver0"}/' \
		"$T_TMP/c0.yaml" >"$f"
	refused "$name: devargs the EAL refuses" "$f" "net_nosuchdriver0"
	check_eq "$name: refused reloads do not count" \
		"$(vswctl --json status | json_get "d['config_gen']")" "$gen_before"
	check "$name: h1 still pings h2" ip netns exec vt-rt-a ping -c 3 -i 0.2 -W 2 192.0.2.2
	mismatch=$(runs_file $((i % 6))) || true
	check_eq "$name: the running config is still the last good one" "$mismatch" ""

	# Back to the first file, idle: as many mbufs in use as then (the rx rings' own), within
	# a second.
	vswctl reload "$T_TMP/c0.yaml" >/dev/null
	local used
	for _ in $(seq 10); do
		used=$(in_use)
		[ "$used" == "$in_use0" ] && break
		sleep 0.1
	done
	check_eq "$name: no mbuf leaked" "$used" "$in_use0"
	if stop_vswd TERM; then pass "$name: SIGTERM exits 0"; else
		fail "$name: SIGTERM exits 0" "status $?"; fi
}

ns_add vt-rt-a
ns_add vt-rt-b
ns_add vt-rt-c
ns_add vt-rt-d
run "1 worker" "[1]"
run "2 workers" "[1, 2]"
finish
