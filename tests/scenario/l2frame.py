#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Raw Ethernet frames on an interface of the current namespace.
  send IFACE DST SRC ETHERTYPE PAYLOAD         one frame
  flood IFACE N DST SEED                       N frames from random unicast source MACs
                                               (first octet 0x0e or 0x06 never 0x02: the
                                               locally administered bit, unicast)
  sniff IFACE ETHERTYPE OUT READY              append "src dst payload" per received frame
"""
import random, socket, struct, sys, time

def mac(s):
    return bytes.fromhex(s.replace(":", ""))

def txsock(ifc):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifc, 0))
    return s

cmd = sys.argv[1]
if cmd == "send":
    ifc, dst, src, etype, payload = sys.argv[2:7]
    f = mac(dst) + mac(src) + struct.pack("!H", int(etype, 0)) + payload.encode()
    txsock(ifc).send(f.ljust(60, b"\0"))
elif cmd == "flood":
    # Paced (200 frames, then 10 ms): a TAP interface queues 1000 frames and silently
    # drops the rest when vswd does not read them fast enough.
    ifc, n, dst, seed = sys.argv[2], int(sys.argv[3]), mac(sys.argv[4]), int(sys.argv[5])
    rnd = random.Random(seed)
    s = txsock(ifc)
    body = struct.pack("!H", 0x88b5) + b"flood".ljust(46, b"\0")
    for i in range(n):
        src = bytes([rnd.choice((0x06, 0x0e))]) + rnd.randbytes(5)
        s.send(dst + src + body)
        if i % 200 == 199:
            time.sleep(0.01)
    print(n)
elif cmd == "sniff":
    # Every frame (ETH_P_ALL), including those for other hosts, filtered by ethertype here.
    ifc, etype, out, ready = sys.argv[2], int(sys.argv[3], 0), sys.argv[4], sys.argv[5]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((ifc, 0))
    open(ready, "w").close()
    want = struct.pack("!H", etype)
    with open(out, "a", buffering=1) as f:
        while True:
            try:
                data, addr = s.recvfrom(2048)
            except OSError:  # the interface went away with vswd
                break
            if addr[2] == socket.PACKET_OUTGOING or data[12:14] != want:
                continue
            payload = data[14:].rstrip(b"\0").decode(errors="replace")
            f.write(f"{data[6:12].hex(':')} {data[0:6].hex(':')} {payload}\n")
