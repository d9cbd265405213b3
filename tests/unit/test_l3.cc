// SPDX-License-Identifier: BSD-3-Clause
// The router's nodes in a real worker graph over ring ports, checked by the bytes each port
// sends and by the named drops (the fixture: l3_fixture.h).
#include <set>

#include "l3_fixture.h"

using namespace l3test;

TEST_F(L3, ArpRequestForOurAddressIsAnsweredAndTheAskerLearned)
{
	RingPorts::get().inject(0, arp(1, BCAST, HA, ip4("10.0.1.2"), ip4("10.0.1.1")));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6));
	EXPECT_EQ(Bytes(r.begin() + 6, r.begin() + 12), Bytes(R0, R0 + 6));
	EXPECT_EQ(get16(r, 20), 2) << "a reply";
	EXPECT_EQ(Bytes(r.begin() + 22, r.begin() + 28), Bytes(R0, R0 + 6)) << "our MAC";
	EXPECT_EQ(get32(r, 28), ip4("10.0.1.1"));
	EXPECT_EQ(Bytes(r.begin() + 32, r.begin() + 38), Bytes(HA, HA + 6));
	EXPECT_EQ(get32(r, 38), ip4("10.0.1.2"));
	EXPECT_TRUE(out(1).empty());

	// Not ours: dropped by name, not answered.
	RingPorts::get().inject(0, arp(1, BCAST, HA, ip4("10.0.1.2"), ip4("10.0.1.99")));
	walk();
	EXPECT_TRUE(out(0).empty());
	EXPECT_EQ(drops("arp_not_for_us"), 1u);
}

TEST_F(L3, EchoToTheGatewayIsAnswered)
{
	learn_a();
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.1.1")));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6));
	EXPECT_EQ(get32(r, 26), ip4("10.0.1.1"));
	EXPECT_EQ(get32(r, 30), ip4("10.0.1.2"));
	EXPECT_EQ(r[34], 0) << "echo reply";
	EXPECT_EQ(sum(r, 14, 20), 0xffff) << "IP checksum";
	EXPECT_EQ(sum(r, 34, r.size() - 34), 0xffff) << "ICMP checksum";
	EXPECT_EQ(get16(r, 38), 7);
}

TEST_F(L3, ForwardingDecrementsTtlAndRewritesTheMacs)
{
	Bytes f = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"), 10);
	RingPorts::get().inject(0, f);
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.33"), 10));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 2u);
	for (const Bytes &r : o) {
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(NB, NB + 6));
		EXPECT_EQ(Bytes(r.begin() + 6, r.begin() + 12), Bytes(R1, R1 + 6));
		EXPECT_EQ(r[22], 9) << "TTL";
		EXPECT_EQ(sum(r, 14, 20), 0xffff) << "incremental checksum";
	}
	EXPECT_EQ(Bytes(o[0].begin() + 14, o[0].end()).size(), f.size() - 14);
	EXPECT_TRUE(out(0).empty());
}

TEST_F(L3, TtlOneGetsTimeExceededFromTheIngressAddress)
{
	learn_a();
	Bytes f = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"), 1);
	RingPorts::get().inject(0, f);
	walk();
	EXPECT_TRUE(out(1).empty());
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(get32(r, 26), ip4("10.0.1.1"));
	EXPECT_EQ(get32(r, 30), ip4("10.0.1.2"));
	EXPECT_EQ(r[23], 1);
	EXPECT_EQ(r[34], 11) << "time exceeded";
	EXPECT_EQ(r[35], 0);
	EXPECT_EQ(sum(r, 14, 20), 0xffff);
	EXPECT_EQ(sum(r, 34, r.size() - 34), 0xffff);
	EXPECT_EQ(Bytes(r.begin() + 42, r.end()), Bytes(f.begin() + 14, f.end()))
		<< "the whole datagram quoted";
}

TEST_F(L3, UnreachablesAndBlackholes)
{
	learn_a();
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("100.64.0.1")));
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("203.0.113.9")));
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("198.51.100.9")));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 2u);
	EXPECT_EQ(o[0][34], 3);
	EXPECT_EQ(o[0][35], 0) << "net unreachable";
	EXPECT_EQ(o[1][34], 3);
	EXPECT_EQ(o[1][35], 13) << "administratively prohibited";
	EXPECT_EQ(drops("ip4_blackhole"), 1u);
	EXPECT_TRUE(out(1).empty());
}

TEST_F(L3, AnUnknownHostIsResolvedWithAnArpRequest)
{
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.77")));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(BCAST, BCAST + 6));
	EXPECT_EQ(get16(r, 12), 0x0806);
	EXPECT_EQ(get16(r, 20), 1) << "a request";
	EXPECT_EQ(get32(r, 28), ip4("10.0.2.1")) << "from our address on that subnet";
	EXPECT_EQ(get32(r, 38), ip4("10.0.2.77"));

	// More packets within a second: no second request (one per second, as Linux); they wait.
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.77"), 20));
	walk();
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.77"), 30));
	walk();
	EXPECT_TRUE(out(1).empty()) << "the entry exists now: one request for it";
	EXPECT_EQ(drops("ip4_neigh_pending"), 0u) << "held, not dropped";

	// The reply resolves it: the three held packets go out to the host, in order.
	const uint8_t H77[6] = {0x02, 0, 0, 0, 0x0b, 0x77};
	RingPorts::get().inject(1, arp(2, R1, H77, ip4("10.0.2.77"), ip4("10.0.2.1")));
	walk();
	walk();
	o = out(1);
	ASSERT_EQ(o.size(), 3u);
	for (const Bytes &f : o) {
		EXPECT_EQ(Bytes(f.begin(), f.begin() + 6), Bytes(H77, H77 + 6));
		EXPECT_EQ(Bytes(f.begin() + 6, f.begin() + 12), Bytes(R1, R1 + 6));
		EXPECT_EQ(sum(f, 14, 20), 0xffff);
	}
	EXPECT_EQ(o[0][22], 63);
	EXPECT_EQ(o[1][22], 19);
	EXPECT_EQ(o[2][22], 29);
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.77")));
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "resolved: straight out";
}

TEST_F(L3, MalformedIpv4IsDroppedByName)
{
	Bytes bad_ck = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"));
	bad_ck[24] ^= 0xff;
	Bytes v6 = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"));
	v6[14] = 0x65;
	Bytes ihl = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"));
	ihl[14] = 0x44;
	Bytes len = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"));
	put16(len, 16, 1000);
	put16(len, 24, 0);
	put16(len, 24, (uint16_t)~sum(len, 14, 20));
	Bytes runt(echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2")));
	runt.resize(14 + 10);
	Bytes other = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"));
	other[0] ^= 0x10; // another unicast MAC
	for (const Bytes *f : {&bad_ck, &v6, &ihl, &len, &runt, &other})
		RingPorts::get().inject(0, *f);
	walk();
	EXPECT_TRUE(out(1).empty());
	EXPECT_EQ(drops("ip4_bad_checksum"), 1u);
	EXPECT_EQ(drops("ip4_bad_version"), 1u);
	EXPECT_EQ(drops("ip4_bad_ihl"), 1u);
	EXPECT_EQ(drops("ip4_bad_length"), 1u);
	EXPECT_EQ(drops("ip4_truncated"), 1u);
	EXPECT_EQ(drops("l3_not_for_us"), 1u);
}

TEST_F(L3, ARouteAddedByApplyIsUsedAndOthersStay)
{
	add_route("172.31.0.0", 16, VSW_ROUTE_BLACKHOLE);
	reapply();
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("172.31.1.1")));
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.1")));
	walk();
	EXPECT_EQ(drops("ip4_blackhole"), 1u);
	EXPECT_EQ(out(1).size(), 1u) << "192.0.2.0/24 still routed";
	cfg->l3.n_routes--;
	reapply();
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("172.31.1.1")));
	walk();
	EXPECT_EQ(drops("ip4_blackhole"), 1u) << "the route is gone";
}

TEST_F(L3, EcmpSpreadsFlowsAndKeepsEachOnOnePath)
{
	// 10.0.2.2 (NB, ring1) and 10.0.3.2 (NC, ring2) are two equal gateways for 198.18/16.
	const uint8_t R2[6] = {0x02, 0, 0, 0, 0x01, 0x03};
	const uint8_t NC[6] = {0x02, 0, 0, 0, 0x0c, 0x02};
	add_rif("r2", 2, "10.0.3.1", 24, R2);
	vsw_neigh_conf &n = cfg->l3.neighs[cfg->l3.n_neighs++];
	n.rif = 2;
	n.addr = ip4("10.0.3.2");
	memcpy(n.mac, NC, 6);
	vsw_route_conf &r = cfg->l3.routes[cfg->l3.n_routes++];
	r.to.addr = ip4("198.18.0.0");
	r.to.len = 16;
	r.type = VSW_ROUTE_VIA;
	r.n_via = 2;
	r.table = VSW_TABLE_MAIN;
	r.via[0] = ip4("10.0.2.2");
	r.via[1] = ip4("10.0.3.2");
	reapply();

	// 64 UDP flows (source ports), 3 packets each.
	auto udp = [](uint16_t sport) {
		Bytes f = echo(R0, HA, ip4("10.0.1.2"), ip4("198.18.0.1"));
		f[23] = 17;
		put16(f, 24, 0);
		put16(f, 24, (uint16_t)~sum(f, 14, 20));
		put16(f, 34, sport);
		put16(f, 36, 53);
		put16(f, 40, 0); // no UDP checksum
		return f;
	};
	std::map<uint16_t, std::set<unsigned>> paths;
	for (int round = 0; round < 3; round++) {
		// A burst is 32, and a walk takes what is left in a ring as the port's output.
		for (uint16_t sp = 1000; sp < 1064; sp++) {
			RingPorts::get().inject(0, udp(sp));
			if (sp % 32 == 31)
				walk();
		}
		for (unsigned p : {1u, 2u})
			for (const Bytes &f : out(p))
				paths[get16(f, 34)].insert(p);
	}
	ASSERT_EQ(paths.size(), 64u);
	unsigned on1 = 0, on2 = 0;
	for (auto &kv : paths) {
		EXPECT_EQ(kv.second.size(), 1u) << "flow " << kv.first << " took both paths";
		on1 += kv.second.count(1);
		on2 += kv.second.count(2);
	}
	EXPECT_GT(on1, 10u);
	EXPECT_GT(on2, 10u);
}

TEST_F(L3, PolicyRulesPickATableOrDrop)
{
	// Table 7: 192.0.2.0/24 blackhole. Rules: from 10.0.1.0/25 → table 7 (priority 10);
	// dscp 46 → prohibit (priority 5: it comes first).
	add_route("192.0.2.0", 24, VSW_ROUTE_BLACKHOLE);
	cfg->l3.routes[cfg->l3.n_routes - 1].table = 7;
	vsw_rule_conf &u = cfg->l3.rules[cfg->l3.n_rules++];
	memset(&u, 0, sizeof(u));
	u.priority = 10;
	u.iif = VSW_RIF_NONE;
	u.sport[1] = u.dport[1] = 65535;
	u.has_from = true;
	u.from.addr = ip4("10.0.1.0");
	u.from.len = 25;
	u.action = VSW_RULE_TABLE;
	u.table = 7;
	vsw_rule_conf &v = cfg->l3.rules[cfg->l3.n_rules++];
	memset(&v, 0, sizeof(v));
	v.priority = 5;
	v.iif = VSW_RIF_NONE;
	v.sport[1] = v.dport[1] = 65535;
	v.has_dscp = true;
	v.dscp = 46;
	v.action = VSW_RULE_PROHIBIT;
	reapply();
	learn_a();

	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.5")));
	walk();
	EXPECT_EQ(drops("ip4_blackhole"), 1u) << "from 10.0.1.0/25: table 7's blackhole";
	EXPECT_TRUE(out(1).empty());
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.200"), ip4("192.0.2.5")));
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "from 10.0.1.200: no rule, main: via 10.0.2.2";
	Bytes ef = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"));
	ef[15] = 46 << 2;
	put16(ef, 24, 0);
	put16(ef, 24, (uint16_t)~sum(ef, 14, 20));
	RingPorts::get().inject(0, ef);
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u) << "DSCP 46: prohibited";
	EXPECT_EQ(o[0][34], 3);
	EXPECT_EQ(o[0][35], 13);
}

TEST_F(L3, MtuFragmentsOrAsksForPathMtuDiscovery)
{
	cfg->l3.rifs[1].mtu = 576; // r1
	reapply();
	learn_a();
	auto big = [](bool df) {
		Bytes f = echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"));
		f.resize(14 + 1000);
		put16(f, 16, 1000);
		f[20] = df ? 0x40 : 0;
		put16(f, 24, 0);
		put16(f, 24, (uint16_t)~sum(f, 14, 20));
		return f;
	};
	RingPorts::get().inject(0, big(false));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 2u) << "1000 bytes at MTU 576: two fragments";
	unsigned payload = 0;
	for (const Bytes &f : o) {
		EXPECT_LE(f.size() - 14, 576u);
		EXPECT_EQ(Bytes(f.begin(), f.begin() + 6), Bytes(NB, NB + 6));
		EXPECT_EQ(sum(f, 14, 20), 0xffff);
		payload += get16(f, 16) - 20;
	}
	EXPECT_EQ(payload, 980u);
	EXPECT_EQ(get16(o[0], 20) & 0x2000, 0x2000) << "more fragments";
	EXPECT_EQ(get16(o[1], 20) & 0x1fff, (576u - 20) / 8) << "offset of the second";

	RingPorts::get().inject(0, big(true));
	walk();
	EXPECT_TRUE(out(1).empty());
	o = out(0);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(o[0][34], 3);
	EXPECT_EQ(o[0][35], 4) << "fragmentation needed";
	EXPECT_EQ(get16(o[0], 40), 576) << "the next-hop MTU";
}

TEST_F(L3, IcmpErrorsAreRateLimitedPerDestinationAsLinux)
{
	cfg->l3.icmp_ratelimit_ms = 1000;
	reapply();
	learn_a();
	for (int i = 0; i < 10; i++)
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.2.2"), 1));
	walk();
	EXPECT_EQ(out(0).size(), 6u) << "a burst of 6 time-exceeded, then one a second";
	EXPECT_EQ(drops("icmp_rate_limited"), 4u);
	// Echo replies are not limited.
	for (int i = 0; i < 10; i++)
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.1.1")));
	walk();
	EXPECT_EQ(out(0).size(), 10u);
}
