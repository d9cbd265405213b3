// SPDX-License-Identifier: BSD-3-Clause
// Jumbo frames in the pipeline: frames longer than one mbuf arrive as chains (scatter rx),
// and every node that reads or writes their header must handle a chain (the VLAN pop in
// vlan_input, the push in vlan_output, flood's copies); port_tx drops a frame longer than
// its port's MTU, by name and once. Ports and bridges are l2_fixture.h's.
#include "l2_fixture.h"

namespace
{

// A 9,000-byte IP packet in an untagged frame (9,014 bytes), every payload byte numbered.
Bytes
jumbo(const uint8_t dst[6], const uint8_t src[6], size_t payload = 9000)
{
	Bytes f = frame(dst, src);
	f.resize(14 + payload);
	for (size_t i = 14; i < f.size(); i++)
		f[i] = (uint8_t)(i * 7 + i / 251);
	return f;
}

class Jumbo : public L2
{
      protected:
	void
	send_chain(unsigned port, const Bytes &f, size_t seg)
	{
		RingPorts::get().inject_chain(port, f, seg);
	}

	// Rebuild the pipeline with port @p port's MTU set to @p m.
	void
	set_mtu(unsigned port, uint16_t m)
	{
		vsw_pipeline_fini();
		mtu[port] = m;
		init();
	}
};

} // namespace

// Segment sizes: the tag (18 bytes) alone in the first, a small one, a 2 KiB pool's.
class JumboSegs : public Jumbo, public ::testing::WithParamInterface<size_t>
{
};

INSTANTIATE_TEST_SUITE_P(Segments, JumboSegs, ::testing::Values(18, 64, 1000, 2048));

TEST_P(JumboSegs, ChainedFrameIsTaggedAndFloodedWhole)
{
	Bytes f = jumbo(BCAST, MAC_A);
	send_chain(1, f, GetParam()); // access 100
	walk();
	// vlan_output pushed each port's tag on its own copy of the chain.
	EXPECT_EQ(out(0), std::vector<Bytes>{tag(f, 0x8100, 0, 100)});
	EXPECT_EQ(out(2), std::vector<Bytes>{f});
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 0, 100)});
	EXPECT_TRUE(out(1).empty());
	EXPECT_EQ(all_drops(), 0u);
}

TEST_P(JumboSegs, ChainedTaggedFrameIsUntaggedAndRetagged)
{
	Bytes f = jumbo(BCAST, MAC_B);
	send_chain(0, tag(f, 0x8100, 5, 100), GetParam()); // trunk
	walk();
	EXPECT_EQ(out(1), std::vector<Bytes>{f}) << "the tag popped from the chain's head";
	EXPECT_EQ(out(2), std::vector<Bytes>{f});
	EXPECT_EQ(out(3), std::vector<Bytes>{tag(f, 0x88a8, 5, 100)}) << "priority kept";
	EXPECT_EQ(all_drops(), 0u);
}

TEST_F(Jumbo, ChainedUnicastForwardedWhole)
{
	send(2, frame(BCAST, MAC_B)); // learn MAC_B on p2
	walk();
	forget_output();
	Bytes f = jumbo(MAC_B, MAC_A);
	send_chain(0, tag(f, 0x8100, 0, 100), 2048);
	walk();
	EXPECT_EQ(out(2), std::vector<Bytes>{f});
	EXPECT_TRUE(out(1).empty()) << "known unicast: one port";
	EXPECT_TRUE(out(3).empty());
}

TEST_F(Jumbo, FrameOverEgressMtuDroppedByNameOnce)
{
	set_mtu(2, 1500);
	Bytes at_mtu = jumbo(BCAST, MAC_A, 1500), over = jumbo(BCAST, MAC_A, 1501);
	Bytes big = jumbo(BCAST, MAC_A);
	send(1, at_mtu);
	send(1, over);
	send_chain(1, big, 2048);
	walk();
	EXPECT_EQ(out(2), std::vector<Bytes>{at_mtu}) << "1,500 bytes of payload pass";
	EXPECT_EQ(port_drop(2, "mtu_exceeded"), 2u);
	EXPECT_EQ(node_stats()["drop_mtu_exceeded"].objs, 2u);
	EXPECT_EQ(all_drops(), 2u) << "counted once, by that name only";
	EXPECT_EQ(port_drop(1, "mtu_exceeded"), 0u) << "charged to the egress port";
	// Ports without a limit still got all three.
	EXPECT_EQ(out(0).size(), 3u);
	EXPECT_EQ(out(3).size(), 3u);
}

TEST_F(Jumbo, MtuCountsThePayloadNotTheTag)
{
	set_mtu(0, 1500); // trunk: the tag vlan_output pushes is not payload
	Bytes at_mtu = jumbo(BCAST, MAC_A, 1500), over = jumbo(BCAST, MAC_A, 1501);
	send(1, at_mtu);
	send(1, over);
	walk();
	EXPECT_EQ(out(0), std::vector<Bytes>{tag(at_mtu, 0x8100, 0, 100)});
	EXPECT_EQ(port_drop(0, "mtu_exceeded"), 1u);
}
