// SPDX-License-Identifier: BSD-3-Clause
// Two lcores, ten seconds: real workers bridge frames between many hosts while this thread,
// the control side, does everything it does to a live L2 switch at once — applies learn
// events, ages with a fast clock, flushes, republishes the L2 tables (a bridge added and
// removed, static MACs on and off, limits changed) and rebuilds the graphs. At the end no
// worker crashed, no mbuf leaked, and every frame injected is accounted for: sent, or
// dropped with a named reason, or still in a ring.
//
// Traffic: this thread is the only producer of each worker's rx ring (ring0, and ring2 for a
// second worker) and the only consumer of the output rings (ring1 and ring3; they are tx-only
// ports, never polled). Hosts behind the rx port send to hosts behind the output port (never
// seen as sources: flooded, and flood's only other member is the output port), to static
// MACs on it (FDB hits), and to each other (dst_on_ingress once learned, flooded when not).
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "core/drop.h"
#include "l2/l2.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "vsw_pipeline.h"

namespace
{

constexpr unsigned kHosts = 1024;      // behind each rx port
constexpr unsigned kStatic = 16;       // static MACs behind each output port
constexpr auto kDuration = std::chrono::seconds(10);
// The control side's work is counted in iterations, not time: on a loaded machine the 10 s
// hold fewer of them, so the run goes on until it has done at least this many (2,530
// iterations = 110 applies, 2 flushes, 11 rebuilds), up to kMaxDuration.
constexpr unsigned kMinIters = 2530;
constexpr auto kMaxDuration = std::chrono::seconds(60);

struct Stress : public ::testing::TestWithParam<unsigned> {
	std::unique_ptr<vsw_config> cfg;
	unsigned n_workers = 1;
	uint64_t injected = 0, received = 0;

	static void
	mac(uint8_t m[6], uint8_t kind, unsigned side, unsigned i)
	{
		m[0] = 0x02;
		m[1] = kind;
		m[2] = (uint8_t)side;
		m[3] = 0;
		m[4] = (uint8_t)(i >> 8);
		m[5] = (uint8_t)i;
	}

	// Bridge s<side>: rx port 2*side, output port 2*side+1.
	void
	make_cfg(unsigned variant)
	{
		cfg = ring_config();
		vsw_config &c = *cfg;
		c.fdb_size = 8192;
		for (unsigned side = 0; side < n_workers; side++) {
			vsw_bridge_conf &b = c.bridges[c.n_bridges++];
			snprintf(b.name, sizeof(b.name), "s%u", side);
			b.ports[b.n_ports++] = (uint16_t)(2 * side);
			b.ports[b.n_ports++] = (uint16_t)(2 * side + 1);
			b.aging_s = 2;
			b.flood_unknown = true;
			b.mac_limit = variant % 3 == 2 ? kHosts / 8 : 0;
			for (unsigned i = 0; i < kStatic && variant % 2 == 0; i++) {
				vsw_fdb_static_conf &s = c.static_macs[c.n_static_macs++];
				s.bridge = (uint16_t)(c.n_bridges - 1);
				s.port = (uint16_t)(2 * side + 1);
				mac(s.mac, 0xbb, side, i);
			}
		}
		if (variant % 2) { // a bridge that comes and goes, on the spare port
			vsw_bridge_conf &b = c.bridges[c.n_bridges++];
			snprintf(b.name, sizeof(b.name), "churn%u", variant % 4);
			b.ports[b.n_ports++] = 4;
			b.aging_s = 300;
			b.flood_unknown = true;
		}
	}

	void
	apply()
	{
		uint16_t ids[VSW_MAX_PORTS];
		for (unsigned i = 0; i < VSW_MAX_PORTS; i++)
			ids[i] = i < kRingPorts ? (uint16_t)i : VSW_IFACE_NONE;
		char err[256] = "";
		ASSERT_EQ(vsw_l2_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	}

	void
	SetUp() override
	{
		n_workers = GetParam();
		RingPorts &rp = RingPorts::get();
		vsw_dp_port dp[kRingPorts]{};
		for (unsigned i = 0; i < kRingPorts; i++) {
			snprintf(dp[i].name, sizeof(dp[i].name), "ring%u", i);
			dp[i].eth_port = rp.ports[i].eth_port;
			// Rx ports are polled (by worker `side`); output and spare ports are not.
			dp[i].n_rxq = i % 2 == 0 && i / 2 < n_workers ? 1 : 0;
			dp[i].rxq_worker[0] = (int16_t)(i / 2);
		}
		make_cfg(0);
		const uint16_t lcores[] = {1, 2};
		vsw_pipeline_conf pc{};
		pc.n_ports = kRingPorts;
		pc.ports = dp;
		pc.n_workers = n_workers;
		pc.worker_lcores = lcores;
		pc.burst = 32;
		pc.l2 = cfg.get();
		char err[256] = "";
		ASSERT_EQ(vsw_pipeline_init(&pc, err, sizeof(err)), 0) << err;
	}

	void
	TearDown() override
	{
		pipeline_teardown();
	}

	// A 64-byte frame from host @p src of side @p side to one of three kinds of host.
	rte_mbuf *
	make_frame(unsigned side, unsigned n)
	{
		rte_mbuf *m = rte_pktmbuf_alloc(RingPorts::get().pool);
		if (m == nullptr)
			return nullptr;
		uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, 64);
		memset(p, 0x5a, 64);
		// The sending hosts change every 64k frames: those that go quiet age out.
		unsigned src = n % (kHosts / 4) + kHosts / 4 * ((n >> 16) % 4), kind = n % 4;
		if (kind == 0)
			mac(p, 0xaa, side, (src * 7 + 1) % kHosts); // another host on the rx port
		else if (kind == 1)
			mac(p, 0xbb, side, n % kStatic); // static on the output port
		else
			mac(p, 0xcc, side, n % 4096); // never a source: unknown
		mac(p + 6, 0xaa, side, src);
		p[12] = 0x08;
		p[13] = 0x00;
		return m;
	}

	// Top up each rx ring (unless @p inject is false), take what the workers sent.
	void
	pump(unsigned &n, bool inject = true)
	{
		RingPorts &rp = RingPorts::get();
		rte_mbuf *burst[64];
		for (unsigned side = 0; side < n_workers; side++) {
			rte_ring *rx = rp.rings[2 * side];
			unsigned k = 0;
			while (inject && k < 64 && rte_ring_free_count(rx) > k) {
				burst[k] = make_frame(side, n++);
				if (burst[k] == nullptr)
					break;
				k++;
			}
			unsigned q = rte_ring_enqueue_burst(rx, (void **)burst, k, nullptr);
			injected += q;
			for (; q < k; q++)
				rte_pktmbuf_free(burst[q]);
			// Worker w sends on tx queue w: ring queue 0 for worker 0, 1 for worker 1.
			rte_ring *out = side == 0 ? rp.rings[1] : rp.rings1[3];
			void *objs[64];
			unsigned got;
			while ((got = rte_ring_dequeue_burst(out, objs, 64, nullptr)) != 0) {
				received += got;
				rte_pktmbuf_free_bulk((rte_mbuf **)objs, got);
			}
		}
	}

	static uint64_t
	worker_rx()
	{
		uint64_t n = 0;
		for (unsigned w = 0; w < vsw_pipeline_n_workers(); w++)
			n += __atomic_load_n(&vsw_pipeline_worker(w)->stats.rx_pkts, __ATOMIC_RELAXED);
		return n;
	}
};

} // namespace

TEST_P(Stress, WorkersBridgeWhileControlLearnsAgesFlushesAndSwaps)
{
	EXPECT_EQ(node_stats()["eth_input"].objs, 0u) << "a new pipeline counts from zero";
	ASSERT_EQ(vsw_pipeline_start(), 0);
	auto start = std::chrono::steady_clock::now();
	unsigned n = 0, iter = 0, applies = 0, flushes = 0, rebuilds = 0;
	uint32_t clock = 1;
	char err[256];
	for (;;) {
		auto spent = std::chrono::steady_clock::now() - start;
		if ((spent >= kDuration && iter >= kMinIters) || spent >= kMaxDuration)
			break;
		pump(n);
		iter++;
		// A second of the FDB's clock every 10 ms of ours: entries age within the run.
		if (iter % 10 == 0)
			clock++;
		vsw_l2_poll(clock);
		if (iter % 997 == 0) {
			vsw_l2_flush((uint16_t)vsw_l2_bridge_id("s0"));
			flushes++;
		}
		if (iter % 23 == 0) {
			make_cfg(applies + 1);
			apply();
			applies++;
		}
		if (iter % 211 == 0) {
			ASSERT_EQ(vsw_pipeline_rebuild(err, sizeof(err)), 0) << err;
			rebuilds++;
		}
		std::this_thread::sleep_for(std::chrono::microseconds(1000));
	}
	// Let the rings drain, then stop and count.
	for (int i = 0; i < 50; i++) {
		pump(n, false);
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
	}
	vsw_pipeline_stop();
	pump(n, false);
	RingPorts &rp = RingPorts::get();
	uint64_t left = 0;
	for (unsigned side = 0; side < n_workers; side++)
		left += rte_ring_count(rp.rings[2 * side]);
	struct vsw_fdb_stats st;
	vsw_fdb_stats(vsw_l2_fdb(), &st);
	printf("%u worker(s): %lu frames injected, %lu sent, %lu dropped, %lu left; "
	       "%u applies, %u flushes, %u rebuilds; FDB learned %lu moved %lu aged %lu "
	       "flushed %lu limit %lu\n",
	       n_workers, injected, received, all_drops(), left, applies, flushes, rebuilds,
	       st.learned, st.moved, st.aged, st.flushed, st.limit_bridge);

	EXPECT_GT(injected, 100000u) << "traffic flowed throughout";
	EXPECT_GT(applies, 100u);
	EXPECT_GT(st.aged, 0u);
	EXPECT_GT(st.flushed, 0u);
	EXPECT_GT(st.limit_bridge, 0u);
	EXPECT_GT(drops("dst_on_ingress"), 0u);
	// Every frame: sent, dropped with a reason, or never polled. Flooding makes no copies
	// here (a bridge's only other member is its output port).
	EXPECT_EQ(injected, received + all_drops() + left);
	EXPECT_EQ(worker_rx(), received + all_drops());
	auto ns = node_stats();
	EXPECT_EQ(ns["eth_input"].objs, worker_rx());
	EXPECT_EQ(ns["bridge_input"].objs, worker_rx()) << "every frame reached its bridge";
	EXPECT_EQ(rte_mempool_avail_count(rp.pool) + left, kPoolSize) << "no mbuf leaked";
}

INSTANTIATE_TEST_SUITE_P(L2, Stress, ::testing::Values(1u, 2u),
			 [](const ::testing::TestParamInfo<unsigned> &i) {
				 return std::to_string(i.param) + "worker" + (i.param > 1 ? "s" : "");
			 });
