# SPDX-License-Identifier: BSD-3-Clause
"""The least of TRex's trex_stl_lib.api that tools/trex/stl's profiles use, so that
tests/scenario/trex_kit.py can load them without TRex: scapy's layers (the real module
re-exports them too) and the STL classes, which only keep their arguments."""

from scapy.layers.inet import IP, UDP  # noqa: F401
from scapy.layers.l2 import Ether  # noqa: F401


class _Args:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs

    def __repr__(self):
        return f"{type(self).__name__}({self.args}, {self.kwargs})"


class STLPktBuilder(_Args):
    pass


class STLStream(_Args):
    pass


class STLTXCont(_Args):
    pass


class STLScVmRaw(_Args):
    pass


class STLVmFlowVar(_Args):
    pass


class STLVmWrFlowVar(_Args):
    pass


class STLVmFixIpv4(_Args):
    pass
