// SPDX-License-Identifier: BSD-3-Clause
// The router's next hops and hold queue over time: packets released from the hold queue take
// the egress MTU check, the hold counters an operator sees (vsw_l3_stats_get(): /vsw/l3/stats,
// `vswctl router`), and next hop ids given back under churn (l3_nh.c). The fixture:
// l3_fixture.h.
#include <rte_cycles.h>

#include "l3_fixture.h"

using namespace l3test;

namespace
{

const uint8_t R2[6] = {0x02, 0, 0, 0, 0x01, 0x03};
const uint8_t H77[6] = {0x02, 0, 0, 0, 0x0b, 0x77};

// A 1000-byte echo request from host a to @p to, DF set or not.
Bytes
big(uint32_t to, bool df)
{
	Bytes f = echo(R0, HA, ip4("10.0.1.2"), to);
	f.resize(14 + 1000);
	put16(f, 16, 1000);
	f[20] = df ? 0x40 : 0;
	put16(f, 24, 0);
	put16(f, 24, (uint16_t)~sum(f, 14, 20));
	return f;
}

vsw_l3_stats
stats()
{
	vsw_l3_stats st;
	vsw_l3_lock();
	vsw_l3_stats_get(&st);
	vsw_l3_unlock();
	return st;
}

// The router's clock @p s seconds on, then a sweep: gateways asked for and never answered
// are given back after 5 s.
void
later_sweep(uint32_t s = 10)
{
	vsw_l3_lock();
	l3c.start_tsc -= s * rte_get_tsc_hz();
	l3_nh_sweep();
	vsw_l3_unlock();
}

} // namespace

TEST_F(L3, HeldPacketsTakeTheEgressMtuCheckOnceResolved)
{
	cfg->l3.rifs[1].mtu = 576; // r1
	reapply();
	learn_a();
	// 10.0.2.77 is not known yet: both wait for its ARP reply.
	RingPorts::get().inject(0, big(ip4("10.0.2.77"), true));
	RingPorts::get().inject(0, big(ip4("10.0.2.77"), false));
	walk();
	auto o = out(1);
	ASSERT_FALSE(o.empty());
	for (const Bytes &f : o)
		EXPECT_EQ(get16(f, 12), 0x0806) << "ARP requests only";
	EXPECT_EQ(stats().held, 2u);

	RingPorts::get().inject(1, arp(2, R1, H77, ip4("10.0.2.77"), ip4("10.0.2.1")));
	walk();
	walk();
	o = out(1);
	ASSERT_EQ(o.size(), 2u) << "the DF packet not sent oversize; the other in two fragments";
	for (const Bytes &f : o) {
		EXPECT_LE(f.size() - 14, 576u);
		EXPECT_EQ(Bytes(f.begin(), f.begin() + 6), Bytes(H77, H77 + 6));
		EXPECT_EQ(sum(f, 14, 20), 0xffff);
	}
	o = out(0);
	ASSERT_EQ(o.size(), 1u) << "fragmentation needed to the sender of the DF packet";
	EXPECT_EQ(get32(o[0], 30), ip4("10.0.1.2"));
	EXPECT_EQ(o[0][34], 3);
	EXPECT_EQ(o[0][35], 4);
	EXPECT_EQ(get16(o[0], 40), 576) << "the next-hop MTU";
	vsw_l3_stats st = stats();
	EXPECT_EQ(st.hold_sent, 2u);
	EXPECT_EQ(st.hold_expired, 0u);
	EXPECT_EQ(st.hold_lost, 0u);
	EXPECT_EQ(st.held, 0u);
}

// More neighbours and ECMP groups over time than there are next hop ids (65,536) and group
// slots (4,096): those no route uses any more are given back.
TEST_F(L3, NextHopsOfGoneRoutesAreGivenBack)
{
	add_rif("r2", 2, "10.128.0.1", 9, R2);
	reapply();
	const uint32_t base = stats().nh_used;

	// API routes via 1,024 new gateways at a time, then deleted: 72 rounds, 73,728 gateways.
	static vsw_l3_route_spec spec[1024];
	for (uint32_t round = 0; round < 72; round++) {
		char err[256] = "";
		unsigned int held;
		for (uint32_t j = 0; j < 1024; j++) {
			spec[j].prefix = ip4("100.64.0.0") + (j << 8);
			spec[j].len = 24;
			spec[j].type = VSW_ROUTE_VIA;
			spec[j].n_via = 1;
			spec[j].via[0] = ip4("10.128.0.2") + round * 1024 + j;
		}
		ASSERT_EQ(vsw_l3_routes_change(true, "", 0, spec, 1024, &held, err, sizeof(err)), 0)
			<< "round " << round << ": " << err;
		ASSERT_EQ(vsw_l3_routes_change(false, "", 0, spec, 1024, &held, err, sizeof(err)), 0)
			<< err;
		later_sweep();
	}
	EXPECT_EQ(stats().nh_used, base) << "every gateway given back";
	EXPECT_EQ(stats().nh_full, 0u);

	// ECMP routes over two new gateways each, 64 per apply, then another 64: 4,480 groups.
	const unsigned n_routes = cfg->l3.n_routes;
	for (uint32_t round = 0; round < 70; round++) {
		cfg->l3.n_routes = n_routes;
		for (uint32_t j = 0; j < 64; j++) {
			vsw_route_conf &r = cfg->l3.routes[cfg->l3.n_routes++];
			r.to.addr = ip4("100.65.0.0") + (j << 8);
			r.to.len = 24;
			r.type = VSW_ROUTE_VIA;
			r.table = VSW_TABLE_MAIN;
			r.n_via = 2;
			r.via[0] = ip4("10.200.0.0") + round * 128 + 2 * j;
			r.via[1] = r.via[0] + 1;
		}
		reapply();
		later_sweep();
		ASSERT_EQ(stats().groups, 64u) << "round " << round;
	}
	cfg->l3.n_routes = n_routes;
	reapply();
	later_sweep();
	EXPECT_EQ(stats().groups, 0u);
	EXPECT_EQ(stats().nh_used, base);

	// An interface that goes takes its neighbours' next hops with it.
	RingPorts::get().inject(2, arp(1, BCAST, H77, ip4("10.128.0.9"), ip4("10.128.0.1")));
	walk();
	EXPECT_EQ(stats().nh_used, base + 1) << "10.128.0.9 learned";
	cfg->l3.n_rifs--;
	reapply();
	later_sweep();
	EXPECT_EQ(stats().nh_used, base);
}

// An API request's errors name the route and its addresses (formatted only on an error: the
// check of a good route formats nothing, l3_routes.c).
TEST_F(L3, ApiRouteErrorsNameTheRouteAndItsAddresses)
{
	auto spec_of = [](const char *prefix, uint8_t len, uint8_t type) {
		vsw_l3_route_spec r;
		memset(&r, 0, sizeof(r));
		r.prefix = ip4(prefix);
		r.len = len;
		r.type = type;
		return r;
	};
	auto fails = [&](bool add, vsw_l3_route_spec r, const char *want) {
		vsw_l3_route_spec spec[2] = {spec_of("100.64.200.0", 24, VSW_ROUTE_BLACKHOLE), r};
		char err[256] = "";
		unsigned int n;

		EXPECT_NE(vsw_l3_routes_change(add, "", 0, add ? spec : &spec[1], add ? 2 : 1, &n,
					       err, sizeof(err)),
			  0);
		EXPECT_NE(std::string(err).find(want), std::string::npos) << err;
	};
	vsw_l3_route_spec r = spec_of("10.200.0.1", 24, VSW_ROUTE_BLACKHOLE);
	fails(true, r, "route 1: 10.200.0.1/24: host bits set");
	r = spec_of("10.201.0.0", 24, VSW_ROUTE_BLACKHOLE);
	fails(false, r, "route 0: 10.201.0.0/24 is no API route");
	r = spec_of("10.0.1.1", 32, VSW_ROUTE_BLACKHOLE);
	fails(true, r, "route 1: 10.0.1.1/32 is a local address");
	r = spec_of("10.202.0.0", 16, VSW_ROUTE_VIA);
	r.n_via = 1;
	r.via[0] = ip4("10.99.0.2");
	fails(true, r, "route 1: gateway 10.99.0.2 is not on a connected subnet of vrf 'default'");
	r.n_via = 2;
	r.via[0] = r.via[1] = ip4("10.0.2.2");
	fails(true, r, "route 1: gateway 10.0.2.2 is listed twice");
	vsw_l3_route_info info;
	uint8_t mac[6];
	bool resolved;
	vsw_l3_rule_match rule;
	EXPECT_EQ(vsw_l3_route_lookup("", nullptr, ip4("100.64.200.1"), &info, mac, &resolved,
				      &rule),
		  -ENOENT)
		<< "a request with a bad route installs none of it";
}

// An ARP flood from a large subnet: neighbours are learned up to router.max_neighbours (the
// family's table, Linux's gc_thresh3), the rest counted; configured neighbours are never
// refused and stay resolved.
TEST_F(L3, LearnedNeighboursStopAtTheLimit)
{
	cfg->l3.max_neighbours = 20;
	reapply();
	const uint64_t limit0 = stats().neigh_limit;
	for (uint32_t i = 0; i < 40; i++) {
		const uint8_t mac[6] = {0x02, 0, 0, 0, 0x0c, (uint8_t)i};
		RingPorts::get().inject(0, arp(1, BCAST, mac, ip4("10.0.1.100") + i,
					       ip4("10.0.1.1")));
		if (i % 20 == 19)
			walk();
	}
	vsw_l3_lock();
	const uint32_t n = (uint32_t)rte_hash_count(l3c.f4.neigh);
	vsw_l3_unlock();
	EXPECT_EQ(n, 20u) << "the table holds exactly its limit";
	EXPECT_GE(stats().neigh_limit - limit0, 20u) << "every refusal counted";
	vsw_l3_route_info info;
	uint8_t mac[6];
	bool resolved = false;
	vsw_l3_rule_match rule;
	ASSERT_EQ(vsw_l3_route_lookup("", nullptr, ip4("192.0.2.1"), &info, mac, &resolved,
				      &rule),
		  0);
	EXPECT_TRUE(resolved) << "the static neighbour (the route's gateway) stays";
	EXPECT_EQ(memcmp(mac, NB, 6), 0);
}
