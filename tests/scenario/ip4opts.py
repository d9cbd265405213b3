#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Send IPv4 echo requests with malformed or refused options and print what comes back, one
line per case: the ICMP error (type, code, the parameter problem's pointer, from whom) or
"no answer". test_l3_oracle.sh asks a Linux router and vswd the same and compares.

Usage: ip4opts.py DST LOCAL (LOCAL: the router's address on the sender's side)
"""
import struct
import sys

from scapy.all import ICMP, IP, conf, sr1

conf.verb = 0


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def echo_with(dst, opts, ident):
    """An echo request to dst with option bytes opts (a multiple of 4), as raw bytes."""
    icmp = bytes(ICMP(id=ident, seq=1) / (b"o" * 16))
    hl = 20 + len(opts)
    src = conf.route.route(dst)[1]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | hl // 4, 0, hl + len(icmp), ident, 0, 64, 1, 0,
                      bytes(map(int, src.split("."))), bytes(map(int, dst.split("."))))
    hdr += opts
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return IP(hdr + icmp)


CASES = [
    ("option of length 0", b"\x07\x00\x01\x01", None),
    ("record route, pointer 3", b"\x07\x07\x03\x00\x00\x00\x00\x00", None),
    ("record route twice", b"\x07\x03\x04\x07\x03\x04\x00\x00", None),
    ("timestamp full, overflow 15", b"\x44\x08\x09\xf0\x00\x00\x00\x00", None),
    ("router alert of length 2", b"\x94\x02\x01\x01", None),
    ("loose source route", b"\x83\x07\x04" + bytes([10, 0, 2, 2]) + b"\x00", None),
    ("option of length 0, to the router", b"\x07\x00\x01\x01", "local"),
]


def main():
    dst, local = sys.argv[1], sys.argv[2]
    for n, (name, opts, to) in enumerate(CASES):
        p = echo_with(local if to == "local" else dst, opts, 0x4f00 + n)
        a = sr1(p, timeout=1)
        if a is None or ICMP not in a:
            print(f"{name}: no answer")
            continue
        ic = a[ICMP]
        ptr = f" pointer {(ic.ptr if ic.type == 12 else 0)}" if ic.type == 12 else ""
        print(f"{name}: ICMP {ic.type}/{ic.code}{ptr} from {a[IP].src}")


if __name__ == "__main__":
    main()
