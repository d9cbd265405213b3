#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A minimal vhost-user front-end (the "VM" side of a socket vswd serves), for tests that
need many connections fast: a QEMU guest or dpdk-testpmd takes seconds to start, this
connects, negotiates and disconnects in milliseconds.

What it does per connection, as QEMU does for a legacy virtio-net device with one queue
pair and no feature bits: SET_OWNER, GET_FEATURES, SET_FEATURES(0), SET_MEM_TABLE (one
memfd region holding the rings and buffers), then for each of the two rings SET_VRING_NUM,
SET_VRING_BASE, SET_VRING_ADDR, SET_VRING_KICK and SET_VRING_CALL (eventfds). Without
VHOST_USER_F_PROTOCOL_FEATURES the rings start enabled, so the device is ready (vswd's port
goes up) after the last message. The receive ring (0) gets 256 writable 2 KiB buffers; one
frame is put on the transmit ring (1) and counts as delivered when the back-end has marked
it used.

Usage:
  vhost_user.py SOCK soak N SRC DST   N connections one after the other, each sending one
                                      frame (ethertype 0x88b5) from SRC to DST and closing
                                      once the back-end took it; prints "sent N"
  vhost_user.py SOCK hold N SRC DST   one connection: send one frame, print "connected",
                                      count frames received until N (10 s at most), print
                                      "rx K"
Exit status: 0, or 1 when a frame was not taken within 2 s (the error on stderr).
"""

import mmap
import os
import socket
import struct
import sys
import time

HDR = struct.Struct("=III")  # request, flags, size
VERSION = 0x1
REPLY = 0x4
GET_FEATURES, SET_FEATURES, SET_OWNER, SET_MEM_TABLE = 1, 2, 3, 5
SET_VRING_NUM, SET_VRING_ADDR, SET_VRING_BASE = 8, 9, 10
SET_VRING_KICK, SET_VRING_CALL = 12, 13
VRING_DESC_F_WRITE = 2

QSIZE = 256
BUF = 2048
MEM_SIZE = 2 << 20
UADDR = 0x7F0000000000  # the "front-end's" address of the region: any value will do
# Ring layout in the region (guest-physical = offset): per ring desc, avail, used pages.
RINGS = {0: 0x0000, 1: 0x3000}
RX_BUFS = 0x10000
TX_BUFS = RX_BUFS + QSIZE * BUF
NET_HDR_LEN = 10  # struct virtio_net_hdr: no VERSION_1, no MRG_RXBUF


class Conn:
    """One vhost-user connection with its memory, rings and eventfds."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.memfd = os.memfd_create("vhost-user-test")
        os.ftruncate(self.memfd, MEM_SIZE)
        self.mem = mmap.mmap(self.memfd, MEM_SIZE)
        self.fds = [os.eventfd(0, os.EFD_NONBLOCK) for _ in range(4)]
        self.tx_avail = 0

    def send(self, req, payload=b"", fds=()):
        msg = HDR.pack(req, VERSION, len(payload)) + payload
        anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))]
        self.sock.sendmsg([msg], anc if fds else [])

    def recv_u64(self, req):
        self.send(req)
        data = b""
        while len(data) < HDR.size + 8:
            chunk = self.sock.recv(HDR.size + 8 - len(data))
            if not chunk:
                raise OSError("back-end closed the connection")
            data += chunk
        r, flags, size = HDR.unpack_from(data)
        if r != req or not flags & REPLY or size != 8:
            raise OSError(f"bad reply to request {req}: {r} {flags:#x} {size}")
        return struct.unpack_from("=Q", data, HDR.size)[0]

    def setup(self):
        self.send(SET_OWNER)
        self.recv_u64(GET_FEATURES)
        self.send(SET_FEATURES, struct.pack("=Q", 0))
        region = struct.pack("=QQQQ", 0, MEM_SIZE, UADDR, 0)
        self.send(SET_MEM_TABLE, struct.pack("=II", 1, 0) + region, [self.memfd])
        # The receive ring: every descriptor a writable buffer, all of them available.
        d, a, _ = self.ring(0)
        for i in range(QSIZE):
            struct.pack_into("=QIHH", self.mem, d + 16 * i, RX_BUFS + i * BUF, BUF,
                             VRING_DESC_F_WRITE, 0)
            struct.pack_into("=H", self.mem, a + 4 + 2 * i, i)
        struct.pack_into("=H", self.mem, a + 2, QSIZE)
        for q in (0, 1):
            d, a, u = self.ring(q)
            self.send(SET_VRING_NUM, struct.pack("=II", q, QSIZE))
            self.send(SET_VRING_BASE, struct.pack("=II", q, 0))
            self.send(SET_VRING_ADDR, struct.pack("=IIQQQQ", q, 0, UADDR + d, UADDR + u,
                                                  UADDR + a, 0))
            self.send(SET_VRING_KICK, struct.pack("=Q", q), [self.fds[2 * q]])
            self.send(SET_VRING_CALL, struct.pack("=Q", q), [self.fds[2 * q + 1]])

    @staticmethod
    def ring(q):
        base = RINGS[q]
        return base, base + 0x1000, base + 0x2000  # desc, avail, used

    def used_idx(self, q):
        return struct.unpack_from("=H", self.mem, self.ring(q)[2] + 2)[0]

    def transmit(self, frame):
        """Put one frame on the transmit ring; return once the back-end has used it."""
        d, a, _ = self.ring(1)
        i = self.tx_avail % QSIZE
        buf = TX_BUFS + i * BUF
        data = bytes(NET_HDR_LEN) + frame
        self.mem[buf:buf + len(data)] = data
        struct.pack_into("=QIHH", self.mem, d + 16 * i, buf, len(data), 0, 0)
        struct.pack_into("=H", self.mem, a + 4 + 2 * i, i)
        self.tx_avail += 1
        struct.pack_into("=H", self.mem, a + 2, self.tx_avail & 0xFFFF)
        os.eventfd_write(self.fds[2], 1)  # kick (vswd polls; a front-end kicks anyway)
        deadline = time.monotonic() + 2
        while self.used_idx(1) != self.tx_avail & 0xFFFF:
            if time.monotonic() > deadline:
                raise TimeoutError("the back-end did not take the frame in 2 s")
            time.sleep(0.0005)

    def close(self):
        self.sock.close()
        self.mem.close()
        for fd in self.fds + [self.memfd]:
            os.close(fd)


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def main():
    path, mode, n, src, dst = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    frame = mac(dst) + mac(src) + b"\x88\xb5" + b"vsw vhost-user soak".ljust(46, b".")
    try:
        if mode == "soak":
            for _ in range(n):
                c = Conn(path)
                c.setup()
                c.transmit(frame)
                c.close()
            print(f"sent {n}", flush=True)
        elif mode == "hold":
            c = Conn(path)
            c.setup()
            c.transmit(frame)
            print("connected", flush=True)
            deadline = time.monotonic() + 10
            while c.used_idx(0) < n and time.monotonic() < deadline:
                time.sleep(0.01)
            print(f"rx {c.used_idx(0)}", flush=True)
            c.close()
        else:
            raise ValueError(f"unknown mode {mode}")
    except (OSError, TimeoutError, ValueError) as e:
        print(f"vhost_user.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
