# SPDX-License-Identifier: BSD-3-Clause
"""Query a vswd as fast as possible until it is gone: hammer.py KIND RUNDIR PID OUT.

KIND "tel": DPDK telemetry (every read-only /vsw command in turn; RUNDIR is EAL's); "api":
the API's status request (RUNDIR is vswd's, /run/vsw/<prefix>). Reconnects after each failure until process PID has exited, then writes the number
of good replies to OUT (and creates OUT.up at the first one). Used by test_shutdown_race.sh to have requests in flight while vswd
stops.
"""
import json
import os
import socket
import struct
import sys
import time

kind, rundir, pid, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
TEL = ["/vsw/workers", "/vsw/fdb,br", "/vsw/fdb/stats", "/vsw/drops", "/vsw/bridges",
       "/vsw/ports", "/vsw/graph/stats", "/vsw/port/stats,a", "/vsw/status"]
good = 0


def count():
    """One more good reply; the first one is announced in OUT.up."""
    global good
    good += 1
    if good == 1:
        open(out + ".up", "w").close()


def alive():
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def tel_session():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(2)
    s.connect(os.path.join(rundir, "dpdk_telemetry.v2"))
    max_len = json.loads(s.recv(4096))["max_output_len"]
    while True:
        for c in TEL:
            s.send(c.encode())
            r = s.recv(max_len + 1)
            if not r:
                return
            if json.loads(r).get(c.split(",")[0]) is not None:
                count()


def api_session():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2)
    s.connect(os.path.join(rundir, "vswd.sock"))
    i = 0
    while True:
        i += 1
        s.sendall(struct.pack("=III", 0, 1 << 16 | 1, i))
        hdr = b""
        while len(hdr) < 12:
            chunk = s.recv(12 - len(hdr))
            if not chunk:
                return
            hdr += chunk
        length, rid, status = struct.unpack("=IIi", hdr)
        left = length
        while left:
            chunk = s.recv(left)
            if not chunk:
                return
            left -= len(chunk)
        if status == 0 and rid == i:
            count()


while alive():
    try:
        (tel_session if kind == "tel" else api_session)()
    except (OSError, ValueError, KeyError):
        time.sleep(0.005)  # not up yet, or going away: do not spin
with open(out, "w") as f:
    f.write(f"{good}\n")
