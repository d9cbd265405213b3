# SPDX-License-Identifier: BSD-3-Clause
"""What tools/bench's profiles share: DPDK processes we start and stop, their telemetry, the
machine's hugepages, CPUs and threads, and the per-node cycle counts read from vswd."""

import ctypes
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

RUN_DIR = "/var/run/dpdk"
HUGEPAGES_WANTED = 1024  # 2 MB pages at least, when the machine has none reserved

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


class BenchError(Exception):
    """A set-up step failed; the message says which."""


class Interrupted(Exception):
    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def log(args, msg):
    if not args.json or args.verbose:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)


# --- DPDK telemetry -------------------------------------------------------------------------

class Telemetry:
    """Client of DPDK's telemetry v2 socket: AF_UNIX SOCK_SEQPACKET, JSON replies."""

    def __init__(self, prefix):
        self.path = os.path.join(RUN_DIR, prefix, "dpdk_telemetry.v2")
        self.sock = None
        self.max_len = 16384

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.settimeout(5.0)
        try:
            s.connect(self.path)
            greeting = json.loads(s.recv(16384).decode())
        except (OSError, ValueError):
            s.close()
            raise
        self.max_len = int(greeting.get("max_output_len", 16384))
        self.sock = s

    def query(self, cmd):
        """The value of @cmd's reply (the reply is {cmd-without-params: value})."""
        if self.sock is None:
            self.connect()
        self.sock.send(cmd.encode())
        reply = json.loads(self.sock.recv(self.max_len).decode())
        return reply.get(cmd.split(",", 1)[0])

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None


# --- processes ------------------------------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)


def _child_setup():
    # If the bench dies without cleaning up (SIGKILL), its busy-polling children must not
    # keep two cores pinned: the kernel sends them SIGTERM. PR_SET_PDEATHSIG = 1.
    _libc.prctl(1, signal.SIGTERM, 0, 0, 0)


class DpdkProc:
    """A DPDK process we started: its log, its file prefix, and how to stop it."""

    def __init__(self, name, argv, prefix, workdir, interactive):
        self.name = name
        self.argv = argv
        self.prefix = prefix
        self.interactive = interactive
        self.log_path = os.path.join(workdir, name + ".log")
        self.proc = None
        self.tel = Telemetry(prefix)

    def start(self, verbose):
        if verbose:
            print("+ " + " ".join(self.argv), file=sys.stderr, flush=True)
        with open(self.log_path, "wb") as logf:
            self.proc = subprocess.Popen(
                self.argv, stdin=subprocess.PIPE if self.interactive else subprocess.DEVNULL,
                stdout=logf, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_child_setup)

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def command(self, line):
        """Type a line at testpmd's prompt."""
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def log_tail(self, n=25):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def check_alive(self):
        if not self.alive():
            raise BenchError(f"{self.name} exited with status {self.proc.returncode}; "
                             f"last lines of its output:\n{self.log_tail()}")

    def stop(self):
        """Stop politely, then firmly; then remove what EAL leaves behind. Never raises."""
        self.tel.close()
        if self.proc is not None:
            if self.proc.poll() is None and self.interactive:
                try:
                    self.command("quit")
                    self.proc.stdin.close()
                except OSError:
                    pass
            elif self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    self.proc.wait(STOP_TIMEOUT)
                    break
                except subprocess.TimeoutExpired:
                    self.proc.send_signal(sig)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
            if self.proc.stdin is not None and not self.proc.stdin.closed:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass
        if self.proc is None or self.proc.poll() is not None:
            remove_prefix_files(self.prefix)


def hugetlbfs_mounts():
    with open("/proc/mounts") as f:
        return [line.split()[1] for line in f if line.split()[2] == "hugetlbfs"]


def remove_prefix_files(prefix):
    """Hugepage files <prefix>map_* and the EAL runtime dir of a prefix no process uses."""
    for mnt in hugetlbfs_mounts():
        try:
            names = os.listdir(mnt)
        except OSError:
            continue
        for n in names:
            if n.startswith(prefix + "map_"):
                try:
                    os.unlink(os.path.join(mnt, n))
                except OSError:
                    pass
    shutil.rmtree(os.path.join(RUN_DIR, prefix), ignore_errors=True)


def prefix_in_use(prefix):
    """True if a live DPDK primary holds the prefix (EAL keeps its config file locked)."""
    path = os.path.join(RUN_DIR, prefix, "config")
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


# --- machine set-up and checks ---------------------------------------------------------------

def meminfo():
    info = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":", 1)
            info[k] = v.split()
    return info


def setup_hugepages(mb_needed):
    """Reserve and mount 2 MB hugepages; when fewer than mb_needed are free (none reserved,
    or `make run`'s 1,024 pages for a profile that needs more), reserve the shortfall on top
    of what is there; then check enough are free."""
    info = meminfo()
    page_mb = int(info["Hugepagesize"][0]) // 1024
    free_mb = int(info["HugePages_Free"][0]) * page_mb
    with open("/proc/sys/vm/nr_hugepages") as f:
        total = int(f.read())
    want = max(total + (mb_needed - free_mb + page_mb - 1) // page_mb, HUGEPAGES_WANTED)
    if free_mb < mb_needed or total == 0:
        with open("/proc/sys/vm/nr_hugepages", "w") as w:
            w.write(str(want))
    if not hugetlbfs_mounts():
        os.makedirs("/dev/hugepages", exist_ok=True)
        subprocess.run(["mount", "-t", "hugetlbfs", "nodev", "/dev/hugepages"], check=True)
    free_mb = int(meminfo()["HugePages_Free"][0]) * page_mb
    if free_mb < mb_needed:
        raise BenchError(f"only {free_mb} MB of hugepages free, {mb_needed} MB needed "
                         "(see /proc/meminfo; other DPDK processes may hold them)")


def machine_info(testpmd):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    dpdk = "unknown"
    try:
        out = subprocess.run(["pkg-config", "--modversion", "libdpdk"], capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0:
            dpdk = out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "dpdk": dpdk, "kernel": os.uname().release,
            "testpmd": testpmd}


def threads(pid):
    """{tid: (comm, allowed-cpus string, last cpu, utime+stime ticks)} of a process."""
    out = {}
    base = f"/proc/{pid}/task"
    try:
        tids = os.listdir(base)
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"{base}/{tid}/stat") as f:
                stat = f.read()
            with open(f"{base}/{tid}/status") as f:
                status = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        # fields[0] is field 3 of proc(5) (state): utime 14, stime 15, processor 39.
        ticks = int(fields[11]) + int(fields[12])
        psr = int(fields[36])
        allowed = next((line.split(":", 1)[1].strip() for line in status.splitlines()
                        if line.startswith("Cpus_allowed_list")), "?")
        out[int(tid)] = (comm, allowed, psr, ticks)
    return out


def cpu_busy_ticks():
    """Per CPU: ticks spent on anything but idle since boot (proc(5) /proc/stat)."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                v = line.split()
                x = [int(n) for n in v[1:9]]
                # user nice system idle iowait irq softirq steal
                out[int(v[0][3:])] = x[0] + x[1] + x[2] + x[5] + x[6] + x[7]
    return out


def own_ticks(pids):
    """Per CPU: ticks used by every thread of @pids. Each of them is allowed on one CPU."""
    out = {}
    for pid in pids:
        for comm, allowed, psr, ticks in threads(pid).values():
            cpu = int(allowed) if allowed.isdigit() else psr
            out[cpu] = out.get(cpu, 0) + ticks
    return out


def find_thread(pid, comm):
    for tid, t in threads(pid).items():
        if t[0] == comm:
            return tid
    return None


def thread_ticks(pid, tid):
    t = threads(pid).get(tid)
    return t[3] if t else 0


def sample_common(pid, worker_tid):
    """What every switch's sample holds: its worker's and the CPUs' time."""
    return {"worker_ticks": thread_ticks(pid, worker_tid), "cpu_busy": cpu_busy_ticks(),
            "own": own_ticks([pid])}


def cpu_shares(a, b, cpu, window):
    """Over the window between samples @a and @b: the share of @cpu that went to anything
    but the process measured (other_cpu_pct), and the share of the window its worker ran
    (on_cpu_pct). Time the worker thread was off its CPU (preempted, or the vCPU not
    running) counts in the TSC cycles of whatever it was doing: scaling by the share it ran
    removes that."""
    hz = os.sysconf("SC_CLK_TCK")
    busy = b["cpu_busy"][cpu] - a["cpu_busy"][cpu]
    own = b["own"].get(cpu, 0) - a["own"].get(cpu, 0)
    return {"other_cpu_pct": max(0.0, 100.0 * (busy - own) / hz / window),
            "on_cpu_pct": min(100.0, 100.0 * (b["worker_ticks"] - a["worker_ticks"]) /
                              hz / window)}


def check_pinning(proc, main_cpu, worker_cpu, verbose):
    """The main thread may run only on main_cpu, lcore 1's thread only on worker_cpu."""
    ts = threads(proc.pid)
    if verbose:
        for tid, (comm, allowed, psr, _) in sorted(ts.items()):
            print(f"  {proc.name:8} tid {tid:7} {comm:16} allowed {allowed:5} on cpu {psr}",
                  file=sys.stderr)
    main = ts.get(proc.pid)
    worker = find_thread(proc.pid, "rte-worker-1")
    if main is None or worker is None:
        raise BenchError(f"{proc.name}: cannot find its main and lcore-1 threads")
    if main[1] != str(main_cpu) or ts[worker][1] != str(worker_cpu):
        raise BenchError(f"{proc.name}: pinning is main on {main[1]}, lcore 1 on "
                         f"{ts[worker][1]}; wanted {main_cpu} and {worker_cpu}")
    return worker


# --- the benchmark --------------------------------------------------------------------------

def wait_for(what, cond, procs, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        for p in procs:
            p.check_alive()
        try:
            if cond():
                return
        except (OSError, ValueError, KeyError, TypeError):
            pass
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)



def node_deltas(a, b):
    """Per node with packets in the window: packets, calls, cycles and their ratios."""
    out = {}
    for key, nb in b.items():
        na = a.get(key, {})
        name = nb.get("name", key)  # keys are sanitised for DPDK 22.11; "name" is not
        pkts = nb["packets"] - na.get("packets", 0)
        calls = nb["calls"] - na.get("calls", 0)
        cycles = nb["cycles"] - na.get("cycles", 0)
        if pkts <= 0:
            continue
        out[name] = {"packets": pkts, "calls": calls, "cycles": cycles,
                     "cycles_per_packet": cycles / pkts,
                     "packets_per_call": pkts / calls if calls else 0.0}
    return out


def is_port_node(name):
    return name.startswith("port_rx") or name.startswith("port_tx")



def fmt_opt(v, f="{:.1f}"):
    return "-" if v is None else f.format(v)
