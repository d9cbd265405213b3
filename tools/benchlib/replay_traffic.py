# SPDX-License-Identifier: BSD-3-Clause
"""What tools/bench --replay replays, and the vswd config that forwards it: the profiles,
their pcaps (made with scapy, cached) and vswd's YAML.

Profile l2-N: N host pairs in one flat learning bridge. Host A_i sits behind port A and host
B_i behind port B; port A replays A_i -> B_i for i = 0..N-1 and port B replays B_i -> A_i.

Profile routed-N: N static /24 routes, half behind each port. The two ports are routed ports
with a router interface each; each side has a gateway the routes point at, with a static
neighbour entry (the net_pcap peers answer no ARP). Port A replays frames to the router
interface's MAC from hosts of A's routes to hosts of B's routes, port B the other way round:
every frame of a pcap is a different destination, the routes taken in a shuffled order, so
the frames of a burst spread over the routes. Up to 4,096 routes are in the YAML (the
config's limit); more (routed-1m: 1,000,000) are added through the control API once vswd
runs (api_routes()), with router.max_routes raised to hold them, and a pcap then holds
65,536 frames, each to a different route drawn at random from all of them.

Profile snat-N: source NAT of N UDP flows (sessions), half from each port. Ports A and B
are inside router interfaces (10.0.0.0/16, 10.1.0.0/16), a third port (net_null, no rx) the
outside one with a pool of 16 addresses and a default route via a static neighbour. Each
side's frames come from up to 4,096 inside endpoints (address, port), each talking to
several servers of 100.64.0.0/16 (port 5001): a session per flow, a mapping per endpoint (a
realistic mix: a resolver or a proxy talks to many servers from one port). No replies
(their ports are the NAT's choice): the sessions stay in the "udp" state, their timeout
raised so none expires. Every frame of a pcap is a different flow, so a pcap holds N / 2
frames (at most 65,536 each: snat-1m is vswd alone, OVS's mempool holds no 1,000,000).

Profiles vxlan-encap-N and vxlan-decap-N: N host pairs across a VXLAN tunnel (VNI 10, UDP
4789, IPv4 underlay). Port A is a bridge member with hosts A_i and replays A_i -> B_i; port B
is a routed port (the underlay: 10.0.1.1, the remote VTEP 10.0.1.2 a static neighbour) and
replays VXLAN from the remote VTEP carrying B_i -> A_i. Once the bridge has learned A_i on
port A and B_i behind the remote VTEP, every frame from A is a known unicast that vxlan_encap
sends to the remote, every packet from B one that vxlan_decap hands to the bridge: both
directions run at once (the two pcaps replay at the same rate), and the two profiles differ
in the path whose nodes they add up: A's frames (the bridge's nodes, vxlan_encap,
l3_output) or B's (l3_input, ip4_input, vxlan_decap, the bridge's; ip4_local too for a vswd
older than 2026-12-04, before ip4_input handed the UDP listeners their packets); each node's
cycles per packet of its own, as the directions share the bridge's nodes. Frames are SIZE
bytes inside (the outer packets 50 more). OVS-DPDK is not run for them (see
docs/benchmarks.md).

Suffix -rulesR (routed-16-rules100): R policy rules in the default VRF, of which only the
last (the highest priority number) matches the replayed traffic (UDP to port 5001, table
main): the others match other sources, destinations, protocols and ports, and say table
main, blackhole or prohibit (policy_rules()).
"""

import os
import random
import re

from benchlib.dpdk import BenchError

PCAP_FORMAT = 1  # bump when the frames change, so cached files are made again

BRIDGE_NODES = ("eth_input", "vlan_input", "bridge_input", "flood", "vlan_output")
ROUTING_NODES = ("eth_input", "l3_input", "ip4_input", "l3_output")
SNAT_NODES = ("eth_input", "l3_input", "ip4_input", "nat44_in2out", "l3_output")
VXLAN_ENCAP_NODES = ("eth_input", "vlan_input", "bridge_input", "vlan_output", "vxlan_encap",
                     "l3_output")
VXLAN_DECAP_NODES = ("eth_input", "l3_input", "ip4_input", "ip4_local", "vxlan_decap",
                     "bridge_input", "vlan_output")
VXLAN_VNI = 10
SNAT_ENDPOINTS = 4096       # inside (address, port) endpoints per side
SNAT_RIF_NET = ("10.0", "10.1")  # each inside side's /16: .0.1 the router
SNAT_OUT = "192.0.2"        # the outside /24: .1 the router, .2 its gateway, .16-.31 the pool
SNAT_OUT_MAC = ("02:76:73:00:0c:01", "02:00:0c:ff:ff:02")  # the router's, the gateway's

MAX_RULES = 256             # VSW_MAX_RULES (pipeline/l3/l3_conf.h)
CONF_ROUTES = 4096          # VSW_MAX_ROUTES (pipeline/l3/l3_conf.h): static routes in a config
MAX_ROUTES = 1 << 21        # routes a side's addresses hold (a /5 of /24s each)
ROUTED_MIN_FRAMES = 256     # frames per pcap at least, so a burst never repeats a destination
ROUTED_MAX_FRAMES = 65536   # frames per pcap at most (net_pcap holds them all in mbufs)
RIF_NET = ("10.0.0", "10.0.1")  # each side's connected /24: .1 the router, .2 the gateway
RIF_MAC = ("02:76:73:00:0a:01", "02:76:73:00:0b:01")
GW_MAC = ("02:00:0a:ff:ff:02", "02:00:0b:ff:ff:02")
SIDE_BASE = (16 << 24, 48 << 24)  # side A's routes from 16.0.0.0, B's from 48.0.0.0 (/24s)
SUFFIX = {"": 1, "k": 1000, "m": 1000000}


class Profile:
    """A parsed profile name: l2-N or routed-N."""

    def __init__(self, name):
        self.per_node = False  # path cycles: each node's own per packet, not per received
        v = re.fullmatch(r"vxlan-(encap|decap)-(\d+)([km]?)", name)
        if v:
            n = int(v.group(2)) * SUFFIX[v.group(3)]
            if not 1 <= n <= 1 << 16:
                raise BenchError(f"{name}: vxlan-encap-N and vxlan-decap-N take 1 <= N <= 65536")
            self.kind, self.dir, self.frames, self.rules, self.api = "vxlan", v.group(1), n, 0, False
            self.per_node = True
            self.nodes = VXLAN_ENCAP_NODES if self.dir == "encap" else VXLAN_DECAP_NODES
            self.nodes_label = f"{self.dir} path nodes"
            self.what = (f"{n} host pairs across a VXLAN tunnel (both directions; the "
                         f"{self.dir} path's nodes)")
            self.name, self.n = name, n
            return
        m = re.fullmatch(r"(l2|routed|snat)-(\d+)([km]?)(?:-rules(\d+))?", name)
        self.rules = int(m.group(4)) if m and m.group(4) else 0
        n = int(m.group(2)) * SUFFIX[m.group(3)] if m else 0
        if m and m.group(1) == "l2" and 1 <= n <= 1 << 22:
            self.kind, self.frames = "l2", n
            self.nodes, self.nodes_label = BRIDGE_NODES, "bridge nodes"
            self.what = f"{n} host pairs, {2 * n} FDB entries"
        elif (m and m.group(1) == "routed" and 4 <= n <= MAX_ROUTES and n % 2 == 0 and
              self.rules <= MAX_RULES):
            self.kind = "routed"
            self.frames = min(max(n // 2, ROUTED_MIN_FRAMES), ROUTED_MAX_FRAMES)
            self.nodes, self.nodes_label = ROUTING_NODES, "routing nodes"
            self.api = n > CONF_ROUTES
            self.what = (f"{n} routes ({'API' if self.api else 'static'}), "
                         f"{self.frames} destinations per direction" +
                         (f", {self.rules} policy rules" if self.rules else ""))
        elif m and m.group(1) == "snat" and 2 <= n <= 1 << 21 and n % 2 == 0 and not self.rules:
            self.kind, self.api = "snat", False
            self.frames = min(n // 2, 1 << 19)
            self.nodes, self.nodes_label = SNAT_NODES, "SNAT path nodes"
            self.what = f"{n} UDP flows (NAT sessions), {self.frames} per direction"
        else:
            raise BenchError(f"unknown replay profile '{name}' (l2-N, 1 <= N <= 4194304: "
                             f"l2-256, l2-65536; routed-N, N even, 4 <= N <= {MAX_ROUTES}, "
                             "k or m for thousand or million: routed-16, routed-4096, "
                             f"routed-1m; -rulesR: R <= {MAX_RULES} policy rules, "
                             "routed-16-rules100; snat-N, N even, snat-1k, snat-1m)")
        if m and m.group(1) == "l2":
            self.api = False
            if self.rules:
                raise BenchError(f"{name}: policy rules are for routed-N profiles")
        self.name, self.n = name, n

    def mbufs(self):
        """net_pcap holds a whole pcap in mbufs of the port's pool: both pcaps, plus what is
        in flight."""
        return 2 * self.frames + 32767


# --- addresses ------------------------------------------------------------------------------

def ip_str(a):
    return ".".join(str((a >> s) & 0xff) for s in (24, 16, 8, 0))


def host_mac(side, i):
    return "02:00:%02x:%02x:%02x:%02x" % (0x0a + side, (i >> 16) & 0xff, (i >> 8) & 0xff,
                                          i & 0xff)


def host_ip(side, i):
    return ip_str(SIDE_BASE[side] + i)


def route_prefix(side, r):
    """Side @side's route @r: a /24 (host order, host bits zero)."""
    return SIDE_BASE[side] + (r << 8)


def routed_flows(n, frames):
    """(route, host) of each frame of a routed-@n pcap: the @n / 2 routes of a side in a
    shuffled order (the same every time), then again with the next host, until @frames.
    With more routes than frames, the frames go to the first @frames of that order: each to
    a different route, drawn at random from all of them."""
    half = n // 2
    order = list(range(half))
    random.Random(n).shuffle(order)
    return [(order[j % half], 1 + j // half) for j in range(frames)]


# --- pcaps ----------------------------------------------------------------------------------

def pcaps(cache_dir, prof, size):
    """The two pcaps of @prof (port A's, port B's), made with scapy unless cached:
    Ethernet/IPv4/UDP frames of @size bytes without FCS (as the PVP loop's --txpkts)."""
    os.makedirs(cache_dir, exist_ok=True)
    paths = [os.path.join(cache_dir, f"{prof.name}-{size}B-{side}-v{PCAP_FORMAT}.pcap")
             for side in ("a", "b")]
    for side, path in enumerate(paths):
        if os.path.exists(path):
            continue
        if prof.kind == "snat":
            write_snat_pcap(path + ".tmp", side, prof.frames, size)
            os.rename(path + ".tmp", path)
            continue
        if prof.kind == "vxlan":
            write_vxlan_pcap(path + ".tmp", side, prof.n, size)
            os.rename(path + ".tmp", path)
            continue
        # scapy is slow to import and to build frames: only when a file is missing.
        from scapy.layers.inet import IP, UDP
        from scapy.layers.l2 import Ether
        from scapy.packet import Padding, Raw
        from scapy.utils import PcapWriter

        tmp = path + ".tmp"
        w = PcapWriter(tmp, linktype=1, sync=False)
        if prof.kind == "l2":
            for i in range(prof.n):
                p = (Ether(src=host_mac(side, i), dst=host_mac(1 - side, i)) /
                     IP(src=host_ip(side, i), dst=host_ip(1 - side, i)) /
                     UDP(sport=1024 + (i & 0x7fff), dport=5001))
                pad = size - len(p)
                if pad > 0:
                    p = p / Padding(b"\0" * pad)
                w.write(p)
        else:
            # A UDP payload, not Ethernet padding, fills the frame: what a generator sends.
            for j, (r, h) in enumerate(routed_flows(prof.n, prof.frames)):
                p = (Ether(src=GW_MAC[side], dst=RIF_MAC[side]) /
                     IP(src=ip_str(route_prefix(side, r) + h),
                        dst=ip_str(route_prefix(1 - side, r) + h), ttl=64) /
                     UDP(sport=1024 + (j & 0x7fff), dport=5001))
                pad = size - len(p)
                if pad > 0:
                    p = p / Raw(b"\0" * pad)
                w.write(p)
        w.close()
        os.rename(tmp, path)
    return paths


def snat_flow(side, j):
    """Side @side's flow @j: (inside address, port, server address), host order."""
    e, d = j % SNAT_ENDPOINTS, j // SNAT_ENDPOINTS
    a, b = (int(x) for x in SNAT_RIF_NET[side].split("."))
    return ((a << 24) | (b << 16) | (2 + e // 256) << 8 | (e % 256)), 1024 + e % 256 * 8 + \
        side, (100 << 24) | (64 << 16) | (d + 1)


def write_snat_pcap(path, side, frames, size):
    """@frames UDP frames of @size bytes from side @side's flows, written without scapy (a
    million frames would take it minutes)."""
    import struct
    dst_mac = bytes.fromhex(RIF_MAC[side].replace(":", ""))
    src_mac = bytes.fromhex(GW_MAC[side].replace(":", ""))
    ip_len = max(size, 60) - 14
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for j in range(frames):
            src, sport, dst = snat_flow(side, j)
            hdr = struct.pack("!BBHHHBBHII", 0x45, 0, ip_len, 0, 0, 64, 17, 0, src, dst)
            s = sum(struct.unpack("!10H", hdr))
            s = (s & 0xffff) + (s >> 16)
            s = (s & 0xffff) + (s >> 16)
            hdr = hdr[:10] + struct.pack("!H", ~s & 0xffff) + hdr[12:]
            udp = struct.pack("!HHHH", sport, 5001, ip_len - 20, 0)
            frame = dst_mac + src_mac + b"\x08\x00" + hdr + udp + bytes(ip_len - 28)
            f.write(struct.pack("<IIII", 0, 0, len(frame), len(frame)) + frame)


def inner_frame(side, i, size):
    """Host pair @i's frame from side @side: Ethernet/IPv4/UDP of @size bytes (at least 60)."""
    import struct
    ip_len = max(size, 60) - 14
    src, dst = SIDE_BASE[side] + i, SIDE_BASE[1 - side] + i
    hdr = ip4_header(ip_len, src, dst)
    udp = struct.pack("!HHHH", 1024 + (i & 0x7fff), 5001, ip_len - 20, 0)
    return (bytes.fromhex(host_mac(1 - side, i).replace(":", "")) +
            bytes.fromhex(host_mac(side, i).replace(":", "")) + b"\x08\x00" + hdr + udp +
            bytes(ip_len - 28))


def ip4_header(ip_len, src, dst, proto=17):
    import struct
    hdr = struct.pack("!BBHHHBBHII", 0x45, 0, ip_len, 0, 0, 64, proto, 0, src, dst)
    s = sum(struct.unpack("!10H", hdr))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return hdr[:10] + struct.pack("!H", ~s & 0xffff) + hdr[12:]


def write_vxlan_pcap(path, side, n, size):
    """Side A: the @n plain frames A_i -> B_i. Side B: the @n frames B_i -> A_i, each in
    VXLAN from the remote VTEP (GW) to vswd's (RIF of side B), UDP 4789 without checksum,
    the source port spread as a VTEP spreads its flows."""
    import struct
    rif = gw_ip(1) - 1
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(n):
            frame = inner_frame(side, i, size)
            if side == 1:
                udp_len = 8 + 8 + len(frame)
                outer = (bytes.fromhex(RIF_MAC[1].replace(":", "")) +
                         bytes.fromhex(GW_MAC[1].replace(":", "")) + b"\x08\x00" +
                         ip4_header(20 + udp_len, gw_ip(1), rif) +
                         struct.pack("!HHHH", 49152 + (i & 0x3fff), 4789, udp_len, 0) +
                         struct.pack("!II", 0x08000000, VXLAN_VNI << 8))
                frame = outer + frame
            f.write(struct.pack("<IIII", 0, 0, len(frame), len(frame)) + frame)


def pcap_vdevs(paths):
    return [f"net_pcap{i},rx_pcap={p},infinite_rx=1" for i, p in enumerate(paths)]


# --- vswd's config --------------------------------------------------------------------------

def vswd_config(path, prefix, prof, paths):
    pa, pb = pcap_vdevs(paths)
    text = f"""# Written by tools/bench (replay profile {prof.name}).
eal:
  file_prefix: {prefix}
  main_lcore: 0
  args: ["--no-pci"]
workers:
  lcores: [1]
  idle_sleep_us: 0
  mbufs: {prof.mbufs()}
ports:
  - name: pa
    kind: dpdk
    devargs: "{pa}"
  - name: pb
    kind: dpdk
    devargs: "{pb}"
"""
    if prof.kind == "snat":
        text += snat_config(prof)
    elif prof.kind == "vxlan":
        text += f"""bridges:
  - name: br
    ports: [pa]
fdb:
  size: {max(65536, 2 * prof.n * 5 // 4)}
router:
  interfaces:
    - {{name: rb, port: pb, mac: "{RIF_MAC[1]}", addresses: [{RIF_NET[1]}.1/24]}}
  neighbours:
    - {{interface: rb, address: {RIF_NET[1]}.2, mac: "{GW_MAC[1]}"}}
vxlan:
  - {{name: vx, vni: {VXLAN_VNI}, bridge: br, local: {RIF_NET[1]}.1, remotes: [{RIF_NET[1]}.2]}}
"""
    elif prof.kind == "l2":
        # Every host pair is two entries; rte_hash wants room to spare.
        text += f"""bridges:
  - name: br
    ports: [pa, pb]
fdb:
  size: {max(65536, 2 * prof.n * 5 // 4)}
"""
    else:
        rif = ("ra", "rb")
        text += "router:\n  interfaces:\n"
        for side, port in enumerate(("pa", "pb")):
            text += (f"    - {{name: {rif[side]}, port: {port}, mac: \"{RIF_MAC[side]}\", "
                     f"addresses: [{RIF_NET[side]}.1/24]}}\n")
        if prof.api:
            # The routes, the interfaces' and the neighbours' too; api_routes() adds them.
            text += f"  max_routes: {prof.n + 1024}\n"
        else:
            text += "  routes:\n"
            for r in range(prof.n // 2):
                for side in (0, 1):
                    text += (f"    - {{to: {ip_str(route_prefix(side, r))}/24, "
                             f"via: {RIF_NET[side]}.2}}\n")
        if prof.rules:
            text += "  rules:\n" + "".join(f"    - {r}\n" for r in policy_rules(prof.rules))
        text += "  neighbours:\n"
        for side in (0, 1):
            text += (f"    - {{interface: {rif[side]}, address: {RIF_NET[side]}.2, "
                     f"mac: \"{GW_MAC[side]}\"}}\n")
    with open(path, "w") as f:
        f.write(text)


def snat_config(prof):
    """The outside port and interface, the two inside interfaces, the NAT (vswd_config())."""
    text = f"""  - name: po
    kind: dpdk
    devargs: "net_null0,no-rx=1"
router:
  interfaces:
    - {{name: ra, port: pa, mac: "{RIF_MAC[0]}", addresses: [{SNAT_RIF_NET[0]}.0.1/16]}}
    - {{name: rb, port: pb, mac: "{RIF_MAC[1]}", addresses: [{SNAT_RIF_NET[1]}.0.1/16]}}
    - {{name: ro, port: po, mac: "{SNAT_OUT_MAC[0]}", addresses: [{SNAT_OUT}.1/24]}}
  routes:
    - {{to: 0.0.0.0/0, via: {SNAT_OUT}.2}}
  neighbours:
    - {{interface: ro, address: {SNAT_OUT}.2, mac: "{SNAT_OUT_MAC[1]}"}}
nat:
  inside: [ra, rb]
  outside:
    - interface: ro
      pool: [{", ".join(f"{SNAT_OUT}.{16 + i}" for i in range(16))}]
  max_sessions: {snat_max_sessions(prof.n)}
  timeouts: {{udp: 86400}}
"""
    return text


def snat_max_sessions(n):
    """nat.max_sessions for snat-N: room for N sessions and a quarter more, a power of two."""
    return max(65536, 1 << (n * 5 // 4 - 1).bit_length())


def policy_rules(n):
    """@n rules (YAML flow mappings): n - 1 that the replayed frames (UDP from 16/8 and 48/8
    to 48/8 and 16/8, port 5001) do not match, then one they all match."""
    out = []
    for k in range(n - 1):
        kind = k % 4
        if kind == 0:
            out.append(f"{{priority: {100 + k}, from: 100.64.{k}.0/24, table: 254}}")
        elif kind == 1:
            out.append(f"{{priority: {100 + k}, to: 198.18.{k}.0/24, action: blackhole}}")
        elif kind == 2:
            out.append(f"{{priority: {100 + k}, proto: tcp, dport: {1000 + k}-{1010 + k}, "
                       "table: 254}")
        else:
            out.append(f"{{priority: {100 + k}, from: 10.{k}.0.0/16, proto: udp, "
                       f"dport: {2000 + k}, action: prohibit}}")
    out.append(f"{{priority: {100 + n - 1}, proto: udp, dport: 5001, table: 254}}")
    return out


def gw_ip(side):
    """Side @side's gateway (host order)."""
    a, b, c = (int(x) for x in RIF_NET[side].split("."))
    return (a << 24) | (b << 16) | (c << 8) | 2


def api_routes(prof):
    """The routes of an API profile, as (prefix, len, type, via) in host order (type 0: via
    a gateway), in the order the YAML would list them."""
    return [(route_prefix(side, r), 24, 0, gw_ip(side))
            for r in range(prof.n // 2) for side in (0, 1)]
