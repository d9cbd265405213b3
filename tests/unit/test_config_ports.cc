/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the config parser: values, the ports and xconnect sections and their cross checks
 * (ports/port_conf.c, pipeline/xconnect/xconnect_conf.c), with the exact
 * "file:line:column: " position of each error. Helpers: config_test_util.h.
 */
#include "config_test_util.h"

/* ------------------------------------------------------------------------------------------
 * Integers and booleans
 */

TEST(Config, StringWhereInteger)
{
	EXPECT_TRUE(Fails(OneTap("    rx_queues: abc\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got 'abc'"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues: 0x10\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got '0x10'"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues: 1.5\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got '1.5'"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues:\n"),
			  "t.yaml:6:15: ", "expected an integer for 'rx_queues', got null"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues: [1]\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got a sequence"));
	EXPECT_TRUE(Fails(OneTap("    mtu: \"1500\"\n"), "t.yaml:6:10: ",
			  "expected an integer for 'mtu', got the quoted string '1500'"));
}

TEST(Config, IntegersAreUnsignedDecimal)
{
	EXPECT_TRUE(Fails(OneTap("    mtu: -1\n"),
			  "t.yaml:6:10: ", "'mtu' must be in 68..9600 (no sign), got '-1'"));
	EXPECT_TRUE(Fails(OneTap("    mtu: +1500\n"), "t.yaml:6:10: ", "(no sign)"));
	EXPECT_TRUE(Fails(OneTap("    rx_desc: 01024\n"), "t.yaml:6:14: ",
			  "expected a decimal integer without leading zeros for 'rx_desc'"));
	EXPECT_TRUE(Fails(OneTap("    mtu: 99999999999999999999999\n"), "t.yaml:6:10: ",
			  "'mtu' must be in 68..9600, got '99999999999999999999999'"));
}

TEST(Config, MtuAPortKindCannotTake)
{
	/* An af_packet port's frames must fit its ring frames (framesz, default 2048, less 66
	 * bytes of headers): caught by vswd --check, at the mtu value. Every other kind takes
	 * any MTU of the range here (the rest the device says at start-up). */
	const std::string af = "workers:\n  lcores: [1]\nports:\n  - name: up\n"
			       "    kind: dpdk\n    devargs: net_af_packet0,iface=veth0";
	EXPECT_TRUE(Fails(af + "\n    mtu: 1969\n", "t.yaml:7:10: ",
			  "'mtu' 1969 needs framesz=2049 or more in the devargs of a "
			  "net_af_packet port (framesz is 2048)"));
	EXPECT_EQ(Parse(af + "\n    mtu: 1968\n").rc, 0);
	EXPECT_TRUE(Fails(af + ",framesz=8192\n    mtu: 9000\n", "t.yaml:7:10: ",
			  "(framesz is 8192)"));
	EXPECT_EQ(Parse(af + ",framesz=16384,blocksz=16384\n    mtu: 9000\n").rc, 0);
	EXPECT_EQ(Parse(OneTap("    mtu: 9600\n")).rc, 0);
	Result r = Parse(OneTap("    mtu: 9000\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[0].mtu_mark.line, 6u) << "start-up errors point at it";
}

TEST(Config, PortIntRanges)
{
	const struct {
		const char *line;
		const char *where;
		const char *what;
	} cases[] = {
	    {"    rx_queues: 0\n", "t.yaml:6:16: ", "'rx_queues' must be in 1..16, got '0'"},
	    {"    rx_queues: 17\n", "t.yaml:6:16: ", "'rx_queues' must be in 1..16, got '17'"},
	    {"    rx_desc: 32\n", "t.yaml:6:14: ", "'rx_desc' must be in 64..32768, got '32'"},
	    {"    tx_desc: 65536\n",
	     "t.yaml:6:14: ", "'tx_desc' must be in 64..32768, got '65536'"},
	    {"    rx_desc: 1000\n",
	     "t.yaml:6:14: ", "'rx_desc' must be a power of two in 64..32768, got '1000'"},
	    {"    tx_desc: 96\n",
	     "t.yaml:6:14: ", "'tx_desc' must be a power of two in 64..32768, got '96'"},
	    {"    mtu: 67\n", "t.yaml:6:10: ", "'mtu' must be in 68..9600, got '67'"},
	    {"    mtu: 9601\n", "t.yaml:6:10: ", "'mtu' must be in 68..9600, got '9601'"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.line);
		EXPECT_TRUE(Fails(OneTap(c.line), c.where, c.what));
	}
}

TEST(Config, BadBool)
{
	EXPECT_TRUE(
	    Fails(OneTap("    rss: maybe\n"), "t.yaml:6:10: ",
		  "expected a boolean (true/false, yes/no, on/off) for 'rss', got 'maybe'"));
	EXPECT_TRUE(Fails(OneTap("    rss: 1\n"), "t.yaml:6:10: ",
			  "expected a boolean (true/false, yes/no, on/off) for 'rss', got '1'"));
	EXPECT_TRUE(Fails(OneTap("    rss: 'true'\n"),
			  "t.yaml:6:10: ", "for 'rss', got the quoted string 'true'"));
}

/* ------------------------------------------------------------------------------------------
 * ports
 */

TEST(Config, UnknownPortKey)
{
	EXPECT_TRUE(Fails(OneTap("    queues: 2\n"), "t.yaml:6:5: ",
			  "unknown key 'queues' in port (expected one of: name, kind, devargs, "
			  "iface, path, mode, mac, rx_queues, rx_desc, tx_desc, mtu, rss, "
			  "rx_affinity, members, bond_mode, vlan_mode, tag, trunks, native_vlan, "
			  "native_tagged, tpid, mac_limit)"));
}

TEST(Config, DuplicatePortKey)
{
	EXPECT_TRUE(Fails(OneTap("    mtu: 1500\n    mtu: 9000\n"),
			  "t.yaml:7:5: ", "duplicate key 'mtu' in port (first at line 6)"));
}

TEST(Config, NonScalarKey)
{
	EXPECT_TRUE(Fails(OneTap("    [a]: 1\n"),
			  "t.yaml:6:5: ", "expected a key name in port, got a sequence"));
}

TEST(Config, PortsNotANonEmptySequence)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  tap0: {kind: tap}\n", "t.yaml:3:3: ",
			  "expected a sequence of ports for 'ports', got a mapping"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports: []\n",
			  "t.yaml:2:8: ", "expected a non-empty sequence of ports"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - tap0\n",
			  "t.yaml:3:5: ", "expected a mapping for a port, got 'tap0'"));
	std::string text = "workers: {lcores: [1]}\nports:\n";
	for (int i = 0; i <= VSW_MAX_PORTS; i++)
		text += "  - {name: p" + std::to_string(i) + ", kind: tap}\n";
	EXPECT_TRUE(Fails(text, "t.yaml:35:5: ", "too many ports (at most 32)"));
}

TEST(Config, MissingNameOrKind)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - kind: tap\n",
			  "t.yaml:3:5: ", "missing required key 'name' in port"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: x\n    mtu: 1500\n",
			  "t.yaml:3:5: ", "missing required key 'kind' in port 'x'"));
}

TEST(Config, BadKind)
{
	EXPECT_TRUE(Fails(
	    "workers: {lcores: [1]}\nports:\n  - name: x\n    kind: vhost\n",
	    "t.yaml:4:11: ", "expected one of dpdk, vhost-user, tap, bond for 'kind', got 'vhost'"));
}

TEST(Config, NameTooLong)
{
	std::string name(32, 'a');
	EXPECT_TRUE(
	    Fails("workers: {lcores: [1]}\nports:\n  - name: " + name + "\n    kind: dpdk\n",
		  "t.yaml:3:11: ", "'name' is too long: 32 characters (max 31)"));
	/* 31 is fine. */
	Result r = Parse("workers: {lcores: [1]}\nports:\n  - name: " + name.substr(1) +
			 "\n    kind: dpdk\n    devargs: net_null0\n");
	EXPECT_EQ(r.rc, 0) << r.err;
}

TEST(Config, NameInvalidCharacters)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: 0tap, kind: tap}\n",
			  "t.yaml:3:12: ",
			  "invalid port name '0tap' (expected 1..31 characters "
			  "[A-Za-z0-9_.-] starting with a letter)"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: 'tap 0', kind: tap}\n",
			  "t.yaml:3:12: ", "invalid port name 'tap 0'"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: ~, kind: tap}\n",
			  "t.yaml:3:12: ", "expected a string for 'name', got null"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: \"t\\0x\", kind: tap}\n",
			  "t.yaml:3:12: ", "'name' must not contain a NUL character"));
}

TEST(Config, DuplicatePortName)
{
	EXPECT_TRUE(Fails(R"(workers:
  lcores: [1]
ports:
  - name: tap0
    kind: tap
    iface: a
  - kind: tap
    name: tap0
    iface: b
)",
			  "t.yaml:8:11: ", "duplicate port name 'tap0' (first defined at line 4)"));
}

TEST(Config, KeyForWrongKind)
{
	EXPECT_TRUE(Fails(OneTap("    devargs: net_ring0\n"),
			  "t.yaml:6:5: ", "'devargs' is only valid for kind 'dpdk'"));
	EXPECT_TRUE(Fails(OneTap("    path: /tmp/x.sock\n"),
			  "t.yaml:6:5: ", "'path' is only valid for kind 'vhost-user'"));
	EXPECT_TRUE(Fails(OneTap("    mode: client\n"),
			  "t.yaml:6:5: ", "'mode' is only valid for kind 'vhost-user'"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - {name: n, kind: dpdk, devargs: x, iface: eth0}\n",
			  "t.yaml:3:39: ", "'iface' is only valid for kind 'tap'"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - name: vm0\n    kind: vhost-user\n    path: /a\n"
			  "    mac: 02:00:00:00:00:01\n",
			  "t.yaml:6:5: ", "'mac' is only valid for kinds 'dpdk' and 'tap'"));
}

TEST(Config, MissingDevargs)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: nic0\n    kind: dpdk\n",
			  "t.yaml:3:5: ", "missing required key 'devargs' for kind 'dpdk'"));
}

TEST(Config, MissingVhostPath)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: vm0\n    kind: vhost-user\n",
			  "t.yaml:3:5: ", "missing required key 'path' for kind 'vhost-user'"));
}

TEST(Config, DevargsInvalid)
{
	const std::string head = "workers: {lcores: [1]}\nports:\n  - name: nic0\n    kind: dpdk\n";
	EXPECT_TRUE(Fails(head + "    devargs: \"net_ring0, x\"\n",
			  "t.yaml:5:14: ", "'devargs' must not contain whitespace"));
	EXPECT_TRUE(Fails(head + "    devargs: " + std::string(256, 'd') + "\n",
			  "t.yaml:5:14: ", "'devargs' is too long: 256 characters (max 255)"));
	EXPECT_TRUE(
	    Fails(head + "    devargs: \"\"\n", "t.yaml:5:14: ", "'devargs' must not be empty"));
}

TEST(Config, RelativeVhostPath)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - name: vm0\n    kind: vhost-user\n    path: run/vm0.sock\n",
			  "t.yaml:5:11: ", "'path' must be an absolute path, got 'run/vm0.sock'"));
}

TEST(Config, VhostPathTooLong)
{
	std::string path = "/" + std::string(107, 'p');
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - name: vm0\n    kind: vhost-user\n    path: " +
			      path + "\n",
			  "t.yaml:5:11: ", "'path' is too long: 108 characters (max 107)"));
}

TEST(Config, BadVhostMode)
{
	EXPECT_TRUE(
	    Fails("workers: {lcores: [1]}\nports:\n"
		  "  - {name: vm0, kind: vhost-user, path: /a, mode: listen}\n",
		  "t.yaml:3:51: ", "expected 'server' or 'client' for 'mode', got 'listen'"));
}

TEST(Config, IfaceInvalid)
{
	EXPECT_TRUE(Fails(OneTap("    iface: vsw-tap-0123456789\n"),
			  "t.yaml:6:12: ", "'iface' is too long: 18 characters (max 15)"));
	EXPECT_TRUE(Fails(OneTap("    iface: a/b\n"),
			  "t.yaml:6:12: ", "invalid interface name 'a/b' for 'iface'"));
	EXPECT_TRUE(Fails(OneTap("    iface: 'a b'\n"),
			  "t.yaml:6:12: ", "invalid interface name 'a b' for 'iface'"));
	EXPECT_TRUE(Fails(OneTap("    iface: ..\n"),
			  "t.yaml:6:12: ", "invalid interface name '..' for 'iface'"));
}

TEST(Config, DefaultIfaceTooLong)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: a-very-long-tap-name\n"
			  "    kind: tap\n",
			  "t.yaml:3:11: ",
			  "too long for a tap interface name (max 15 characters); set "
			  "'iface'"));
}

TEST(Config, BadMac)
{
	EXPECT_TRUE(Fails(OneTap("    mac: 02:00:00:00:00\n"),
			  "t.yaml:6:10: ", "expected a MAC address like 02:00:00:00:00:01"));
	EXPECT_TRUE(Fails(OneTap("    mac: 02-00-00-00-00-01\n"),
			  "t.yaml:6:10: ", "for 'mac', got '02-00-00-00-00-01'"));
	EXPECT_TRUE(Fails(OneTap("    mac: 02:00:00:00:00:0g\n"),
			  "t.yaml:6:10: ", "expected a MAC address"));
	EXPECT_TRUE(Fails(OneTap("    mac: [2, 0, 0, 0, 0, 1]\n"), "t.yaml:6:10: ",
			  "expected a MAC address like 02:00:00:00:00:01 (six hex octets separated "
			  "by ':') for 'mac', got a sequence"));
}

TEST(Config, MulticastOrZeroMac)
{
	EXPECT_TRUE(Fails(OneTap("    mac: \"03:00:00:00:00:01\"\n"),
			  "t.yaml:6:10: ", "'mac' '03:00:00:00:00:01' is a multicast address"));
	EXPECT_TRUE(Fails(OneTap("    mac: ff:ff:ff:ff:ff:ff\n"),
			  "t.yaml:6:10: ", "is a multicast address"));
	EXPECT_TRUE(Fails(OneTap("    mac: 00:00:00:00:00:00\n"),
			  "t.yaml:6:10: ", "'mac' must not be all zeros"));
}

/* ------------------------------------------------------------------------------------------
 * rx_affinity
 */

TEST(Config, RxAffinityNotAWorker)
{
	EXPECT_TRUE(
	    Fails(R"(workers:
  lcores: [1, 2]
ports:
  - name: tap0
    kind: tap
    rx_queues: 2
    rx_affinity: [2, 3]
)",
		  "t.yaml:7:22: ", "lcore 3 in 'rx_affinity' is not one of workers.lcores"));
}

TEST(Config, RxAffinityLengthMismatch)
{
	EXPECT_TRUE(
	    Fails(R"(workers:
  lcores: [1, 2]
ports:
  - name: tap0
    kind: tap
    rx_queues: 2
    rx_affinity: [1]
)",
		  "t.yaml:7:18: ", "'rx_affinity' has 1 entries but port 'tap0' has 2 rx_queues"));
	/* The default is one rx queue. */
	EXPECT_TRUE(Fails(OneTap("    rx_affinity: [1, 1]\n"),
			  "t.yaml:6:18: ", "has 2 entries but port 'tap0' has 1 rx_queues"));
}

TEST(Config, RxAffinityWrongType)
{
	EXPECT_TRUE(Fails(OneTap("    rx_affinity: 1\n"), "t.yaml:6:18: ",
			  "expected a sequence of lcore numbers for 'rx_affinity', got '1'"));
	EXPECT_TRUE(Fails(OneTap("    rx_affinity: [x]\n"),
			  "t.yaml:6:19: ", "expected an integer for 'rx_affinity', got 'x'"));
}

/* ------------------------------------------------------------------------------------------
 * xconnect
 */

const char kTwoTaps[] = R"(workers:
  lcores: [1]
ports:
  - {name: tap0, kind: tap}
  - {name: tap1, kind: tap}
  - {name: tap2, kind: tap}
xconnect:
)";

TEST(Config, XconnectUnknownPort)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0, tapX]\n",
			  "t.yaml:8:12: ", "unknown port 'tapX' in xconnect"));
}

TEST(Config, XconnectSelf)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap1, tap1]\n",
			  "t.yaml:8:12: ", "port 'tap1' is cross-connected to itself"));
}

TEST(Config, XconnectPortInTwoPairs)
{
	EXPECT_TRUE(Fails(
	    std::string(kTwoTaps) + "  - [tap0, tap1]\n  - [tap2, tap0]\n",
	    "t.yaml:9:12: ", "port 'tap0' is in more than one xconnect pair (first at line 8)"));
}

TEST(Config, XconnectNotAPair)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0]\n", "t.yaml:8:5: ",
			  "expected exactly two port names in an xconnect pair, got 1"));
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0, tap1, tap2]\n", "t.yaml:8:5: ",
			  "expected exactly two port names in an xconnect pair, got 3"));
}

TEST(Config, XconnectWrongTypes)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  tap0: tap1\n", "t.yaml:8:3: ",
			  "expected a sequence of port pairs for 'xconnect', got a mapping"));
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - tap0\n", "t.yaml:8:5: ",
			  "expected a pair of port names like [a, b] in 'xconnect', got 'tap0'"));
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0, [tap1]]\n",
			  "t.yaml:8:12: ", "expected a port name in 'xconnect', got a sequence"));
}

/* ------------------------------------------------------------------------------------------
 * Other cross checks
 */

TEST(Config, DuplicateVhostPath)
{
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - name: vm0
    kind: vhost-user
    path: /tmp/vm.sock
  - name: vm1
    kind: vhost-user
    path: /tmp/vm.sock
)",
			  "t.yaml:8:11: ",
			  "vhost-user path '/tmp/vm.sock' is already used by port 'vm0' (line 5)"));
}

TEST(Config, DuplicateTapIface)
{
	EXPECT_TRUE(
	    Fails(R"(workers: {lcores: [1]}
ports:
  - name: tap0
    kind: tap
    iface: vsw0
  - name: tap1
    kind: tap
    iface: vsw0
)",
		  "t.yaml:8:12: ", "tap interface 'vsw0' is already used by port 'tap0' (line 5)"));
	/* A defaulted iface is reported at the name it came from. */
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - name: tap0
    kind: tap
    iface: tap1
  - name: tap1
    kind: tap
)",
			  "t.yaml:6:11: ", "tap interface 'tap1' is already used by port 'tap0'"));
}

TEST(Config, CrossChecksRunInOrder)
{
	/* Duplicate names are reported before xconnect errors, which come before affinity. */
	const std::string text = R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, iface: x, rx_affinity: [5]}
  - {name: a, kind: tap, iface: y}
xconnect:
  - [a, zz]
)";
	EXPECT_TRUE(Fails(text, "t.yaml:4:12: ", "duplicate port name 'a'"));
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, rx_affinity: [5]}
xconnect:
  - [a, zz]
)",
			  "t.yaml:5:9: ", "unknown port 'zz' in xconnect"));
}

TEST(Config, LongValuesAreCutInMessages)
{
	std::string key(300, 'k');
	Result r = Parse(std::string(kMinimal) + key + ": 1\n");
	EXPECT_EQ(r.rc, -EINVAL);
	EXPECT_EQ(r.err.rfind("t.yaml:6:1: unknown key 'kkkk", 0), 0u) << r.err;
	EXPECT_NE(r.err.find("...' at top level"), std::string::npos) << r.err;
}
