# SPDX-License-Identifier: BSD-3-Clause
"""The replay harness of tools/bench: two net_pcap ports, each replaying a generated pcap
forever (infinite_rx=1; tx is net_pcap's drop queue), the switch's one worker on its own CPU.

For each profile, one after another and never two DPDK processes at once:
  testpmd-io  dpdk-testpmd --forward-mode=io between the two ports: the ceiling;
  vswd        vswd with the two ports in one flat learning bridge (l2-N), or as two routed
              ports with N routes between them (routed-N: in the config up to 4,096, through
              the control API beyond, e.g. routed-1m).

The traffic and vswd's config are in replay_traffic.py. Consecutive frames — the frames of a
burst — are different host pairs (l2-N) or destinations (routed-N). The window starts after
the bridge has learned all 2N hosts, or the router has installed its N routes (those of the
API answered, /vsw/l3/routes showing them), and a warm-up.

Figures come from each switch's own counters: testpmd's ethdev stats; vswd's workers and
graph nodes (cycles per packet per node, summed over the profile's nodes: the bridge's, or
the router's).
"""

import importlib.machinery
import importlib.util
import os
import signal
import statistics
import sys
import time

from benchlib.dpdk import (BenchError, DpdkProc, STOP_SIGNALS, check_pinning, cpu_busy_ticks,
                           fmt_opt, log, node_deltas, own_ticks, thread_ticks,
                           wait_for)
from benchlib.replay_traffic import Profile, api_routes, pcap_vdevs, pcaps, vswd_config

LEARN_TIMEOUT = 120.0
ROUTES_TIMEOUT = 60.0
API_BATCH = 384         # routes per VSW_API_ROUTE_ADD request (VSW_API_ROUTES_MAX)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))


def parse_profile(name):
    """'l2-N' or 'routed-N' -> a Profile (replay_traffic.py); BenchError if unknown."""
    return Profile(name)


def huge_mb_needed(profiles):
    # One process at a time; an mbuf of either pool is about 2.4 kB. The router's two FIB
    # copies take 128 MB more, and routes about 300 bytes each (both copies' tbl8s, the
    # route and API hashes, as sized by router.max_routes).
    mb = 0
    for name in profiles:
        p = parse_profile(name)
        extra = 200 if p.kind == "l2" else 300 + (p.n * 300 >> 20 if p.api else 0)
        mb = max(mb, p.mbufs() * 2400 // (1 << 20) + extra)
    return mb


# --- the two switches -----------------------------------------------------------------------

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


def vswd_result(prof, a, b, window):
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
    path = {n: nodes[n]["cycles"] / rx for n in prof.nodes if n in nodes and rx}
    res["path_nodes"] = path
    res["path_cycles_per_packet"] = sum(path.values()) if path else None
    res["drops"] = {k: v - a["drops"].get(k, 0) for k, v in b["drops"].items()
                    if v - a["drops"].get(k, 0)}
    return res


def load_vswctl():
    """tools/vswctl as a module, for its API client (Api, routes_req)."""
    path = os.path.join(REPO, "tools", "vswctl")
    loader = importlib.machinery.SourceFileLoader("vswctl", path)
    mod = importlib.util.module_from_spec(importlib.util.spec_from_loader("vswctl", loader))
    loader.exec_module(mod)
    return mod


def add_api_routes(proc, prof, verbose):
    """Add @prof's routes through vswd's control API, 1,024 a request; each is answered once
    the routes are in the FIB the workers read (vsw_l3_routes_change() commits)."""
    v = load_vswctl()
    routes = api_routes(prof)
    reqs = [v.routes_req("", routes[i:i + API_BATCH]) for i in range(0, len(routes), API_BATCH)]
    sock = os.path.join("/var/run/dpdk", proc.prefix, v.API_SOCKET_NAME)
    wait_for("vswd's API socket", lambda: os.path.exists(sock), [proc], timeout=60)
    api = v.Api(sock, "vswd")
    t0 = time.monotonic()
    try:
        for r in reqs:
            proc.check_alive()
            data = api.call_checked(v.API_ROUTE_ADD, r, timeout=30)
    except v.VswctlError as e:
        raise BenchError(f"vswd: adding routes through the API: {e}") from None
    finally:
        api.close()
    done = int.from_bytes(data[4:8], sys.byteorder)  # vsw_api_routes_resp.api_routes
    if verbose:
        print(f"  {len(routes)} routes added through the API in {len(reqs)} requests, "
              f"{time.monotonic() - t0:.1f} s; vswd holds {done}", file=sys.stderr, flush=True)
    if done < prof.n:
        raise BenchError(f"vswd holds {done} API routes, {prof.n} added")


def wait_ready(proc, prof, verbose=False):
    """Until every frame vswd receives takes the path measured."""
    if prof.kind == "l2":
        # The first passes teach the bridge every host (learn events lost to a full ring
        # come again on the next pass).
        wait_for(f"vswd to learn all {2 * prof.n} hosts",
                 lambda: (proc.tel.query("/vsw/bridges") or {}).get("br", {})
                 .get("learned", 0) >= 2 * prof.n, [proc], timeout=LEARN_TIMEOUT)
    else:
        if prof.api:
            add_api_routes(proc, prof, verbose)
        wait_for(f"vswd to install {prof.n} routes",
                 lambda: (proc.tel.query("/vsw/l3/routes") or {}).get("total", 0) >= prof.n,
                 [proc], timeout=ROUTES_TIMEOUT)


def ready_state(proc, prof):
    """What the window ended with: the bridge's learned hosts, or the router's routes."""
    if prof.kind == "l2":
        return (proc.tel.query("/vsw/bridges") or {}).get("br", {}).get("learned", 0)
    return (proc.tel.query("/vsw/l3/routes") or {}).get("total", 0)


def measure(args, kind, workdir, prof, paths, prefixes, cpu):
    """Start @kind on the two pcap ports, wait until it forwards what it should, measure."""
    is_vswd = kind == "vswd"
    if is_vswd:
        cfg = os.path.join(workdir, "vswd-replay.yaml")
        vswd_config(cfg, prefixes["vswd"], prof, paths)
        argv = [args.vswd, "-c", cfg, "--", "--lcores", f"0@0,1@{cpu}"]
        proc = DpdkProc("vswd", argv, prefixes["vswd"], workdir, interactive=False)
    else:
        argv = [args.testpmd, "--lcores", f"0@0,1@{cpu}", "--main-lcore", "0",
                "--file-prefix", prefixes["ceiling"], "--no-pci", "--single-file-segments"]
        for v in pcap_vdevs(paths):
            argv += ["--vdev", v]
        argv += ["--", "-i", "--forward-mode=io", "--nb-cores=1", "--burst=32",
                 f"--total-num-mbufs={prof.mbufs()}"]
        proc = DpdkProc("testpmd-io", argv, prefixes["ceiling"], workdir, interactive=True)
    try:
        proc.start(args.verbose)
        if is_vswd:
            wait_for("vswd's telemetry", lambda: proc.tel.query("/vsw/version"), [proc],
                     timeout=60)
            wait_ready(proc, prof, args.verbose)
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
            state = ready_state(proc, prof)
        proc.check_alive()
    finally:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        proc.stop()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    window = b["t"] - a["t"]
    if is_vswd:
        res = vswd_result(prof, a, b, window)
        res["fdb_learned" if prof.kind == "l2" else "routes_installed"] = state
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
    prof = parse_profile(profile)
    log(args, f"profile {profile}: {prof.what}, {args.size}-byte frames")
    paths = pcaps(args.pcap_cache, prof, args.size)
    runs = []
    for i in range(1, args.runs + 1):
        order = ["vswd", "testpmd-io"] if i % 2 else ["testpmd-io", "vswd"]
        if args.no_ceiling:
            order.remove("testpmd-io")
        r = {k: measure(args, k, workdir, prof, paths, prefixes, cpu) for k in order}
        v, c = r["vswd"], r.get("testpmd-io")
        v["path_cycles_per_packet_on_cpu"] = scaled(v["path_cycles_per_packet"],
                                                    v["on_cpu_pct"])
        if c is not None:
            c["cycles_per_packet"] = v["tsc_hz"] / (c["mpps"] * 1e6)  # one core, always busy
            c["cycles_per_packet_on_cpu"] = scaled(c["cycles_per_packet"], c["on_cpu_pct"])
            r["ratio_pct"] = 100.0 * v["mpps"] / c["mpps"]
        r["disturbed"] = disturbed(r, args.max_other)
        runs.append(r)
        if not args.json:
            print_run(prof, i, args.runs, r)
    use = [r for r in runs if not r["disturbed"]] or runs

    def med(f):
        vals = [f(r) for r in use]
        return None if None in vals else statistics.median(vals)

    m = {
        "runs": len(runs), "undisturbed_runs": sum(not r["disturbed"] for r in runs),
        "vswd_mpps": med(lambda r: r["vswd"]["mpps"]),
        "testpmd_io_mpps": None if args.no_ceiling else med(lambda r: r["testpmd-io"]["mpps"]),
        "path_cycles_per_packet": med(lambda r: r["vswd"]["path_cycles_per_packet"]),
        "path_cycles_per_packet_on_cpu":
            med(lambda r: r["vswd"]["path_cycles_per_packet_on_cpu"]),
        "path_nodes": {n: med(lambda r: r["vswd"]["path_nodes"].get(n, 0.0))
                       for n in prof.nodes if any(n in r["vswd"]["path_nodes"] for r in use)},
    }
    m["ratio_pct"] = (100.0 * m["vswd_mpps"] / m["testpmd_io_mpps"]
                      if m["testpmd_io_mpps"] else None)
    if not args.json:
        what = ""
        if not m["undisturbed_runs"]:
            what = "ALL DISTURBED (unreliable), "
        if len(runs) > 1:
            what += f"median of {len(use)} of {len(runs)} runs, "
        nodes = ", ".join(f"{n} {c:.1f}" for n, c in m["path_nodes"].items())
        ceiling = ("" if m["ratio_pct"] is None else
                   f", testpmd-io {m['testpmd_io_mpps']:.2f} Mpps ({m['ratio_pct']:.1f}%)")
        print(f"{profile}: {what}vswd {m['vswd_mpps']:.2f} Mpps{ceiling}; {prof.nodes_label} "
              f"{fmt_opt(m['path_cycles_per_packet'])} cycles/pkt ({nodes}), "
              f"{fmt_opt(m['path_cycles_per_packet_on_cpu'])} on-CPU", flush=True)
    return {"profile": profile, "kind": prof.kind, "n": prof.n,
            "routes_from": None if prof.kind != "routed" else "api" if prof.api else "config",
            "frames_per_port": prof.frames, "path_nodes": list(prof.nodes), "runs": runs,
            "median": m}


def print_run(prof, i, n, r):
    v, c = r["vswd"], r.get("testpmd-io")
    print(f"{prof.name} run {i}/{n}" + ("  DISTURBED" if r["disturbed"] else ""))
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
    print(f"  vswd worker busy {v['busy_pct']:.1f}%, " +
          (f"FDB {v['fdb_learned']} learned" if prof.kind == "l2" else
           f"{v['routes_installed']} routes installed"))
    print(f"  vswd graph nodes over the {v['window_s']:.1f} s window (TSC cycles):")
    print(f"    {'node':24} {'packets':>12} {'pkts/call':>9} {'cycles/pkt':>10}")
    for name, s in sorted(v["nodes"].items(),
                          key=lambda kv: (not kv[0].startswith("port_rx"),
                                          kv[0].startswith("port_tx"))):
        print(f"    {name:24} {s['packets']:12d} {s['packets_per_call']:9.1f} "
              f"{s['cycles_per_packet']:10.1f}")
    print(f"    {prof.nodes_label:24} {'':12} {'':9} "
          f"{fmt_opt(v['path_cycles_per_packet']):>10}   "
          f"({' + '.join(prof.nodes)}, per received packet)")
    print(f"    {'  on-CPU':24} {'':12} {'':9} "
          f"{fmt_opt(v['path_cycles_per_packet_on_cpu']):>10}   "
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
