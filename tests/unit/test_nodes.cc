// SPDX-License-Identifier: BSD-3-Clause
// The core nodes (port_rx, eth_input, xconnect, port_tx, drop_*) in a real worker graph over
// three in-memory ring ports. net_ring ports are loopbacks: a frame sent on port N lands in
// ring "ETH_RXTX0_net_ringN", which is also where port N receives from. A test injects
// frames into a ring, walks the graph once, and reads what was sent from the rings.
#include <gtest/gtest.h>

#include <set>

#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <rte_ethdev.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "core/core.h"
#include "core/drop.h"
#include "vsw_mbuf.h"
#include "vsw_pipeline.h"
#include "vsw_port.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "xconnect/xconnect.h"

namespace
{

constexpr unsigned kPorts = 3; // ring0..2 of the shared ring ports

// A sink node for observing eth_input's output: it keeps what it receives.
std::vector<rte_mbuf *> sunk;

uint16_t
sink_process(struct rte_graph *, struct rte_node *, void **objs, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		sunk.push_back(static_cast<rte_mbuf *>(objs[i]));
	return n;
}

void
register_sink()
{
	static rte_node_register reg;
	if (rte_node_from_name("test_sink") != RTE_NODE_ID_INVALID)
		return;
	snprintf(reg.name, sizeof(reg.name), "test_sink");
	reg.process = sink_process;
	ASSERT_NE(__rte_node_register(&reg), RTE_NODE_ID_INVALID);
}

std::vector<uint8_t>
frame(size_t len, uint16_t ethertype = 0x0800, uint8_t fill = 0)
{
	std::vector<uint8_t> f(len);
	for (size_t i = 0; i < len; i++)
		f[i] = (uint8_t)(fill + i);
	if (len >= 14) {
		const uint8_t dst[6] = {0x02, 0, 0, 0, 0, 2}, src[6] = {0x02, 0, 0, 0, 0, 1};
		memcpy(&f[0], dst, 6);
		memcpy(&f[6], src, 6);
		f[12] = ethertype >> 8;
		f[13] = ethertype & 0xff;
	}
	return f;
}

std::vector<uint8_t>
vlan_frame(size_t len, uint16_t tpid, uint16_t tci, uint16_t inner)
{
	std::vector<uint8_t> f = frame(len, tpid);
	f[14] = tci >> 8;
	f[15] = tci & 0xff;
	f[16] = inner >> 8;
	f[17] = inner & 0xff;
	return f;
}

class Nodes : public ::testing::Test
{
      protected:
	static rte_mempool *pool;
	static vsw_port *ports;
	static rte_ring **rings;

	static void
	SetUpTestSuite()
	{
		register_sink();
		RingPorts &rp = RingPorts::get();
		pool = rp.pool;
		ports = rp.ports;
		rings = rp.rings;
	}

	void
	SetUp() override
	{
		// The sink edge must exist when the graph is made; which port uses it is a table
		// entry that tests set afterwards.
		ASSERT_EQ(vsw_eth_input_attach(2, "test_sink"), 0);
		init_pipeline(0, 0);
		for (unsigned i = 0; i < kPorts; i++)
			ASSERT_EQ(rte_eth_stats_reset(ports[i].eth_port), 0);
	}

	void
	init_pipeline(uint32_t idle_sleep_us, uint32_t idle_threshold_us, bool poll_port1 = true)
	{
		vsw_dp_port dp[kPorts]{};
		for (unsigned i = 0; i < kPorts; i++) {
			snprintf(dp[i].name, sizeof(dp[i].name), "ring%u", i);
			dp[i].eth_port = ports[i].eth_port;
			dp[i].n_rxq = (i == 1 && !poll_port1) ? 0 : 1;
			dp[i].rxq_worker[0] = -1;
		}
		const vsw_xconnect_pair xc[] = {{0, 1}};
		const uint16_t lcores[] = {1};
		vsw_pipeline_conf pc{};
		pc.n_ports = kPorts;
		pc.ports = dp;
		pc.n_workers = 1;
		pc.worker_lcores = lcores;
		pc.burst = 32;
		pc.idle_sleep_us = idle_sleep_us;
		pc.idle_threshold_us = idle_threshold_us;
		pc.n_xconnects = 1;
		pc.xconnects = xc;
		char err[256] = "";
		ASSERT_EQ(vsw_pipeline_init(&pc, err, sizeof(err)), 0) << err;
	}

	void
	TearDown() override
	{
		vsw_pipeline_fini();
		for (rte_mbuf *m : sunk)
			rte_pktmbuf_free(m);
		sunk.clear();
		RingPorts::get().drain_all();
		// Every test must give back every mbuf: nodes never leak.
		EXPECT_EQ(rte_mempool_avail_count(pool), kPoolSize);
	}

	void
	inject(unsigned port, const std::vector<uint8_t> &bytes)
	{
		RingPorts::get().inject(port, bytes);
	}

	static void
	walk()
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
	}

	// What was sent on a port, in order, as bytes; the mbufs are freed.
	std::vector<std::vector<uint8_t>>
	drain(unsigned port)
	{
		return RingPorts::get().drain(port);
	}

};

rte_mempool *Nodes::pool;
vsw_port *Nodes::ports;
rte_ring **Nodes::rings;

} // namespace

TEST_F(Nodes, GraphHasTheCoreNodes)
{
	auto st = node_stats();
	for (const char *n : {"port_rx-ring0-q0", "port_rx-ring1-q0", "port_rx-ring2-q0",
			      "eth_input", "xconnect", "port_tx-ring0", "port_tx-ring1",
			      "drop_eth_runt", "drop_port_unbound", "drop_tx_full"})
		EXPECT_TRUE(st.count(n)) << n;
}

TEST_F(Nodes, CrossConnectForwardsBytesUnchanged)
{
	std::vector<std::vector<uint8_t>> sent;
	for (size_t len : {60, 64, 128, 777, 1514})
		sent.push_back(frame(len, 0x0800, (uint8_t)len));
	for (auto &f : sent)
		inject(0, f);
	walk();
	EXPECT_EQ(drain(1), sent);
	EXPECT_TRUE(drain(0).empty()) << "nothing goes back out of the ingress port";
	EXPECT_TRUE(drain(2).empty()) << "nothing leaks to a port outside the cross-connect";

	rte_eth_stats s0, s1;
	ASSERT_EQ(rte_eth_stats_get(ports[0].eth_port, &s0), 0);
	ASSERT_EQ(rte_eth_stats_get(ports[1].eth_port, &s1), 0);
	EXPECT_EQ(s0.ipackets, 5u);
	EXPECT_EQ(s1.opackets, 5u);
	// (net_ring counts packets, not bytes.)
	EXPECT_EQ(vsw_pipeline_worker(0)->stats.rx_pkts, 5u);
	auto st = node_stats();
	EXPECT_EQ(st["xconnect"].objs, 5u);
	EXPECT_EQ(st["port_tx-ring1"].objs, 5u);
}

TEST_F(Nodes, CrossConnectBothWaysInOneBurst)
{
	// Both rx nodes feed eth_input before it runs, so its burst mixes two ports and the
	// enqueue must split it into runs.
	std::vector<std::vector<uint8_t>> a, b;
	for (int i = 0; i < 3; i++)
		a.push_back(frame(64, 0x0800, (uint8_t)(0x10 + i)));
	for (int i = 0; i < 4; i++)
		b.push_back(frame(64, 0x86dd, (uint8_t)(0x40 + i)));
	for (auto &f : a)
		inject(0, f);
	for (auto &f : b)
		inject(1, f);
	walk();
	EXPECT_EQ(drain(1), a);
	EXPECT_EQ(drain(0), b);
	EXPECT_EQ(node_stats()["eth_input"].calls, 1u);
}

TEST_F(Nodes, FullBurstMovesWhole)
{
	std::vector<std::vector<uint8_t>> sent;
	for (int i = 0; i < 32; i++)
		sent.push_back(frame(64, 0x0800, (uint8_t)i));
	for (auto &f : sent)
		inject(0, f);
	walk();
	EXPECT_EQ(drain(1), sent);
}

TEST_F(Nodes, RuntIsDroppedAndCounted)
{
	inject(0, frame(10));
	inject(0, frame(13));
	inject(0, frame(14)); // a bare header is a frame
	walk();
	EXPECT_EQ(drain(1).size(), 1u);
	EXPECT_EQ(node_stats()["drop_eth_runt"].objs, 2u);
	EXPECT_EQ(port_drop(0, "eth_runt"), 2u);
	EXPECT_EQ(port_drop(1, "eth_runt"), 0u);
}

TEST_F(Nodes, TruncatedVlanIsDroppedAndCounted)
{
	inject(1, frame(16, 0x8100));
	inject(1, frame(17, 0x88a8));
	inject(1, vlan_frame(18, 0x8100, 100, 0x0800));
	walk();
	EXPECT_EQ(drain(0).size(), 1u);
	EXPECT_EQ(port_drop(1, "eth_truncated_vlan"), 2u);
	EXPECT_EQ(node_stats()["drop_eth_truncated_vlan"].objs, 2u);
}

TEST_F(Nodes, UnboundPortIsDroppedAndCounted)
{
	vsw_eth_input_detach(2);
	inject(2, frame(64));
	inject(2, frame(64));
	walk();
	for (unsigned p = 0; p < kPorts; p++)
		EXPECT_TRUE(drain(p).empty());
	EXPECT_EQ(port_drop(2, "port_unbound"), 2u);
	EXPECT_EQ(node_stats()["drop_port_unbound"].objs, 2u);
}

TEST_F(Nodes, EthInputRecordsLayout)
{
	ASSERT_EQ(vsw_eth_input_attach(2, "test_sink"), 0);
	inject(2, frame(64, 0x0806));
	inject(2, vlan_frame(64, 0x8100, (5 << 13) | 100, 0x0800));
	inject(2, vlan_frame(64, 0x88a8, 200, 0x8100));
	walk();
	ASSERT_EQ(sunk.size(), 3u);
	const struct vsw_mbuf_meta *m0 = vsw_mbuf_meta(sunk[0]), *m1 = vsw_mbuf_meta(sunk[1]),
			    *m2 = vsw_mbuf_meta(sunk[2]);
	EXPECT_EQ(m0->in_port, 2);
	EXPECT_EQ(m0->out_port, VSW_PORT_NONE);
	EXPECT_EQ(m0->ethertype, 0x0806);
	EXPECT_EQ(m0->l2_len, 14);
	EXPECT_EQ(m0->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m1->ethertype, 0x0800);
	EXPECT_EQ(m1->l2_len, 18);
	EXPECT_NE(m1->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m2->ethertype, 0x8100); // the inner tag is the VLAN feature's business
	EXPECT_EQ(m2->l2_len, 18);
	// eth_input only reads the frame.
	EXPECT_EQ(rte_pktmbuf_data_len(sunk[1]), 64);
	EXPECT_EQ(rte_pktmbuf_mtod(sunk[1], uint8_t *)[12], 0x81);
	vsw_eth_input_detach(2);
}

TEST_F(Nodes, BaseMetadataIsFreshWhateverThePreviousPacketLeft)
{
	// The mempool does not clear the private area: these mbufs carry a previous packet's
	// metadata (all bits set). What eth_input hands on must describe this packet only.
	ASSERT_EQ(vsw_eth_input_attach(2, "test_sink"), 0);
	RingPorts::get().inject(2, frame(64, 0x0806), 0xff);
	RingPorts::get().inject(2, vlan_frame(64, 0x8100, 100, 0x86dd), 0xff);
	walk();
	ASSERT_EQ(sunk.size(), 2u);
	const struct vsw_mbuf_meta *m0 = vsw_mbuf_meta(sunk[0]), *m1 = vsw_mbuf_meta(sunk[1]);
	EXPECT_EQ(m0->in_port, 2);
	EXPECT_EQ(m0->out_port, VSW_PORT_NONE);
	EXPECT_EQ(m0->flags, 0u) << "no flag survives from the previous packet";
	EXPECT_EQ(m0->l2_len, 14);
	EXPECT_EQ(m0->ethertype, 0x0806);
	EXPECT_EQ(m0->trace_id, 0u);
	EXPECT_EQ(m1->flags, VSW_META_F_VLAN);
	EXPECT_EQ(m1->l2_len, 18);
	EXPECT_EQ(m1->ethertype, 0x86dd);
	vsw_eth_input_detach(2);
}

TEST_F(Nodes, TxQueueFullIsDroppedAndChargedToEgressPort)
{
	// Port 1 is not polled in this graph, so its (loopback) ring only fills up.
	vsw_pipeline_fini();
	init_pipeline(0, 0, false);
	unsigned filled = 0;
	while (rte_ring_free_count(rings[1]) > 2) {
		rte_mbuf *m = rte_pktmbuf_alloc(pool);
		ASSERT_NE(m, nullptr);
		ASSERT_EQ(rte_ring_enqueue(rings[1], m), 0);
		filled++;
	}
	for (int i = 0; i < 6; i++)
		inject(0, frame(64));
	walk();
	EXPECT_EQ(port_drop(1, "tx_full"), 4u) << "2 fit, 4 do not";
	EXPECT_EQ(port_drop(0, "tx_full"), 0u) << "charged to the egress port";
	EXPECT_EQ(node_stats()["drop_tx_full"].objs, 4u);
	EXPECT_EQ(drain(1).size(), filled + 2);
	ASSERT_EQ(vsw_xconnect_add(0, "port_tx-ring0", 1, "port_tx-ring1"), -EINVAL)
		<< "a port joins at most one cross-connect";
}

TEST_F(Nodes, WorkerLoopForwardsAndSleepsWhenIdle)
{
	vsw_pipeline_fini();
	init_pipeline(50, 100);
	ASSERT_EQ(vsw_pipeline_start(), 0);
	std::this_thread::sleep_for(std::chrono::milliseconds(50));
	const vsw_worker *w = vsw_pipeline_worker(0);
	EXPECT_GT(w->stats.sleeps, 0u) << "an idle worker backs off";
	EXPECT_EQ(w->stats.rx_pkts, 0u);
	EXPECT_EQ(w->stats.busy_cycles, 0u);

	// Ring ports are loopbacks, so the cross-connect bounces these frames between ports 0
	// and 1 for as long as the worker runs; none may be lost or duplicated. (Inject while
	// the worker is stopped: a net_ring ring has a single producer, the worker's tx.)
	vsw_pipeline_stop();
	for (int i = 0; i < 64; i++)
		inject(0, frame(64, 0x0800, (uint8_t)i));
	ASSERT_EQ(vsw_pipeline_start(), 0);
	std::this_thread::sleep_for(std::chrono::milliseconds(50));
	vsw_pipeline_stop();
	EXPECT_GT(w->stats.rx_pkts, 64u);
	EXPECT_GT(w->stats.busy_cycles, 0u);
	EXPECT_GT(w->stats.loops, 0u);
	size_t n = drain(0).size() + drain(1).size();
	EXPECT_EQ(n, 64u);
	EXPECT_EQ(port_drop(0, "tx_full") + port_drop(1, "tx_full"), 0u);
}

TEST_F(Nodes, DropReasonsHaveNamesNodesAndSides)
{
	// Declared by their features (core 6, L2 11, router 30 + TCP resets 3 + IPv6 19 + host
	// path 3, NAT 12, VXLAN 15, bonds 2), each once, each with its node.
	EXPECT_EQ(vsw_drop_count(), 101u);
	std::set<std::string> names;
	for (unsigned r = 0; r < vsw_drop_count(); r++) {
		std::string name = vsw_drop_name(r);
		EXPECT_FALSE(name.empty());
		EXPECT_TRUE(names.insert(name).second) << name << " declared twice";
		EXPECT_EQ(vsw_drop_id(name.c_str()), (int)r);
		EXPECT_NE(rte_node_from_name(("drop_" + name).c_str()), RTE_NODE_ID_INVALID)
			<< name;
		EXPECT_STRNE(vsw_drop_description(r), "unknown");
	}
	EXPECT_EQ(vsw_drop_side(drop_id("tx_full")), VSW_DROP_TX);
	EXPECT_EQ(vsw_drop_side(drop_id("eth_runt")), VSW_DROP_RX);
	EXPECT_EQ(vsw_drop_side(drop_id("flood_nombuf")), VSW_DROP_TX);
	EXPECT_EQ(vsw_drop_id("no_such_reason"), -1);
}
