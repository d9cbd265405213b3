// SPDX-License-Identifier: BSD-3-Clause
// vsw_l2_apply(): the L2 section of a reload, applied to a running pipeline. Bridges keep
// their ids (and what they learned) by name; what a change makes wrong leaves the FDB, and
// nothing else does. The ports and bridges are in l2_fixture.h.
#include "l2_fixture.h"

namespace
{

// Remove bridge @p name from @p c, keeping static MACs' bridge indexes right.
void
remove_bridge(vsw_config &c, const char *name)
{
	unsigned b = 0;
	while (b < c.n_bridges && strcmp(c.bridges[b].name, name) != 0)
		b++;
	ASSERT_LT(b, c.n_bridges);
	for (unsigned i = b; i + 1 < c.n_bridges; i++)
		c.bridges[i] = c.bridges[i + 1];
	c.n_bridges--;
	for (unsigned i = 0; i < c.n_static_macs; i++) {
		ASSERT_NE(c.static_macs[i].bridge, b) << "remove the bridge's static MACs first";
		if (c.static_macs[i].bridge > b)
			c.static_macs[i].bridge--;
	}
}

bool
is_static(uint16_t bridge, const uint8_t mac[6])
{
	vsw_fdb_key k{};
	k.bridge = bridge;
	memcpy(k.mac.addr_bytes, mac, 6);
	void *data;
	return rte_hash_lookup_data(vsw_l2.hash, &k, &data) >= 0 &&
	       (vsw_fdb_data_flags((uintptr_t)data) & VSW_FDB_F_STATIC);
}

} // namespace

TEST_F(L2, BridgeAddedLiveForwardsAndOthersKeepWhatTheyLearned)
{
	send(1, frame(BCAST, MAC_A));
	walk();
	forget_output();
	ASSERT_EQ(fdb_port(0, MAC_A), 1);
	uint32_t gen = vsw_l2.flush_gen;

	set_trunk(cfg->ports[0], {100, 101, 300});
	set_trunk(cfg->ports[3], {100, 101, 200, 300});
	add_bridge(300, {0, 3});
	reapply();

	EXPECT_EQ(vsw_l2_bridge_id("b300"), 3) << "the lowest free id";
	EXPECT_EQ(vsw_l2_bridge_id("b100"), 0);
	EXPECT_EQ(fdb_port(0, MAC_A), 1) << "b100 keeps what it learned";
	EXPECT_EQ(vsw_l2.flush_gen, gen) << "nothing was flushed";
	Bytes f = frame(BCAST, MAC_B);
	send(0, tag(f, 0x8100, 0, 300));
	walk();
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 0, 300)});
	EXPECT_TRUE(out(1).empty());
	EXPECT_EQ(fdb_port(3, MAC_B), 0);
}

TEST_F(L2, BridgeRemovedForgetsItsEntriesAndItsIdIsReused)
{
	Bytes f = frame(BCAST, MAC_A);
	send(0, tag(f, 0x8100, 0, 101));
	send(1, frame(BCAST, MAC_B));
	walk();
	forget_output();
	ASSERT_EQ(fdb_port(1, MAC_A), 0);

	remove_bridge(*cfg, "b101");
	reapply();
	EXPECT_EQ(vsw_l2_bridge_id("b101"), -1);
	EXPECT_EQ(fdb_port(1, MAC_A), -1) << "the removed bridge's entries are gone";
	EXPECT_EQ(fdb_port(0, MAC_B), 1) << "b100's are not";
	send(0, tag(f, 0x8100, 0, 101));
	walk();
	EXPECT_TRUE(out(3).empty());
	EXPECT_EQ(drops("vlan_no_bridge"), 1u) << "101 is allowed on p0 but has no bridge";

	add_bridge(101, {0, 3});
	snprintf(cfg->bridges[cfg->n_bridges - 1].name, VSW_NAME_MAX, "again");
	reapply();
	EXPECT_EQ(vsw_l2_bridge_id("again"), 1) << "the freed id";
	EXPECT_EQ(fdb_port(1, MAC_A), -1) << "and nothing of its previous owner";
	send(0, tag(f, 0x8100, 0, 101));
	walk();
	EXPECT_EQ(out(3).size(), 1u);
}

TEST_F(L2, ReorderedConfigChangesNothing)
{
	send(1, frame(BCAST, MAC_A));
	walk();
	forget_output();
	uint32_t gen = vsw_l2.flush_gen;
	std::swap(cfg->bridges[0], cfg->bridges[2]);
	cfg->static_macs[0].bridge = 2;
	reapply();
	EXPECT_EQ(vsw_l2_bridge_id("b100"), 0);
	EXPECT_EQ(vsw_l2_bridge_id("b200"), 2);
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
	EXPECT_TRUE(is_static(0, MAC_S));
	EXPECT_EQ(vsw_l2.flush_gen, gen);
}

TEST_F(L2, PortLeavingABridgeTakesOnlyItsOwnEntries)
{
	send(1, frame(BCAST, MAC_A));
	send(2, frame(BCAST, MAC_B));
	walk();
	forget_output();
	ASSERT_EQ(fdb_port(0, MAC_B), 2);
	uint32_t gen = vsw_l2.flush_gen;

	cfg->bridges[0].n_ports = 0;
	for (uint16_t p : {0, 1, 3})
		cfg->bridges[0].ports[cfg->bridges[0].n_ports++] = p;
	cfg->n_static_macs = 0; // MAC_S was on p2
	reapply();
	EXPECT_EQ(fdb_port(0, MAC_B), -1);
	EXPECT_EQ(fdb_port(0, MAC_S), -1) << "and its static entry";
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
	EXPECT_NE(vsw_l2.flush_gen, gen) << "learn events still queued are discarded";

	send(1, frame(MAC_B, MAC_A));
	send(2, frame(BCAST, MAC_B));
	walk();
	EXPECT_EQ(out(0).size(), 1u) << "unknown now: flooded to the members left";
	EXPECT_EQ(out(3).size(), 1u);
	EXPECT_TRUE(out(2).empty());
	EXPECT_EQ(drops("port_unbound"), 1u) << "p2 is in no bridge any more";
	EXPECT_EQ(fdb_port(0, MAC_B), -1);
}

TEST_F(L2, StaticMacsFollowTheConfig)
{
	ASSERT_TRUE(is_static(0, MAC_S));
	ASSERT_EQ(fdb_port(0, MAC_S), 2);
	cfg->static_macs[0].port = 1; // moved
	reapply();
	EXPECT_EQ(fdb_port(0, MAC_S), 1);
	EXPECT_TRUE(is_static(0, MAC_S));

	const uint8_t MAC_T[6] = {0x02, 0, 0, 0, 0, 0x98};
	cfg->static_macs[0].bridge = 1;
	cfg->static_macs[0].port = 3;
	memcpy(cfg->static_macs[0].mac, MAC_T, 6);
	reapply();
	EXPECT_EQ(fdb_port(0, MAC_S), -1) << "removed";
	EXPECT_EQ(fdb_port(1, MAC_T), 3) << "added";
	uint32_t learned, statics;
	vsw_fdb_count(vsw_l2_fdb(), 0, &learned, &statics);
	EXPECT_EQ(statics, 0u);
	vsw_fdb_count(vsw_l2_fdb(), 1, &learned, &statics);
	EXPECT_EQ(statics, 1u);
}

TEST_F(L2, BridgeMovedToAnotherVlanStartsAfresh)
{
	Bytes f = frame(BCAST, MAC_A);
	send(0, tag(f, 0x8100, 0, 101));
	walk();
	forget_output();
	ASSERT_EQ(fdb_port(1, MAC_A), 0);
	memset(cfg->ports[0].trunks, 0, sizeof(cfg->ports[0].trunks));
	memset(cfg->ports[3].trunks, 0, sizeof(cfg->ports[3].trunks));
	set_trunk(cfg->ports[0], {100, 102});
	set_trunk(cfg->ports[3], {100, 102, 200});
	cfg->ports[3].native_vlan = 0;
	cfg->bridges[1].vlan = 102;
	reapply();
	EXPECT_EQ(vsw_l2_bridge_id("b101"), 1) << "same bridge, same id";
	EXPECT_EQ(fdb_port(1, MAC_A), -1) << "another network: nothing learned in 101 applies";
	send(0, tag(f, 0x8100, 0, 101));
	send(0, tag(f, 0x8100, 0, 102));
	walk();
	EXPECT_EQ(drops("vlan_not_allowed"), 1u);
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 0, 102)});
}

TEST_F(L2, LimitsAndAgingChangeLive)
{
	cfg->bridges[0].mac_limit = 1;
	reapply();
	send(1, frame(BCAST, MAC_A));
	walk();
	send(2, frame(BCAST, MAC_B));
	walk();
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
	EXPECT_EQ(fdb_port(0, MAC_B), -1) << "the bridge's new limit";
	cfg->bridges[0].mac_limit = 0;
	cfg->bridges[0].aging_s = 5;
	reapply();
	vsw_l2_poll(2); // a new second: p2's MAC is reported again
	send(2, frame(BCAST, MAC_B));
	walk(2);
	EXPECT_EQ(fdb_port(0, MAC_B), 2);
	for (uint32_t t = 3; t < 12; t++)
		vsw_l2_poll(t);
	for (uint32_t i = 0; i < 8; i++)
		vsw_l2_poll(12); // a whole aging pass at t = 12
	EXPECT_EQ(fdb_port(0, MAC_B), -1) << "aged after the new 5 s";
}
