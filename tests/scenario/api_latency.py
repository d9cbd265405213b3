#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The control API's latency: api_latency.py RUNDIR STOP OUT sends vswd's status request
(VSW_API_STATUS) every 10 ms on one connection until file STOP exists, then writes
"requests max_ms p99_ms" to OUT. A request not answered in 2 s counts as 2000 ms.
"""
import os, socket, struct, sys, time

rundir, stop, out = sys.argv[1:4]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(2)
s.connect(os.path.join(rundir, "vswd.sock"))
lat = []
i = 0


def recv(n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b


while not os.path.exists(stop):
    i += 1
    t0 = time.monotonic()
    try:
        s.sendall(struct.pack("=III", 0, 1 << 16 | 1, i))
        length, rid, status = struct.unpack("=IIi", recv(12))
        recv(length)
        lat.append((time.monotonic() - t0) * 1000)
    except (socket.timeout, EOFError):
        lat.append(2000.0)
        break
    time.sleep(0.01)
lat.sort()
p99 = lat[int(len(lat) * 0.99)] if lat else 0
with open(out, "w") as f:
    f.write("%d %.1f %.1f\n" % (len(lat), lat[-1] if lat else 0, p99))
