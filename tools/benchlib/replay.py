# SPDX-License-Identifier: BSD-3-Clause
"""The replay harness of tools/bench: two net_pcap ports, each replaying a generated pcap
forever (infinite_rx=1; tx is net_pcap's drop queue), the switch's one worker on its own CPU.

For each profile, one after another and never two DPDK processes at once:
  testpmd-io  dpdk-testpmd --forward-mode=io between the two ports: the ceiling;
  vswd        vswd with the two ports in one flat learning bridge (l2-N), or as two routed
              ports with N routes between them (routed-N: in the config up to 4,096, through
              the control API beyond, e.g. routed-1m), or a bridge member and the underlay
              of a VXLAN tunnel (vxlan-encap-N, vxlan-decap-N).

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

from benchlib import ovs
from benchlib.dpdk import (BenchError, DpdkProc, STOP_SIGNALS, check_pinning, cpu_shares,
                           fmt_opt, log, node_deltas, sample_common, wait_for)
from benchlib.replay_traffic import (Profile, api_routes, pcap_vdevs, pcaps, snat_max_sessions,
                                    vswd_config)

LEARN_TIMEOUT = 120.0
ROUTES_TIMEOUT = 60.0
OVS_HUGE_MB = 800
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
        extra = 200 if p.kind in ("l2", "vxlan") else 300 + (p.n * 300 >> 20 if p.api else 0)
        if p.kind == "snat":  # the sessions' table and hashes, sized by nat.max_sessions
            extra = 300 + (snat_max_sessions(p.n) * 600 >> 20)  # ~4 hash entries each
        mb = max(mb, p.mbufs() * 2400 // (1 << 20) + extra)
    # OVS sizes its shared mempool itself: up to 262,144 mbufs of ~2.5 kB (halved until it
    # fits; a pcap must still fit in it), in hugepages it takes as it goes.
    return max(mb, OVS_HUGE_MB)


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
    s.update(sample_common(proc.pid, worker_tid))
    return s


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
    if prof.per_node:  # the directions share nodes: each node's own cycles per packet
        path = {n: nodes[n]["cycles_per_packet"] for n in prof.nodes if n in nodes}
    else:
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
    sock = os.path.join(v.RUN_BASE, proc.prefix, v.API_SOCKET_NAME)
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
    if prof.kind in ("l2", "vxlan"):
        # The first passes teach the bridge every host (learn events lost to a full ring
        # come again on the next pass).
        wait_for(f"vswd to learn all {2 * prof.n} hosts",
                 lambda: (proc.tel.query("/vsw/bridges") or {}).get("br", {})
                 .get("learned", 0) >= 2 * prof.n, [proc], timeout=LEARN_TIMEOUT)
    elif prof.kind == "snat":
        wait_for(f"vswd to make {prof.n} NAT sessions",
                 lambda: (proc.tel.query("/vsw/nat/stats") or {}).get("sessions", 0) >= prof.n,
                 [proc], timeout=LEARN_TIMEOUT)
    else:
        if prof.api:
            add_api_routes(proc, prof, verbose)
        wait_for(f"vswd to install {prof.n} routes",
                 lambda: (proc.tel.query("/vsw/l3/routes") or {}).get("total", 0) >= prof.n,
                 [proc], timeout=ROUTES_TIMEOUT)


def ready_state(proc, prof):
    """What the window ended with: the bridge's learned hosts, or the router's routes."""
    if prof.kind in ("l2", "vxlan"):
        return (proc.tel.query("/vsw/bridges") or {}).get("br", {}).get("learned", 0)
    if prof.kind == "snat":
        return (proc.tel.query("/vsw/nat/stats") or {}).get("sessions", 0)
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
        res[STATE_KEY[prof.kind]] = state
    else:
        rx = sum(int(p["ipackets"]) for p in b["ports"]) - sum(int(p["ipackets"])
                                                                for p in a["ports"])
        tx = sum(int(p["opackets"]) for p in b["ports"]) - sum(int(p["opackets"])
                                                                for p in a["ports"])
        res = {"mpps": rx / window / 1e6, "tx_mpps": tx / window / 1e6}
    res["window_s"] = window
    res.update(cpu_shares(a, b, cpu, window))
    if res["mpps"] <= 0:
        raise BenchError(f"{kind}: no packets received (see its log with --verbose)")
    return res


OVS_MAX_FRAMES = 98304  # per pcap: two of them and what is in flight in OVS's 262,144 mbufs
STATE_KEY = {"l2": "fdb_learned", "routed": "routes_installed", "snat": "nat_sessions",
             "vxlan": "fdb_learned"}


def scaled(v, pct):
    return None if v is None else v * pct / 100.0


SWITCHES = ("testpmd-io", "ovs-dpdk", "vswd")


def disturbed(r, max_other):
    return any(r[k]["other_cpu_pct"] > max_other for k in SWITCHES if k in r)


def run_order(args, prof, i):
    """The switches of run @i: rotated from run to run, so a slow drift of the machine
    favours none of them. OVS has no policy rules: not for -rulesR profiles; and its
    mempool (262,144 mbufs at most) cannot hold pcaps of more than OVS_MAX_FRAMES each. Its
    VXLAN tunnel port is not set up by the tool yet: not for vxlan-* profiles."""
    order = [k for k in SWITCHES if not (k == "testpmd-io" and args.no_ceiling or
                                         k == "ovs-dpdk" and (args.no_ovs or prof.rules or
                                                              prof.kind == "vxlan" or
                                                              prof.frames > OVS_MAX_FRAMES))]
    k = (i - 1) % len(order)
    return order[k:] + order[:k]


def run_profile(args, workdir, profile, prefixes, cpu):
    prof = parse_profile(profile)
    log(args, f"profile {profile}: {prof.what}, {args.size}-byte frames")
    paths = pcaps(args.pcap_cache, prof, args.size)
    runs = []
    for i in range(1, args.runs + 1):
        r = {}
        for k in run_order(args, prof, i):
            if k == "ovs-dpdk":
                r[k] = ovs.measure(args, workdir, prof, paths, prefixes["ovs"], cpu)
            else:
                r[k] = measure(args, k, workdir, prof, paths, prefixes, cpu)
        v, c, o = r["vswd"], r.get("testpmd-io"), r.get("ovs-dpdk")
        v["path_cycles_per_packet_on_cpu"] = scaled(v["path_cycles_per_packet"],
                                                    v["on_cpu_pct"])
        v["cycles_per_packet"] = v["busy_cycles_per_packet"]
        v["cycles_per_packet_on_cpu"] = scaled(v["cycles_per_packet"], v["on_cpu_pct"])
        for x in (c, o):
            if x is not None:  # one core, always polling: the TSC rate over the packet rate
                x["cycles_per_packet"] = v["tsc_hz"] / (x["mpps"] * 1e6)
                x["cycles_per_packet_on_cpu"] = scaled(x["cycles_per_packet"],
                                                       x["on_cpu_pct"])
        if c is not None:
            r["ratio_pct"] = 100.0 * v["mpps"] / c["mpps"]
        if o is not None:
            r["vswd_over_ovs"] = v["mpps"] / o["mpps"]
        r["disturbed"] = disturbed(r, args.max_other)
        runs.append(r)
        if not args.json:
            print_run(prof, i, args.runs, r)
    use = [r for r in runs if not r["disturbed"]] or runs

    def med(f):
        vals = [f(r) for r in use]
        return None if None in vals else statistics.median(vals)

    def med_of(k, field):
        return None if k not in use[0] else med(lambda r: r[k][field])

    m = {
        "runs": len(runs), "undisturbed_runs": sum(not r["disturbed"] for r in runs),
        "vswd_mpps": med_of("vswd", "mpps"),
        "vswd_cycles_per_packet": med_of("vswd", "cycles_per_packet"),
        "vswd_cycles_per_packet_on_cpu": med_of("vswd", "cycles_per_packet_on_cpu"),
        "testpmd_io_mpps": med_of("testpmd-io", "mpps"),
        "testpmd_io_cycles_per_packet": med_of("testpmd-io", "cycles_per_packet"),
        "testpmd_io_cycles_per_packet_on_cpu": med_of("testpmd-io", "cycles_per_packet_on_cpu"),
        "ovs_mpps": med_of("ovs-dpdk", "mpps"),
        "ovs_cycles_per_packet": med_of("ovs-dpdk", "cycles_per_packet"),
        "ovs_cycles_per_packet_on_cpu": med_of("ovs-dpdk", "cycles_per_packet_on_cpu"),
        "ovs_processing_cycles_per_packet": med_of("ovs-dpdk", "processing_cycles_per_packet"),
        "ovs_flow_cache_settled": (None if "ovs-dpdk" not in use[0] else
                                   all(r["ovs-dpdk"]["flow_cache_settled"] for r in runs)),
        "path_cycles_per_packet": med_of("vswd", "path_cycles_per_packet"),
        "path_cycles_per_packet_on_cpu": med_of("vswd", "path_cycles_per_packet_on_cpu"),
        "path_nodes": {n: med(lambda r: r["vswd"]["path_nodes"].get(n, 0.0))
                       for n in prof.nodes if any(n in r["vswd"]["path_nodes"] for r in use)},
        "max_other_cpu_pct": max(r[k]["other_cpu_pct"] for r in runs for k in SWITCHES
                                 if k in r),
    }
    m["ratio_pct"] = (100.0 * m["vswd_mpps"] / m["testpmd_io_mpps"]
                      if m["testpmd_io_mpps"] else None)
    m["vswd_over_ovs"] = m["vswd_mpps"] / m["ovs_mpps"] if m["ovs_mpps"] else None
    if not args.json:
        what = ""
        if not m["undisturbed_runs"]:
            what = "ALL DISTURBED (unreliable), "
        if len(runs) > 1:
            what += f"median of {len(use)} of {len(runs)} runs, "
        nodes = ", ".join(f"{n} {c:.1f}" for n, c in m["path_nodes"].items())
        ceiling = ("" if m["ratio_pct"] is None else
                   f", testpmd-io {m['testpmd_io_mpps']:.2f} Mpps ({m['ratio_pct']:.1f}%)")
        if m["ovs_mpps"]:
            ceiling += f", ovs-dpdk {m['ovs_mpps']:.2f} Mpps (vswd {m['vswd_over_ovs']:.2f}x)"
        print(f"{profile}: {what}vswd {m['vswd_mpps']:.2f} Mpps{ceiling}; {prof.nodes_label} "
              f"{fmt_opt(m['path_cycles_per_packet'])} cycles/pkt ({nodes}), "
              f"{fmt_opt(m['path_cycles_per_packet_on_cpu'])} on-CPU", flush=True)
    return {"profile": profile, "size": args.size, "kind": prof.kind, "n": prof.n,
            "routes_from": None if prof.kind != "routed" else "api" if prof.api else "config",
            "frames_per_port": prof.frames, "path_nodes": list(prof.nodes), "runs": runs,
            "median": m}


def print_run(prof, i, n, r):
    v, o = r["vswd"], r.get("ovs-dpdk")
    print(f"{prof.name} run {i}/{n}" + ("  DISTURBED" if r["disturbed"] else ""))
    print(f"  {'switch':12} {'rx Mpps':>8} {'tx Mpps':>8} {'cycles/pkt':>10} "
          f"{'worker on CPU1':>14} {'others on CPU1':>14}")
    for name in SWITCHES:
        x = r.get(name)
        if x is None:
            continue
        print(f"  {name:12} {x['mpps']:8.3f} {x['tx_mpps']:8.3f} "
              f"{fmt_opt(x['cycles_per_packet']):>10} "
              f"{x['on_cpu_pct']:13.1f}% {x['other_cpu_pct']:13.1f}%")
    if "ratio_pct" in r:
        print(f"  vswd/testpmd-io {r['ratio_pct']:.1f}%")
    if o is not None:
        cl = o["classified"]
        print(f"  vswd/ovs-dpdk {r['vswd_over_ovs']:.2f}x; ovs PMD busy {o['busy_pct']:.1f}%, "
              f"{fmt_opt(o['processing_cycles_per_packet'])} processing cycles/pkt, "
              f"{o['datapath_flows']} datapath flows, flow cache "
              f"{'settled' if o['flow_cache_settled'] else 'NOT settled'} "
              f"({o['settle_s']:.0f} s); in the window: emc {cl['emc_hits']:.0f}, "
              f"smc {cl['smc_hits']:.0f}, megaflow {cl['megaflow_hits']:.0f}, upcalls "
              f"{cl['miss_with_success_upcall']:.0f} (+{cl['miss_with_failed_upcall']:.0f} "
              f"failed); port drops {o['port_drops']}")
    state = {"l2": "FDB {} learned", "routed": "{} routes installed",
             "snat": "{} NAT sessions",
             "vxlan": "FDB {} learned"}[prof.kind].format(v[STATE_KEY[prof.kind]])
    print(f"  vswd worker busy {v['busy_pct']:.1f}%, {state}")
    print(f"  vswd graph nodes over the {v['window_s']:.1f} s window (TSC cycles):")
    print(f"    {'node':24} {'packets':>12} {'pkts/call':>9} {'cycles/pkt':>10}")
    for name, s in sorted(v["nodes"].items(),
                          key=lambda kv: (not kv[0].startswith("port_rx"),
                                          kv[0].startswith("port_tx"))):
        print(f"    {name:24} {s['packets']:12d} {s['packets_per_call']:9.1f} "
              f"{s['cycles_per_packet']:10.1f}")
    print(f"    {prof.nodes_label:24} {'':12} {'':9} "
          f"{fmt_opt(v['path_cycles_per_packet']):>10}   "
          f"({' + '.join(prof.nodes)}, "
          f"{'each per packet of its own' if prof.per_node else 'per received packet'})")
    print(f"    {'  on-CPU':24} {'':12} {'':9} "
          f"{fmt_opt(v['path_cycles_per_packet_on_cpu']):>10}   "
          "(scaled by the worker's share of CPU1)")
    if v["drops"]:
        print("  vswd drops in the window: " +
              ", ".join(f"{k} {n}" for k, n in sorted(v["drops"].items())))
    print(flush=True)


def print_table(out):
    """The side-by-side table: per profile and size, each switch's Mpps and cycles/packet,
    the ratios, and vswd's per-node cycles."""
    print("\nside by side (medians; cycles/packet: TSC cycles of the switch's CPU per "
          "received packet)")
    print(f"  {'profile':20} {'size':>5} {'switch':11} {'Mpps':>7} {'cyc/pkt':>8} "
          f"{'on-CPU':>7} {'vswd/this':>9}  notes")
    for p in out:
        m = p["median"]
        note = ("" if m["undisturbed_runs"] else
                f"DISTURBED (others on CPU1 up to {m['max_other_cpu_pct']:.0f}%)")
        rows = (("testpmd-io", m["testpmd_io_mpps"], "testpmd_io", ""),
                ("ovs-dpdk", m["ovs_mpps"], "ovs",
                 "" if m["ovs_flow_cache_settled"] is not False else "flow cache NOT settled"),
                ("vswd", m["vswd_mpps"], "vswd",
                 f"{p['median'].get('path_cycles_per_packet') or 0:.1f} cycles in the "
                 "switching nodes: " + ", ".join(f"{n} {c:.1f}"
                                                 for n, c in m["path_nodes"].items())))
        for name, mpps, key, extra in rows:
            if mpps is None:
                continue
            ratio = (f"{m['vswd_mpps'] / mpps:8.2f}x" if name != "vswd" else "")
            print(f"  {p['profile']:20} {p['size']:5} {name:11} {mpps:7.2f} "
                  f"{fmt_opt(m[key + '_cycles_per_packet']):>8} "
                  f"{fmt_opt(m[key + '_cycles_per_packet_on_cpu']):>7} {ratio:>9}  " +
                  "; ".join(x for x in (extra, note) if x))


def main(args, workdir, prefixes, cpu):
    """Every profile of args.replay; returns what --json prints under "replay"."""
    out = []
    for p in args.replay:
        out.append(run_profile(args, workdir, p, prefixes, cpu))
    if not args.json:
        print_table(out)
        sys.stdout.flush()
    return out
