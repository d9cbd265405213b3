// SPDX-License-Identifier: BSD-3-Clause
// The VTEP: encap, decap, remote learning, flood lists (vxlan_fixture.h).
#include <set>

#include "vxlan_fixture.h"

using namespace l3test;

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

// vxlan_encap makes each remote's outer headers once per burst and each packet copies them:
// in one burst, frames of different lengths to B's VTEP leave in the order they came, each
// with its own lengths, IP id and a right header checksum, and a broadcast in the same burst
// (the bridge's flood path, after them) gets its own right headers too.
TEST_F(Vxlan, ABurstKeepsItsOrderAndEachPacketItsOwnHeader)
{
	learn_b();
	const Bytes fr[] = {inner(HB, HA, 18), inner(HB, HA, 700), inner(BCAST, HA, 30),
			    inner(HB, HA, 41)};
	for (const Bytes &f : fr)
		RingPorts::get().inject(2, f);
	step();
	std::vector<Bytes> to_b;
	for (Bytes &b : out(1))
		if (b.size() >= 50 && get16(b, 36) == 4789 && get32(b, 30) == ip4("10.0.2.2"))
			to_b.push_back(b);
	ASSERT_EQ(to_b.size(), 4u);
	const size_t order[] = {0, 1, 3, 2};
	std::set<uint16_t> ids;
	for (size_t i = 0; i < 4; i++) {
		SCOPED_TRACE(i);
		expect_encap(to_b[i], NB, ip4("10.0.2.2"), fr[order[i]]);
		ids.insert(get16(to_b[i], 18));
	}
	EXPECT_EQ(ids.size(), 4u) << "no DF: each packet its own IP id";
}

// The outer IPv4 header's TOS, TTL and DF: the tunnel's, or the inner packet's where the
// tunnel inherits them (Linux's `tos inherit`, `ttl inherit`, `df inherit`); the ECN field
// always the inner's, CE encapsulated as ECT(0) (RFC 6040, Linux's INET_ECN_encapsulate());
// the header checksum right each time.
TEST_F(Vxlan, OuterTosTtlAndDfFromTheTunnelOrTheInnerPacket)
{
	// The outer header of inner IPv4 with DS field @p ds, TTL @p ttl, DF @p df (or an ARP
	// frame when @p ip is false): {TOS, TTL, DF bit}.
	auto outer = [this](uint8_t ds, uint8_t ttl, bool df, bool ip = true) {
		Bytes f = inner(BCAST, HA);
		if (ip) {
			f[15] = ds;
			f[22] = ttl;
			put16(f, 20, df ? 0x4000 : 0);
			fix_csum(f);
		} else {
			put16(f, 12, 0x0806);
		}
		RingPorts::get().inject(2, f);
		step();
		Bytes b = vxlan_out()[ip4("10.0.2.2")];
		EXPECT_EQ(b.size(), 50 + f.size());
		if (b.size() < 50)
			return std::vector<unsigned>{};
		EXPECT_EQ(sum(b, 14, 20), 0xffff) << "IPv4 header checksum";
		return std::vector<unsigned>{b[15], b[22], (unsigned)(get16(b, 20) >> 14 & 1)};
	};
	using V = std::vector<unsigned>;
	// The defaults (tos 0, ttl 64, no DF): only ECN comes from inside.
	EXPECT_EQ(outer(0xb8, 17, true), (V{0x00, 64, 0}));
	EXPECT_EQ(outer(0xb9, 17, true), (V{0x01, 64, 0})) << "ECT(1) copied";
	EXPECT_EQ(outer(0xba, 17, false), (V{0x02, 64, 0})) << "ECT(0) copied";
	EXPECT_EQ(outer(0xbb, 17, false), (V{0x02, 64, 0})) << "CE as ECT(0)";
	// Set: DSCP 8 (0x20), TTL 9, DF.
	vsw_vxlan_tunnel_conf &t = cfg->vxlan.tunnels[0];
	t.tos = 0x23; // its ECN bits are not used
	t.ttl = 9;
	t.df = true;
	reapply();
	EXPECT_EQ(outer(0xb8, 17, false), (V{0x20, 9, 1}));
	EXPECT_EQ(outer(0x03, 17, false), (V{0x22, 9, 1}));
	// Inherited: the inner packet's DSCP, TTL and DF; not IP: 0, 64, none.
	t.inherit = VSW_VXLAN_INHERIT_TOS | VSW_VXLAN_INHERIT_TTL | VSW_VXLAN_INHERIT_DF;
	reapply();
	EXPECT_EQ(outer(0xb8, 17, true), (V{0xb8, 17, 1}));
	EXPECT_EQ(outer(0x2b, 200, false), (V{0x2a, 200, 0}));
	EXPECT_EQ(outer(0, 0, false, false), (V{0x00, 64, 0})) << "ARP: nothing to inherit";
}
