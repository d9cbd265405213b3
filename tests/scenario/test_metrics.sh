#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Prometheus metrics (docs/operations.md): vswd serves /metrics on metrics.listen; the
# exposition passes `promtool check metrics`; a real Prometheus server (Debian's package,
# private config and data directory, localhost only) scrapes it every second: up == 1, a
# port counter equals `vswctl stats`, and a reload shows as config generation 2.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

MPORT=19469 # vswd's metrics
PPORT=19090 # the test's Prometheus
cat >"$T_TMP/met.yaml" <<YAML
eal:
  file_prefix: vt-op-met
  args: ["--no-pci", "--lcores", "0@0,1@1"]
workers:
  lcores: [1]
  idle_sleep_us: 50
ports:
  - {name: m0, kind: tap, iface: vt-opm0}
  - {name: m1, kind: tap, iface: vt-opm1}
bridges:
  - {name: B, ports: [m0, m1]}
metrics:
  listen: "127.0.0.1:$MPORT"
YAML

ns_add vt-op-m0
ns_add vt-op-m1
start_vswd "$T_TMP/met.yaml"
ns_take_iface vt-op-m0 vt-opm0 192.0.2.1/24
ns_take_iface vt-op-m1 vt-opm1 192.0.2.2/24
mac0=$(ip netns exec vt-op-m0 cat /sys/class/net/vt-opm0/address)
mac1=$(ip netns exec vt-op-m1 cat /sys/class/net/vt-opm1/address)
ip -n vt-op-m0 neigh replace 192.0.2.2 lladdr "$mac1" dev vt-opm0 nud permanent
ip -n vt-op-m1 neigh replace 192.0.2.1 lladdr "$mac0" dev vt-opm1 nud permanent
check "ping through the bridge" ip netns exec vt-op-m0 ping -c 5 -i 0.2 -W 2 -q 192.0.2.2

# http GET URL: the body (exit 1 unless 200)
http() {
	"$PY" - "$1" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
    sys.stdout.write(r.read().decode())
PY
}
http_status() {
	"$PY" - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code)
PY
}

http "http://127.0.0.1:$MPORT/metrics" >"$T_TMP/expo.txt"
log "$(wc -l <"$T_TMP/expo.txt") lines, e.g.:"
grep -E '^vsw_(port_rx_packets_total|config_generation|worker_busy)|^# (HELP|TYPE) vsw_port_rx_packets_total' \
	"$T_TMP/expo.txt" | sed 's/^/#   /'
check "promtool check metrics passes" sh -c "promtool check metrics <'$T_TMP/expo.txt'"
check_eq "listens on 127.0.0.1 only" \
	"$(ss -Htln "sport = :$MPORT" | awk '{print $4}')" "127.0.0.1:$MPORT"
check_eq "another path: 404" "$(http_status "http://127.0.0.1:$MPORT/")" 404
for m in vsw_port_tx_bytes_total vsw_drops_total vsw_node_cycles_total \
	vsw_worker_idle_seconds_total vsw_fdb_entries vsw_routes vsw_neighbours; do
	check "exposes $m" grep -q "^# TYPE $m " "$T_TMP/expo.txt"
done
check_eq "FDB: 2 learned MACs on bridge B" \
	"$(sed -n 's/^vsw_fdb_entries{bridge="B",type="learned"} //p' "$T_TMP/expo.txt")" 2

# A real Prometheus server, its own config and data, scraping every second.
cat >"$T_TMP/prom.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: vswd
    static_configs: [{targets: ["127.0.0.1:$MPORT"]}]
YAML
check "promtool check config" promtool check config "$T_TMP/prom.yml"
bg prometheus --config.file="$T_TMP/prom.yml" --storage.tsdb.path="$T_TMP/prom-data" \
	--web.listen-address="127.0.0.1:$PPORT" --log.level=warn >"$T_TMP/prom.log" 2>&1
# promql EXPR: the value of the query's first sample, or "none"
promql() {
	"$PY" - "http://127.0.0.1:$PPORT" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
url = sys.argv[1] + "/api/v1/query?" + urllib.parse.urlencode({"query": sys.argv[2]})
try:
    r = json.load(urllib.request.urlopen(url, timeout=5))
    res = r["data"]["result"]
    print(res[0]["value"][1] if res else "none")
except Exception:
    print("none")
PY
}
# wait_promql EXPR WANT: 30 s for the query to give WANT; prints what it gave
wait_promql() {
	local got _
	for _ in $(seq 60); do
		got=$(promql "$1")
		[ "$got" == "$2" ] && break
		sleep 0.5
	done
	echo "$got"
}
check_eq "prometheus: up{job=\"vswd\"} == 1" "$(wait_promql 'up{job="vswd"}' 1)" 1
want=$(port_stat m0 rx_packets)
check_eq "prometheus: vsw_port_rx_packets_total{port=\"m0\"} == vswctl stats m0 rx_packets ($want)" \
	"$(wait_promql 'vsw_port_rx_packets_total{port="m0"}' "$want")" "$want"
want=$(port_stat m1 tx_bytes)
check_eq "prometheus: vsw_port_tx_bytes_total{port=\"m1\"} == vswctl stats ($want)" \
	"$(wait_promql 'vsw_port_tx_bytes_total{port="m1"}' "$want")" "$want"
check "vswctl reload" vswctl reload
check_eq "prometheus: vsw_config_generation == 2 after a reload" \
	"$(wait_promql vsw_config_generation 2)" 2
check_eq "prometheus: no failed scrape" \
	"$(promql 'sum_over_time(up{job="vswd"}[1m]) == count_over_time(up{job="vswd"}[1m])' | grep -c '^none$')" 0
check "vswd stops cleanly" stop_vswd
finish
