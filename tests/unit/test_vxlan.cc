// SPDX-License-Identifier: BSD-3-Clause
// The VTEP's nodes in a real worker graph (l3_fixture.h): the router's r1 (ring1,
// 10.0.2.1/24) is the underlay, with the remote VTEPs 10.0.2.2 (NB) and 10.0.2.3 (NC) as
// static neighbours; bridge br holds ring2 (host A), ring3 (host C) and tunnel vx (VNI 10,
// local 10.0.2.1, flood list both remotes). Frames are built and read as bytes.
//
// Its own binary, as test_hostile: the ring ports are interfaces of the registry (a fake
// port type, which test_iface.cc fakes otherwise in test_pipeline), so that the tunnel's
// interface id is not a port's.
#include "vxlan_fixture.h"

using namespace l3test;
using namespace vxtest;

namespace
{

// @p in as VXLAN from VTEP @p from to 10.0.2.1 (outer Ethernet NB -> R1).
Bytes
vxlan(const Bytes &in, uint32_t from, uint32_t vni = 10, uint16_t dport = 4789,
      uint32_t flags = 0x08000000)
{
	Bytes f(14 + 20 + 8 + 8, 0);
	memcpy(&f[0], R1, 6);
	memcpy(&f[6], NB, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, (uint16_t)(20 + 8 + 8 + in.size()));
	f[22] = 64;
	f[23] = 17;
	put32(f, 26, from);
	put32(f, 30, ip4("10.0.2.1"));
	fix_csum(f);
	put16(f, 34, 50000);
	put16(f, 36, dport);
	put16(f, 38, (uint16_t)(8 + 8 + in.size()));
	put32(f, 42, flags);
	put32(f, 46, vni << 8);
	f.insert(f.end(), in.begin(), in.end());
	return f;
}

class Vxlan : public L3
{
      protected:
	void
	SetUp() override
	{
		make_ports();
		L3::SetUp();
		vsw_l3_conf &l3 = cfg->l3;
		l3.neighs[1].rif = 1;
		l3.neighs[1].addr = ip4("10.0.2.3");
		memcpy(l3.neighs[1].mac, NC, 6);
		l3.n_neighs = 2;
		add_bridge(*cfg);
		vsw_vxlan_tunnel_conf &t = cfg->vxlan.tunnels[cfg->vxlan.n_tunnels++];
		snprintf(t.name, sizeof(t.name), "vx");
		t.vni = 10;
		t.bridge = 0;
		t.rif = 1;
		t.ttl = 64;
		t.dstport = 4789;
		t.local = ip4("10.0.2.1");
		t.remotes[t.n_remotes++] = ip4("10.0.2.2");
		t.remotes[t.n_remotes++] = ip4("10.0.2.3");
		reapply();
		vsw_l2_poll(1);
	}

	void
	TearDown() override
	{
		L3::TearDown();
		destroy_ports();
	}

	void
	step()
	{
		walk();
		vsw_l2_poll(1);
	}

	// The VXLAN packets that left ring1, by outer destination address.
	std::map<uint32_t, Bytes>
	vxlan_out()
	{
		std::map<uint32_t, Bytes> m;
		for (Bytes &b : out(1))
			if (b.size() >= 50 && get16(b, 12) == 0x0800 && b[23] == 17 &&
			    get16(b, 36) == 4789)
				m[get32(b, 30)] = b;
		return m;
	}

	// Learn host B behind 10.0.2.2 (a broadcast from it), the outputs cleared.
	void
	learn_b()
	{
		RingPorts::get().inject(1, vxlan(inner(BCAST, HB), ip4("10.0.2.2")));
		step();
		out(1);
		out(2);
		out(3);
	}
};

// Every bit of one encapsulated copy: outer Ethernet from the underlay's neighbour, IPv4
// from the local VTEP with TTL 64 and no DF, UDP 4789 from a port in 49152-65535 without a
// checksum, VXLAN with the I flag and VNI 10, then the frame as the bridge had it.
void
expect_encap(const Bytes &b, const uint8_t dmac[6], uint32_t to, const Bytes &frame)
{
	ASSERT_EQ(b.size(), 50 + frame.size());
	EXPECT_EQ(memcmp(&b[0], dmac, 6), 0);
	EXPECT_EQ(memcmp(&b[6], R1, 6), 0);
	EXPECT_EQ(b[14], 0x45);
	EXPECT_EQ((size_t)get16(b, 16), 36 + frame.size());
	EXPECT_EQ(get16(b, 20), 0) << "no DF, not a fragment";
	EXPECT_EQ(b[22], 64);
	EXPECT_EQ(b[23], 17);
	EXPECT_EQ(sum(b, 14, 20), 0xffff) << "IPv4 header checksum";
	EXPECT_EQ(get32(b, 26), ip4("10.0.2.1"));
	EXPECT_EQ(get32(b, 30), to);
	EXPECT_GE(get16(b, 34), 49152);
	EXPECT_EQ(get16(b, 36), 4789);
	EXPECT_EQ((size_t)get16(b, 38), 16 + frame.size());
	EXPECT_EQ(get16(b, 40), 0) << "no UDP checksum";
	EXPECT_EQ(get32(b, 42), 0x08000000u);
	EXPECT_EQ(get32(b, 46), 10u << 8);
	EXPECT_EQ(Bytes(b.begin() + 50, b.end()), frame);
}

} // namespace

TEST_F(Vxlan, BroadcastIsReplicatedToEachRemoteOnce)
{
	Bytes f = inner(BCAST, HA);
	RingPorts::get().inject(2, f);
	step();
	auto v = vxlan_out();
	ASSERT_EQ(v.size(), 2u);
	expect_encap(v[ip4("10.0.2.2")], NB, ip4("10.0.2.2"), f);
	expect_encap(v[ip4("10.0.2.3")], NC, ip4("10.0.2.3"), f);
	EXPECT_EQ(get16(v[ip4("10.0.2.2")], 34), get16(v[ip4("10.0.2.3")], 34))
		<< "one flow, one source port";
	auto o3 = out(3);
	ASSERT_EQ(o3.size(), 1u);
	EXPECT_EQ(o3[0], f) << "the local member gets it plain";
}

TEST_F(Vxlan, DecapLearnsTheInnerSourceBehindItsVtep)
{
	Bytes f = inner(BCAST, HB);
	RingPorts::get().inject(1, vxlan(f, ip4("10.0.2.2")));
	step();
	auto o2 = out(2), o3 = out(3);
	ASSERT_EQ(o2.size(), 1u);
	EXPECT_EQ(o2[0], f);
	ASSERT_EQ(o3.size(), 1u);
	EXPECT_TRUE(vxlan_out().empty()) << "never flooded back into the overlay";

	uint16_t port;
	uint8_t flags;
	ASSERT_TRUE(fdb_entry(HB, &port, &flags));
	EXPECT_TRUE(flags & VSW_FDB_F_REMOTE);
	char tunnel[VSW_NAME_MAX];
	uint32_t ip;
	ASSERT_EQ(vsw_vxlan_remote_name(port, tunnel, &ip), 0);
	EXPECT_STREQ(tunnel, "vx");
	EXPECT_EQ(ip, ip4("10.0.2.2"));

	// Known unicast to B: to its VTEP alone, nothing to ring3 nor 10.0.2.3.
	Bytes u = inner(HB, HA);
	RingPorts::get().inject(2, u);
	step();
	auto v = vxlan_out();
	ASSERT_EQ(v.size(), 1u);
	expect_encap(v[ip4("10.0.2.2")], NB, ip4("10.0.2.2"), u);
	EXPECT_TRUE(out(3).empty());
}

TEST_F(Vxlan, AMacMovesFromVtepToVtepAndToALocalPort)
{
	learn_b();
	RingPorts::get().inject(1, vxlan(inner(BCAST, HB), ip4("10.0.2.3")));
	step();
	out(2);
	out(3);
	uint16_t port, p2;
	uint8_t flags;
	ASSERT_TRUE(fdb_entry(HB, &port, &flags));
	char tunnel[VSW_NAME_MAX];
	uint32_t ip;
	ASSERT_EQ(vsw_vxlan_remote_name(port, tunnel, &ip), 0);
	EXPECT_EQ(ip, ip4("10.0.2.3")) << "moved to the other VTEP";
	RingPorts::get().inject(3, inner(BCAST, HB));
	step();
	vxlan_out();
	out(2);
	ASSERT_TRUE(fdb_entry(HB, &p2, &flags));
	EXPECT_EQ(p2, 3) << "moved to a local port";
	EXPECT_FALSE(flags & VSW_FDB_F_REMOTE);
}

TEST_F(Vxlan, TunnelCountersPerRemote)
{
	learn_b();
	RingPorts::get().inject(2, inner(HB, HA, 100));
	step();
	vxlan_out();
	struct Got {
		unsigned n = 0;
		vsw_vxlan_tunnel_info t;
	} got;
	vsw_vxlan_tunnel_walk(
		[](const vsw_vxlan_tunnel_info *t, void *arg) {
			Got *g = static_cast<Got *>(arg);
			g->n++;
			g->t = *t;
		},
		&got);
	ASSERT_EQ(got.n, 1u);
	EXPECT_STREQ(got.t.name, "vx");
	EXPECT_EQ(got.t.vni, 10u);
	EXPECT_EQ(got.t.mtu, 1450) << "the underlay's 1500 - 50";
	ASSERT_EQ(got.t.n_remotes, 2u);
	EXPECT_EQ(got.t.remotes[0].ip, ip4("10.0.2.2"));
	EXPECT_EQ(got.t.remotes[0].rx_packets, 1u);
	EXPECT_EQ(got.t.remotes[0].rx_bytes, inner(BCAST, HB).size());
	EXPECT_EQ(got.t.remotes[0].tx_packets, 1u);
	EXPECT_EQ(got.t.remotes[0].tx_bytes, inner(HB, HA, 100).size());
	EXPECT_EQ(got.t.remotes[1].rx_packets, 0u);
	EXPECT_EQ(got.t.remotes[1].tx_packets, 0u);
}

TEST_F(Vxlan, OverlayMtuIsEnforced)
{
	learn_b();
	RingPorts::get().inject(2, inner(HB, HA, 1450 - 28)); // IP packet of 1450: fits
	step();
	EXPECT_EQ(vxlan_out().size(), 1u);
	RingPorts::get().inject(2, inner(HB, HA, 1451 - 28));
	step();
	EXPECT_TRUE(vxlan_out().empty());
	EXPECT_EQ(drops("vxlan_too_big"), 1u);
}

TEST_F(Vxlan, MalformedVxlanIsDroppedByName)
{
	Bytes f = inner(BCAST, HB);
	struct Row {
		const char *drop;
		Bytes frame;
	};
	Bytes short_ = vxlan(f, ip4("10.0.2.2"));
	short_.resize(14 + 20 + 8 + 4);
	put16(short_, 16, 20 + 8 + 4);
	put16(short_, 38, 8 + 4);
	fix_csum(short_);
	Bytes runt = vxlan(Bytes(f.begin(), f.begin() + 10), ip4("10.0.2.2"));
	std::vector<Row> rows = {
		{"vxlan_short", short_},
		{"vxlan_no_i_flag", vxlan(f, ip4("10.0.2.2"), 10, 4789, 0)},
		{"vxlan_reserved_bits", vxlan(f, ip4("10.0.2.2"), 10, 4789, 0x08000001)},
		{"vxlan_unknown_vni", vxlan(f, ip4("10.0.2.2"), 11)},
		{"vxlan_inner_runt", runt},
	};
	for (const Row &r : rows) {
		uint64_t before = drops(r.drop);
		RingPorts::get().inject(1, r.frame);
		step();
		EXPECT_EQ(drops(r.drop) - before, 1u) << r.drop;
		EXPECT_TRUE(out(2).empty()) << r.drop;
		EXPECT_TRUE(out(3).empty()) << r.drop;
		out(1);
	}
	// A reserved bit in the VNI word's low byte too.
	Bytes v = vxlan(f, ip4("10.0.2.2"));
	v[49] = 1;
	RingPorts::get().inject(1, v);
	step();
	EXPECT_EQ(drops("vxlan_reserved_bits"), 2u);
}

TEST_F(Vxlan, AnotherPortIsNotVxlan)
{
	// UDP to 10.0.2.1:4790 is for nobody: the router answers port unreachable.
	RingPorts::get().inject(1, vxlan(inner(BCAST, HB), ip4("10.0.2.2"), 10, 4790));
	step();
	EXPECT_TRUE(out(2).empty());
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(o[0][23], 1) << "ICMP";
	EXPECT_EQ(o[0][34], 3) << "destination unreachable";
	EXPECT_EQ(o[0][35], 3) << "port unreachable";
}

TEST_F(Vxlan, UnlistedVtepIsDeliveredNotLearnedOrDroppedWhenKnownOnly)
{
	RingPorts::get().inject(1, vxlan(inner(BCAST, HB), ip4("10.0.2.9")));
	step();
	EXPECT_EQ(out(2).size(), 1u);
	out(3);
	uint16_t port;
	uint8_t flags;
	EXPECT_FALSE(fdb_entry(HB, &port, &flags));

	cfg->vxlan.tunnels[0].known_vteps_only = true;
	reapply();
	RingPorts::get().inject(1, vxlan(inner(BCAST, HB), ip4("10.0.2.9")));
	step();
	EXPECT_TRUE(out(2).empty());
	EXPECT_EQ(drops("vxlan_unknown_vtep"), 1u);
}

TEST_F(Vxlan, RemovingARemoteForgetsWhatWasLearnedBehindIt)
{
	learn_b();
	uint16_t port;
	uint8_t flags;
	ASSERT_TRUE(fdb_entry(HB, &port, &flags));
	cfg->vxlan.tunnels[0].remotes[0] = ip4("10.0.2.3");
	cfg->vxlan.tunnels[0].n_remotes = 1;
	reapply();
	EXPECT_FALSE(fdb_entry(HB, &port, &flags));
	// Broadcast now goes to 10.0.2.3 alone.
	RingPorts::get().inject(2, inner(BCAST, HA));
	step();
	auto v = vxlan_out();
	ASSERT_EQ(v.size(), 1u);
	EXPECT_EQ(v.count(ip4("10.0.2.3")), 1u);
	out(3);
}

TEST_F(Vxlan, RemovingTheTunnelLeavesTheBridge)
{
	cfg->vxlan.n_tunnels = 0;
	reapply();
	RingPorts::get().inject(2, inner(BCAST, HA));
	step();
	EXPECT_TRUE(vxlan_out().empty());
	EXPECT_EQ(out(3).size(), 1u);
	EXPECT_EQ(vsw_iface_from_name("vx"), nullptr);
}
