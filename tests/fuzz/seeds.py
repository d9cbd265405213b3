#!/usr/bin/python3
# Regenerate the seed corpora of the fuzz targets in tests/fuzz/corpus/<target>/ from every
# config the project holds: config/*.yaml, the YAML blocks of docs/*.md, the configs the
# scenario scripts write (heredocs, expanded by bash with sample values), and the texts the
# unit tests parse (captured with tests/fuzz/harvest.gdb into the directories given).
# The api seeds are request streams built here, and the datapath seeds that reach the NAT and
# the VTEP frames built here with scapy. Files are named by their SHA-1, as libFuzzer
# names what it adds; files already there (crashers kept as regression tests) stay.
#
#   for t in test_config test_config_diff; do mkdir -p /tmp/h/$t
#       HARVEST_DIR=/tmp/h/$t gdb -q -batch -x tests/fuzz/harvest.gdb build/tests/$t; done
#   tests/fuzz/seeds.py /tmp/h/test_config /tmp/h/test_config_diff
import glob
import hashlib
import os
import re
import struct
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(TOP, "tests", "fuzz", "corpus")
CUT = b"#8<\n"
# Larger texts (the unit tests' 4096 bridges) only slow the fuzzer down: the unit tests
# already cover the limits.
SEED_MAX = 16384  # fuzz_config_diff.c: old, a line "#8<", new

# Sample values for the shell variables the scenario heredocs use.
SHELL_VARS = {
    "T_TMP": "/tmp/vsw-test", "STATIC_MAC": "02:00:00:00:aa:01", "H1_MAC": "02:00:00:00:00:01",
    "H2_MAC": "02:00:00:00:00:02", "side": "a", "n": "0", "lo": "1", "hi": "3", "i": "1",
    "veth_if": "vt-vl-ta", "P": "vswtest-vlc", "mode": "client",
    "ports": "  - {name: pa, kind: tap, iface: vt-rl-a}\n  - {name: pb, kind: tap, iface: vt-rl-b}",
    "xc": "  - [pa, pb]",
}


def save(target, data):
    if len(data) > SEED_MAX:
        return
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def scenario_configs():
    """Each script's heredocs, in order, expanded by bash."""
    out = []
    for script in sorted(glob.glob(os.path.join(TOP, "tests", "scenario", "test_*.sh"))):
        text = open(script).read()
        env = dict(SHELL_VARS)
        # Simple single-quoted assignments at the top of the script (HEAD='...').
        for m in re.finditer(r"^([A-Z_]+)='([^']*)'", text, re.M):
            env[m.group(1)] = m.group(2)
        docs = []
        for m in re.finditer(r"<<YAML\n(.*?\n)YAML\n", text, re.S):
            body = m.group(1)
            # $1..$4 as the scripts' helper functions get them (file, limits, yes).
            expand = 'set -- file 64 128 yes; eval "cat <<YAML"$\'\\n\'"$BODY"YAML'
            r = subprocess.run(["bash", "-c", expand], env={**os.environ, **env, "BODY": body},
                               capture_output=True)
            if r.returncode == 0:
                docs.append(r.stdout)
        out.append(docs)
    return out


def doc_configs():
    out = []
    for md in sorted(glob.glob(os.path.join(TOP, "docs", "*.md"))):
        for m in re.finditer(r"```yaml\n(.*?)```", open(md).read(), re.S):
            out.append(m.group(1).encode())
    return out


def harvested(dirs):
    """The texts of each directory, in the order the tests parsed them."""
    out = []
    for d in dirs:
        files = sorted(os.listdir(d))
        out.append([(f.split("-", 1)[1], open(os.path.join(d, f), "rb").read()) for f in files])
    return out


def api_seeds():
    def req(rtype, rid, payload=b""):
        return struct.pack("=III", len(payload), rtype, rid) + payload

    def t(module, n):
        return (module << 16) | n

    status, reload, flush, echo = t(1, 1), t(1, 2), t(2, 1), t(0x7FFF, 1)
    path = b"/etc/vsw/vsw.yaml".ljust(4096, b"\0")
    seeds = [
        req(status, 1),
        req(reload, 2, path),
        req(reload, 3, b"relative.yaml".ljust(4096, b"\0")),
        req(reload, 4, b"/".ljust(4096, b"x")),  # no NUL in the path field
        req(flush, 5, b"lan".ljust(32, b"\0")),
        req(flush, 6, b"b" * 32),  # no NUL in the name field
        req(status, 7) + req(flush, 8, b"lan".ljust(32, b"\0")) + req(status, 9),
        req(t(9, 9), 10),  # unknown type
        req(status, 11, b"x"),  # wrong size
        struct.pack("=III", 16384, status, 12),  # oversized
        struct.pack("=III", 0xFFFFFFFF, status, 13),  # oversized, length at its limit
        req(status, 14)[:7],  # partial header
        req(reload, 15, path)[:100],  # partial payload
        req(echo, 16, bytes(range(256)) * 63 + bytes(116)),  # the largest request
        req(t(0x7FFF, 2), 17) + req(t(0x7FFF, 3), 18),  # handlers with bugs
    ]
    seeds.append(b"".join(req(status, 100 + i) for i in range(40)))  # fills tx
    out = []
    for i, s in enumerate(seeds):
        for ctl in (i % 11, 0x80 | ((i + 5) % 11)):  # read size; 0x80 = slow reader
            out.append(bytes([ctl]) + s)
    return out


def datapath_seeds():
    """Frames for fuzz_datapath (a port byte, then the frame) that reach the NAT and the
    VTEP of its config: the other seeds there came from the unit tests' frames."""
    from scapy.layers.inet import ICMP, IP, TCP, UDP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import ARP, Dot1Q, Ether
    from scapy.layers.vxlan import VXLAN
    gw100, r3, nb3 = "02:00:00:00:00:64", "02:00:00:00:00:03", "02:00:00:00:03:02"
    host = "02:00:00:00:0a:02"
    inner = Ether(src="02:00:00:00:20:01", dst="ff:ff:ff:ff:ff:ff")
    under = Ether(src=nb3, dst=r3) / IP(src="10.3.0.2", dst="10.3.0.1")
    frames = [
        # ring1 (access 100): inside host to the world, SNAT out of r3
        (1, Ether(src=host, dst=gw100) / IP(src="10.1.0.2", dst="192.0.2.200") / UDP(sport=4000, dport=53)),
        (1, Ether(src=host, dst=gw100) / IP(src="10.1.0.2", dst="8.8.4.4") / TCP(sport=4001, dport=443, flags="S")),
        (1, Ether(src=host, dst=gw100) / IP(src="10.1.0.2", dst="8.8.4.4") / ICMP(id=7)),
        # ring3 (outside): a port forward, the floating IP, an unsolicited reply, ICMP errors
        (3, Ether(src=nb3, dst=r3) / IP(src="198.18.0.9", dst="10.3.0.1") / TCP(sport=5555, dport=8080, flags="S")),
        (3, Ether(src=nb3, dst=r3) / IP(src="198.18.0.9", dst="10.3.0.1") / UDP(sport=5555, dport=5353)),
        (3, Ether(src=nb3, dst=r3) / IP(src="198.18.0.9", dst="10.3.0.50") / ICMP(id=9)),
        (3, Ether(src=nb3, dst=r3) / IP(src="8.8.4.4", dst="10.3.0.1") / TCP(sport=443, dport=61000, flags="SA")),
        (3, Ether(src=nb3, dst=r3) / IP(src="198.18.0.1", dst="10.3.0.1") / ICMP(type=11, code=0) /
         IP(src="10.3.0.1", dst="8.8.4.4", ttl=1) / UDP(sport=61000, dport=33434)),
        # ring3: VXLAN to the VTEP vx200 (VNI 200, bridge v200), from a listed VTEP and not
        (3, under / UDP(sport=50000, dport=4789) / VXLAN(vni=200) / inner / ARP(psrc="10.2.0.77", pdst="10.2.0.1")),
        (3, under / UDP(sport=50000, dport=4789) / VXLAN(vni=200) / inner / IP(src="10.2.0.77", dst="10.2.0.1") / ICMP()),
        (3, Ether(src=nb3, dst=r3) / IP(src="10.3.0.9", dst="10.3.0.1") / UDP(sport=1, dport=4789) / VXLAN(vni=200) / inner / Dot1Q(vlan=5) / IP()),
        # ring0 (trunk): v200's hosts, flooded into the tunnel; a request ARP suppression
        # answers (10.2.0.9 is bound)
        (0, Ether(src="02:00:00:00:02:09", dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=200) / ARP(psrc="10.2.0.9", pdst="10.2.0.1")),
        (0, Ether(src="02:00:00:00:02:0a", dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=200) / ARP(psrc="10.2.0.10", pdst="10.2.0.9")),
        # ring3: VXLAN over IPv6 to vx300 (VNI 300, bridge v300)
        (3, Ether(src=nb3, dst=r3) / IPv6(src="2001:db8:3::2", dst="2001:db8:3::1") / UDP(sport=50000, dport=4789) / VXLAN(vni=300) / inner / IP(src="10.9.0.1", dst="10.9.0.2") / UDP()),
    ]
    return [bytes([port]) + bytes(f) for port, f in frames]


def main():
    scen = scenario_configs()
    docs = doc_configs()
    harv = harvested(sys.argv[1:])
    configs = [open(f, "rb").read() for f in sorted(glob.glob(os.path.join(TOP, "config", "*.yaml")))]
    configs += docs + [c for s in scen for c in s] + [t for h in harv for _, t in h]
    for c in configs:
        save("config", c)

    pairs = []
    for docs_of_script in scen:  # a script's configs in turn, as its reloads do
        pairs += zip(docs_of_script, docs_of_script[1:])
    for h in harv:  # the unit tests' (old.yaml, new.yaml) pairs
        for (n1, t1), (n2, t2) in zip(h, h[1:]):
            if n1 == "old.yaml" and n2 == "new.yaml":
                pairs.append((t1, t2))
    default = open(os.path.join(TOP, "config", "default.yaml"), "rb").read()
    pairs += [(default, d) for d in docs]
    for a, b in pairs:
        save("config_diff", a.rstrip(b"\n") + b"\n" + CUT + b)

    for s in api_seeds():
        save("api", s)
    for s in datapath_seeds():
        save("datapath", s)
    for t in ("config", "config_diff", "api", "datapath"):
        print(t, len(os.listdir(os.path.join(CORPUS, t))))


if __name__ == "__main__":
    main()
