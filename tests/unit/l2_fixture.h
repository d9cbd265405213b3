// SPDX-License-Identifier: BSD-3-Clause
// The L2 test fixture shared by test_l2.cc and test_l2_regressions.cc: the L2 nodes in a
// real worker graph over the five ring ports, checked by the bytes each port sends:
//   p0 trunk, TPID 0x8100, VLANs 100 and 101, no native VLAN
//   p1 access 100          p2 access 100
//   p3 trunk, TPID 0x88a8, VLANs 100, 101 (native, untagged) and 200
//   p4 dot1q-tunnel, S-VLAN 200
// Bridges: b0 = VLAN 100 {p0 p1 p2 p3}, b1 = VLAN 101 {p0 p3}, b2 = VLAN 200 {p3 p4}.
// Static MAC 02:00:00:00:00:99 on p2 in b0.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/drop.h"
#include "l2/l2.h"
#include "l2/l2_priv.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "vsw_pipeline.h"


using Bytes = std::vector<uint8_t>;

const uint8_t MAC_A[6] = {0x02, 0, 0, 0, 0, 0x0a};
const uint8_t MAC_B[6] = {0x02, 0, 0, 0, 0, 0x0b};
const uint8_t MAC_S[6] = {0x02, 0, 0, 0, 0, 0x99}; // static on p2
const uint8_t BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const uint8_t ZERO[6] = {0, 0, 0, 0, 0, 0};
const uint8_t MCAST[6] = {0x01, 0, 0x5e, 0, 0, 1};

// An untagged frame: dst, src, IPv4 ethertype, payload; 64 bytes.
inline Bytes
frame(const uint8_t dst[6], const uint8_t src[6], uint8_t fill = 0x5a)
{
	Bytes f(64);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	for (size_t i = 14; i < f.size(); i++)
		f[i] = fill++;
	return f;
}

// Insert a tag after the MACs.
inline Bytes
tag(const Bytes &f, uint16_t tpid, uint8_t pcp, uint16_t vid)
{
	Bytes t(f.begin(), f.begin() + 12);
	uint16_t tci = (uint16_t)(pcp << 13 | vid);
	t.push_back(tpid >> 8);
	t.push_back(tpid & 0xff);
	t.push_back(tci >> 8);
	t.push_back(tci & 0xff);
	t.insert(t.end(), f.begin() + 12, f.end());
	return t;
}

class L2 : public ::testing::Test
{
      protected:
	std::unique_ptr<vsw_config> cfg;
	uint16_t mtu[kRingPorts]{}; // each port's MTU in the pipeline (0: no limit), for init()

	void
	SetUp() override
	{
		RingPorts::get();
		cfg = ring_config();
		vsw_config &c = *cfg;
		c.ports[0].vlan_mode = VSW_VLAN_TRUNK;
		c.ports[0].tpid = 0x8100;
		set_trunk(c.ports[0], {100, 101});
		c.ports[1].vlan_mode = VSW_VLAN_ACCESS;
		c.ports[1].tag = 100;
		c.ports[2].vlan_mode = VSW_VLAN_ACCESS;
		c.ports[2].tag = 100;
		c.ports[3].vlan_mode = VSW_VLAN_TRUNK;
		c.ports[3].tpid = 0x88a8;
		c.ports[3].native_vlan = 101;
		set_trunk(c.ports[3], {100, 101, 200});
		c.ports[4].vlan_mode = VSW_VLAN_DOT1Q_TUNNEL;
		c.ports[4].tag = 200;
		add_bridge(100, {0, 1, 2, 3});
		add_bridge(101, {0, 3});
		add_bridge(200, {3, 4});
		c.n_static_macs = 1;
		c.static_macs[0].bridge = 0;
		c.static_macs[0].port = 2;
		memcpy(c.static_macs[0].mac, MAC_S, 6);
		c.fdb_size = 4096;
		init();
	}

	static void
	set_trunk(vsw_port_conf &p, std::vector<uint16_t> vids)
	{
		for (uint16_t v : vids)
			p.trunks[v >> 3] |= (uint8_t)(1 << (v & 7));
		p.n_trunks = (uint16_t)vids.size();
	}

	void
	add_bridge(uint16_t vlan, std::vector<uint16_t> ports)
	{
		vsw_bridge_conf &b = cfg->bridges[cfg->n_bridges++];
		snprintf(b.name, sizeof(b.name), "b%u", vlan);
		b.vlan = vlan;
		b.n_ports = (uint16_t)ports.size();
		for (size_t i = 0; i < ports.size(); i++)
			b.ports[i] = ports[i];
		b.aging_s = 300;
		b.flood_unknown = true;
	}

	void
	init()
	{
		ASSERT_TRUE(ring_pipeline_init(cfg.get(), 0, mtu));
		vsw_l2_poll(1);
	}

	// Apply *cfg again (a live reload of the L2 section); port i is interface i.
	void
	reapply()
	{
		uint16_t ids[VSW_MAX_PORTS];
		ring_ids(*cfg, ids);
		char err[256] = "";
		ASSERT_EQ(vsw_l2_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	}

	void
	TearDown() override
	{
		pipeline_teardown(); // no worker was started: the stop is a no-op
	}

	// dirty >= 0: the mbuf's metadata is first filled with that byte (a previous packet's).
	static void
	send(unsigned port, const Bytes &f, int dirty = -1)
	{
		RingPorts::get().inject(port, f, dirty);
	}

	// What each port sent, collected after every walk (ring ports are loopbacks: left in
	// the ring, a port would receive its own output on the next walk).
	std::map<unsigned, std::vector<Bytes>> sent_;

	// One graph walk, then the control thread's turn at time t.
	void
	walk(uint32_t t = 1)
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
		for (unsigned p = 0; p < kRingPorts; p++)
			for (Bytes &b : RingPorts::get().drain(p))
				sent_[p].push_back(std::move(b));
		vsw_l2_poll(t);
	}

	std::vector<Bytes>
	out(unsigned port)
	{
		std::vector<Bytes> o = std::move(sent_[port]);
		sent_[port].clear();
		return o;
	}

	void
	forget_output()
	{
		sent_.clear();
	}

	static int
	fdb_port(uint16_t bridge, const uint8_t mac[6])
	{
		struct vsw_fdb_key k {};
		k.bridge = bridge;
		memcpy(k.mac.addr_bytes, mac, 6);
		void *data;
		if (rte_hash_lookup_data(vsw_l2.hash, &k, &data) < 0)
			return -1;
		return vsw_fdb_data_port((uintptr_t)data);
	}
};

