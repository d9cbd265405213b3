#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Hostile floods on an interface of the current namespace (raw frames, no scapy: it starts
in tens of milliseconds), paced 200 frames per 10 ms so the TAP queue does not overflow.
  arp IFACE N GW_MAC GW_IP NET              N ARP requests for GW_IP from N senders of NET
                                            (a /16: NET.x.y), each its own MAC
  nd IFACE N GW_MAC GW_IP6 PREFIX6          N neighbour solicitations of GW_IP6 from N senders
                                            PREFIX6::x:y, each with its own link-layer option
  ttl IFACE N GW_MAC SRC_MAC SRC DST        N UDP datagrams SRC -> DST with TTL 1 (each earns
                                            a time exceeded, as far as the rate limit lets it)
  udp IFACE N GW_MAC SRC_MAC SRC DST DPORT SPORT [TTL [LEN [DF]]]
                                            N UDP datagrams SRC:SPORT+i -> DST:DPORT (source
                                            ports wrap within SPORT..65535), IPv4 total
                                            length LEN (default 44), DF set when DF is 1
  syn IFACE N GW_MAC SRC_MAC SRC DST DPORT SPORT
                                            N TCP SYNs SRC:SPORT+i -> DST:DPORT, checksums
                                            right (a SYN flood: each a new connection)
Prints the number of frames sent.
"""
import ipaddress, socket, struct, sys, time


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def host_mac(i):
    return bytes([0x06, 0xf1, 0, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff])


def arp(i, gw_mac, gw_ip, net):
    src = host_mac(i)
    sip = ipaddress.IPv4Address(net).packed[:2] + bytes([1 + (i >> 8) % 254, 1 + i % 254])
    return (b"\xff" * 6 + src + b"\x08\x06" +
            struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + src + sip + b"\0" * 6 +
            ipaddress.IPv4Address(gw_ip).packed).ljust(60, b"\0")


def nd(i, gw_mac, gw_ip6, prefix):
    src = host_mac(i)
    sip = ipaddress.IPv6Address(prefix).packed[:12] + struct.pack("!I", i + 1)
    tgt = ipaddress.IPv6Address(gw_ip6).packed
    icmp = struct.pack("!BBHI", 135, 0, 0, 0) + tgt + bytes([1, 1]) + src
    ph = sip + tgt + struct.pack("!I3xB", len(icmp), 58)  # length, 3 zero bytes, next header
    icmp = icmp[:2] + struct.pack("!H", csum(ph + icmp)) + icmp[4:]
    ip6 = struct.pack("!IHBB", 6 << 28, len(icmp), 58, 255) + sip + tgt
    return gw_mac + src + b"\x86\xdd" + ip6 + icmp


def ttl(i, gw_mac, src_mac, src, dst):
    udp = struct.pack("!HHHH", 40000 + i % 1000, 33434, 8 + 16, 0) + b"\0" * 16
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0, 1, 17, 0,
                     ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return gw_mac + src_mac + b"\x08\x00" + ip + udp


def ip4(src, dst, proto, payload, ttl=64, ident=0, df=False):
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xffff,
                     0x4000 if df else 0, ttl, proto, 0, ipaddress.IPv4Address(src).packed,
                     ipaddress.IPv4Address(dst).packed)
    return ip[:10] + struct.pack("!H", csum(ip)) + ip[12:] + payload


def sport_of(i, sport0):
    return sport0 + i % (65536 - sport0)


def udp(i, gw_mac, src_mac, src, dst, dport, sport0, ttl=64, length=44, df=0):
    data = b"\0" * max(0, length - 28)
    u = struct.pack("!HHHH", sport_of(i, sport0), dport, 8 + len(data), 0) + data
    return gw_mac + src_mac + b"\x08\x00" + ip4(src, dst, 17, u, ttl, i, df == 1)


def syn(i, gw_mac, src_mac, src, dst, dport, sport0):
    t = struct.pack("!HHIIBBHHH", sport_of(i, sport0), dport, 1000 + i, 0, 5 << 4, 0x02, 64240,
                    0, 0)
    ph = (ipaddress.IPv4Address(src).packed + ipaddress.IPv4Address(dst).packed +
          struct.pack("!BBH", 0, 6, len(t)))
    t = t[:16] + struct.pack("!H", csum(ph + t)) + t[18:]
    return gw_mac + src_mac + b"\x08\x00" + ip4(src, dst, 6, t, 64, i)


kind, ifc, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = sys.argv[4:]
make = {"arp": lambda i: arp(i, mac(args[0]), args[1], args[2]),
        "nd": lambda i: nd(i, mac(args[0]), args[1], args[2]),
        "ttl": lambda i: ttl(i, mac(args[0]), mac(args[1]), args[2], args[3]),
        "udp": lambda i: udp(i, mac(args[0]), mac(args[1]), args[2], args[3], int(args[4]),
                             int(args[5]), *[int(a) for a in args[6:9]]),
        "syn": lambda i: syn(i, mac(args[0]), mac(args[1]), args[2], args[3], int(args[4]),
                             int(args[5]))}[kind]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifc, 0))
for i in range(n):
    s.send(make(i))
    if i % 200 == 199:
        time.sleep(0.01)
print(n)
