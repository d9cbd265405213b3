# SPDX-License-Identifier: BSD-3-Clause
"""OVS-DPDK in tools/bench's replay harness: Debian's openvswitch-switch-dpdk started by the
tool in a private directory (its own ovsdb, unixctl sockets, DPDK --file-prefix), one PMD
thread on the switch's CPU, the two net_pcap ports as dpdk ports (options:dpdk-devargs).

  l2-N      one netdev bridge with the NORMAL action (OVS's learning switch), its MAC table
            sized for the 2N hosts;
  routed-N  OpenFlow rules as a router: table 0 admits IPv4 to the ingress port's router
            MAC, table 1 has one rule per /24 route: dec_ttl, the source MAC rewritten to the
            egress port's, the destination to the gateway's, output to the egress port.
  snat-N    the same router with a third port (net_null, no rx) as the outside: table 0
            sends IPv4 to the router's MAC through conntrack with source NAT to the pool
            (ct(commit,nat(src=...)), OVS's userspace conntrack), table 1 routes it out.

Figures come from OVS's own counters: the PMD's (dpif-netdev/pmd-stats-show: packets
received, processing and idle cycles, how each packet was classified: EMC, SMC, megaflow,
upcall) and the ports' (ovs-ofctl dump-ports, the netdev stats that ovs-vsctl's Interface
statistics are copied from every 5 s). Before the window the tool waits until OVS's flow
cache has settled: no upcalls and an unchanged datapath flow count for SETTLE_STEPS seconds
in a row; if that does not happen within --ovs-settle seconds it measures anyway and says so.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

from benchlib.dpdk import (STOP_SIGNALS, BenchError, _child_setup, cpu_shares, log,
                           remove_prefix_files, sample_common, threads, wait_for)
from benchlib.replay_traffic import (GW_MAC, RIF_MAC, SNAT_OUT, SNAT_OUT_MAC, ip_str,
                                     pcap_vdevs, route_prefix)

VSWITCHD = "/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk"
SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"
BRIDGE = "vswb-ovs"      # the bridge's local port is a TAP of this name in the root namespace
SETTLE_STEPS = 2         # seconds in a row without upcalls and flow-count changes
UPCALL_SHARE_SETTLED = 1e-4
STOP_TIMEOUT = 10.0


def tools_missing(vswitchd):
    """What of OVS-DPDK is not installed, as a message; None when all is there."""
    missing = [p for p in (vswitchd, SCHEMA) if not os.path.exists(p)]
    missing += [t for t in ("ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl",
                            "ovs-ofctl") if not shutil.which(t)]
    if not missing:
        return None
    return ("OVS-DPDK is not installed (" + ", ".join(missing) + "): run tools/install-deps.sh "
            "(Debian's openvswitch-switch-dpdk), or --no-ovs")


class Ovs:
    """ovsdb-server and ovs-vswitchd-dpdk in @rundir, for one measurement."""

    def __init__(self, args, rundir, prefix, cpu):
        self.args = args
        self.dir = rundir
        self.prefix = prefix
        self.cpu = cpu
        self.procs = []
        self.env = dict(os.environ, OVS_RUNDIR=rundir, OVS_DBDIR=rundir, OVS_LOGDIR=rundir,
                        OVS_SYSCONFDIR=rundir, OVS_PKGDATADIR="/usr/share/openvswitch")
        self.db = "unix:" + os.path.join(rundir, "db.sock")
        self.ctl = os.path.join(rundir, "ovs-vswitchd.ctl")
        self.log_path = os.path.join(rundir, "ovs-vswitchd.log")
        self.name = "ovs-dpdk"

    # --- commands ---

    def run(self, argv, timeout=60, stdin=None):
        if self.args.verbose:
            print("+ " + " ".join(argv), file=sys.stderr, flush=True)
        try:
            out = subprocess.run(argv, env=self.env, input=stdin, capture_output=True,
                                 text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.check_alive()
            raise BenchError(f"ovs: {argv[0]} {argv[1] if len(argv) > 1 else ''} timed out")
        if out.returncode:
            self.check_alive()
            raise BenchError(f"ovs: {' '.join(argv[:4])}...: {out.stderr.strip()}\n"
                             f"last lines of ovs-vswitchd's log:\n{self.log_tail()}")
        return out.stdout

    def vsctl(self, *a, timeout=60):
        return self.run(["ovs-vsctl", "--db=" + self.db, "--timeout=" + str(int(timeout))] +
                        list(a), timeout=timeout + 5)

    def appctl(self, *a):
        return self.run(["ovs-appctl", "-t", self.ctl] + list(a))

    def ofctl(self, *a, stdin=None, timeout=600):
        return self.run(["ovs-ofctl", "-O", "OpenFlow13"] + list(a), stdin=stdin,
                        timeout=timeout)

    def log_tail(self, n=20):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    # --- processes ---

    def spawn(self, name, argv):
        if self.args.verbose:
            print("+ " + " ".join(argv), file=sys.stderr, flush=True)
        logf = open(os.path.join(self.dir, name + ".out"), "wb")
        p = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL, stdout=logf,
                             stderr=subprocess.STDOUT, start_new_session=True,
                             preexec_fn=_child_setup)
        logf.close()
        p.vsw_name = name
        self.procs.append(p)
        return p

    @property
    def pid(self):
        return self.vswitchd.pid

    def check_alive(self):
        for p in self.procs:
            if p.poll() is not None:
                raise BenchError(f"ovs: {p.vsw_name} exited with status {p.returncode}; "
                                 f"last lines of ovs-vswitchd's log:\n{self.log_tail()}")

    def start(self, prof, paths):
        """ovsdb-server, the DPDK settings, ovs-vswitchd, the bridge and its two ports."""
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "conf.db")
        self.run(["ovsdb-tool", "create", conf, SCHEMA])
        # Every main thread on CPU 0 (taskset); OVS pins its PMD to pmd-cpu-mask itself.
        self.spawn("ovsdb-server", ["taskset", "-c", "0", "ovsdb-server", conf,
                                    "--remote=punix:" + self.db[5:],
                                    "--unixctl=" + os.path.join(self.dir, "ovsdb-server.ctl"),
                                    "--log-file=" + os.path.join(self.dir, "ovsdb-server.log"),
                                    "-vconsole:off"])
        wait_for("ovsdb-server's socket", lambda: os.path.exists(self.db[5:]), [self])
        # OVS adds "--in-memory -l <the CPUs it may run on>" (CPU 0, taskset below).
        eal = f"--file-prefix={self.prefix} --no-pci --single-file-segments"
        self.vsctl("--no-wait", "init")
        self.vsctl("--no-wait", "set", "Open_vSwitch", ".",
                   "other_config:dpdk-init=true",
                   f'other_config:dpdk-extra="{eal}"',
                   f"other_config:pmd-cpu-mask={1 << self.cpu:#x}",
                   "other_config:n-handler-threads=1", "other_config:n-revalidator-threads=1")
        # The flow cache as OVS sets it up by default: flow-limit 200,000 (lowered by the
        # revalidator when dumping the flows takes long), max-idle 10 s.
        self.vswitchd = self.spawn("ovs-vswitchd", [
            "taskset", "-c", "0", self.args.ovs_vswitchd, self.db,
            "--unixctl=" + self.ctl, "--log-file=" + self.log_path, "-vconsole:off",
            "--pidfile=" + os.path.join(self.dir, "ovs-vswitchd.pid")])
        wait_for("ovs-vswitchd's control socket", lambda: os.path.exists(self.ctl), [self],
                 timeout=120)
        self.vsctl("add-br", BRIDGE, "--", "set", "bridge", BRIDGE, "datapath_type=netdev",
                   "protocols=OpenFlow10,OpenFlow13",
                   f"other_config:mac-table-size={max(8192, 4 * prof.n)}")
        for i, dev in enumerate(pcap_vdevs(paths)):
            self.vsctl("add-port", BRIDGE, "p" + "ab"[i], "--", "set", "Interface",
                       "p" + "ab"[i], "type=dpdk", f'options:dpdk-devargs="{dev}"',
                       f"ofport_request={i + 1}", timeout=120)
        if prof.kind == "snat":
            self.vsctl("add-port", BRIDGE, "po", "--", "set", "Interface", "po", "type=dpdk",
                       'options:dpdk-devargs="net_null0,no-rx=1"', "ofport_request=3",
                       timeout=120)
            self.add_snat()
        if prof.kind == "routed":
            self.add_routes(prof)
        wait_for("ovs's PMD thread", lambda: self.pmd_tid() is not None, [self], timeout=60)

    def add_routes(self, prof):
        """The routed profile as OpenFlow 1.3 rules (see the module's doc)."""
        lines = [f"table=0,priority=10,in_port={side + 1},ip,dl_dst={RIF_MAC[side]},"
                 "actions=goto_table:1" for side in (0, 1)]
        lines.append("table=0,priority=0,actions=drop")
        for r in range(prof.n // 2):
            for side in (0, 1):
                # Side @side's routes are via its gateway, out of its port.
                lines.append(f"table=1,priority=24,ip,nw_dst={ip_str(route_prefix(side, r))}"
                             f"/24,actions=dec_ttl,set_field:{RIF_MAC[side]}->eth_src,"
                             f"set_field:{GW_MAC[side]}->eth_dst,output:{side + 1}")
        lines.append("table=1,priority=0,actions=drop")
        path = os.path.join(self.dir, "flows.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        t0 = time.monotonic()
        self.ofctl("del-flows", BRIDGE)
        self.ofctl("--bundle", "add-flows", BRIDGE, path)
        log(self.args, f"  ovs: {len(lines)} OpenFlow rules added in "
                       f"{time.monotonic() - t0:.1f} s")

    def add_snat(self):
        """The snat profile's rules (see the module's doc)."""
        pool = f"{SNAT_OUT}.16-{SNAT_OUT}.31"
        lines = [f"table=0,priority=10,in_port={side + 1},ip,dl_dst={RIF_MAC[side]},"
                 f"actions=ct(commit,zone=1,nat(src={pool}),table=1)" for side in (0, 1)]
        lines += ["table=0,priority=0,actions=drop",
                  f"table=1,priority=10,ip,actions=dec_ttl,set_field:{SNAT_OUT_MAC[0]}->eth_src,"
                  f"set_field:{SNAT_OUT_MAC[1]}->eth_dst,output:3"]
        path = os.path.join(self.dir, "flows.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.ofctl("del-flows", BRIDGE)
        self.ofctl("--bundle", "add-flows", BRIDGE, path)

    def stop(self):
        """ovs-vswitchd, then ovsdb-server; what EAL left behind. Never raises."""
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            # OVS keeps the bridge's TAP (persistent) when it exits with the bridge in its
            # database: remove the bridge first, and the TAP if that did not.
            if self.procs and all(p.poll() is None for p in self.procs):
                try:
                    self.vsctl("--if-exists", "del-br", BRIDGE, timeout=10)
                except BenchError:
                    pass
            for p in reversed(self.procs):
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
                try:
                    p.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    p.kill()
                    try:
                        p.wait(STOP_TIMEOUT)
                    except subprocess.TimeoutExpired:
                        pass
            if all(p.poll() is not None for p in self.procs):
                remove_prefix_files(self.prefix)
            if os.path.exists(f"/sys/class/net/{BRIDGE}"):
                subprocess.run(["ip", "link", "del", BRIDGE], capture_output=True, timeout=10)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    # --- counters ---

    def pmd_tid(self):
        """The PMD thread's id (its name starts with "pmd")."""
        try:
            tids = os.listdir(f"/proc/{self.vswitchd.pid}/task")
        except OSError:
            return None
        for tid in tids:
            try:
                with open(f"/proc/{self.vswitchd.pid}/task/{tid}/comm") as f:
                    if f.read().startswith("pmd"):
                        return int(tid)
            except OSError:
                continue
        return None

    def pmd_stats(self):
        """The PMD's counters (pmd-stats-show), summed over PMDs: {name: number}."""
        out = {}
        for line in self.appctl("dpif-netdev/pmd-stats-show").splitlines():
            m = re.match(r"\s+([a-z][a-z .]*?):\s+([0-9.]+)", line)
            if m and not m.group(1).startswith("avg"):
                k = m.group(1).replace(" ", "_")
                out[k] = out.get(k, 0) + float(m.group(2))
        return out

    def port_stats(self):
        """{port number: {rx, tx, rx_drop, tx_drop}} from the netdevs (ovs-ofctl dump-ports)."""
        out = {}
        port = None
        for line in self.ofctl("dump-ports", BRIDGE, timeout=30).splitlines():
            m = re.match(r"\s*port\s+\"?(\w+)\"?:\s+rx pkts=(\d+).*?drop=(\d+)", line)
            if m:
                port = m.group(1)
                out[port] = {"rx": int(m.group(2)), "rx_drop": int(m.group(3))}
                continue
            m = re.match(r"\s+tx pkts=(\d+).*?drop=(\d+)", line)
            if m and port is not None:
                out[port]["tx"] = int(m.group(1))
                out[port]["tx_drop"] = int(m.group(2))
        return {p: v for p, v in out.items() if p in ("1", "2", "3")}

    def flow_count(self):
        m = re.search(r"flows\s*:\s*(\d+)", self.appctl("dpctl/show"))
        return int(m.group(1)) if m else 0

    def mac_count(self):
        m = re.search(r"Current/maximum MAC entries in the table:\s*(\d+)",
                      self.appctl("fdb/stats-show", BRIDGE))
        return int(m.group(1)) if m else 0

    def wait_ready(self, prof, timeout):
        """L2: until the bridge has learned every host. Then until the flow cache settles:
        returns (settled, seconds, upcall share of the last second, datapath flows)."""
        if prof.kind == "l2":
            wait_for(f"ovs to learn all {2 * prof.n} hosts",
                     lambda: self.mac_count() >= 2 * prof.n, [self], timeout=timeout)
        t0 = time.monotonic()
        quiet = 0
        prev = self.pmd_stats()
        flows = self.flow_count()
        share = 1.0
        while True:
            time.sleep(1.0)
            self.check_alive()
            cur = self.pmd_stats()
            n = self.flow_count()
            pkts = cur.get("packets_received", 0) - prev.get("packets_received", 0)
            upcalls = (cur.get("miss_with_success_upcall", 0) +
                       cur.get("miss_with_failed_upcall", 0) -
                       prev.get("miss_with_success_upcall", 0) -
                       prev.get("miss_with_failed_upcall", 0))
            share = upcalls / pkts if pkts else 1.0
            quiet = quiet + 1 if share <= UPCALL_SHARE_SETTLED and n == flows else 0
            prev, flows = cur, n
            if quiet >= SETTLE_STEPS:
                return True, time.monotonic() - t0, share, n
            if time.monotonic() - t0 > timeout:
                return False, time.monotonic() - t0, share, n


def sample(o, tid):
    s = {"t0": time.monotonic()}
    s["pmd"] = o.pmd_stats()
    s["ports"] = o.port_stats()
    s["t"] = (s.pop("t0") + time.monotonic()) / 2
    s.update(sample_common(o.pid, tid))
    return s


def measure(args, workdir, prof, paths, prefix, cpu):
    """Start OVS-DPDK on the two pcap ports, wait until its flow cache settles, measure."""
    o = Ovs(args, os.path.join(workdir, "ovs"), prefix, cpu)
    try:
        o.start(prof, paths)
        settled, secs, share, flows = o.wait_ready(prof, args.ovs_settle)
        if not settled:
            log(args, f"  ovs: the flow cache did NOT settle in {secs:.0f} s: "
                      f"{100 * share:.2f}% of the packets of the last second were upcalls, "
                      f"{flows} datapath flows")
        elif args.verbose:
            log(args, f"  ovs: flow cache settled after {secs:.0f} s, {flows} datapath flows")
        time.sleep(args.warmup)
        o.check_alive()
        tid = o.pmd_tid()
        allowed = threads(o.pid).get(tid, ("", "?"))[1]
        if allowed != str(cpu):
            raise BenchError(f"ovs: its PMD thread may run on CPUs {allowed}, wanted {cpu}")
        a = sample(o, tid)
        time.sleep(args.duration)
        b = sample(o, tid)
        o.check_alive()
        state = o.mac_count() if prof.kind == "l2" else o.flow_count()
        flows_end = o.flow_count()
    finally:
        o.stop()
        if not args.verbose:
            shutil.rmtree(o.dir, ignore_errors=True)
    window = b["t"] - a["t"]
    res = result(a, b, window)
    res.update({"flow_cache_settled": settled, "settle_s": secs,
                "upcall_share_at_start": share, "datapath_flows": flows_end,
                "macs_learned" if prof.kind == "l2" else "datapath_flows_at_start":
                state if prof.kind == "l2" else flows, "window_s": window})
    res.update(cpu_shares(a, b, cpu, window))
    if res["mpps"] <= 0:
        raise BenchError("ovs-dpdk: no packets received (see its log with --verbose)")
    return res


def result(a, b, window):
    """OVS's figures over the window, from its PMD's and ports' counters."""
    d = {k: b["pmd"].get(k, 0) - a["pmd"].get(k, 0) for k in b["pmd"]}
    pkts = d.get("packets_received", 0)
    rx = sum(b["ports"][p]["rx"] - a["ports"][p]["rx"] for p in b["ports"])
    tx = sum(b["ports"][p]["tx"] - a["ports"][p]["tx"] for p in b["ports"])
    drops = sum(b["ports"][p][k] - a["ports"][p][k] for p in b["ports"]
                for k in ("rx_drop", "tx_drop"))
    proc, idle = d.get("processing_cycles", 0), d.get("idle_cycles", 0)
    return {"mpps": pkts / window / 1e6, "ports_rx_mpps": rx / window / 1e6,
            "tx_mpps": tx / window / 1e6, "port_drops": drops,
            "busy_pct": 100.0 * proc / (proc + idle) if proc + idle else 0.0,
            "processing_cycles_per_packet": proc / pkts if pkts else None,
            "classified": {k: d.get(k, 0) for k in ("emc_hits", "smc_hits", "megaflow_hits",
                                                     "miss_with_success_upcall",
                                                     "miss_with_failed_upcall")}}
