# SPDX-License-Identifier: BSD-3-Clause
"""Check tools/trex/stl's profiles without TRex (tests/scenario/test_trex_kit.sh): load each
with a stub of trex_stl_lib.api (trex_stub/) and check, per direction, that the frames its
streams build are what docs/trex.md says — Ethernet/IPv4/UDP of the stated size without FCS,
from 16.0.0.0/8 to 48.0.0.0/8 on port 0 and back on port 1, a valid IPv4 checksum, the field
engine writing the source and destination over the whole /8s and fixing the checksum — and
that the IMIX profile has TRex's 28:16:4 mix of 64, 594 and 1518-byte frames.
Prints "PASS <name>" or "FAIL <name>: <why>" per check."""

import importlib.util
import ipaddress
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STL = os.path.join(HERE, "..", "..", "tools", "trex", "stl")
sys.path.insert(0, os.path.join(HERE, "trex_stub"))

from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402

NETS = (ipaddress.ip_network("16.0.0.0/8"), ipaddress.ip_network("48.0.0.0/8"))
failed = 0


def check(name, ok, why=""):
    global failed
    if ok:
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {why}")


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(STL, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.register()


def frame_of(stream):
    """(the frame's bytes as scapy builds them, the field engine's instructions)."""
    builder = stream.kwargs["packet"]
    return bytes(builder.kwargs["pkt"]), builder.kwargs["vm"].args[0]


def check_stream(prof, direction, stream, size):
    """One stream: the built frame and the field engine over it."""
    name = f"{prof} direction {direction} {size}-byte"
    raw, vm = frame_of(stream)
    p = Ether(raw)
    src_net, dst_net = NETS[direction], NETS[1 - direction]
    check(f"{name}: {size - 4} bytes built (TRex adds the FCS)", len(raw) == size - 4,
          f"{len(raw)} bytes")
    check(f"{name}: Ethernet/IPv4/UDP", IP in p and UDP in p and p[Ether].type == 0x0800,
          p.summary())
    if IP not in p or UDP not in p:
        return
    check(f"{name}: from {src_net} to {dst_net}",
          ipaddress.ip_address(p[IP].src) in src_net and
          ipaddress.ip_address(p[IP].dst) in dst_net, f"{p[IP].src} -> {p[IP].dst}")
    ip = p[IP].copy()
    ip.chksum = None
    check(f"{name}: IPv4 checksum and lengths valid",
          p[IP].chksum == IP(bytes(ip)).chksum and p[IP].len == len(raw) - 14 and
          p[UDP].len == len(raw) - 34 and p[IP].ttl > 1, p[IP].show(dump=True))
    check(f"{name}: UDP to port 5001", p[UDP].dport == 5001, str(p[UDP].dport))
    kinds = {type(i).__name__: i for i in vm}
    fvs = {i.kwargs["name"]: i.kwargs for i in vm if type(i).__name__ == "STLVmFlowVar"}
    wrs = {i.kwargs["fv_name"]: i.kwargs["pkt_offset"] for i in vm
           if type(i).__name__ == "STLVmWrFlowVar"}
    ok = True
    why = []
    for var, net, field in (("src", src_net, "IP.src"), ("dst", dst_net, "IP.dst")):
        fv = fvs.get(var)
        if not fv or wrs.get(var) != field:
            ok = False
            why.append(f"no flow variable written to {field}")
            continue
        lo, hi = (ipaddress.ip_address(fv[k]) for k in ("min_value", "max_value"))
        if not (lo in net and hi in net and int(hi) - int(lo) >= net.num_addresses - 3):
            ok = False
            why.append(f"{var} {lo}..{hi} is not the whole of {net}")
    check(f"{name}: field engine varies source and destination over the /8s", ok,
          "; ".join(why))
    check(f"{name}: field engine fixes the IPv4 checksum",
          "STLVmFixIpv4" in kinds and kinds["STLVmFixIpv4"].kwargs.get("offset") == "IP",
          str(vm))
    mode = stream.kwargs["mode"]
    check(f"{name}: continuous", type(mode).__name__ == "STLTXCont", str(mode))
    return mode.kwargs.get("pps", 1)


def check_configs():
    """trex_cfg.yaml and the vswd gateway configs agree: each TRex port's address is on its
    vswd interface's /24 with that interface as default gateway, vswd routes each side's
    /8 via it, and the static config's neighbours are those addresses."""
    import yaml
    top = os.path.join(STL, "..")
    trex = yaml.safe_load(open(os.path.join(top, "trex_cfg.yaml")))[0]["port_info"]
    for cfg in ("vswd-gateway.yaml", "vswd-gateway-static.yaml"):
        r = yaml.safe_load(open(os.path.join(top, cfg)))["router"]
        rifs = r["interfaces"]
        for i, port in enumerate(trex):
            rif = ipaddress.ip_interface(rifs[i]["addresses"][0])
            check(f"{cfg}: TRex port {i} ({port['ip']}) on {rifs[i]['name']}'s {rif.network}, "
                  "its gateway", ipaddress.ip_address(port["ip"]) in rif.network and
                  port["default_gw"] == str(rif.ip), f"{port} / {rifs[i]}")
            routes = {x["to"]: x["via"] for x in r["routes"]}
            check(f"{cfg}: {NETS[i]} via TRex port {i}", routes.get(str(NETS[i])) == port["ip"],
                  str(routes))
        if "static" in cfg:
            nb = {(x["interface"], x["address"]) for x in r.get("neighbours", [])}
            want = {(rifs[i]["name"], p["ip"]) for i, p in enumerate(trex)}
            check(f"{cfg}: static neighbours for TRex's addresses", nb == want, str(nb))


def main():
    check_configs()
    p64 = load("vsw_udp_64")
    for d in (0, 1):
        streams = p64.get_streams(direction=d)
        check(f"vsw_udp_64 direction {d}: one stream", len(streams) == 1, str(streams))
        check_stream("vsw_udp_64", d, streams[0], 64)
        check_stream("vsw_udp_64", d, p64.get_streams(direction=d, size=128)[0], 128)
    imix = load("vsw_udp_imix")
    for d in (0, 1):
        streams = imix.get_streams(direction=d)
        sizes = [len(frame_of(s)[0]) + 4 for s in streams]
        check(f"vsw_udp_imix direction {d}: 64, 594 and 1518-byte streams",
              sizes == [64, 594, 1518], str(sizes))
        pps = [check_stream("vsw_udp_imix", d, s, size) for s, size in zip(streams, sizes)]
        check(f"vsw_udp_imix direction {d}: 28:16:4 packets", pps == [28, 16, 4], str(pps))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
