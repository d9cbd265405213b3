// SPDX-License-Identifier: BSD-3-Clause
// The L2 nodes (vlan_input, bridge_input, flood, vlan_output) in a real worker graph: VLAN
// shapes, learning, forwarding, flooding, aging. The ports and bridges are in l2_fixture.h.
#include "l2_fixture.h"

TEST_F(L2, BroadcastFloodsInEachPortsShapeAndNeverBack)
{
	Bytes f = frame(BCAST, MAC_A);
	send(1, f);
	walk();
	EXPECT_EQ(out(0), std::vector<Bytes>{tag(f, 0x8100, 0, 100)});
	EXPECT_EQ(out(2), std::vector<Bytes>{f});
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 0, 100)});
	EXPECT_TRUE(out(1).empty()) << "never back out of the ingress port";
	EXPECT_TRUE(out(4).empty()) << "another VLAN";
}

TEST_F(L2, LearnsThenForwardsKnownUnicastToOnePort)
{
	send(1, frame(BCAST, MAC_A));
	walk();
	forget_output();
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
	Bytes f = frame(MAC_A, MAC_B);
	send(0, tag(f, 0x8100, 0, 100));
	walk();
	EXPECT_EQ(out(1), std::vector<Bytes>{f}) << "untagged on the access port";
	for (unsigned p : {0u, 2u, 3u, 4u})
		EXPECT_TRUE(out(p).empty()) << p;
	EXPECT_EQ(fdb_port(0, MAC_B), 0) << "learned on the trunk";
}

TEST_F(L2, UnknownUnicastFloods)
{
	Bytes f = frame(MAC_B, MAC_A);
	send(2, f);
	walk();
	EXPECT_EQ(out(1).size(), 1u);
	EXPECT_EQ(out(0).size(), 1u);
	EXPECT_EQ(out(3).size(), 1u);
}

TEST_F(L2, UnknownUnicastDroppedWhenFloodingIsOff)
{
	cfg->bridges[0].flood_unknown = false;
	reapply();
	send(2, frame(MAC_B, MAC_A));
	send(2, frame(BCAST, MAC_A)); // broadcast still floods
	walk();
	EXPECT_EQ(out(1).size(), 1u);
	EXPECT_EQ(drops("unknown_unicast"), 1u);
}

TEST_F(L2, PriorityTaggedOnAccessKeepsItsPcp)
{
	Bytes f = frame(BCAST, MAC_A);
	send(1, tag(f, 0x8100, 5, 0));
	walk();
	EXPECT_EQ(out(0), std::vector<Bytes>{tag(f, 0x8100, 5, 100)});
	EXPECT_EQ(out(2), std::vector<Bytes>{f});
}

TEST_F(L2, PcpKeptWhenTagIsRewritten)
{
	Bytes f = frame(BCAST, MAC_A);
	send(0, tag(f, 0x8100, 6, 100));
	walk();
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 6, 100)});
	EXPECT_EQ(out(1), std::vector<Bytes>{f});
}

TEST_F(L2, NativeVlanTravelsUntagged)
{
	Bytes f = frame(BCAST, MAC_A);
	send(3, f); // untagged on p3 = native VLAN 101
	walk();
	EXPECT_EQ(out(0), std::vector<Bytes>{tag(f, 0x8100, 0, 101)});
	send(0, tag(f, 0x8100, 2, 101));
	walk();
	EXPECT_EQ(out(3), std::vector<Bytes>{f}) << "native VLAN leaves untagged";
	EXPECT_TRUE(out(1).empty());
	EXPECT_TRUE(out(2).empty());
}

TEST_F(L2, NativeVlanTaggedWhenConfigured)
{
	cfg->ports[3].native_tagged = true;
	reapply();
	Bytes f = frame(BCAST, MAC_A);
	send(0, tag(f, 0x8100, 0, 101));
	walk();
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 0, 101)});
}

TEST_F(L2, QinQCarriesCustomerFramesInsideTheSTag)
{
	Bytes untagged = frame(BCAST, MAC_A), ctagged = tag(frame(BCAST, MAC_B), 0x8100, 3, 7);
	send(4, untagged);
	send(4, ctagged);
	walk();
	EXPECT_EQ(out(3), (std::vector<Bytes>{tag(untagged, 0x88a8, 0, 200),
					       tag(ctagged, 0x88a8, 3, 200)}));
	// And back: the S-tag comes off, the customer's own tag stays.
	send(3, tag(ctagged, 0x88a8, 3, 200));
	walk();
	EXPECT_EQ(out(4), std::vector<Bytes>{ctagged});
}

TEST_F(L2, VlanIngressFilter)
{
	Bytes f = frame(BCAST, MAC_A);
	send(1, tag(f, 0x8100, 0, 100)); // tagged on access
	send(0, tag(f, 0x8100, 0, 102)); // not allowed on the trunk
	send(0, f);                      // untagged on a trunk without native VLAN
	walk();
	for (unsigned p = 0; p < kRingPorts; p++)
		EXPECT_TRUE(out(p).empty()) << p;
	EXPECT_EQ(drops("vlan_tagged_on_access"), 1u);
	EXPECT_EQ(drops("vlan_not_allowed"), 1u);
	EXPECT_EQ(drops("vlan_untagged"), 1u);
	EXPECT_EQ(fdb_port(0, MAC_A), -1) << "nothing learned from filtered frames";
}

TEST_F(L2, BadSourceMacsDropped)
{
	send(1, frame(BCAST, MCAST));
	send(1, frame(BCAST, ZERO));
	walk();
	for (unsigned p = 0; p < kRingPorts; p++)
		EXPECT_TRUE(out(p).empty()) << p;
	EXPECT_EQ(drops("src_mac_multicast"), 1u);
	EXPECT_EQ(drops("src_mac_zero"), 1u);
}

TEST_F(L2, DestinationOnIngressPortDropped)
{
	send(1, frame(BCAST, MAC_A));
	walk();
	forget_output();
	send(1, frame(MAC_A, MAC_B));
	walk();
	for (unsigned p = 0; p < kRingPorts; p++)
		EXPECT_TRUE(out(p).empty()) << p;
	EXPECT_EQ(drops("dst_on_ingress"), 1u);
}

TEST_F(L2, MacMovesToItsNewPort)
{
	send(1, frame(BCAST, MAC_A));
	walk(1);
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
	send(2, frame(BCAST, MAC_A));
	walk(1);
	EXPECT_EQ(fdb_port(0, MAC_A), 2);
	forget_output();
	send(0, tag(frame(MAC_A, MAC_B), 0x8100, 0, 100));
	walk(1);
	EXPECT_EQ(out(2).size(), 1u);
	EXPECT_TRUE(out(1).empty());
}

TEST_F(L2, StaticEntryIsNeitherMovedNorAged)
{
	EXPECT_EQ(fdb_port(0, MAC_S), 2);
	send(1, frame(BCAST, MAC_S)); // S shows up on p1: a static entry stays
	walk(1);
	EXPECT_EQ(fdb_port(0, MAC_S), 2);
	vsw_l2_poll(100000);
	EXPECT_EQ(fdb_port(0, MAC_S), 2);
	EXPECT_EQ(vsw_l2_flush(0), 0u);
	EXPECT_EQ(fdb_port(0, MAC_S), 2);
}

TEST_F(L2, EntryAgesOutAndTrafficFloodsAgain)
{
	send(1, frame(BCAST, MAC_A));
	walk(10);
	vsw_l2_poll(10);
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
	vsw_l2_poll(309);
	EXPECT_EQ(fdb_port(0, MAC_A), 1) << "299 s idle: still there";
	send(1, frame(MAC_B, MAC_A)); // A is seen again at 309: refreshed
	walk(309);
	vsw_l2_poll(609);
	EXPECT_EQ(fdb_port(0, MAC_A), 1) << "seen in second 309: maybe only 299 s ago";
	vsw_l2_poll(610);
	EXPECT_EQ(fdb_port(0, MAC_A), -1) << "surely 300 s after it was last seen";
	forget_output();
	send(0, tag(frame(MAC_A, MAC_B), 0x8100, 0, 100));
	walk(610);
	EXPECT_EQ(out(1).size(), 1u);
	EXPECT_EQ(out(2).size(), 1u) << "floods again";
}

TEST_F(L2, RelearnedAtOnceAfterAFlush)
{
	send(1, frame(BCAST, MAC_A));
	walk(5);
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
	EXPECT_EQ(vsw_l2_flush(0), 1u);
	send(1, frame(BCAST, MAC_A)); // the same second: the worker must report it again
	walk(5);
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
}

TEST_F(L2, LinkDownForgetsThePortsMacs)
{
	send(1, frame(BCAST, MAC_A));
	send(0, tag(frame(BCAST, MAC_B), 0x8100, 0, 100));
	walk();
	vsw_l2_port_down(1);
	EXPECT_EQ(fdb_port(0, MAC_A), -1);
	EXPECT_EQ(fdb_port(0, MAC_B), 0);
	EXPECT_EQ(fdb_port(0, MAC_S), 2);
}

TEST_F(L2, LearningIsDeduplicatedPerSecond)
{
	for (int i = 0; i < 10; i++)
		send(1, frame(BCAST, MAC_A, (uint8_t)i));
	rte_graph_walk(vsw_pipeline_worker(0)->graph);
	struct vsw_l2_worker_stats st;
	vsw_l2_worker_stats(0, &st);
	EXPECT_EQ(st.learn_events, 1u);
	EXPECT_EQ(vsw_l2_poll(1), 1u);
}

TEST_F(L2, SeparateBridgesDoNotLeak)
{
	Bytes f = frame(BCAST, MAC_A);
	send(0, tag(f, 0x8100, 0, 101));
	walk();
	EXPECT_TRUE(out(1).empty());
	EXPECT_TRUE(out(2).empty());
	EXPECT_TRUE(out(4).empty());
	EXPECT_EQ(out(3).size(), 1u);
	EXPECT_EQ(fdb_port(1, MAC_A), 0);
	EXPECT_EQ(fdb_port(0, MAC_A), -1) << "learned in VLAN 101 only";
}

TEST_F(L2, FloodOfAFullBurstToManyPorts)
{
	// 32 broadcasts from p1: 3 copies each leave through vlan_output in one walk.
	std::vector<Bytes> sent;
	for (int i = 0; i < 32; i++) {
		sent.push_back(frame(BCAST, MAC_A, (uint8_t)i));
		send(1, sent.back());
	}
	walk();
	EXPECT_EQ(out(2), sent);
	EXPECT_EQ(out(0).size(), 32u);
	EXPECT_EQ(out(3).size(), 32u);
}

TEST_F(L2, ThousandBridgesOverTrunksCarryingAllVlans)
{
	vsw_pipeline_fini();
	vsw_config &c = *cfg;
	c.n_bridges = 0;
	c.n_static_macs = 0;
	for (unsigned p : {0u, 3u}) {
		memset(c.ports[p].trunks, 0, sizeof(c.ports[p].trunks));
		c.ports[p].native_vlan = 0;
		for (uint16_t v = 1; v <= 4094; v++)
			c.ports[p].trunks[v >> 3] |= (uint8_t)(1 << (v & 7));
		c.ports[p].n_trunks = 4094;
	}
	for (uint16_t v = 1; v <= 1000; v++)
		add_bridge(v, {0, 3});
	init();
	Bytes f = frame(BCAST, MAC_A);
	send(0, tag(f, 0x8100, 1, 999));
	send(3, tag(f, 0x88a8, 2, 1000));
	send(0, tag(f, 0x8100, 0, 4094)); // allowed, but no bridge carries it
	walk();
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 1, 999)});
	EXPECT_EQ(out(0), std::vector<Bytes>{tag(f, 0x8100, 2, 1000)});
	EXPECT_EQ(drops("vlan_no_bridge"), 1u);
	EXPECT_EQ(fdb_port(998, MAC_A), 0) << "bridge 998 carries VLAN 999";
	EXPECT_EQ(fdb_port(999, MAC_A), 3);
}

TEST_F(L2, RunsOfEqualKeysShareOneLookupAndStayCorrect)
{
	// Learn A on p1 and B on p2, then one burst on p0 alternating destinations: each
	// frame must still go to its own port although keys repeat from frame to frame.
	send(1, frame(BCAST, MAC_A));
	send(2, frame(BCAST, MAC_B));
	walk();
	forget_output();
	const uint8_t C[6] = {0x02, 0, 0, 0, 0, 0x0c};
	std::vector<Bytes> to_a, to_b;
	for (int i = 0; i < 12; i++) {
		bool a = (i / 3) % 2 == 0; // runs of three
		Bytes f = frame(a ? MAC_A : MAC_B, C, (uint8_t)i);
		(a ? to_a : to_b).push_back(f);
		send(0, tag(f, 0x8100, 0, 100));
	}
	walk();
	EXPECT_EQ(out(1), to_a);
	EXPECT_EQ(out(2), to_b);
	EXPECT_TRUE(out(3).empty());
	EXPECT_EQ(fdb_port(0, C), 0);
}
