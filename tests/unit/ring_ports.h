// SPDX-License-Identifier: BSD-3-Clause
// Five in-memory ring ports (net_ring0..4, made by eal_main.cc's --vdev), probed, set up
// and started once for the whole test binary, with one packet pool. A net_ring port is a
// loopback: what is sent on port N lands in ring "ETH_RXTX0_net_ringN", where port N also
// receives from. Tests inject frames into a ring, walk a graph, and read the rings.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "vsw_config.h"
#include "vsw_mbuf.h"
#include "vsw_pipeline.h"
#include "vsw_port.h"

constexpr unsigned kRingPorts = 5;
constexpr unsigned kPoolSize = 8191;

struct RingPorts {
	rte_mempool *pool = nullptr;
	vsw_port ports[kRingPorts]{};
	rte_ring *rings[kRingPorts]{};
	rte_ring *rings1[kRingPorts]{}; // tx queue 1 (a second worker's), also a loopback

	static RingPorts &
	get()
	{
		static RingPorts rp;
		if (rp.pool == nullptr)
			rp.setup();
		return rp;
	}

	void
	setup()
	{
		pool = vsw_pktmbuf_pool_create("t_rings", kPoolSize, 0);
		ASSERT_NE(pool, nullptr);
		for (unsigned i = 0; i < kRingPorts; i++) {
			vsw_port_conf c{};
			char err[256];
			snprintf(c.name, sizeof(c.name), "ring%u", i);
			c.kind = VSW_PORT_DPDK;
			snprintf(c.devargs, sizeof(c.devargs), "net_ring%u", i);
			c.rx_queues = 1;
			c.rx_desc = 512;
			c.tx_desc = 512;
			ASSERT_EQ(vsw_port_probe(&ports[i], &c, err, sizeof(err)), 0) << err;
			// Two tx queues: one per worker of the tests that run two.
			ASSERT_EQ(vsw_port_setup(&ports[i], pool, 2, err, sizeof(err)), 0) << err;
			ASSERT_EQ(vsw_port_start(&ports[i], err, sizeof(err)), 0) << err;
			std::string rn = "ETH_RXTX0_net_ring" + std::to_string(i);
			rings[i] = rte_ring_lookup(rn.c_str());
			ASSERT_NE(rings[i], nullptr);
			rn = "ETH_RXTX1_net_ring" + std::to_string(i);
			rings1[i] = rte_ring_lookup(rn.c_str());
			ASSERT_NE(rings1[i], nullptr);
		}
	}

	// Put a frame in port's rx ring. dirty >= 0: fill the mbuf's metadata with that byte
	// first, as a previous packet could have left it.
	void
	inject(unsigned port, const std::vector<uint8_t> &bytes, int dirty = -1)
	{
		rte_mbuf *m = rte_pktmbuf_alloc(pool);
		ASSERT_NE(m, nullptr);
		if (dirty >= 0)
			memset(vsw_mbuf_meta(m), dirty, sizeof(struct vsw_mbuf_meta));
		char *p = rte_pktmbuf_append(m, (uint16_t)bytes.size());
		ASSERT_NE(p, nullptr);
		if (!bytes.empty()) // an empty frame's data() may be NULL (UBSan)
			memcpy(p, bytes.data(), bytes.size());
		ASSERT_EQ(rte_ring_enqueue(rings[port], m), 0);
	}

	// Put a frame in port's rx ring as a chain of mbufs of seg bytes each (the last one
	// shorter), as a driver receiving with scatter does.
	void
	inject_chain(unsigned port, const std::vector<uint8_t> &bytes, size_t seg)
	{
		rte_mbuf *head = nullptr;
		for (size_t off = 0; off < bytes.size(); off += seg) {
			size_t n = std::min(seg, bytes.size() - off);
			rte_mbuf *m = rte_pktmbuf_alloc(pool);
			ASSERT_NE(m, nullptr);
			char *p = rte_pktmbuf_append(m, (uint16_t)n);
			ASSERT_NE(p, nullptr);
			memcpy(p, &bytes[off], n);
			if (head == nullptr)
				head = m;
			else
				ASSERT_EQ(rte_pktmbuf_chain(head, m), 0);
		}
		ASSERT_EQ(rte_ring_enqueue(rings[port], head), 0);
	}

	// What was sent on a port, in order, as bytes (every segment of a chain); the mbufs
	// are freed.
	std::vector<std::vector<uint8_t>>
	drain(unsigned port)
	{
		std::vector<std::vector<uint8_t>> out;
		void *obj;
		while (rte_ring_dequeue(rings[port], &obj) == 0) {
			rte_mbuf *m = static_cast<rte_mbuf *>(obj);
			std::vector<uint8_t> b(rte_pktmbuf_pkt_len(m));
			const void *d = b.empty() ? nullptr :
				rte_pktmbuf_read(m, 0, (uint32_t)b.size(), b.data());
			if (d != nullptr && d != b.data())
				memcpy(b.data(), d, b.size());
			out.push_back(std::move(b));
			rte_pktmbuf_free(m);
		}
		return out;
	}

	void
	drain_all()
	{
		void *obj;
		for (unsigned i = 0; i < kRingPorts; i++) {
			drain(i);
			while (rte_ring_dequeue(rings1[i], &obj) == 0)
				rte_pktmbuf_free(static_cast<rte_mbuf *>(obj));
		}
	}
};

// A config whose ports are the ring ports, ring0..ring4 (all else zero).
inline std::unique_ptr<vsw_config>
ring_config()
{
	auto c = std::make_unique<vsw_config>();
	memset(c.get(), 0, sizeof(*c));
	c->n_ports = kRingPorts;
	for (unsigned i = 0; i < kRingPorts; i++)
		snprintf(c->ports[i].name, sizeof(c->ports[i].name), "ring%u", i);
	return c;
}

// Stop and free the pipeline and empty the rings: every mbuf must be back in the pool.
inline void
pipeline_teardown()
{
	vsw_pipeline_stop();
	vsw_pipeline_fini();
	RingPorts::get().drain_all();
	EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), kPoolSize)
		<< "every mbuf given back";
}

// A one-worker pipeline over the ring ports (port i is interface i, MTU mtu[i] or none)
// with *cfg's tables applied at init. full: as vswd's, the control side has the pool to make
// packets with (router advertisements, gratuitous ARP) and the router is sized by *cfg.
inline ::testing::AssertionResult
ring_pipeline_init(const vsw_config *cfg, uint32_t fdb_size, const uint16_t *mtu = nullptr,
		   bool full = false)
{
	vsw_dp_port dp[kRingPorts]{};
	for (unsigned i = 0; i < kRingPorts; i++) {
		snprintf(dp[i].name, sizeof(dp[i].name), "ring%u", i);
		dp[i].eth_port = RingPorts::get().ports[i].eth_port;
		dp[i].n_rxq = 1;
		dp[i].mtu = mtu != nullptr ? mtu[i] : 0;
		dp[i].rxq_worker[0] = -1;
	}
	const uint16_t lcores[] = {1};
	vsw_pipeline_conf pc{};
	pc.n_ports = kRingPorts;
	pc.ports = dp;
	pc.n_workers = 1;
	pc.worker_lcores = lcores;
	pc.burst = 32;
	pc.fdb_size = fdb_size;
	pc.l2 = cfg;
	if (full) {
		pc.pool = RingPorts::get().pool;
		pc.sizing = cfg;
	}
	char err[256] = "";
	if (vsw_pipeline_init(&pc, err, sizeof(err)) != 0)
		return ::testing::AssertionFailure() << err;
	return ::testing::AssertionSuccess();
}

// Interface ids of a ring config's ports for an apply: port i is interface i.
inline void
ring_ids(const vsw_config &cfg, uint16_t ids[VSW_MAX_PORTS])
{
	for (unsigned i = 0; i < VSW_MAX_PORTS; i++)
		ids[i] = i < cfg.n_ports ? (uint16_t)i : VSW_IFACE_NONE;
}
