# SPDX-License-Identifier: BSD-3-Clause
"""TRex STL profile for scenario 12 (docs/trex.md): UDP from 16.0.0.0/8 to 48.0.0.0/8 on
TRex port 0 (direction 0) and back from 48.0.0.0/8 to 16.0.0.0/8 on port 1 (direction 1),
through vswd routing between them. One continuous stream per port of 64-byte frames (60 bytes
built, TRex adds the FCS); the source address counts up through the whole /8 and the
destination down through the other, so every frame is a different flow and route lookup.

  trex-console> start -f tools/trex/stl/vsw_udp_64.py -m 10mpps --port 0 1
  (-t size=128 for another frame size, FCS included)

Ether() carries no addresses: in L3 mode TRex fills in its port's MAC and the gateway's
(vswd's router interface, resolved with ARP); in MAC mode those of trex_cfg.yaml.
"""

from trex_stl_lib.api import (IP, UDP, Ether, STLPktBuilder, STLScVmRaw, STLStream,
                              STLTXCont, STLVmFixIpv4, STLVmFlowVar, STLVmWrFlowVar)

NETS = (("16.0.0.1", "16.255.255.254"), ("48.0.0.1", "48.255.255.254"))


def udp_stream(direction, size, pps=1, flow_base=0):
    """A continuous stream of @size-byte frames (FCS included) from side @direction's /8 to
    the other side's; @pps is the stream's share of the rate (-m scales it)."""
    src, dst = NETS[direction], NETS[1 - direction]
    base = Ether() / IP(src=src[0], dst=dst[0]) / UDP(sport=1025 + flow_base, dport=5001)
    pad = max(0, size - 4 - len(base))
    vm = STLScVmRaw([
        STLVmFlowVar(name="src", min_value=src[0], max_value=src[1], size=4, op="inc"),
        STLVmFlowVar(name="dst", min_value=dst[0], max_value=dst[1], size=4, op="dec"),
        STLVmWrFlowVar(fv_name="src", pkt_offset="IP.src"),
        STLVmWrFlowVar(fv_name="dst", pkt_offset="IP.dst"),
        STLVmFixIpv4(offset="IP"),
    ])
    return STLStream(packet=STLPktBuilder(pkt=base / ("x" * pad), vm=vm),
                     mode=STLTXCont(pps=pps))


class VswUdp64:
    def get_streams(self, direction=0, size=64, **kwargs):
        return [udp_stream(direction, int(size))]


def register():
    return VswUdp64()
