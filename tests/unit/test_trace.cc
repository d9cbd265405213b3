// SPDX-License-Identifier: BSD-3-Clause
// Packet trace (core/trace.h) over the L2 fixture's graph: the packets marked, every node
// they crossed, where each copy left or why it was dropped; nothing recorded when off.
// The ring ports are not in the interface registry: they show as "#<id>".
#include <string>

#include "core/trace.h"
#include "l2_fixture.h"

class Trace : public L2
{
      protected:
	void
	TearDown() override
	{
		vsw_trace_clear();
		L2::TearDown();
	}

	static std::string
	show()
	{
		static char buf[65536];
		vsw_trace_format(1, buf, sizeof(buf));
		return buf;
	}
};

TEST_F(Trace, OffRecordsNothing)
{
	send(1, frame(BCAST, MAC_A));
	walk();
	struct vsw_trace_info info;
	vsw_trace_info(&info);
	EXPECT_EQ(info.steps, 0u);
	EXPECT_EQ(info.traced, 0u);
	EXPECT_EQ(show(), "");
}

TEST_F(Trace, FloodedForwardedAndDroppedPackets)
{
	ASSERT_EQ(vsw_trace_start(VSW_PORT_NONE, 3), 0);
	send(1, frame(BCAST, MAC_A));         // 1: flooded to p0, p2, p3
	walk();
	Bytes f = frame(MAC_A, MAC_B);        // 2: to MAC_A, learned on p1
	send(0, tag(f, 0x8100, 0, 100));
	walk();
	send(2, frame(MAC_A, ZERO));          // 3: dropped, zero source MAC
	walk();
	send(2, frame(MAC_A, MAC_B));         // not traced: 3 asked for
	walk();

	struct vsw_trace_info info;
	vsw_trace_info(&info);
	EXPECT_EQ(info.traced, 3u);
	EXPECT_EQ(info.lost, 0u);
	std::string s = show();
	size_t p2 = s.find("Packet 2:"), p3 = s.find("Packet 3:");
	ASSERT_NE(p2, std::string::npos) << s;
	ASSERT_NE(p3, std::string::npos) << s;
	EXPECT_EQ(s.find("Packet 4:"), std::string::npos) << s;
	std::string a = s.substr(0, p2), b = s.substr(p2, p3 - p2), c = s.substr(p3);

	for (const char *node : {"port_rx-", "eth_input", "vlan_input", "bridge_input", "flood",
				 "vlan_output", "port_tx-"})
		EXPECT_NE(a.find(node), std::string::npos) << node << "\n" << a;
	EXPECT_NE(a.find("vlan 100 pcp 0, bridge b100"), std::string::npos) << a;
	EXPECT_NE(a.find("multicast/broadcast -> flood"), std::string::npos) << a;
	size_t res = a.find("=> ");
	ASSERT_NE(res, std::string::npos) << a;
	std::string result = a.substr(res, a.find('\n', res) - res);
	for (const char *port : {"sent on #0", "sent on #2", "sent on #3"})
		EXPECT_NE(result.find(port), std::string::npos) << port << "\n" << a;
	EXPECT_EQ(result.find("#1"), std::string::npos) << a;

	EXPECT_NE(b.find("fdb hit: port #1 -> vlan_output"), std::string::npos) << b;
	EXPECT_NE(b.find("=> sent on #1\n"), std::string::npos) << b;
	EXPECT_EQ(b.find("flood"), std::string::npos) << b;

	EXPECT_NE(c.find("bridge_input"), std::string::npos) << c;
	EXPECT_NE(c.find("-> drop_src_mac_zero"), std::string::npos) << c;
	EXPECT_NE(c.find("=> dropped: src_mac_zero"), std::string::npos) << c;
	EXPECT_EQ(c.find("port_tx"), std::string::npos) << c;
}

TEST_F(Trace, PortFilterAndStop)
{
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	ASSERT_EQ(vsw_trace_start(ids[2], 5), 0);
	send(1, frame(BCAST, MAC_A));
	walk();
	send(2, frame(BCAST, MAC_B));
	walk();
	vsw_trace_stop();
	send(2, frame(BCAST, MAC_B));
	walk();
	struct vsw_trace_info info;
	vsw_trace_info(&info);
	EXPECT_EQ(info.traced, 1u) << "only p2's packet, and none after stop";
	std::string s = show();
	EXPECT_NE(s.find("Packet 1: in #2"), std::string::npos) << s;
	EXPECT_EQ(vsw_trace_start(VSW_PORT_NONE, 0), -EINVAL);
	EXPECT_EQ(vsw_trace_start(VSW_PORT_NONE, VSW_TRACE_MAX_PKTS + 1), -EINVAL);
}

// `trace start [PORT] N` stops recording by itself after N packets, also when more than N
// arrive in one burst: the rest are not marked and go through untraced.
TEST_F(Trace, StopsAfterNInOneBurst)
{
	ASSERT_EQ(vsw_trace_start(VSW_PORT_NONE, 2), 0);
	for (int i = 0; i < 5; i++)
		send(1, frame(BCAST, MAC_A));
	walk();
	struct vsw_trace_info info;
	vsw_trace_info(&info);
	EXPECT_EQ(info.traced, 2u);
	EXPECT_EQ(info.wanted, 2u);
	std::string s = show();
	EXPECT_NE(s.find("Packet 2:"), std::string::npos) << s;
	EXPECT_EQ(s.find("Packet 3:"), std::string::npos) << s;
	send(1, frame(BCAST, MAC_A));
	walk();
	vsw_trace_info(&info);
	EXPECT_EQ(info.traced, 2u) << "nothing after the N";
}

TEST_F(Trace, BoundedMemory)
{
	ASSERT_EQ(vsw_trace_start(VSW_PORT_NONE, VSW_TRACE_MAX_PKTS), 0);
	for (unsigned i = 0; i < 800; i++) {
		send(1, frame(BCAST, MAC_A));
		walk();
	}
	struct vsw_trace_info info;
	vsw_trace_info(&info);
	EXPECT_EQ(info.traced, 800u);
	EXPECT_EQ(info.steps, (uint32_t)VSW_TRACE_MAX_STEPS);
	EXPECT_GT(info.lost, 0u);
	char buf[4096];
	uint32_t next = vsw_trace_format(1, buf, sizeof(buf));
	EXPECT_GT(next, 1u);
	EXPECT_LT(next, 800u) << "a page holds whole packets only";
}
