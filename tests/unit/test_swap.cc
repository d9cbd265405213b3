// SPDX-License-Identifier: BSD-3-Clause
// Tables and graphs that change under traffic: a real worker lcore forwards frames that
// circulate between two ring ports (net_ring ports are loopbacks, so a cross-connect of
// ports 0 and 1 bounces every frame between them for as long as the worker runs), while
// this thread — the control side — swaps graphs, republishes tables and adds and removes
// ports. At the end every frame is accounted for: still circulating, or dropped with a
// named reason; and every mbuf is back in the pool.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <rte_ethdev.h>
#include <rte_graph.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "core/drop.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "vsw_pipeline.h"
#include "vsw_port.h"
#include "vsw_rcu.h"
#include "xconnect/xconnect.h"

namespace
{

constexpr unsigned kFrames = 64;

std::vector<uint8_t>
frame(uint8_t fill)
{
	std::vector<uint8_t> f(64, fill);
	const uint8_t dst[6] = {0x02, 0, 0, 0, 0, 2}, src[6] = {0x02, 0, 0, 0, 0, 1};
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	return f;
}

class Swap : public ::testing::Test
{
      protected:
	vsw_dp_port dp[3]{};

	void
	SetUp() override
	{
		RingPorts &rp = RingPorts::get();
		for (unsigned i = 0; i < 3; i++) {
			snprintf(dp[i].name, sizeof(dp[i].name), "ring%u", i);
			dp[i].eth_port = rp.ports[i].eth_port;
			dp[i].n_rxq = 1;
			dp[i].rxq_worker[0] = -1;
		}
		const vsw_xconnect_pair xc[] = {{0, 1}};
		const uint16_t lcores[] = {1};
		vsw_pipeline_conf pc{};
		pc.n_ports = 2; // ring2 is added by the tests that want it
		pc.ports = dp;
		pc.n_workers = 1;
		pc.worker_lcores = lcores;
		pc.burst = 32;
		pc.n_xconnects = 1;
		pc.xconnects = xc;
		char err[256] = "";
		ASSERT_EQ(vsw_pipeline_init(&pc, err, sizeof(err)), 0) << err;
		// Inject while no worker runs: a net_ring ring has one producer, the worker's tx.
		for (unsigned i = 0; i < kFrames; i++)
			rp.inject(0, frame((uint8_t)i));
	}

	void
	TearDown() override
	{
		pipeline_teardown();
	}

	// Frames left in the two rings once the worker has stopped.
	static size_t
	circulating()
	{
		return rte_ring_count(RingPorts::get().rings[0]) +
		       rte_ring_count(RingPorts::get().rings[1]) +
		       rte_ring_count(RingPorts::get().rings[2]);
	}

	static uint64_t
	rx_pkts()
	{
		return __atomic_load_n(&vsw_pipeline_worker(0)->stats.rx_pkts, __ATOMIC_RELAXED);
	}

	// Let the worker forward at least @p n more packets (bounded wait).
	static void
	run_for(uint64_t n)
	{
		uint64_t start = rx_pkts();
		for (int i = 0; i < 2000 && rx_pkts() - start < n; i++)
			std::this_thread::sleep_for(std::chrono::microseconds(500));
	}
};

} // namespace

TEST_F(Swap, GraphRebuiltUnderTrafficLosesNothing)
{
	char err[256] = "";
	unsigned gen0 = vsw_pipeline_generation();

	ASSERT_EQ(vsw_pipeline_start(), 0);
	run_for(10000);
	uint64_t last_eth = 0;
	for (int i = 0; i < 300; i++) {
		ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
		run_for(200);
		if (i % 50 == 0) {
			uint64_t eth = node_stats()["eth_input"].objs;
			EXPECT_GE(eth, last_eth) << "node counters survive graph swaps";
			last_eth = eth;
		}
	}
	EXPECT_EQ(vsw_pipeline_generation(), gen0 + 300);
	vsw_pipeline_stop();

	EXPECT_EQ(circulating(), kFrames) << "no frame lost or duplicated by 300 swaps";
	EXPECT_EQ(all_drops(), 0u);
	EXPECT_GT(rx_pkts(), 60000u);
	auto st = node_stats();
	// Every packet received went through eth_input and xconnect exactly once, whichever
	// graph it was in.
	EXPECT_EQ(st["eth_input"].objs, rx_pkts());
	EXPECT_EQ(st["xconnect"].objs, rx_pkts());
	EXPECT_EQ(st["port_tx-ring0"].objs + st["port_tx-ring1"].objs, rx_pkts());
	EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), kPoolSize - kFrames);
}

TEST_F(Swap, CrossConnectRepublishedUnderTrafficCountsEveryDrop)
{
	ASSERT_EQ(vsw_pipeline_start(), 0);
	run_for(5000);
	for (int i = 0; i < 200; i++) {
		ASSERT_EQ(vsw_xconnect_del(1), 0);
		EXPECT_EQ(vsw_xconnect_peer(0), VSW_PORT_NONE);
		std::this_thread::sleep_for(std::chrono::microseconds(100));
		ASSERT_EQ(vsw_xconnect_add(0, "port_tx-ring0", 1, "port_tx-ring1"), 0);
		EXPECT_EQ(vsw_xconnect_peer(0), 1);
		// Not run_for(): once every frame has been dropped nothing moves any more.
		std::this_thread::sleep_for(std::chrono::microseconds(300));
	}
	vsw_pipeline_stop();

	// While the pair was apart, what arrived was dropped as unbound; everything else still
	// circulates. rx = tx + drops, exactly.
	uint64_t unbound = drops("port_unbound");
	EXPECT_EQ(circulating() + unbound, kFrames);
	EXPECT_EQ(all_drops(), unbound);
	auto st = node_stats();
	EXPECT_EQ(st["port_tx-ring0"].objs + st["port_tx-ring1"].objs + unbound, rx_pkts());
	EXPECT_EQ(st["drop_port_unbound"].objs, unbound);
	EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), kPoolSize - circulating());
}

TEST_F(Swap, PortAddedAndRemovedUnderTraffic)
{
	char err[256] = "";

	ASSERT_EQ(vsw_pipeline_start(), 0);
	run_for(5000);
	for (int i = 0; i < 50; i++) {
		ASSERT_EQ(vsw_pipeline_port_set(2, &dp[2], err, sizeof(err)), 0) << err;
		ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
		EXPECT_EQ(vsw_pipeline_worker(0)->n_rxq, 3u) << "ring2 is polled";
		run_for(200);
		vsw_pipeline_port_clear(2);
		ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
		EXPECT_EQ(vsw_pipeline_worker(0)->n_rxq, 2u) << "ring2 is no longer polled";
		run_for(200);
	}
	vsw_pipeline_stop();
	EXPECT_EQ(circulating(), kFrames);
	EXPECT_EQ(all_drops(), 0u);
	EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), kPoolSize - kFrames);
}

TEST_F(Swap, WorkerWithoutQueuesIdlesAndPicksUpNewOnes)
{
	char err[256] = "";

	vsw_pipeline_port_clear(0);
	vsw_pipeline_port_clear(1);
	ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
	EXPECT_EQ(vsw_pipeline_worker(0)->graph, nullptr);
	ASSERT_EQ(vsw_pipeline_start(), 0);
	std::this_thread::sleep_for(std::chrono::milliseconds(20));
	EXPECT_EQ(rx_pkts(), 0u);
	EXPECT_GT(vsw_pipeline_worker(0)->stats.sleeps, 0u) << "idles offline, not spinning";
	// Writers are not held up by an idle worker.
	vsw_rcu_synchronize();
	ASSERT_EQ(vsw_pipeline_port_set(0, &dp[0], err, sizeof(err)), 0) << err;
	ASSERT_EQ(vsw_pipeline_port_set(1, &dp[1], err, sizeof(err)), 0) << err;
	ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
	run_for(1000);
	vsw_pipeline_stop();
	EXPECT_GE(rx_pkts(), 1000u);
	EXPECT_EQ(circulating(), kFrames);
}

// A cross-connect to a port whose tx node was never an edge of xconnect: the edge is new, so
// the running graph must be replaced before the table that uses it is published (sending on
// an edge the walked graph does not have crashes; test_reload_xconnect.sh re-pairs TAP ports
// under real traffic for that). Here: the graphs are remade, and frames then cross 0 <-> 2.
TEST_F(Swap, CrossConnectToANewEdgeRemakesGraphs)
{
	char err[256] = "";

	ASSERT_EQ(vsw_pipeline_port_set(2, &dp[2], err, sizeof(err)), 0) << err;
	ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
	ASSERT_EQ(vsw_pipeline_start(), 0);
	run_for(5000);
	unsigned gen = vsw_pipeline_generation();
	ASSERT_EQ(vsw_xconnect_del(0), 0);
	ASSERT_EQ(vsw_xconnect_add(0, "port_tx-ring0", 2, "port_tx-ring2"), 0);
	EXPECT_EQ(vsw_pipeline_generation(), gen + 1) << "graphs remade for the new edge";
	std::this_thread::sleep_for(std::chrono::milliseconds(5));
	vsw_pipeline_stop();
	// Frames caught between the two changes were dropped as unbound, and counted.
	uint64_t lost = drops("port_unbound");
	EXPECT_EQ(circulating() + lost, kFrames);
	EXPECT_EQ(all_drops(), lost);

	for (unsigned i = 0; i < 8; i++)
		RingPorts::get().inject(0, frame((uint8_t)i));
	ASSERT_EQ(vsw_pipeline_start(), 0);
	run_for(5000);
	vsw_pipeline_stop();
	EXPECT_GT(node_stats()["port_tx-ring2"].objs, 0u) << "frames now cross 0 <-> 2";
	EXPECT_EQ(circulating() + lost, kFrames + 8);
}

// Totals of swapped-away graphs belong to their pipeline: one made after it counts from
// zero, also once its own graphs are swapped (the retired totals' slots used to keep the
// earlier pipeline's numbers and add to them).
TEST_F(Swap, ANewPipelineCountsFromZero)
{
	char err[256] = "";

	ASSERT_EQ(vsw_pipeline_start(), 0);
	run_for(5000);
	ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
	run_for(1000);
	vsw_pipeline_stop();
	ASSERT_GT(node_stats()["eth_input"].objs, 6000u);

	TearDown();
	SetUp();
	ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
	ASSERT_EQ(vsw_pipeline_start(), 0);
	run_for(1000);
	ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
	vsw_pipeline_stop();
	EXPECT_EQ(node_stats()["eth_input"].objs, rx_pkts());
}
