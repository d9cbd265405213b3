/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the config parser: the bridges, static_macs and fdb sections and their cross
 * checks (pipeline/l2/bridge_conf.c, bridge_check.c), with the exact
 * "file:line:column: " position of each error. Helpers: config_test_util.h.
 */
#include "config_test_util.h"

/* bridges, static_macs and fdb: shapes and values. */

const char kL2Head[] = R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap}
  - {name: p1, kind: tap}
bridges:
)";

TEST(Config, BridgesWrongShape)
{
	EXPECT_TRUE(Fails(std::string(kMinimal) + "bridges: {b: 1}\n", "t.yaml:6:10: ",
			  "expected a sequence of bridges for 'bridges', got a mapping"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - b0\n",
			  "t.yaml:6:5: ", "expected a mapping for a bridge, got 'b0'"));
	EXPECT_TRUE(
	    Fails(std::string(kL2Head) + "  - {name: b, vid: 1, ports: [p0]}\n", "t.yaml:6:15: ",
		  "unknown key 'vid' in bridge (expected one of: name, vlan, ports, aging_s, "
		  "flood_unknown, mac_limit, static_macs)"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: [p0], name: c}\n",
			  "t.yaml:6:28: ", "duplicate key 'name' in bridge (first at line 6)"));
}

TEST(Config, BridgeNameAndPortsRequired)
{
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {ports: [p0]}\n",
			  "t.yaml:6:5: ", "missing required key 'name' in bridge"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, vlan: 0}\n",
			  "t.yaml:6:5: ", "missing required key 'ports' in bridge 'b'"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: []}\n", "t.yaml:6:22: ",
			  "expected a non-empty sequence of port names for 'ports' in bridge 'b'"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: p0}\n", "t.yaml:6:22: ",
			  "expected a sequence of port names for 'ports' in bridge 'b', got 'p0'"));
	EXPECT_TRUE(Fails(
	    std::string(kL2Head) + "  - {name: b, ports: [p0, [p1]]}\n",
	    "t.yaml:6:27: ", "expected a port name in 'ports' of bridge 'b', got a sequence"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: [p0, '']}\n",
			  "t.yaml:6:27: ", "unknown port '' in bridge 'b'"));
}

TEST(Config, BridgeNameInvalid)
{
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: 1br, ports: [p0]}\n", "t.yaml:6:12: ",
			  "invalid bridge name '1br' (expected 1..31 characters [A-Za-z0-9_.-] "
			  "starting with a letter)"));
	EXPECT_TRUE(
	    Fails(std::string(kL2Head) + "  - {name: " + std::string(32, 'b') + ", ports: [p0]}\n",
		  "t.yaml:6:12: ", "'name' is too long: 32 characters (max 31)"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: ~, ports: [p0]}\n",
			  "t.yaml:6:12: ", "expected a string for 'name', got null"));
}

TEST(Config, BridgeIntRanges)
{
	const struct {
		const char *keys;
		const char *where;
		const char *what;
	} cases[] = {
	    {"vlan: 4095", "t.yaml:6:34: ", "'vlan' must be in 0..4094, got '4095'"},
	    {"vlan: \"10\"",
	     "t.yaml:6:34: ", "expected an integer for 'vlan', got the quoted string '10'"},
	    {"aging_s: 1000001", "t.yaml:6:37: ", "'aging_s' must be in 0..1000000, got '1000001'"},
	    {"flood_unknown: maybe", "t.yaml:6:43: ",
	     "expected a boolean (true/false, yes/no, on/off) for 'flood_unknown', got 'maybe'"},
	    {"mac_limit: 16777217",
	     "t.yaml:6:39: ", "'mac_limit' must be in 0..16777216, got '16777217'"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.keys);
		EXPECT_TRUE(
		    Fails(std::string(kL2Head) + "  - {name: b, ports: [p0], " + c.keys + "}\n",
			  c.where, c.what));
	}
}

TEST(Config, StaticMacsWrongShape)
{
	const std::string head = std::string(kL2Head) + "  - name: b\n    ports: [p0]\n";
	EXPECT_TRUE(Fails(head + "    static_macs: {mac: 02:00:00:00:00:01, port: p0}\n",
			  "t.yaml:8:18: ",
			  "expected a sequence of {mac, port} mappings for 'static_macs', got a "
			  "mapping"));
	EXPECT_TRUE(Fails(head + "    static_macs: [02:00:00:00:00:01]\n", "t.yaml:8:19: ",
			  "expected a mapping like {mac: \"02:00:00:00:00:01\", port: vm0} in "
			  "'static_macs', got '02:00:00:00:00:01'"));
	EXPECT_TRUE(Fails(head + "    static_macs:\n      - {mac: 02:00:00:00:00:01, dev: p0}\n",
			  "t.yaml:9:34: ",
			  "unknown key 'dev' in static_macs entry (expected one of: mac, port)"));
	EXPECT_TRUE(Fails(head + "    static_macs:\n      - {port: p0}\n",
			  "t.yaml:9:9: ", "missing required key 'mac' in static_macs entry"));
	EXPECT_TRUE(Fails(head + "    static_macs:\n      - {mac: 02:00:00:00:00:01}\n",
			  "t.yaml:9:9: ", "missing required key 'port' in static_macs entry"));
	EXPECT_TRUE(Fails(
	    head + "    static_macs:\n      - {mac: 02:00:00:00:00:01, port: [p0]}\n",
	    "t.yaml:9:40: ", "expected a port name for 'port' in 'static_macs', got a sequence"));
}

TEST(Config, StaticMacBadMac)
{
	const std::string head =
	    std::string(kL2Head) + "  - name: b\n    ports: [p0]\n    static_macs:\n      - mac: ";
	EXPECT_TRUE(Fails(head + "01:00:5e:00:00:01\n        port: p0\n",
			  "t.yaml:9:14: ", "'mac' '01:00:5e:00:00:01' is a multicast address"));
	EXPECT_TRUE(Fails(head + "ff:ff:ff:ff:ff:ff\n        port: p0\n",
			  "t.yaml:9:14: ", "is a multicast address"));
	EXPECT_TRUE(Fails(head + "00:00:00:00:00:00\n        port: p0\n",
			  "t.yaml:9:14: ", "'mac' must not be all zeros"));
	EXPECT_TRUE(Fails(head + "02:00:00:00:01\n        port: p0\n",
			  "t.yaml:9:14: ", "expected a MAC address like 02:00:00:00:00:01"));
}

TEST(Config, FdbErrors)
{
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: 65536\n",
			  "t.yaml:6:6: ", "expected a mapping for 'fdb', got '65536'"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: {entries: 1}\n",
			  "t.yaml:6:7: ", "unknown key 'entries' in fdb (expected one of: size)"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: {size: 1023}\n",
			  "t.yaml:6:13: ", "'size' must be in 1024..16777216, got '1023'"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: {size: 16777217}\n",
			  "t.yaml:6:13: ", "'size' must be in 1024..16777216, got '16777217'"));
}

/* Bridge cross checks. */

/* Ports for the bridge cross checks; bridges start at line 12. */
const char kL2Ports[] = R"(workers: {lcores: [1]}
ports:
  - {name: tr, kind: tap, vlan_mode: trunk, trunks: "100-101", native_vlan: 5}
  - {name: a100, kind: tap, vlan_mode: access, tag: 100}
  - {name: q200, kind: tap, vlan_mode: dot1q-tunnel, tag: 200}
  - {name: f0, kind: tap}
  - {name: f1, kind: tap}
  - {name: x0, kind: tap}
  - {name: x1, kind: tap}
xconnect: [[x0, x1]]
bridges:
)";

::testing::AssertionResult
BridgesFail(const std::string &bridges, const std::string &where, const std::string &what)
{
	return Fails(std::string(kL2Ports) + bridges, where, what);
}

TEST(Config, BridgeCrossCheckBaseIsValid)
{
	Result r = Parse(std::string(kL2Ports) + "  - {name: v100, vlan: 100, ports: [tr, a100]}\n"
						 "  - {name: v5, vlan: 5, ports: [tr]}\n"
						 "  - {name: v200, vlan: 200, ports: [q200]}\n"
						 "  - {name: flat, ports: [f0, f1]}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, 4u);
}

TEST(Config, DuplicateBridgeName)
{
	EXPECT_TRUE(
	    BridgesFail("  - {name: b, ports: [f0]}\n  - {name: b, ports: [f1]}\n",
			"t.yaml:13:12: ", "duplicate bridge name 'b' (first defined at line 12)"));
}

TEST(Config, BridgeMemberUnknownOrTwice)
{
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [f0, f9]}\n",
				"t.yaml:12:27: ", "unknown port 'f9' in bridge 'b'"));
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [f0, f1, f0]}\n", "t.yaml:12:31: ",
				"port 'f0' is listed twice in bridge 'b' (first at line 12)"));
	/* More names than VSW_MAX_PORTS: stopped by the first repeat. */
	std::string many = "  - name: b\n    ports:\n";
	for (int i = 0; i <= VSW_MAX_PORTS; i++)
		many += std::string("      - ") + (i % 2 ? "f1" : "f0") + "\n";
	EXPECT_TRUE(BridgesFail(many, "t.yaml:16:9: ", "port 'f0' is listed twice in bridge 'b'"));
}

TEST(Config, CrossConnectedPortInBridge)
{
	EXPECT_TRUE(BridgesFail(
	    "  - {name: b, ports: [f0, x1]}\n",
	    "t.yaml:12:27: ", "port 'x1' is cross-connected (line 10) and cannot join bridge 'b'"));
}

TEST(Config, BridgeVlanConsistency)
{
	const struct {
		const char *bridge;
		const char *where;
		const char *what;
	} cases[] = {
	    {"  - {name: b, ports: [f0, tr]}\n", "t.yaml:12:27: ",
	     "bridge 'b' is untagged (vlan 0) but port 'tr' has vlan_mode trunk (line 3)"},
	    {"  - {name: b, vlan: 0, ports: [a100]}\n", "t.yaml:12:32: ",
	     "bridge 'b' is untagged (vlan 0) but port 'a100' has vlan_mode access (line 4)"},
	    {"  - {name: b, ports: [q200]}\n", "t.yaml:12:23: ",
	     "bridge 'b' is untagged (vlan 0) but port 'q200' has vlan_mode dot1q-tunnel"},
	    {"  - {name: b, vlan: 100, ports: [tr, f0]}\n", "t.yaml:12:38: ",
	     "bridge 'b' has VLAN 100 but port 'f0' has no vlan_mode (expected access or "
	     "dot1q-tunnel with tag 100, or trunk carrying VLAN 100)"},
	    {"  - {name: b, vlan: 101, ports: [a100]}\n", "t.yaml:12:34: ",
	     "bridge 'b' has VLAN 101 but port 'a100' has vlan_mode access with tag 100 (line 4)"},
	    {"  - {name: b, vlan: 100, ports: [q200]}\n", "t.yaml:12:34: ",
	     "bridge 'b' has VLAN 100 but port 'q200' has vlan_mode dot1q-tunnel with tag 200"},
	    {"  - {name: b, vlan: 102, ports: [tr]}\n", "t.yaml:12:34: ",
	     "bridge 'b' has VLAN 102 but trunk port 'tr' does not carry it (add it to 'trunks', "
	     "line 3)"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.bridge);
		EXPECT_TRUE(BridgesFail(c.bridge, c.where, c.what));
	}
}

TEST(Config, PortVlanInTwoBridges)
{
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 100, ports: [tr]}\n"
	    "  - {name: b, vlan: 101, ports: [tr]}\n"
	    "  - {name: c, vlan: 100, ports: [a100, tr]}\n",
	    "t.yaml:14:40: ", "port 'tr' already carries VLAN 100 in bridge 'a' (line 12)"));
	/* Through the native VLAN too. */
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 5, ports: [tr]}\n"
	    "  - {name: b, vlan: 5, ports: [tr]}\n",
	    "t.yaml:13:32: ", "port 'tr' already carries VLAN 5 in bridge 'a' (line 12)"));
	/* So an access, dot1q-tunnel or untagged port is in at most one bridge. */
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 100, ports: [a100]}\n"
	    "  - {name: b, vlan: 100, ports: [a100]}\n",
	    "t.yaml:13:34: ", "port 'a100' already carries VLAN 100 in bridge 'a' (line 12)"));
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 200, ports: [q200]}\n"
	    "  - {name: b, vlan: 200, ports: [q200]}\n",
	    "t.yaml:13:34: ", "port 'q200' already carries VLAN 200 in bridge 'a' (line 12)"));
	EXPECT_TRUE(
	    BridgesFail("  - {name: a, ports: [f0]}\n"
			"  - {name: b, ports: [f1, f0]}\n",
			"t.yaml:13:27: ", "port 'f0' is already in untagged bridge 'a' (line 12)"));
}

TEST(Config, StaticMacCrossChecks)
{
	const std::string head = "  - name: a\n    vlan: 100\n    ports: [tr, a100]\n"
				 "    static_macs:\n";
	EXPECT_TRUE(
	    BridgesFail(head + "      - {mac: 02:00:00:00:00:01, port: zz}\n",
			"t.yaml:16:40: ", "unknown port 'zz' in static_macs of bridge 'a'"));
	EXPECT_TRUE(
	    BridgesFail(head + "      - {mac: 02:00:00:00:00:01, port: f0}\n", "t.yaml:16:40: ",
			"port 'f0' is not a member of bridge 'a' (a static MAC entry must name "
			"one of the bridge's ports)"));
	EXPECT_TRUE(
	    BridgesFail(head + "      - {mac: 02:00:00:00:00:01, port: tr}\n"
			       "      - {mac: 02:00:00:00:00:02, port: tr}\n"
			       "      - {mac: 02:00:00:00:00:01, port: a100}\n",
			"t.yaml:18:15: ",
			"MAC '02:00:00:00:00:01' is listed twice in static_macs of bridge 'a' "
			"(first at line 16)"));
	/* Uppercase and lowercase hex are the same MAC. */
	EXPECT_TRUE(BridgesFail(head + "      - {mac: 02:00:00:00:00:aa, port: tr}\n"
				       "      - {mac: 02:00:00:00:00:AA, port: a100}\n",
				"t.yaml:17:15: ", "is listed twice"));
	/* A member of another bridge only. */
	EXPECT_TRUE(BridgesFail("  - {name: flat, ports: [f0]}\n" + head +
				    "      - {mac: 02:00:00:00:00:01, port: f0}\n",
				"t.yaml:17:40: ", "port 'f0' is not a member of bridge 'a'"));
}

TEST(Config, FdbSmallerThanStaticEntries)
{
	std::string text = std::string(kL2Ports) + "  - name: flat\n    ports: [f0]\n"
						   "    static_macs:\n";
	char mac[32];
	for (int i = 0; i < 1025; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:%02x:%02x", i >> 8, i & 0xff);
		text += std::string("      - {mac: \"") + mac + "\", port: f0}\n";
	}
	Result r = Parse(text + "fdb: {size: 1025}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_static_macs, 1025u);
	EXPECT_TRUE(Fails(text + "fdb:\n  size: 1024\n", "t.yaml:1041:9: ",
			  "fdb 'size' 1024 is smaller than the 1025 static MAC entries of the "
			  "bridges"));
}

TEST(Config, L2CrossChecksRunInOrder)
{
	/* Port cross checks (duplicate names) come before bridge checks. */
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, iface: x}
  - {name: a, kind: tap, iface: y}
bridges:
  - {name: b, ports: [zz]}
)",
			  "t.yaml:4:12: ", "duplicate port name 'a'"));
	/* Bridge names before members; members (file order) before the fdb size. */
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [zz]}\n  - {name: b, ports: [f1]}\n",
				"t.yaml:13:12: ", "duplicate bridge name 'b'"));
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [f0], static_macs: [{mac: 02:00:00:00:00:01, "
				"port: f1}]}\n  - {name: c, ports: [zz]}\n",
				"t.yaml:12:73: ", "port 'f1' is not a member of bridge 'b'"));
	/* Value errors in any section come before every cross check. */
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [zz]}\nfdb: {size: 1}\n",
				"t.yaml:13:13: ", "'size' must be in 1024..16777216, got '1'"));
}
