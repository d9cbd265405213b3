// SPDX-License-Identifier: BSD-3-Clause
// The VTEP over an IPv6 underlay, in a real worker graph (l3_fixture.h, vxlan_fixture.h):
// the router's r1 (ring1) has 2001:db8:2::1/64, with 2001:db8:2::2 (NB) and 2001:db8:2::3
// (NC) as static neighbours and 2001:db8:9::/48 routed via 2001:db8:2::2; bridge br holds
// ring2 (host A), ring3 (host C) and tunnel vx6 (VNI 10, local 2001:db8:2::1, flood list
// 2001:db8:2::3 and 2001:db8:9::5, the latter reached through the route). Frames are built
// and read as bytes; the UDP checksum is checked here with an independent sum.
#include "vxlan6_fixture.h"

using namespace l3test;
using namespace vxtest;

namespace
{

struct A6 {
	uint8_t b[16];
	bool
	operator<(const A6 &o) const
	{
		return memcmp(b, o.b, 16) < 0;
	}
};

A6
ip6(const char *s)
{
	A6 a;
	inet_pton(AF_INET6, s, a.b);
	return a;
}

A6
addr_at(const Bytes &b, size_t at)
{
	A6 a;
	memcpy(a.b, &b[at], 16);
	return a;
}

// The UDP checksum of IPv6 packet @p f (Ethernet in front, UDP right after the fixed header)
// summed with the pseudo-header, folded: 0xffff when the checksum in it is right (RFC 8200
// 8.1, RFC 768). Computed byte by byte, nothing of DPDK's.
uint16_t
udp6_sum(const Bytes &f)
{
	uint32_t s = 0, len = get16(f, 18);
	for (size_t i = 22; i < 54; i += 2)
		s += get16(f, i);
	s += len + 17;
	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(f[54 + i] << 8 | (i + 1 < len ? f[54 + i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

// @p in as IPv6 VXLAN from VTEP @p from to 2001:db8:2::1 (outer Ethernet NB -> R1), its
// UDP checksum right unless @p csum is given.
Bytes
vxlan6(const Bytes &in, const char *from, uint32_t vni = 10, int csum = -1)
{
	Bytes f(14 + 40 + 8 + 8, 0);
	memcpy(&f[0], R1, 6);
	memcpy(&f[6], NB, 6);
	put16(f, 12, 0x86dd);
	f[14] = 0x60;
	put16(f, 18, (uint16_t)(8 + 8 + in.size()));
	f[20] = 17;
	f[21] = 64;
	memcpy(&f[22], ip6(from).b, 16);
	memcpy(&f[38], ip6("2001:db8:2::1").b, 16);
	put16(f, 54, 50000);
	put16(f, 56, 4789);
	put16(f, 58, (uint16_t)(8 + 8 + in.size()));
	put32(f, 62, 0x08000000);
	put32(f, 66, vni << 8);
	f.insert(f.end(), in.begin(), in.end());
	uint16_t c = (uint16_t)~udp6_sum(f);
	put16(f, 60, csum >= 0 ? (uint16_t)csum : c == 0 ? 0xffff : c);
	return f;
}

// An inner IPv6 frame: Ethernet + IPv6 + UDP 1000 -> 2000, 18 bytes of payload.
Bytes
inner6(const uint8_t dst[6], const uint8_t src[6])
{
	Bytes f(14 + 40 + 8 + 18, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x86dd);
	f[14] = 0x60;
	put16(f, 18, 8 + 18);
	f[20] = 17;
	f[21] = 64;
	memcpy(&f[22], ip6("fd00::1").b, 16);
	memcpy(&f[38], ip6("fd00::2").b, 16);
	put16(f, 54, 1000);
	put16(f, 56, 2000);
	put16(f, 58, 8 + 18);
	return f;
}

class Vxlan6 : public L3
{
      protected:
	void
	SetUp() override
	{
		make_ports();
		L3::SetUp();
		vsw_l3_conf &l3 = cfg->l3;
		vsw_rif_conf &r1 = l3.rifs[1];
		r1.n_addrs6 = 1;
		memcpy(r1.addrs6[0].addr, ip6("2001:db8:2::1").b, 16);
		r1.addrs6[0].len = 64;
		const char *neigh[2] = {"2001:db8:2::2", "2001:db8:2::3"};
		const uint8_t *mac[2] = {NB, NC};
		for (int i = 0; i < 2; i++) {
			l3.neighs6[i].rif = 1;
			memcpy(l3.neighs6[i].addr, ip6(neigh[i]).b, 16);
			memcpy(l3.neighs6[i].mac, mac[i], 6);
		}
		l3.n_neighs6 = 2;
		vsw_route6_conf &r = l3.routes6[l3.n_routes6++];
		memcpy(r.to.addr, ip6("2001:db8:9::").b, 16);
		r.to.len = 48;
		r.type = VSW_ROUTE_VIA;
		r.n_via = 1;
		memcpy(r.via[0], ip6("2001:db8:2::2").b, 16);
		r.table = VSW_TABLE_MAIN;
		add_bridge(*cfg);
		vsw_vxlan_tunnel_conf &t = cfg->vxlan.tunnels[cfg->vxlan.n_tunnels++];
		snprintf(t.name, sizeof(t.name), "vx6");
		t.vni = 10;
		t.bridge = 0;
		t.rif = 1;
		t.ttl = 64;
		t.dstport = 4789;
		t.v6 = true;
		memcpy(t.local6, ip6("2001:db8:2::1").b, 16);
		memcpy(t.remotes6[t.n_remotes++], ip6("2001:db8:2::3").b, 16);
		memcpy(t.remotes6[t.n_remotes++], ip6("2001:db8:9::5").b, 16);
		reapply();
		vsw_l2_poll(1);
		walk();
		out(0);
		out(1);
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

	// The IPv6 VXLAN packets that left ring1, by outer destination address.
	std::map<A6, Bytes>
	vxlan_out()
	{
		std::map<A6, Bytes> m;
		for (Bytes &b : out(1))
			if (b.size() >= 70 && get16(b, 12) == 0x86dd && b[20] == 17 &&
			    get16(b, 56) == 4789)
				m[addr_at(b, 38)] = b;
		return m;
	}

	// Learn host B behind 2001:db8:2::3 (a broadcast from it), the outputs cleared.
	void
	learn_b()
	{
		RingPorts::get().inject(1, vxlan6(inner(BCAST, HB), "2001:db8:2::3"));
		step();
		out(1);
		out(2);
		out(3);
	}
};

// Every bit of one copy: outer Ethernet to the underlay's next hop @p dmac, IPv6 version 6,
// traffic class 0, payload 16 + the frame, UDP, hop limit 64, from the local VTEP to @p to;
// UDP 4789 from a port in 49152-65535, its length the payload's, a non-zero checksum that
// is right; VXLAN with the I flag and VNI 10; then the frame as the bridge had it.
void
expect_encap6(const Bytes &b, const uint8_t dmac[6], const char *to, const Bytes &frame)
{
	ASSERT_EQ(b.size(), 70 + frame.size());
	EXPECT_EQ(memcmp(&b[0], dmac, 6), 0);
	EXPECT_EQ(memcmp(&b[6], R1, 6), 0);
	EXPECT_EQ(get16(b, 12), 0x86dd);
	EXPECT_EQ(b[14] >> 4, 6) << "version";
	EXPECT_EQ((get16(b, 14) >> 4) & 0xff, 0) << "traffic class: the tunnel's tos";
	EXPECT_EQ((size_t)get16(b, 18), 16 + frame.size());
	EXPECT_EQ(b[20], 17);
	EXPECT_EQ(b[21], 64) << "hop limit: the tunnel's ttl";
	EXPECT_EQ(memcmp(&b[22], ip6("2001:db8:2::1").b, 16), 0);
	EXPECT_EQ(memcmp(&b[38], ip6(to).b, 16), 0);
	EXPECT_GE(get16(b, 54), 49152);
	EXPECT_EQ(get16(b, 56), 4789);
	EXPECT_EQ(get16(b, 58), get16(b, 18)) << "UDP length = payload length";
	EXPECT_NE(get16(b, 60), 0) << "IPv6 needs a UDP checksum";
	EXPECT_EQ(udp6_sum(b), 0xffff) << "UDP checksum over pseudo-header and datagram";
	EXPECT_EQ(get32(b, 62), 0x08000000u);
	EXPECT_EQ(get32(b, 66), 10u << 8);
	EXPECT_EQ(Bytes(b.begin() + 70, b.end()), frame);
}

} // namespace

TEST_F(Vxlan6, BroadcastIsReplicatedToEachRemoteOverIpv6)
{
	Bytes f = inner(BCAST, HA);
	RingPorts::get().inject(2, f);
	step();
	auto v = vxlan_out();
	ASSERT_EQ(v.size(), 2u);
	expect_encap6(v[ip6("2001:db8:2::3")], NC, "2001:db8:2::3", f);
	// Through the route 2001:db8:9::/48 via 2001:db8:2::2: that neighbour's MAC.
	expect_encap6(v[ip6("2001:db8:9::5")], NB, "2001:db8:9::5", f);
	const Bytes &a = v[ip6("2001:db8:2::3")], &b = v[ip6("2001:db8:9::5")];
	EXPECT_EQ(get16(a, 54), get16(b, 54)) << "one flow, one source port";
	EXPECT_EQ(get32(a, 14) & 0xfffff, get32(b, 14) & 0xfffff) << "one flow, one flow label";
	EXPECT_EQ(out(3).size(), 1u) << "the local member gets it plain";
}

TEST_F(Vxlan6, DecapLearnsTheInnerSourceBehindItsIpv6Vtep)
{
	Bytes f = inner(BCAST, HB);
	RingPorts::get().inject(1, vxlan6(f, "2001:db8:2::3"));
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
	char tunnel[VSW_NAME_MAX], vtep[VSW_VXLAN_ADDR_STR];
	ASSERT_EQ(vsw_vxlan_remote_vtep(port, tunnel, vtep), 0);
	EXPECT_STREQ(tunnel, "vx6");
	EXPECT_STREQ(vtep, "2001:db8:2::3");

	// Known unicast to B, an IPv6 inner frame: to its VTEP alone.
	Bytes u = inner6(HB, HA);
	RingPorts::get().inject(2, u);
	step();
	auto v = vxlan_out();
	ASSERT_EQ(v.size(), 1u);
	expect_encap6(v[ip6("2001:db8:2::3")], NC, "2001:db8:2::3", u);
	EXPECT_TRUE(out(3).empty());
}

TEST_F(Vxlan6, UdpChecksumZeroOrWrongIsDroppedByName)
{
	Bytes good = vxlan6(inner(BCAST, HB), "2001:db8:2::3");
	Bytes wrong = good;
	put16(wrong, 60, (uint16_t)(get16(good, 60) ^ 0x0101));
	Bytes flipped = good; // a payload bit flipped: the sum no longer matches
	flipped[90] ^= 0x40;
	struct Row {
		const char *drop;
		Bytes frame;
	};
	std::vector<Row> rows = {
		{"vxlan_udp6_zero_csum", vxlan6(inner(BCAST, HB), "2001:db8:2::3", 10, 0)},
		{"vxlan_bad_udp_csum", wrong},
		{"vxlan_bad_udp_csum", flipped},
		{"vxlan_unknown_vni", vxlan6(inner(BCAST, HB), "2001:db8:2::3", 11)},
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
	uint16_t port;
	uint8_t flags;
	EXPECT_FALSE(fdb_entry(HB, &port, &flags)) << "nothing learned from them";
	// The same packet with its checksum right goes through.
	RingPorts::get().inject(1, good);
	step();
	EXPECT_EQ(out(2).size(), 1u);
}

TEST_F(Vxlan6, TunnelShowsItsIpv6AddressesAndCounters)
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
	EXPECT_TRUE(got.t.v6);
	EXPECT_EQ(memcmp(got.t.local6, ip6("2001:db8:2::1").b, 16), 0);
	EXPECT_EQ(got.t.mtu, 1430) << "the underlay's 1500 - 70";
	ASSERT_EQ(got.t.n_remotes, 2u);
	EXPECT_EQ(memcmp(got.t.remotes[0].ip6, ip6("2001:db8:2::3").b, 16), 0);
	EXPECT_EQ(got.t.remotes[0].rx_packets, 1u);
	EXPECT_EQ(got.t.remotes[0].tx_packets, 1u);
	EXPECT_EQ(got.t.remotes[0].tx_bytes, inner(HB, HA, 100).size());
	EXPECT_EQ(got.t.remotes[1].tx_packets, 0u);
}

TEST_F(Vxlan6, OverlayMtuIsTheUnderlaysMinus70)
{
	learn_b();
	RingPorts::get().inject(2, inner(HB, HA, 1430 - 28)); // IP packet of 1430: fits
	step();
	auto v = vxlan_out();
	ASSERT_EQ(v.size(), 1u);
	EXPECT_EQ(v.begin()->second.size(), 1500u + 14) << "a full underlay frame";
	RingPorts::get().inject(2, inner(HB, HA, 1431 - 28));
	step();
	EXPECT_TRUE(vxlan_out().empty());
	EXPECT_EQ(drops("vxlan_too_big"), 1u);
}

TEST_F(Vxlan6, AnUnresolvedUnderlayNeighbourIsSolicitedAndThePacketHeld)
{
	// A third remote on the subnet without a neighbour entry: ND first, then the packet.
	memcpy(cfg->vxlan.tunnels[0].remotes6[cfg->vxlan.tunnels[0].n_remotes++],
	       ip6("2001:db8:2::7").b, 16);
	reapply();
	Bytes f = inner(BCAST, HA);
	RingPorts::get().inject(2, f);
	step();
	out(3);
	bool solicited = false;
	for (const Bytes &b : out(1))
		if (get16(b, 12) == 0x86dd && b[20] == 58 && b[54] == 135 &&
		    memcmp(&b[62], ip6("2001:db8:2::7").b, 16) == 0)
			solicited = true;
	EXPECT_TRUE(solicited) << "a neighbour solicitation for 2001:db8:2::7";
	const uint8_t N7[6] = {0x02, 0, 0, 0, 0x07, 0x07};
	Bytes na(32, 0);
	na[0] = 136;
	na[4] = 0x60; // solicited, override
	memcpy(&na[8], ip6("2001:db8:2::7").b, 16);
	na[24] = 2;
	na[25] = 1;
	memcpy(&na[26], N7, 6);
	Bytes fr(14 + 40, 0);
	memcpy(&fr[0], R1, 6);
	memcpy(&fr[6], N7, 6);
	put16(fr, 12, 0x86dd);
	fr[14] = 0x60;
	put16(fr, 18, (uint16_t)na.size());
	fr[20] = 58;
	fr[21] = 255;
	memcpy(&fr[22], ip6("2001:db8:2::7").b, 16);
	memcpy(&fr[38], ip6("2001:db8:2::1").b, 16);
	fr.insert(fr.end(), na.begin(), na.end());
	// The ICMPv6 checksum: pseudo-header (next header 58) and message.
	uint32_t s = 0;
	for (size_t i = 22; i < 54; i += 2)
		s += get16(fr, i);
	s += (uint32_t)na.size() + 58;
	for (size_t i = 54; i < fr.size(); i += 2)
		s += get16(fr, i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	put16(fr, 56, (uint16_t)~s);
	RingPorts::get().inject(1, fr);
	step();
	step(); // the hold queue released by the control thread, sent by the worker
	auto v = vxlan_out();
	ASSERT_EQ(v.count(ip6("2001:db8:2::7")), 1u) << "the held copy left once resolved";
	expect_encap6(v[ip6("2001:db8:2::7")], N7, "2001:db8:2::7", f);
}

// Over IPv6 the traffic class is what the TOS byte is over IPv4 (the tunnel's DSCP or the
// inner's, ECN always the inner's, CE as ECT(0)) and the hop limit the TTL (the tunnel's or
// the inner's); the UDP checksum stays right.
TEST_F(Vxlan6, TrafficClassAndHopLimitFromTheTunnelOrTheInnerPacket)
{
	auto outer = [this](uint8_t ds, uint8_t ttl) {
		Bytes f = inner(BCAST, HA);
		f[15] = ds;
		f[22] = ttl;
		fix_csum(f);
		RingPorts::get().inject(2, f);
		step();
		Bytes b = vxlan_out()[ip6("2001:db8:2::3")];
		EXPECT_EQ(b.size(), 70 + f.size());
		if (b.size() < 70)
			return std::pair<unsigned, unsigned>{};
		EXPECT_EQ(udp6_sum(b), 0xffff);
		return std::pair<unsigned, unsigned>{(get16(b, 14) >> 4) & 0xff, b[21]};
	};
	using P = std::pair<unsigned, unsigned>;
	EXPECT_EQ(outer(0xbb, 5), (P{0x02, 64}));
	vsw_vxlan_tunnel_conf &t = cfg->vxlan.tunnels[0];
	t.inherit = VSW_VXLAN_INHERIT_TOS | VSW_VXLAN_INHERIT_TTL;
	reapply();
	EXPECT_EQ(outer(0xb9, 5), (P{0xb9, 5}));
}
