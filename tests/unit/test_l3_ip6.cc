// SPDX-License-Identifier: BSD-3-Clause
// The router's IPv6 nodes (ip6_input, ip6_local, nd_request, icmp6_error) and its neighbour
// discovery, checked by the bytes each port sends and by the named drops. The fixture:
// l3_ip6_fixture.h.
#include <set>

#include "l3_ip6_fixture.h"

using namespace l3test;
using namespace l3test6;

TEST_F(L3v6, SolicitationForOurAddressIsAdvertisedAndTheAskerLearned)
{
	RingPorts::get().inject(0, nd(135, MC_SN1, HA, "2001:db8:1::2", "ff02::1:ff00:1",
				      "2001:db8:1::1", HA));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6)) << "to the asker's MAC";
	EXPECT_EQ(Bytes(r.begin() + 6, r.begin() + 12), Bytes(R0, R0 + 6));
	EXPECT_EQ(r[21], 255) << "hop limit";
	EXPECT_TRUE(addr_at(r, 22) == ip6("2001:db8:1::1"));
	EXPECT_TRUE(addr_at(r, 38) == ip6("2001:db8:1::2"));
	EXPECT_EQ(r[54], 136) << "an advertisement";
	EXPECT_EQ(r[58], 0xe0) << "router, solicited, override";
	EXPECT_TRUE(addr_at(r, 62) == ip6("2001:db8:1::1"));
	EXPECT_EQ(r[78], 2) << "target link-layer address option";
	EXPECT_EQ(Bytes(r.begin() + 80, r.begin() + 86), Bytes(R0, R0 + 6));
	EXPECT_EQ(icmp6_sum(r), 0xffff);

	bool learned = false;
	vsw_l3_neigh_walk(
	    [](const vsw_l3_neigh_info *n, void *arg) {
		    if (n->v6 && memcmp(n->ip6, ip6("2001:db8:1::2").b, 16) == 0 && n->resolved &&
			memcmp(n->mac, HA, 6) == 0)
			    *static_cast<bool *>(arg) = true;
	    },
	    &learned);
	EXPECT_TRUE(learned) << "the solicitor, from its source link-layer address option";

	// Not ours: dropped by name, not answered.
	RingPorts::get().inject(0, nd(135, MC_SN1, HA, "2001:db8:1::2", "ff02::1:ff00:1",
				      "2001:db8:1::99", HA));
	walk();
	EXPECT_TRUE(out(0).empty());
	EXPECT_EQ(drops("nd_not_for_us"), 1u);
}

TEST_F(L3v6, EchoToTheGatewayAndItsLinkLocalAddressIsAnswered)
{
	learn_a();
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1"));
	// r0's link-local address: EUI-64 of 02:00:00:00:01:01.
	RingPorts::get().inject(0, echo6(R0, HA, "fe80::aa", "fe80::ff:fe00:101"));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 2u);
	EXPECT_TRUE(addr_at(o[0], 22) == ip6("2001:db8:1::1"));
	EXPECT_TRUE(addr_at(o[0], 38) == ip6("2001:db8:1::2"));
	EXPECT_TRUE(addr_at(o[1], 22) == ip6("fe80::ff:fe00:101"));
	EXPECT_TRUE(addr_at(o[1], 38) == ip6("fe80::aa"));
	for (const Bytes &r : o) {
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6));
		EXPECT_EQ(r[54], 129) << "echo reply";
		EXPECT_EQ(get16(r, 58), 7) << "its id";
		EXPECT_EQ(icmp6_sum(r), 0xffff);
	}
}

TEST_F(L3v6, ForwardingDecrementsTheHopLimitAndRewritesTheMacs)
{
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2", 10));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:9:5::1", 10));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 2u);
	for (const Bytes &r : o) {
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(NB, NB + 6));
		EXPECT_EQ(Bytes(r.begin() + 6, r.begin() + 12), Bytes(R1, R1 + 6));
		EXPECT_EQ(r[21], 9) << "hop limit";
		EXPECT_EQ(icmp6_sum(r), 0xffff) << "untouched";
	}
	EXPECT_TRUE(out(0).empty());
}

TEST_F(L3v6, ErrorsAsLinuxSendsThem)
{
	learn_a();
	Bytes hl1 = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2", 1);
	RingPorts::get().inject(0, hl1);
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:77::1"));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:66::1"));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2", 64, 1400));
	RingPorts::get().inject(0, echo6(R0, HA, "fe80::aa", "2001:db8:2::2"));
	walk();
	EXPECT_TRUE(out(1).empty());
	auto o = out(0);
	ASSERT_EQ(o.size(), 5u);
	const uint8_t want[5][2] = {{3, 0}, {1, 0}, {1, 1}, {2, 0}, {1, 2}};
	for (size_t i = 0; i < o.size(); i++) {
		const Bytes &r = o[i];
		EXPECT_EQ(r[54], want[i][0]) << i;
		EXPECT_EQ(r[55], want[i][1]) << i;
		EXPECT_EQ(icmp6_sum(r), 0xffff) << i;
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6)) << i;
		EXPECT_LE(r.size(), 14u + 1280u) << "quotes up to the minimum MTU";
	}
	EXPECT_TRUE(addr_at(o[0], 22) == ip6("2001:db8:1::1")) << "from r0's address";
	EXPECT_EQ(Bytes(o[0].begin() + 62, o[0].end()), Bytes(hl1.begin() + 14, hl1.end()))
		<< "quotes the packet";
	EXPECT_EQ(get16(o[3], 60), 1400) << "packet too big carries the MTU";
	EXPECT_TRUE(addr_at(o[4], 22) == ip6("fe80::ff:fe00:101"))
		<< "to a link-local source: from the link-local address";
}

TEST_F(L3v6, AnUnresolvedHostIsSolicitedItsPacketsHeldThenSent)
{
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::77", 20));
	walk();
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::77", 30));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u) << "one solicitation";
	const Bytes &s = o[0];
	const uint8_t sn[6] = {0x33, 0x33, 0xff, 0x00, 0x00, 0x77};
	EXPECT_EQ(Bytes(s.begin(), s.begin() + 6), Bytes(sn, sn + 6));
	EXPECT_TRUE(addr_at(s, 38) == ip6("ff02::1:ff00:77")) << "the solicited-node group";
	EXPECT_TRUE(addr_at(s, 22) == ip6("2001:db8:2::1"));
	EXPECT_EQ(s[54], 135);
	EXPECT_TRUE(addr_at(s, 62) == ip6("2001:db8:2::77"));
	EXPECT_EQ(Bytes(s.begin() + 80, s.begin() + 86), Bytes(R1, R1 + 6));
	EXPECT_EQ(icmp6_sum(s), 0xffff);
	EXPECT_EQ(drops("ip6_neigh_pending"), 0u);

	const uint8_t H77[6] = {0x02, 0, 0, 0, 0x0b, 0x77};
	RingPorts::get().inject(1, nd(136, R1, H77, "2001:db8:2::77", "2001:db8:2::1",
				      "2001:db8:2::77", H77, 0x60));
	walk();
	walk();
	o = out(1);
	ASSERT_EQ(o.size(), 2u);
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(H77, H77 + 6));
	EXPECT_EQ(get16(o[0], 12), 0x86dd);
	EXPECT_EQ(o[0][21], 19);
	EXPECT_EQ(o[1][21], 29);
}

TEST_F(L3v6, RouterSolicitationIsAnsweredWithTheInterfacesPrefixes)
{
	Bytes rs(8 + 8, 0);
	rs[0] = 133;
	rs[8] = 1;
	rs[9] = 1;
	memcpy(&rs[10], HA, 6);
	const uint8_t all_routers[6] = {0x33, 0x33, 0, 0, 0, 2};
	RingPorts::get().inject(0, ip6_frame(all_routers, HA, "fe80::aa", "ff02::2", rs, 255));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &ra = o[0];
	EXPECT_TRUE(addr_at(ra, 22) == ip6("fe80::ff:fe00:101")) << "from the link-local address";
	EXPECT_TRUE(addr_at(ra, 38) == ip6("ff02::1"));
	EXPECT_EQ(ra[21], 255);
	EXPECT_EQ(ra[54], 134);
	EXPECT_EQ(get16(ra, 60), 1800) << "router lifetime";
	// Options: source link-layer address, MTU, the prefix.
	EXPECT_EQ(ra[70], 1);
	EXPECT_EQ(ra[78], 5);
	EXPECT_EQ(get16(ra, 82) << 16 | get16(ra, 84), 1500);
	EXPECT_EQ(ra[86], 3) << "prefix information";
	EXPECT_EQ(ra[88], 64);
	EXPECT_EQ(ra[89], 0xc0) << "on-link, autonomous";
	EXPECT_TRUE(addr_at(ra, 102) == ip6("2001:db8:1::"));
	EXPECT_EQ(icmp6_sum(ra), 0xffff);
	EXPECT_EQ(drops("nd_consumed"), 1u);
}

TEST_F(L3v6, MalformedIpv6IsDroppedByName)
{
	Bytes runt = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2");
	runt.resize(14 + 30);
	Bytes ver = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2");
	ver[14] = 0x40;
	Bytes len = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2");
	put16(len, 18, 1000);
	Bytes mc_src = echo6(R0, HA, "ff02::1", "2001:db8:2::2");
	Bytes ll_dst = echo6(R0, HA, "2001:db8:1::2", "fe80::99");
	Bytes group = echo6(R0, HA, "2001:db8:1::2", "ff05::1");
	group[0] = 0x33;
	group[1] = 0x33;
	Bytes ns_hlim = nd(135, R0, HA, "2001:db8:1::2", "2001:db8:1::1", "2001:db8:1::1", HA);
	ns_hlim[21] = 64;
	fix_sum(ns_hlim);
	Bytes bad_ck = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	bad_ck[60] ^= 1;
	Bytes proto = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	proto[20] = 253; // a protocol nobody here speaks
	for (const Bytes *f : {&runt, &ver, &len, &mc_src, &ll_dst, &group, &ns_hlim, &bad_ck, &proto})
		RingPorts::get().inject(0, *f);
	walk();
	EXPECT_TRUE(out(1).empty());
	EXPECT_TRUE(out(0).empty());
	EXPECT_EQ(drops("ip6_truncated"), 1u);
	EXPECT_EQ(drops("ip6_bad_version"), 1u);
	EXPECT_EQ(drops("ip6_bad_length"), 1u);
	EXPECT_EQ(drops("ip6_martian"), 1u);
	EXPECT_EQ(drops("ip6_link_local"), 1u);
	EXPECT_EQ(drops("ip6_not_unicast"), 1u);
	EXPECT_EQ(drops("nd_malformed"), 1u);
	EXPECT_EQ(drops("icmp6_bad"), 1u);
	EXPECT_EQ(drops("ip6_local_unhandled"), 1u);
}

TEST_F(L3v6, EchoBehindExtensionHeadersIsAnsweredABrokenChainDropped)
{
	learn_a();
	// A hop-by-hop header (PadN) and a destination options header before the echo request.
	Bytes f = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	const uint8_t ext[16] = {60, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0};
	f.insert(f.begin() + 54, ext, ext + 16);
	f[20] = 0; // hop-by-hop
	put16(f, 18, (uint16_t)(get16(f, 18) + 16));
	Bytes broken = f;
	broken[55] = 200; // its length runs past the packet
	RingPorts::get().inject(0, f);
	RingPorts::get().inject(0, broken);
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(r[20], 58) << "the reply carries no extension header";
	EXPECT_EQ(r[54], 129);
	EXPECT_EQ(r.size(), f.size() - 16);
	EXPECT_EQ(icmp6_sum(r), 0xffff);
	EXPECT_EQ(drops("ip6_bad_ext"), 1u);
}

TEST_F(L3v6, EcmpSpreadsFlowsAndKeepsEachOnOnePath)
{
	const uint8_t NC[6] = {0x02, 0, 0, 0, 0x0c, 0x03};
	vsw_l3_conf &l3 = cfg->l3;
	l3.neighs6[1] = l3.neighs6[0];
	memcpy(l3.neighs6[1].addr, ip6("2001:db8:2::3").b, 16);
	memcpy(l3.neighs6[1].mac, NC, 6);
	l3.n_neighs6 = 2;
	vsw_route6_conf &r = l3.routes6[l3.n_routes6++];
	memcpy(r.to.addr, ip6("2001:db8:e::").b, 16);
	r.to.len = 48;
	r.type = VSW_ROUTE_VIA;
	r.n_via = 2;
	memcpy(r.via[0], ip6("2001:db8:2::2").b, 16);
	memcpy(r.via[1], ip6("2001:db8:2::3").b, 16);
	r.table = VSW_TABLE_MAIN;
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;

	// 64 flows (destinations), each sent twice.
	std::map<int, std::set<int>> paths;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 64; i++) {
			char to[64];
			snprintf(to, sizeof(to), "2001:db8:e::%x", i + 1);
			RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", to));
			if (i % 32 == 31)
				walk(); // a burst at a time: drain() empties the ring rx reads too
		}
		for (const Bytes &f : out(1)) {
			int flow = get16(f, 52);
			paths[flow].insert(memcmp(&f[0], NB, 6) == 0 ? 0 : memcmp(&f[0], NC, 6) == 0 ? 1 : 2);
		}
	}
	EXPECT_EQ(all_drops(), 0u);
	ASSERT_EQ(paths.size(), 64u);
	int on[3] = {0, 0, 0};
	for (auto &p : paths) {
		EXPECT_EQ(p.second.size(), 1u) << "flow " << p.first << " took one path";
		on[*p.second.begin()]++;
	}
	EXPECT_GE(on[0], 10);
	EXPECT_GE(on[1], 10);
	EXPECT_EQ(on[2], 0);
}

TEST_F(L3v6, UdpToTheRouterIsPortUnreachableAndRejectRoutesDecideBeforeTheHopLimit)
{
	learn_a();
	Bytes udp = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	udp[20] = 17; // UDP: the bytes after the header are its header now
	RingPorts::get().inject(0, udp);
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:66::1", 1));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 2u);
	std::map<int, Bytes> by_code; // the graph's order, not the arrival's
	for (const Bytes &f : o) {
		EXPECT_EQ(f[54], 1) << "destination unreachable";
		by_code[f[55]] = f;
	}
	ASSERT_EQ(by_code.count(4), 1u) << "port unreachable";
	EXPECT_TRUE(addr_at(by_code[4], 22) == ip6("2001:db8:1::1"));
	EXPECT_EQ(by_code.count(1), 1u)
		<< "a hop limit 1 packet to a prohibit route: prohibited, as Linux";
}
