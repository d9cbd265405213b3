# SPDX-License-Identifier: BSD-3-Clause
"""TRex STL profile for scenario 12 with IMIX (docs/trex.md): the flows of vsw_udp_64.py
(16.0.0.0/8 -> 48.0.0.0/8 on port 0, back on port 1) in three streams of 64, 594 and 1518-byte
frames (60, 590 and 1514 built, TRex adds the FCS) at 28:16:4 packets, TRex's own IMIX mix:
an average of 357.8 bytes a frame built (361.8 with the FCS).

  trex-console> start -f tools/trex/stl/vsw_udp_imix.py -m 10gbps --port 0 1
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vsw_udp_64 import udp_stream  # noqa: E402  (TRex loads a profile by path)

IMIX = ((64, 28), (594, 16), (1518, 4))  # frame size with FCS, packets per 48


class VswUdpImix:
    def get_streams(self, direction=0, **kwargs):
        return [udp_stream(direction, size, pps, flow_base=i)
                for i, (size, pps) in enumerate(IMIX)]


def register():
    return VswUdpImix()
