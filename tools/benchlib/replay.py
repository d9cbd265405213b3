# SPDX-License-Identifier: BSD-3-Clause
"""The replay harness of tools/bench: two net_pcap ports, each replaying a generated pcap
forever (infinite_rx=1; tx is net_pcap's drop queue), the switch's one worker on its own CPU.

For each profile, one after another and never two DPDK processes at once:
  testpmd-io  dpdk-testpmd --forward-mode=io between the two ports: the ceiling;
  vswd        vswd with the two ports in one flat learning bridge.

Profile l2-N: N host pairs. Host A_i sits behind port A and host B_i behind port B; port A
replays A_i -> B_i for i = 0..N-1 and port B replays B_i -> A_i, so consecutive frames — the
frames of a burst — are different host pairs, and once the first pass has taught the bridge
all 2N hosts every frame is a learned unicast. The window starts after the FDB holds all 2N
and a warm-up.

Figures come from each switch's own counters: testpmd's ethdev stats; vswd's workers and
graph nodes (cycles per packet per node, summed over the bridge nodes).
"""

import os
import re
import signal
import statistics
import sys
import time

from benchlib.dpdk import (BenchError, DpdkProc, STOP_SIGNALS, check_pinning, cpu_busy_ticks,
                           fmt_opt, log, node_deltas, own_ticks, thread_ticks,
                           wait_for)

PCAP_FORMAT = 1  # bump when the frames change, so cached files are made again
BRIDGE_NODES = ("eth_input", "vlan_input", "bridge_input", "flood", "vlan_output")
LEARN_TIMEOUT = 120.0


def parse_profile(name):
    """'l2-N' -> N host pairs."""
    m = re.fullmatch(r"l2-(\d+)", name)
    if not m or not 1 <= int(m.group(1)) <= 1 << 22:
        raise BenchError(f"unknown replay profile '{name}' (l2-N, 1 <= N <= 4194304: "
                         "l2-256, l2-65536)")
    return int(m.group(1))


def mbufs_needed(pairs):
    """net_pcap holds a whole pcap in mbufs of the port's pool: 2N, plus what is in flight."""
    return 2 * pairs + 32767


def huge_mb_needed(profiles):
    # One process at a time; an mbuf of either pool is about 2.4 kB.
    return max(mbufs_needed(parse_profile(p)) for p in profiles) * 2400 // (1 << 20) + 200


# --- traffic --------------------------------------------------------------------------------

def host_mac(side, i):
    return "02:00:%02x:%02x:%02x:%02x" % (0x0a + side, (i >> 16) & 0xff, (i >> 8) & 0xff,
                                          i & 0xff)


def host_ip(side, i):
    base = (16 if side == 0 else 48) << 24
    a = base + i
    return ".".join(str((a >> s) & 0xff) for s in (24, 16, 8, 0))


def l2_pcaps(cache_dir, pairs, size):
    """The two pcaps of profile l2-@pairs, made with scapy unless cached: Ethernet/IPv4/UDP
    frames of @size bytes without FCS (as the PVP loop's --txpkts)."""
    os.makedirs(cache_dir, exist_ok=True)
    paths = [os.path.join(cache_dir, f"l2-{pairs}-{size}B-{side}-v{PCAP_FORMAT}.pcap")
             for side in ("a", "b")]
    for side, path in enumerate(paths):
        if os.path.exists(path):
            continue
        # scapy is slow to import and to build frames: only when a file is missing.
        from scapy.layers.inet import IP, UDP
        from scapy.layers.l2 import Ether
        from scapy.packet import Padding
        from scapy.utils import PcapWriter

        tmp = path + ".tmp"
        w = PcapWriter(tmp, linktype=1, sync=False)
        for i in range(pairs):
            p = (Ether(src=host_mac(side, i), dst=host_mac(1 - side, i)) /
                 IP(src=host_ip(side, i), dst=host_ip(1 - side, i)) /
                 UDP(sport=1024 + (i & 0x7fff), dport=5001))
            pad = size - len(p)
            if pad > 0:
                p = p / Padding(b"\0" * pad)
            w.write(p)
        w.close()
        os.rename(tmp, path)
    return paths


# --- the two switches -----------------------------------------------------------------------

def pcap_vdevs(pcaps):
    return [f"net_pcap{i},rx_pcap={p},infinite_rx=1" for i, p in enumerate(pcaps)]


def vswd_config(path, prefix, pairs, pcaps):
    pa, pb = pcap_vdevs(pcaps)
    # Every host pair is two entries; rte_hash wants room to spare.
    fdb_size = max(65536, 2 * pairs * 5 // 4)
    text = f"""# Written by tools/bench (replay profile l2-{pairs}).
eal:
  file_prefix: {prefix}
  main_lcore: 0
  args: ["--no-pci"]
workers:
  lcores: [1]
  idle_sleep_us: 0
  mbufs: {mbufs_needed(pairs)}
ports:
  - name: pa
    kind: dpdk
    devargs: "{pa}"
  - name: pb
    kind: dpdk
    devargs: "{pb}"
bridges:
  - name: br
    ports: [pa, pb]
fdb:
  size: {fdb_size}
"""
    with open(path, "w") as f:
        f.write(text)


def sample(proc, worker_tid, is_vswd):
    s = {"t0": time.monotonic()}
    if is_vswd:
        s["workers"] = proc.tel.query("/vsw/workers") or {}
        s["graph"] = proc.tel.query("/vsw/graph/stats") or {}
        s["drops"] = proc.tel.query("/vsw/drops") or {}
    else:
        s["ports"] = [proc.tel.query(f"/ethdev/stats,{p}") for p in (0, 1)]
    s["t"] = (s.pop("t0") + time.monotonic()) / 2
    s["worker_ticks"] = thread_ticks(proc.pid, worker_tid)
    s["cpu_busy"] = cpu_busy_ticks()
    s["own"] = own_ticks([proc.pid])
    return s


def other_cpu_pct(a, b, cpu, window):
    """Share of @cpu that went to anything but the process measured."""
    hz = os.sysconf("SC_CLK_TCK")
    busy = b["cpu_busy"][cpu] - a["cpu_busy"][cpu]
    own = b["own"].get(cpu, 0) - a["own"].get(cpu, 0)
    return max(0.0, 100.0 * (busy - own) / hz / window)


def vswd_result(a, b, window):
    res = {}
    wa, wb = a["workers"]["worker0"], b["workers"]["worker0"]
    pkts = wb["packets"] - wa["packets"]
    busy = wb["busy_cycles"] - wa["busy_cycles"]
    idle = wb["idle_cycles"] - wa["idle_cycles"]
    res["mpps"] = pkts / window / 1e6
    res["tsc_hz"] = wb["tsc_hz"]
    res["busy_pct"] = 100.0 * busy / (busy + idle) if busy + idle else 0.0
    res["busy_cycles_per_packet"] = busy / pkts if pkts else None
    nodes = node_deltas(a["graph"], b["graph"])
    res["nodes"] = nodes
    tx = sum(v["packets"] for n, v in nodes.items() if n.startswith("port_tx"))
    res["tx_mpps"] = tx / window / 1e6
    rx = nodes.get("eth_input", {}).get("packets", 0)
    bridge = {n: nodes[n]["cycles"] / rx for n in BRIDGE_NODES if n in nodes and rx}
    res["bridge_nodes"] = bridge
    res["bridge_cycles_per_packet"] = sum(bridge.values()) if bridge else None
    res["drops"] = {k: v - a["drops"].get(k, 0) for k, v in b["drops"].items()
                    if v - a["drops"].get(k, 0)}
    return res


def measure(args, kind, workdir, pairs, pcaps, prefixes, cpu):
    """Start @kind on the two pcap ports, wait until it forwards what it should, measure."""
    is_vswd = kind == "vswd"
    if is_vswd:
        cfg = os.path.join(workdir, "vswd-replay.yaml")
        vswd_config(cfg, prefixes["vswd"], pairs, pcaps)
        argv = [args.vswd, "-c", cfg, "--", "--lcores", f"0@0,1@{cpu}"]
        proc = DpdkProc("vswd", argv, prefixes["vswd"], workdir, interactive=False)
    else:
        argv = [args.testpmd, "--lcores", f"0@0,1@{cpu}", "--main-lcore", "0",
                "--file-prefix", prefixes["ceiling"], "--no-pci", "--single-file-segments"]
        for v in pcap_vdevs(pcaps):
            argv += ["--vdev", v]
        argv += ["--", "-i", "--forward-mode=io", "--nb-cores=1", "--burst=32",
                 f"--total-num-mbufs={mbufs_needed(pairs)}"]
        proc = DpdkProc("testpmd-io", argv, prefixes["ceiling"], workdir, interactive=True)
    try:
        proc.start(args.verbose)
        if is_vswd:
            wait_for("vswd's telemetry", lambda: proc.tel.query("/vsw/version"), [proc],
                     timeout=60)
            # The first passes teach the bridge every host (learn events lost to a full
            # ring come again on the next pass).
            wait_for(f"vswd to learn all {2 * pairs} hosts",
                     lambda: (proc.tel.query("/vsw/bridges") or {}).get("br", {})
                     .get("learned", 0) >= 2 * pairs, [proc], timeout=LEARN_TIMEOUT)
        else:
            wait_for("testpmd-io's prompt", lambda: os.path.exists(proc.tel.path), [proc],
                     timeout=60)
            proc.command("start")
        time.sleep(args.warmup)
        proc.check_alive()
        tid = check_pinning(proc, 0, cpu, args.verbose)
        a = sample(proc, tid, is_vswd)
        time.sleep(args.duration)
        b = sample(proc, tid, is_vswd)
        if is_vswd:
            fdb = (proc.tel.query("/vsw/bridges") or {}).get("br", {}).get("learned", 0)
        proc.check_alive()
    finally:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        proc.stop()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    window = b["t"] - a["t"]
    if is_vswd:
        res = vswd_result(a, b, window)
        res["fdb_learned"] = fdb
    else:
        rx = sum(int(p["ipackets"]) for p in b["ports"]) - sum(int(p["ipackets"])
                                                                for p in a["ports"])
        tx = sum(int(p["opackets"]) for p in b["ports"]) - sum(int(p["opackets"])
                                                                for p in a["ports"])
        res = {"mpps": rx / window / 1e6, "tx_mpps": tx / window / 1e6}
    res["window_s"] = window
    res["other_cpu_pct"] = other_cpu_pct(a, b, cpu, window)
    # Time the worker thread was off its CPU (preempted, or the vCPU not running) counts in
    # the TSC cycles of whatever node was running: scaling by the share it ran removes that.
    res["on_cpu_pct"] = min(100.0, 100.0 * (b["worker_ticks"] - a["worker_ticks"]) /
                            os.sysconf("SC_CLK_TCK") / window)
    if res["mpps"] <= 0:
        raise BenchError(f"{kind}: no packets received (see its log with --verbose)")
    return res


def scaled(v, pct):
    return None if v is None else v * pct / 100.0


def disturbed(r, max_other):
    return any(r[k]["other_cpu_pct"] > max_other for k in ("vswd", "testpmd-io") if k in r)


def run_profile(args, workdir, profile, prefixes, cpu):
    pairs = parse_profile(profile)
    log(args, f"profile {profile}: {pairs} host pairs, {2 * pairs} FDB entries, "
              f"{args.size}-byte frames")
    pcaps = l2_pcaps(args.pcap_cache, pairs, args.size)
    runs = []
    for i in range(1, args.runs + 1):
        order = ["vswd", "testpmd-io"] if i % 2 else ["testpmd-io", "vswd"]
        if args.no_ceiling:
            order.remove("testpmd-io")
        r = {k: measure(args, k, workdir, pairs, pcaps, prefixes, cpu) for k in order}
        v, c = r["vswd"], r.get("testpmd-io")
        v["bridge_cycles_per_packet_on_cpu"] = scaled(v["bridge_cycles_per_packet"],
                                                      v["on_cpu_pct"])
        if c is not None:
            c["cycles_per_packet"] = v["tsc_hz"] / (c["mpps"] * 1e6)  # one core, always busy
            c["cycles_per_packet_on_cpu"] = scaled(c["cycles_per_packet"], c["on_cpu_pct"])
            r["ratio_pct"] = 100.0 * v["mpps"] / c["mpps"]
        r["disturbed"] = disturbed(r, args.max_other)
        runs.append(r)
        if not args.json:
            print_run(profile, i, args.runs, r)
    use = [r for r in runs if not r["disturbed"]] or runs

    def med(f):
        vals = [f(r) for r in use]
        return None if None in vals else statistics.median(vals)

    m = {
        "runs": len(runs), "undisturbed_runs": sum(not r["disturbed"] for r in runs),
        "vswd_mpps": med(lambda r: r["vswd"]["mpps"]),
        "testpmd_io_mpps": None if args.no_ceiling else med(lambda r: r["testpmd-io"]["mpps"]),
        "bridge_cycles_per_packet": med(lambda r: r["vswd"]["bridge_cycles_per_packet"]),
        "bridge_cycles_per_packet_on_cpu":
            med(lambda r: r["vswd"]["bridge_cycles_per_packet_on_cpu"]),
        "bridge_nodes": {n: med(lambda r: r["vswd"]["bridge_nodes"].get(n, 0.0))
                         for n in BRIDGE_NODES
                         if any(n in r["vswd"]["bridge_nodes"] for r in use)},
    }
    m["ratio_pct"] = (100.0 * m["vswd_mpps"] / m["testpmd_io_mpps"]
                      if m["testpmd_io_mpps"] else None)
    if not args.json:
        what = ""
        if not m["undisturbed_runs"]:
            what = "ALL DISTURBED (unreliable), "
        if len(runs) > 1:
            what += f"median of {len(use)} of {len(runs)} runs, "
        nodes = ", ".join(f"{n} {c:.1f}" for n, c in m["bridge_nodes"].items())
        ceiling = ("" if m["ratio_pct"] is None else
                   f", testpmd-io {m['testpmd_io_mpps']:.2f} Mpps ({m['ratio_pct']:.1f}%)")
        print(f"{profile}: {what}vswd {m['vswd_mpps']:.2f} Mpps{ceiling}; bridge nodes "
              f"{fmt_opt(m['bridge_cycles_per_packet'])} cycles/pkt ({nodes}), "
              f"{fmt_opt(m['bridge_cycles_per_packet_on_cpu'])} on-CPU", flush=True)
    return {"profile": profile, "host_pairs": pairs, "runs": runs, "median": m}


def print_run(profile, i, n, r):
    v, c = r["vswd"], r.get("testpmd-io")
    print(f"{profile} run {i}/{n}" + ("  DISTURBED" if r["disturbed"] else ""))
    print(f"  {'switch':12} {'rx Mpps':>8} {'tx Mpps':>8} {'cycles/pkt':>10} "
          f"{'worker on CPU1':>14} {'others on CPU1':>14}")
    for name, x, cpp in (("testpmd-io", c, c and c["cycles_per_packet"]),
                         ("vswd", v, v["busy_cycles_per_packet"])):
        if x is None:
            continue
        print(f"  {name:12} {x['mpps']:8.3f} {x['tx_mpps']:8.3f} {fmt_opt(cpp):>10} "
              f"{x['on_cpu_pct']:13.1f}% {x['other_cpu_pct']:13.1f}%")
    if c is not None:
        print(f"  ratio {r['ratio_pct']:.1f}%")
    print(f"  vswd worker busy {v['busy_pct']:.1f}%, "
          f"FDB {v['fdb_learned']} learned")
    print(f"  vswd graph nodes over the {v['window_s']:.1f} s window (TSC cycles):")
    print(f"    {'node':24} {'packets':>12} {'pkts/call':>9} {'cycles/pkt':>10}")
    for name, s in sorted(v["nodes"].items(),
                          key=lambda kv: (not kv[0].startswith("port_rx"),
                                          kv[0].startswith("port_tx"))):
        print(f"    {name:24} {s['packets']:12d} {s['packets_per_call']:9.1f} "
              f"{s['cycles_per_packet']:10.1f}")
    print(f"    {'bridge nodes':24} {'':12} {'':9} "
          f"{fmt_opt(v['bridge_cycles_per_packet']):>10}   "
          "(eth_input through vlan_output, per received packet)")
    print(f"    {'  on-CPU':24} {'':12} {'':9} "
          f"{fmt_opt(v['bridge_cycles_per_packet_on_cpu']):>10}   "
          "(scaled by the worker's share of CPU1)")
    if v["drops"]:
        print("  vswd drops in the window: " +
              ", ".join(f"{k} {n}" for k, n in sorted(v["drops"].items())))
    print(flush=True)


def main(args, workdir, prefixes, cpu):
    """Every profile of args.replay; returns what --json prints under "replay"."""
    out = []
    for p in args.replay:
        out.append(run_profile(args, workdir, p, prefixes, cpu))
    if not args.json:
        sys.stdout.flush()
    return out
