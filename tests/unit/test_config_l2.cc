/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the config parser: the L2 keys of a port and L2 configs that parse
 * (pipeline/l2/l2_port_conf.c), with the exact
 * "file:line:column: " position of each error. Helpers: config_test_util.h.
 */
#include "config_test_util.h"

/* ------------------------------------------------------------------------------------------
 * L2: port VLAN keys, bridges, static MACs, fdb
 */

TEST(Config, L2FullExample)
{
	Result r = Parse(R"(workers:
  lcores: [1]
ports:
  - name: trunk0
    kind: dpdk
    devargs: net_ring0
    vlan_mode: trunk
    trunks: [100, "200-202"]
    native_vlan: 100
    native_tagged: true
    tpid: 0x88a8
    mac_limit: 1000
  - name: vm1
    kind: vhost-user
    path: /tmp/vm1.sock
    vlan_mode: access
    tag: 100
    mac_limit: 16777216
  - name: cust0
    kind: tap
    vlan_mode: dot1q-tunnel
    tag: 300
  - name: trunk1
    kind: tap
    vlan_mode: trunk
    trunks: "300-310,400"
    native_vlan: 1
  - name: flat0
    kind: tap
  - name: flat1
    kind: tap
bridges:
  - name: v100
    vlan: 100
    ports: [trunk0, vm1]
    aging_s: 0
    flood_unknown: false
    mac_limit: 1
    static_macs:
      - {mac: "02:00:00:00:01:01", port: vm1}
      - mac: 02:00:00:00:01:02
        port: trunk0
  - name: s300
    vlan: 300
    ports: [cust0, trunk1]
    static_macs:
      - {mac: "02:00:00:00:01:01", port: cust0}
  - name: flat
    ports: [flat1, flat0]
fdb:
  size: 1024
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_config &c = *r.cfg;
	ASSERT_EQ(c.n_ports, 6u);

	const vsw_port_conf &t0 = c.ports[0];
	EXPECT_EQ(t0.vlan_mode, VSW_VLAN_TRUNK);
	EXPECT_EQ(t0.tag, 0);
	/* The native VLAN is already in trunks: counted once. */
	EXPECT_EQ(Vlans(t0.trunks), (std::vector<unsigned>{100, 200, 201, 202}));
	EXPECT_EQ(t0.n_trunks, 4);
	EXPECT_EQ(t0.native_vlan, 100);
	EXPECT_TRUE(vsw_vlan_bit(t0.trunks, 100));
	EXPECT_TRUE(t0.native_tagged);
	EXPECT_EQ(t0.tpid, 0x88a8);
	EXPECT_EQ(t0.mac_limit, 1000u);
	EXPECT_EQ(t0.vlan_mark.line, 7u);
	EXPECT_EQ(t0.vlan_mark.column, 16u);
	EXPECT_EQ(t0.name_mark.line, 4u);
	EXPECT_EQ(t0.name_mark.column, 11u);
	EXPECT_EQ(t0.path_mark.line, 0u);

	const vsw_port_conf &vm = c.ports[1];
	EXPECT_EQ(vm.vlan_mode, VSW_VLAN_ACCESS);
	EXPECT_EQ(vm.tag, 100);
	EXPECT_EQ(vm.n_trunks, 0);
	EXPECT_EQ(Vlans(vm.trunks), std::vector<unsigned>{});
	EXPECT_EQ(vm.native_vlan, 0);
	EXPECT_FALSE(vm.native_tagged);
	EXPECT_EQ(vm.tpid, VSW_DEF_TPID);
	EXPECT_EQ(vm.mac_limit, 16777216u);
	EXPECT_EQ(vm.vlan_mark.line, 16u);
	EXPECT_EQ(vm.vlan_mark.column, 16u);
	EXPECT_EQ(vm.name_mark.line, 13u);
	EXPECT_EQ(vm.path_mark.line, 15u);
	EXPECT_EQ(vm.path_mark.column, 11u);

	const vsw_port_conf &cust = c.ports[2];
	EXPECT_EQ(cust.vlan_mode, VSW_VLAN_DOT1Q_TUNNEL);
	EXPECT_EQ(cust.tag, 300);
	EXPECT_EQ(cust.n_trunks, 0);
	EXPECT_EQ(cust.mac_limit, 0u);
	EXPECT_EQ(cust.vlan_mark.line, 21u);

	/* A native VLAN outside trunks is added to the bitmap and to the count. */
	const vsw_port_conf &t1 = c.ports[3];
	EXPECT_EQ(t1.vlan_mode, VSW_VLAN_TRUNK);
	std::vector<unsigned> want = {1};
	for (unsigned v = 300; v <= 310; v++)
		want.push_back(v);
	want.push_back(400);
	EXPECT_EQ(Vlans(t1.trunks), want);
	EXPECT_EQ(t1.n_trunks, 13);
	EXPECT_EQ(t1.native_vlan, 1);
	EXPECT_FALSE(t1.native_tagged);
	EXPECT_EQ(t1.tpid, 0x8100);

	EXPECT_EQ(c.ports[4].vlan_mode, VSW_VLAN_NONE);
	EXPECT_EQ(c.ports[4].vlan_mark.line, 28u); /* No vlan_mode: the port mapping. */
	EXPECT_EQ(c.ports[4].vlan_mark.column, 5u);

	ASSERT_EQ(c.n_bridges, 3u);
	const vsw_bridge_conf &b0 = c.bridges[0];
	EXPECT_STREQ(b0.name, "v100");
	EXPECT_EQ(b0.vlan, 100);
	ASSERT_EQ(b0.n_ports, 2);
	EXPECT_EQ(b0.ports[0], 0);
	EXPECT_EQ(b0.ports[1], 1);
	EXPECT_EQ(b0.aging_s, 0u);
	EXPECT_FALSE(b0.flood_unknown);
	EXPECT_EQ(b0.mac_limit, 1u); /* Below its two static entries: fine. */
	EXPECT_EQ(b0.mark.line, 33u);
	EXPECT_EQ(b0.mark.column, 5u);

	const vsw_bridge_conf &b1 = c.bridges[1];
	EXPECT_STREQ(b1.name, "s300");
	EXPECT_EQ(b1.vlan, 300);
	ASSERT_EQ(b1.n_ports, 2);
	EXPECT_EQ(b1.ports[0], 2);
	EXPECT_EQ(b1.ports[1], 3);
	EXPECT_EQ(b1.aging_s, unsigned(VSW_DEF_AGING_S));
	EXPECT_TRUE(b1.flood_unknown);
	EXPECT_EQ(b1.mac_limit, 0u);
	EXPECT_EQ(b1.mark.line, 43u);

	const vsw_bridge_conf &b2 = c.bridges[2];
	EXPECT_STREQ(b2.name, "flat");
	EXPECT_EQ(b2.vlan, 0);
	ASSERT_EQ(b2.n_ports, 2);
	EXPECT_EQ(b2.ports[0], 5);
	EXPECT_EQ(b2.ports[1], 4);

	/* The same MAC in two bridges is fine: they are separate learning domains. */
	ASSERT_EQ(c.n_static_macs, 3u);
	const uint8_t m1[6] = {0x02, 0, 0, 0, 0x01, 0x01}, m2[6] = {0x02, 0, 0, 0, 0x01, 0x02};
	EXPECT_EQ(c.static_macs[0].bridge, 0);
	EXPECT_EQ(c.static_macs[0].port, 1);
	EXPECT_EQ(memcmp(c.static_macs[0].mac, m1, 6), 0);
	EXPECT_EQ(c.static_macs[0].mark.line, 40u);
	EXPECT_EQ(c.static_macs[0].mark.column, 9u);
	EXPECT_EQ(c.static_macs[1].bridge, 0);
	EXPECT_EQ(c.static_macs[1].port, 0);
	EXPECT_EQ(memcmp(c.static_macs[1].mac, m2, 6), 0);
	EXPECT_EQ(c.static_macs[1].mark.line, 41u);
	EXPECT_EQ(c.static_macs[2].bridge, 1);
	EXPECT_EQ(c.static_macs[2].port, 2);
	EXPECT_EQ(memcmp(c.static_macs[2].mac, m1, 6), 0);

	EXPECT_EQ(c.fdb_size, 1024u);
}

TEST(Config, L2Defaults)
{
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap}
  - {name: p1, kind: tap, vlan_mode: trunk, trunks: [7]}
  - {name: p2, kind: tap}
bridges:
  - {name: b0, ports: [p0, p2]}
fdb: {}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_config &c = *r.cfg;

	const vsw_port_conf &p0 = c.ports[0];
	EXPECT_EQ(p0.vlan_mode, VSW_VLAN_NONE);
	EXPECT_EQ(p0.tag, 0);
	EXPECT_EQ(Vlans(p0.trunks), std::vector<unsigned>{});
	EXPECT_EQ(p0.n_trunks, 0);
	EXPECT_EQ(p0.native_vlan, 0);
	EXPECT_FALSE(p0.native_tagged);
	EXPECT_EQ(p0.tpid, VSW_DEF_TPID);
	EXPECT_EQ(p0.mac_limit, 0u);
	EXPECT_EQ(p0.vlan_mark.line, p0.mark.line);
	EXPECT_EQ(p0.vlan_mark.column, p0.mark.column);
	EXPECT_EQ(p0.name_mark.line, 3u);
	EXPECT_EQ(p0.name_mark.column, 12u);

	/* Trunk defaults: no native VLAN (bit 0 stays clear), untagged native, 0x8100. */
	const vsw_port_conf &p1 = c.ports[1];
	EXPECT_EQ(p1.vlan_mode, VSW_VLAN_TRUNK);
	EXPECT_EQ(Vlans(p1.trunks), std::vector<unsigned>{7});
	EXPECT_EQ(p1.n_trunks, 1);
	EXPECT_EQ(p1.native_vlan, 0);
	EXPECT_FALSE(p1.native_tagged);
	EXPECT_EQ(p1.tpid, 0x8100);
	EXPECT_EQ(p1.vlan_mark.line, 4u);
	EXPECT_EQ(p1.vlan_mark.column, 38u);

	ASSERT_EQ(c.n_bridges, 1u);
	const vsw_bridge_conf &b = c.bridges[0];
	EXPECT_EQ(b.vlan, 0);
	EXPECT_EQ(b.aging_s, unsigned(VSW_DEF_AGING_S));
	EXPECT_EQ(b.aging_s, 300u);
	EXPECT_TRUE(b.flood_unknown);
	EXPECT_EQ(b.mac_limit, 0u);
	EXPECT_EQ(c.n_static_macs, 0u);
	EXPECT_EQ(c.fdb_size, unsigned(VSW_DEF_FDB_SIZE));

	/* No L2 sections at all. */
	r = Parse(kMinimal);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, 0u);
	EXPECT_EQ(r.cfg->n_static_macs, 0u);
	EXPECT_EQ(r.cfg->fdb_size, 65536u);
	EXPECT_EQ(r.cfg->ports[0].tpid, 0x8100);

	/* An empty bridges sequence is allowed. */
	r = Parse(std::string(kMinimal) + "bridges: []\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, 0u);
}

TEST(Config, TrunkListForms)
{
	const struct {
		const char *value;
		std::vector<unsigned> first; /* The lowest VLANs set (up to 4). */
		unsigned count;
	} cases[] = {
	    {"\"100-199,300\"", {100, 101, 102, 103}, 101},
	    {"100-199,300", {100, 101, 102, 103}, 101},
	    {"100", {100}, 1},
	    {"[1, 4094]", {1, 4094}, 2},
	    {"[\"10-20\", \"15-25\", 12]", {10, 11, 12, 13}, 16},
	    {"[\" 5 - 7 , 9 \"]", {5, 6, 7, 9}, 4},
	    {"['7']", {7}, 1},
	    {"[\"4094-4094\"]", {4094}, 1},
	    {"[\"1-4094\"]", {1, 2, 3, 4}, 4094},
	    {"\n      - 300\n      - \"301-302\"\n", {300, 301, 302}, 3},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.value);
		Result r = Parse(OneTrunk(std::string("    trunks: ") + c.value + "\n"));
		ASSERT_EQ(r.rc, 0) << r.err;
		std::vector<unsigned> got = Vlans(r.cfg->ports[0].trunks);
		EXPECT_EQ(r.cfg->ports[0].n_trunks, c.count);
		EXPECT_EQ(got.size(), c.count);
		got.resize(std::min<size_t>(got.size(), 4));
		EXPECT_EQ(got, c.first);
	}
	/* 300-302 and 4094 above: the last element of a list counts too. */
	Result r = Parse(OneTrunk("    trunks: \"100-199,300\"\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_TRUE(vsw_vlan_bit(r.cfg->ports[0].trunks, 199));
	EXPECT_FALSE(vsw_vlan_bit(r.cfg->ports[0].trunks, 200));
	EXPECT_TRUE(vsw_vlan_bit(r.cfg->ports[0].trunks, 300));
	EXPECT_FALSE(vsw_vlan_bit(r.cfg->ports[0].trunks, 0));
}

TEST(Config, TpidSpellings)
{
	const struct {
		const char *value;
		uint16_t tpid;
	} cases[] = {
	    {"0x8100", 0x8100},	    {"0x88a8", 0x88a8},	  {"0x88A8", 0x88a8}, {"0X88a8", 0x88a8},
	    {"\"0x88a8\"", 0x88a8}, {"'0x8100'", 0x8100}, {"33024", 0x8100},  {"34984", 0x88a8},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.value);
		Result r =
		    Parse(OneTrunk(std::string("    trunks: [1]\n    tpid: ") + c.value + "\n"));
		ASSERT_EQ(r.rc, 0) << r.err;
		EXPECT_EQ(r.cfg->ports[0].tpid, c.tpid);
	}
}

TEST(Config, NativeVlanBoundsAndTrunkCarriesNative)
{
	/* native_vlan 0 is "none"; 4094 is the highest; the bridge joins through the native bit. */
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: t, kind: tap, vlan_mode: trunk, trunks: [10], native_vlan: 4094}
  - {name: u, kind: tap, vlan_mode: trunk, trunks: [10], native_vlan: 0, native_tagged: yes}
bridges:
  - {name: b, vlan: 4094, ports: [t]}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[0].native_vlan, 4094);
	EXPECT_EQ(r.cfg->ports[0].n_trunks, 2);
	EXPECT_EQ(r.cfg->ports[1].native_vlan, 0);
	EXPECT_EQ(r.cfg->ports[1].n_trunks, 1);
	EXPECT_TRUE(r.cfg->ports[1].native_tagged);
	EXPECT_EQ(r.cfg->bridges[0].ports[0], 0);
}

TEST(Config, L2IntegerBoundsAccepted)
{
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, vlan_mode: access, tag: 1, mac_limit: 0}
  - {name: b, kind: tap, vlan_mode: dot1q-tunnel, tag: 4094, mac_limit: 16777216}
bridges:
  - {name: b1, vlan: 1, ports: [a], aging_s: 1000000, mac_limit: 16777216}
  - {name: b4094, vlan: 4094, ports: [b], aging_s: 0, mac_limit: 0}
fdb: {size: 16777216}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[0].tag, 1);
	EXPECT_EQ(r.cfg->ports[1].tag, 4094);
	EXPECT_EQ(r.cfg->ports[1].mac_limit, 16777216u);
	EXPECT_EQ(r.cfg->bridges[0].aging_s, 1000000u);
	EXPECT_EQ(r.cfg->bridges[0].mac_limit, 16777216u);
	EXPECT_EQ(r.cfg->bridges[1].aging_s, 0u);
	EXPECT_EQ(r.cfg->fdb_size, 16777216u);
}

TEST(Config, PortInBridgesOfDifferentVlans)
{
	/* A trunk may be in one bridge per VLAN; an untagged port in one untagged bridge. */
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: tr, kind: tap, vlan_mode: trunk, trunks: "10-11"}
  - {name: a10, kind: tap, vlan_mode: access, tag: 10}
  - {name: a11, kind: tap, vlan_mode: access, tag: 11}
  - {name: f0, kind: tap}
  - {name: f1, kind: tap}
  - {name: f2, kind: tap}
bridges:
  - {name: v10, vlan: 10, ports: [tr, a10]}
  - {name: v11, vlan: 11, ports: [a11, tr]}
  - {name: flat0, ports: [f0]}
  - {name: flat1, ports: [f1, f2]}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.cfg->n_bridges, 4u);
	EXPECT_EQ(r.cfg->bridges[1].ports[0], 2);
	EXPECT_EQ(r.cfg->bridges[1].ports[1], 0);
	EXPECT_EQ(r.cfg->bridges[2].n_ports, 1);
}

TEST(Config, L2Scale)
{
	/* One trunk carrying every VLAN, in 1000 bridges: each (port, VLAN) once. */
	std::string text = R"(workers: {lcores: [1]}
ports:
  - {name: trunk, kind: tap, vlan_mode: trunk, trunks: "1-4094"}
bridges:
)";
	for (int v = 1; v <= 1000; v++)
		text += "  - {name: b" + std::to_string(v) + ", vlan: " + std::to_string(v) +
			", ports: [trunk]}\n";

	Result r = Parse(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_config &c = *r.cfg;
	EXPECT_EQ(c.ports[0].n_trunks, 4094);
	EXPECT_FALSE(vsw_vlan_bit(c.ports[0].trunks, 0));
	EXPECT_TRUE(vsw_vlan_bit(c.ports[0].trunks, 4094));
	EXPECT_FALSE(vsw_vlan_bit(c.ports[0].trunks, 4095));
	ASSERT_EQ(c.n_bridges, 1000u);
	for (unsigned i = 0; i < c.n_bridges; i++) {
		SCOPED_TRACE(i);
		EXPECT_EQ(c.bridges[i].vlan, i + 1);
		EXPECT_EQ(c.bridges[i].n_ports, 1);
		EXPECT_EQ(c.bridges[i].ports[0], 0);
		EXPECT_EQ(c.bridges[i].mark.line, 5 + i);
	}
	EXPECT_STREQ(c.bridges[999].name, "b1000");

	/* The 1001st bridge on an already used VLAN is refused at its member. */
	r = Parse(text + "  - {name: again, vlan: 7, ports: [trunk]}\n");
	EXPECT_EQ(r.rc, -EINVAL);
	EXPECT_EQ(r.err, "t.yaml:1005:36: port 'trunk' already carries VLAN 7 in bridge 'b7' "
			 "(line 11)");
}

TEST(Config, MaximumBridgesAndStaticMacs)
{
	/* 4094 VLAN bridges on a trunk, 2 untagged ones, 4096 static entries in one bridge. */
	std::string text = R"(workers: {lcores: [1]}
ports:
  - {name: trunk, kind: tap, vlan_mode: trunk, trunks: "1-4094"}
  - {name: f0, kind: tap}
  - {name: f1, kind: tap}
bridges:
  - name: flat0
    ports: [f0]
    static_macs:
)";
	char mac[32];
	for (int i = 0; i < VSW_MAX_STATIC_MACS; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:%02x:%02x", i >> 8, i & 0xff);
		text += std::string("      - {mac: \"") + mac + "\", port: f0}\n";
	}
	text += "  - {name: flat1, ports: [f1]}\n";
	for (int v = 1; v <= VSW_VLAN_MAX; v++)
		text += "  - {name: b" + std::to_string(v) + ", vlan: " + std::to_string(v) +
			", ports: [trunk]}\n";

	Result r = Parse(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, unsigned(VSW_MAX_BRIDGES));
	EXPECT_EQ(r.cfg->n_static_macs, unsigned(VSW_MAX_STATIC_MACS));
	EXPECT_EQ(r.cfg->static_macs[4095].mac[5], 0xff);
	EXPECT_EQ(r.cfg->static_macs[4095].mac[4], 0x0f);
	EXPECT_EQ(r.cfg->bridges[4095].vlan, 4094);

	/* One more bridge: line 9 + 4096 static lines + 1 + 4094 + 1. */
	EXPECT_TRUE(Fails(text + "  - {name: extra, ports: [f1]}\n",
			  "t.yaml:8201:5: ", "too many bridges (at most 4096)"));

	/* One more static entry, in another bridge: the limit is over all bridges. */
	std::string more = text;
	more.insert(more.find("  - {name: flat1, ports: [f1]}\n"),
		    "  - name: flat9\n    ports: [f1]\n    static_macs: [{mac: 02:00:00:00:99:99, "
		    "port: f1}]\n");
	EXPECT_TRUE(Fails(more, "t.yaml:4108:19: ",
			  "too many static MAC entries (at most 4096 over all bridges)"));
}

/* Port L2 key errors. */

TEST(Config, BadVlanMode)
{
	EXPECT_TRUE(
	    Fails(OneTap("    vlan_mode: none\n"), "t.yaml:6:16: ",
		  "expected one of access, trunk, dot1q-tunnel for 'vlan_mode', got 'none'"));
	EXPECT_TRUE(
	    Fails(OneTap("    vlan_mode: Access\n"), "t.yaml:6:16: ",
		  "expected one of access, trunk, dot1q-tunnel for 'vlan_mode', got 'Access'"));
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: [trunk]\n"),
			  "t.yaml:6:16: ", "for 'vlan_mode', got a sequence"));
}

TEST(Config, VlanKeyForWrongMode)
{
	EXPECT_TRUE(Fails(OneTap("    tag: 5\n"), "t.yaml:6:5: ",
			  "'tag' is only valid with vlan_mode access or dot1q-tunnel (port 'tap0' "
			  "has no vlan_mode)"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks: [1]\n    tag: 5\n"), "t.yaml:8:5: ",
			  "'tag' is only valid with vlan_mode access or dot1q-tunnel (port 'tap0' "
			  "has vlan_mode trunk)"));
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: access\n    tag: 5\n    trunks: [5]\n"),
			  "t.yaml:8:5: ",
			  "'trunks' is only valid with vlan_mode trunk (port 'tap0' has vlan_mode "
			  "access)"));
	EXPECT_TRUE(Fails(OneTap("    native_vlan: 5\n"), "t.yaml:6:5: ",
			  "'native_vlan' is only valid with vlan_mode trunk (port 'tap0' has no "
			  "vlan_mode)"));
	EXPECT_TRUE(
	    Fails(OneTap("    vlan_mode: dot1q-tunnel\n    tag: 5\n    native_tagged: on\n"),
		  "t.yaml:8:5: ",
		  "'native_tagged' is only valid with vlan_mode trunk (port 'tap0' has "
		  "vlan_mode dot1q-tunnel)"));
	EXPECT_TRUE(Fails(OneTap("    tpid: 0x88a8\n"), "t.yaml:6:5: ",
			  "'tpid' is only valid with vlan_mode trunk (port 'tap0' has no "
			  "vlan_mode)"));
}

TEST(Config, MissingTagOrTrunks)
{
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: access\n"), "t.yaml:4:5: ",
			  "missing required key 'tag' for vlan_mode access in port 'tap0'"));
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: dot1q-tunnel\n"), "t.yaml:4:5: ",
			  "missing required key 'tag' for vlan_mode dot1q-tunnel in port 'tap0'"));
	EXPECT_TRUE(Fails(OneTrunk("    native_vlan: 5\n"), "t.yaml:4:5: ",
			  "missing required key 'trunks' for vlan_mode trunk in port 'tap0'"));
}

TEST(Config, PortL2IntRanges)
{
	const struct {
		const char *lines;
		const char *where;
		const char *what;
	} cases[] = {
	    {"    vlan_mode: access\n    tag: 0\n",
	     "t.yaml:7:10: ", "'tag' must be in 1..4094, got '0'"},
	    {"    vlan_mode: dot1q-tunnel\n    tag: 4095\n",
	     "t.yaml:7:10: ", "'tag' must be in 1..4094, got '4095'"},
	    {"    vlan_mode: access\n    tag: '5'\n",
	     "t.yaml:7:10: ", "expected an integer for 'tag', got the quoted string '5'"},
	    {"    vlan_mode: trunk\n    trunks: [1]\n    native_vlan: 4095\n",
	     "t.yaml:8:18: ", "'native_vlan' must be in 0..4094, got '4095'"},
	    {"    vlan_mode: trunk\n    trunks: [1]\n    native_tagged: 1\n", "t.yaml:8:20: ",
	     "expected a boolean (true/false, yes/no, on/off) for 'native_tagged', got '1'"},
	    {"    mac_limit: 16777217\n",
	     "t.yaml:6:16: ", "'mac_limit' must be in 0..16777216, got '16777217'"},
	    {"    mac_limit: -1\n",
	     "t.yaml:6:16: ", "'mac_limit' must be in 0..16777216 (no sign)"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.lines);
		EXPECT_TRUE(Fails(OneTap(c.lines), c.where, c.what));
	}
}

TEST(Config, BadTpid)
{
	const std::string head = "    trunks: [1]\n    tpid: ";
	EXPECT_TRUE(Fails(OneTrunk(head + "0x9100\n"), "t.yaml:8:11: ",
			  "expected 0x8100 or 0x88a8 (or 33024, 34984) for 'tpid', got '0x9100'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "\"33024\"\n"),
			  "t.yaml:8:11: ", "for 'tpid', got the quoted string '33024'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "0x81000\n"), "t.yaml:8:11: ", "got '0x81000'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "8100\n"), "t.yaml:8:11: ", "got '8100'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "\n"), "t.yaml:8:10: ", "for 'tpid', got null"));
	EXPECT_TRUE(
	    Fails(OneTrunk(head + "[0x8100]\n"), "t.yaml:8:11: ", "for 'tpid', got a sequence"));
}

TEST(Config, TrunksWrongShape)
{
	EXPECT_TRUE(Fails(OneTrunk("    trunks: []\n"),
			  "t.yaml:7:13: ", "'trunks' must list at least one VLAN"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks:\n"), "t.yaml:7:12: ",
			  "expected a sequence of VLAN ids and ranges, or a string like "
			  "\"100-199,300\", for 'trunks', got null"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks: {100: 1}\n"),
			  "t.yaml:7:13: ", "for 'trunks', got a mapping"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks: [100, [200]]\n"), "t.yaml:7:19: ",
			  "expected a VLAN id or a string like \"200-299\" in 'trunks', got a "
			  "sequence"));
	EXPECT_TRUE(
	    Fails(OneTrunk("    trunks: [100, ~]\n"), "t.yaml:7:19: ", "in 'trunks', got null"));
}

TEST(Config, TrunksBadEntries)
{
	/* Reported at the sequence item (or the string) holding the bad element. */
	const struct {
		const char *value;
		const char *where;
		const char *what;
	} cases[] = {
	    {"[100, \"300-310,40x\"]", "t.yaml:7:19: ",
	     "invalid 'trunks' entry '300-310,40x': bad element '40x' (expected VLAN ids 1..4094 "
	     "and ranges like 200-299, separated by commas)"},
	    {"[100, \"200-19x\"]", "t.yaml:7:19: ", "bad element '200-19x'"},
	    {"\"1-2-3\"", "t.yaml:7:13: ", "bad element '1-2-3'"},
	    {"[-5]", "t.yaml:7:14: ", "invalid 'trunks' entry '-5': bad element '-5'"},
	    {"[1.5]", "t.yaml:7:14: ", "bad element '1.5'"},
	    {"[0x64]", "t.yaml:7:14: ", "bad element '0x64'"},
	    {"\"100 200\"", "t.yaml:7:13: ", "bad element '100 200'"},
	    {"[5, 4095]", "t.yaml:7:17: ",
	     "invalid 'trunks' entry '4095': VLAN out of range in '4095' (expected 1..4094)"},
	    {"[0]", "t.yaml:7:14: ", "VLAN out of range in '0' (expected 1..4094)"},
	    {"\"10,1-5000\"", "t.yaml:7:13: ", "VLAN out of range in '1-5000'"},
	    {"[99999999999999999999]", "t.yaml:7:14: ", "VLAN out of range in '9999999999"},
	    {"\"300-200\"", "t.yaml:7:13: ",
	     "invalid 'trunks' entry '300-200': range '300-200' is reversed (expected a-b with "
	     "a <= b)"},
	    {"[\"1,,2\"]", "t.yaml:7:14: ", "invalid 'trunks' entry '1,,2': empty element"},
	    {"\"1,\"", "t.yaml:7:13: ", "invalid 'trunks' entry '1,': empty element"},
	    {"[\"\"]", "t.yaml:7:14: ", "invalid 'trunks' entry '': empty element"},
	    {"[\"010\"]", "t.yaml:7:14: ",
	     "invalid 'trunks' entry '010': leading zero in '010' (expected decimal VLAN ids)"},
	    {"[\"5\\0\"]", "t.yaml:7:14: ", "bad element '5?'"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.value);
		EXPECT_TRUE(
		    Fails(OneTrunk(std::string("    trunks: ") + c.value + "\n"), c.where, c.what));
	}
}
