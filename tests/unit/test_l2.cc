// SPDX-License-Identifier: BSD-3-Clause
// The L2 nodes (vlan_input, bridge_input, flood, vlan_output) in a real worker graph over
// the five ring ports, checked by the bytes each port sends:
//   p0 trunk, TPID 0x8100, VLANs 100 and 101, no native VLAN
//   p1 access 100          p2 access 100
//   p3 trunk, TPID 0x88a8, VLANs 100, 101 (native, untagged) and 200
//   p4 dot1q-tunnel, S-VLAN 200
// Bridges: b0 = VLAN 100 {p0 p1 p2 p3}, b1 = VLAN 101 {p0 p3}, b2 = VLAN 200 {p3 p4}.
// Static MAC 02:00:00:00:00:99 on p2 in b0.
#include <gtest/gtest.h>

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

namespace
{

using Bytes = std::vector<uint8_t>;

const uint8_t MAC_A[6] = {0x02, 0, 0, 0, 0, 0x0a};
const uint8_t MAC_B[6] = {0x02, 0, 0, 0, 0, 0x0b};
const uint8_t MAC_S[6] = {0x02, 0, 0, 0, 0, 0x99}; // static on p2
const uint8_t BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const uint8_t ZERO[6] = {0, 0, 0, 0, 0, 0};
const uint8_t MCAST[6] = {0x01, 0, 0x5e, 0, 0, 1};

// An untagged frame: dst, src, IPv4 ethertype, payload; 64 bytes.
Bytes
frame(const uint8_t dst[6], const uint8_t src[6], uint8_t fill = 0x5a)
{
	Bytes f(dst, dst + 6);
	f.insert(f.end(), src, src + 6);
	f.push_back(0x08);
	f.push_back(0x00);
	while (f.size() < 64)
		f.push_back(fill++);
	return f;
}

// Insert a tag after the MACs.
Bytes
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

	void
	SetUp() override
	{
		RingPorts::get();
		cfg = std::make_unique<vsw_config>();
		vsw_config &c = *cfg;
		memset(&c, 0, sizeof(c));
		c.n_ports = kRingPorts;
		for (unsigned i = 0; i < kRingPorts; i++)
			snprintf(c.ports[i].name, sizeof(c.ports[i].name), "ring%u", i);
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
		vsw_dp_port dp[kRingPorts]{};
		for (unsigned i = 0; i < kRingPorts; i++) {
			snprintf(dp[i].name, sizeof(dp[i].name), "ring%u", i);
			dp[i].eth_port = RingPorts::get().ports[i].eth_port;
			dp[i].n_rxq = 1;
			dp[i].rxq_worker[0] = -1;
		}
		const uint16_t lcores[] = {1};
		vsw_pipeline_conf pc{};
		pc.n_ports = kRingPorts;
		pc.ports = dp;
		pc.n_workers = 1;
		pc.worker_lcores = lcores;
		pc.burst = 32;
		pc.l2 = cfg.get();
		char err[256] = "";
		ASSERT_EQ(vsw_pipeline_init(&pc, err, sizeof(err)), 0) << err;
		vsw_l2_poll(1);
	}

	void
	TearDown() override
	{
		vsw_pipeline_fini();
		RingPorts::get().drain_all();
		EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), kPoolSize)
			<< "every mbuf given back";
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

} // namespace

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
	vsw_l2.bridges[0].flood_unknown = 0;
	send(2, frame(MAC_B, MAC_A));
	send(2, frame(BCAST, MAC_A)); // broadcast still floods
	walk();
	EXPECT_EQ(out(1).size(), 1u);
	EXPECT_EQ(drops(VSW_DROP_UNKNOWN_UNICAST), 1u);
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
	vsw_l2.ports[3].native_tagged = 1;
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
	EXPECT_EQ(drops(VSW_DROP_VLAN_TAGGED_ON_ACCESS), 1u);
	EXPECT_EQ(drops(VSW_DROP_VLAN_NOT_ALLOWED), 1u);
	EXPECT_EQ(drops(VSW_DROP_VLAN_UNTAGGED), 1u);
	EXPECT_EQ(fdb_port(0, MAC_A), -1) << "nothing learned from filtered frames";
}

TEST_F(L2, BadSourceMacsDropped)
{
	send(1, frame(BCAST, MCAST));
	send(1, frame(BCAST, ZERO));
	walk();
	for (unsigned p = 0; p < kRingPorts; p++)
		EXPECT_TRUE(out(p).empty()) << p;
	EXPECT_EQ(drops(VSW_DROP_SRC_MAC_MULTICAST), 1u);
	EXPECT_EQ(drops(VSW_DROP_SRC_MAC_ZERO), 1u);
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
	EXPECT_EQ(drops(VSW_DROP_DST_ON_INGRESS), 1u);
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
	EXPECT_EQ(drops(VSW_DROP_VLAN_NO_BRIDGE), 1u);
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

TEST_F(L2, FloodCopyWithoutMbufIsCountedByItsDropNode)
{
	// Four broadcasts from p1 are in the ring; then the pool is emptied, so none of the two
	// copies each needs (for p0 and p2) can be made: 8 drops, charged to p0 and p2, seen
	// both in the ports' counters and in the drop node's. The originals still reach p3.
	Bytes f = frame(BCAST, MAC_A);
	for (int i = 0; i < 4; i++)
		send(1, f);
	std::vector<rte_mbuf *> held;
	for (rte_mbuf *m; (m = rte_pktmbuf_alloc(RingPorts::get().pool)) != nullptr;)
		held.push_back(m);
	walk();
	for (rte_mbuf *m : held)
		rte_pktmbuf_free(m);
	EXPECT_EQ(out(3).size(), 4u);
	EXPECT_TRUE(out(0).empty());
	EXPECT_TRUE(out(2).empty());
	EXPECT_EQ(port_drop(0, VSW_DROP_FLOOD_NOMBUF), 4u);
	EXPECT_EQ(port_drop(2, VSW_DROP_FLOOD_NOMBUF), 4u);
	EXPECT_EQ(drops(VSW_DROP_FLOOD_NOMBUF), 8u);
	EXPECT_EQ(node_stats()["drop_flood_nombuf"].objs, 8u)
		<< "the node's counter says what the ports' counters say";
}

TEST_F(L2, MetadataDescribesTheFrameWhateverThePreviousPacketLeft)
{
	// Every frame comes in an mbuf whose metadata a previous packet filled with garbage.
	// What leaves must have the right bytes, and metadata that describes the frame as it
	// is on the wire: a popped tag is gone from l2_len and flags, a pushed one is there.
	send(1, frame(BCAST, MAC_A), 0xff);
	walk();
	forget_output();
	const uint8_t C[6] = {0x02, 0, 0, 0, 0, 0x0c};
	Bytes f = frame(MAC_A, C), q = tag(frame(BCAST, MAC_B), 0x8100, 3, 7);
	send(0, tag(f, 0x8100, 0, 100), 0xff);  // trunk -> access p1
	send(3, tag(q, 0x88a8, 3, 200), 0xa5);  // S-tag off, C-tag stays, to p4
	send(1, frame(BCAST, MAC_B, 1), 0x5a); // access -> flooded, tag pushed on p0
	rte_graph_walk(vsw_pipeline_worker(0)->graph);
	auto take = [](unsigned port) {
		std::vector<rte_mbuf *> v;
		void *o;
		while (rte_ring_dequeue(RingPorts::get().rings[port], &o) == 0)
			v.push_back(static_cast<rte_mbuf *>(o));
		return v;
	};
	auto bytes = [](rte_mbuf *m) {
		const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
		return Bytes(d, d + rte_pktmbuf_data_len(m));
	};
	std::vector<rte_mbuf *> p0 = take(0), p1 = take(1), p4 = take(4);
	ASSERT_EQ(p1.size(), 1u);
	EXPECT_EQ(bytes(p1[0]), f) << "the frame to A leaves p1 untagged";
	const struct vsw_mbuf_meta *m = vsw_mbuf_meta(p1[0]);
	EXPECT_EQ(m->in_port, 0);
	EXPECT_EQ(m->out_port, 1);
	EXPECT_EQ(m->l2_len, 14) << "the trunk's tag was popped";
	EXPECT_EQ(m->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m->ethertype, 0x0800);
	EXPECT_EQ(m->l2.vlan, 100);
	EXPECT_EQ(m->l2.domain, 0);
	EXPECT_EQ(m->l2.pcp, 0);

	ASSERT_EQ(p4.size(), 1u);
	EXPECT_EQ(bytes(p4[0]), q);
	m = vsw_mbuf_meta(p4[0]);
	EXPECT_EQ(m->l2_len, 18) << "the customer tag is now the outer one";
	EXPECT_NE(m->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m->ethertype, 0x0800);
	EXPECT_EQ(m->l2.vlan, 200);
	EXPECT_EQ(m->l2.domain, 2);
	EXPECT_EQ(m->l2.pcp, 3);

	ASSERT_EQ(p0.size(), 1u);
	EXPECT_EQ(bytes(p0[0]), tag(frame(BCAST, MAC_B, 1), 0x8100, 0, 100));
	m = vsw_mbuf_meta(p0[0]);
	EXPECT_EQ(m->in_port, 1);
	EXPECT_EQ(m->out_port, 0);
	EXPECT_EQ(m->l2_len, 18) << "vlan_output pushed a tag";
	EXPECT_NE(m->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m->ethertype, 0x0800);
	EXPECT_EQ(m->l2.pcp, 0);
	for (auto *v : {&p0, &p1, &p4})
		for (rte_mbuf *x : *v)
			rte_pktmbuf_free(x);
}

TEST_F(L2, LinkDownFlushIsNotUndoneByEventsAlreadyQueued)
{
	// A frame from A on p1 is seen by the worker, whose learn event waits in its ring; then
	// p1's link goes down and its entries are flushed; only then does the control thread
	// apply what was queued. A must not come back on p1: that port is down.
	send(1, frame(BCAST, MAC_A));
	rte_graph_walk(vsw_pipeline_worker(0)->graph);
	RingPorts::get().drain_all(); // (ring ports loop back: the flooded copies would return)
	vsw_l2_port_down(1);
	vsw_l2_poll(1);
	EXPECT_EQ(fdb_port(0, MAC_A), -1) << "a learn from before the flush was applied after it";
	// A frame sent after the flush is learned as usual, in the same second.
	send(1, frame(BCAST, MAC_A));
	walk(1);
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
}

TEST_F(L2, OnePollAgesOneSliceOfABigFdb)
{
	// 40000 entries, all long idle, in an FDB of 65536: one vsw_l2_poll() must not scan
	// (and empty) the whole table under the lock, only its slice; a few more polls (every
	// 1 ms in vswd) finish the pass.
	vsw_pipeline_fini();
	cfg->fdb_size = 65536;
	init();
	vsw_fdb *fdb = vsw_l2_fdb();
	vsw_l2_lock();
	for (uint32_t i = 0; i < 40000; i++) {
		rte_ether_addr a = {{0x06, 0, 0, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i}};
		ASSERT_EQ(vsw_fdb_learn(fdb, 0, &a, 1, 1), 0);
	}
	vsw_l2_unlock();
	struct vsw_fdb_stats st;
	vsw_l2_poll(1000);
	vsw_fdb_stats(fdb, &st);
	EXPECT_GT(st.aged, 0u);
	EXPECT_LE(st.aged, 16384u) << "one poll ages one slice";
	for (int i = 0; i < 4; i++)
		vsw_l2_poll(1000);
	vsw_fdb_stats(fdb, &st);
	EXPECT_EQ(st.aged, 40000u) << "65536 slots: a pass is 4 polls of 16384";
	EXPECT_EQ(fdb_port(0, MAC_S), 2) << "statics stay";
}
