// SPDX-License-Identifier: BSD-3-Clause
// Routes through an interface (`ip route add P dev IF`: on-link, the destination itself is
// resolved there; `ip route add P via G dev IF onlink`: a gateway pinned to the interface,
// wherever its address is), from the config and the API, IPv4 and IPv6: the ARP request or
// neighbour solicitation that goes out for the destination, the held packets that leave once
// it answers, and which senders outside the interface's subnets are learned (only those a
// dev route through it covers, as Linux). Fixtures: l3_fixture.h, l3_ip6_fixture.h.
#include <string>

#include "l3_fixture.h"
#include "l3_ip6_fixture.h"

namespace
{

using l3test::arp;
using l3test::BCAST;
using l3test::Bytes;
using l3test::echo;
using l3test::get16;
using l3test::get32;
using l3test::HA;
using l3test::ip4;
using l3test::R0;
using l3test::R1;
using l3test::sum;

const uint8_t H5[6] = {0x02, 0, 0, 0, 0x09, 0x05}; // 10.9.0.5 behind ring1 (r1)
const uint8_t GW[6] = {0x02, 0, 0, 0, 0x50, 0x01}; // 192.168.50.1 behind ring1

class L3Dev : public l3test::L3
{
      protected:
	// Route @p to/@p len through router interface @p rif (0: r0, 1: r1), via @p via if
	// given (onlink), in the config; applied.
	void
	dev_route(const char *to, uint8_t len, unsigned rif, uint32_t via = 0)
	{
		add_route(to, len, via != 0 ? VSW_ROUTE_VIA : VSW_ROUTE_DEV, via);
		cfg->l3.routes[cfg->l3.n_routes - 1].dev = (uint16_t)(rif + 1);
		reapply();
	}

	// The installed route to @p addr: type and interface ("" none), its gateway.
	std::string
	route_of(uint32_t addr, const char *vrf = "")
	{
		vsw_l3_route_info ri;
		vsw_l3_rule_match rule;
		uint8_t mac[6];
		bool resolved;
		if (vsw_l3_route_lookup(vrf, nullptr, addr, &ri, mac, &resolved, &rule) != 0)
			return "";
		char via[32] = "";
		if (ri.via != 0)
			snprintf(via, sizeof(via), " via %u.%u.%u.%u", ri.via >> 24,
				 (ri.via >> 16) & 255, (ri.via >> 8) & 255, ri.via & 255);
		return std::string(ri.type) + via + " " + ri.rif;
	}

	uint32_t
	neighbours()
	{
		vsw_l3_lock();
		uint32_t n = (uint32_t)rte_hash_count(l3c.f4.neigh);
		vsw_l3_unlock();
		return n;
	}

	int
	api(bool add, uint32_t prefix, uint8_t len, uint8_t type, const char *dev,
	    uint32_t via = 0, std::string *err = nullptr)
	{
		vsw_l3_route_spec s;
		memset(&s, 0, sizeof(s));
		s.prefix = prefix;
		s.len = len;
		s.type = type;
		s.n_via = via != 0 ? 1 : 0;
		s.via[0] = via;
		snprintf(s.dev, sizeof(s.dev), "%s", dev);
		char e[256] = "";
		unsigned int held;
		int rc = vsw_l3_routes_change(add, "", 0, &s, 1, &held, e, sizeof(e));
		if (err != nullptr)
			*err = e;
		return rc;
	}

	// An echo from host a to @p to: the ARP request it causes on ring1, checked.
	void
	expect_arp_for(uint32_t target, uint32_t to)
	{
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), to));
		walk();
		auto o = out(1);
		ASSERT_EQ(o.size(), 1u) << "one ARP request, the packet held";
		const Bytes &r = o[0];
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(BCAST, BCAST + 6));
		EXPECT_EQ(get16(r, 12), 0x0806);
		EXPECT_EQ(get16(r, 20), 1) << "a request";
		EXPECT_EQ(get32(r, 28), ip4("10.0.2.1")) << "from r1's address";
		EXPECT_EQ(get32(r, 38), target);
	}
};

} // namespace

TEST_F(L3Dev, OnLinkRouteResolvesTheDestinationItselfAndSendsWhatWasHeld)
{
	learn_a();
	dev_route("10.9.0.0", 24, 1);
	EXPECT_EQ(route_of(ip4("10.9.0.5")), "static r1") << "no gateway: directly connected";
	expect_arp_for(ip4("10.9.0.5"), ip4("10.9.0.5"));
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.9.0.5"), 20));
	walk();
	EXPECT_TRUE(out(1).empty()) << "held; one request per second for the host";
	EXPECT_EQ(drops("ip4_neigh_pending"), 0u);

	// The host answers (its address is on no subnet of r1): both held packets go out.
	RingPorts::get().inject(1, arp(2, R1, H5, ip4("10.9.0.5"), ip4("10.0.2.1")));
	walk();
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 2u);
	for (const Bytes &f : o) {
		EXPECT_EQ(Bytes(f.begin(), f.begin() + 6), Bytes(H5, H5 + 6));
		EXPECT_EQ(Bytes(f.begin() + 6, f.begin() + 12), Bytes(R1, R1 + 6));
		EXPECT_EQ(get32(f, 30), ip4("10.9.0.5"));
		EXPECT_EQ(sum(f, 14, 20), 0xffff);
	}
	EXPECT_EQ(o[0][22], 63);
	EXPECT_EQ(o[1][22], 19);
	EXPECT_EQ(route_of(ip4("10.9.0.5")), "neighbour via 10.9.0.5 r1") << "learned";
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.9.0.5")));
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "resolved: straight out";

	// The learned host stays through a reload that keeps the route, and goes with it.
	reapply();
	EXPECT_EQ(route_of(ip4("10.9.0.5")), "neighbour via 10.9.0.5 r1");
	cfg->l3.n_routes--;
	reapply();
	vsw_l3_lock();
	l3_nh_sweep();
	vsw_l3_unlock();
	EXPECT_EQ(route_of(ip4("10.9.0.5")), "") << "off its link now: forgotten";
}

TEST_F(L3Dev, ASenderOutsideTheSubnetsIsLearnedOnlyWhereADevRouteCoversIt)
{
	const uint32_t n0 = neighbours();
	// Without a dev route: answered (Linux answers too) but not learned.
	RingPorts::get().inject(1, arp(1, BCAST, H5, ip4("10.9.0.5"), ip4("10.0.2.1")));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(get16(o[0], 20), 2) << "the reply";
	EXPECT_EQ(neighbours(), n0) << "not on r1's link";

	dev_route("10.9.0.0", 24, 1);
	add_route("10.9.0.128", 25, VSW_ROUTE_VIA, ip4("10.0.2.2"));
	reapply();
	// Through r0 the dev route does not cover it: not learned there.
	RingPorts::get().inject(0, arp(1, BCAST, H5, ip4("10.9.0.6"), ip4("10.0.1.1")));
	walk();
	EXPECT_EQ(neighbours(), n0);
	// A more specific route through a gateway decides 10.9.0.200: not on r1's link.
	RingPorts::get().inject(1, arp(1, BCAST, H5, ip4("10.9.0.200"), ip4("10.0.2.1")));
	walk();
	EXPECT_EQ(neighbours(), n0);
	// 10.9.0.5 on r1: covered, learned, resolved at once.
	RingPorts::get().inject(1, arp(1, BCAST, H5, ip4("10.9.0.5"), ip4("10.0.2.1")));
	walk();
	out(0);
	out(1);
	EXPECT_EQ(neighbours(), n0 + 1);
	EXPECT_EQ(route_of(ip4("10.9.0.5")), "neighbour via 10.9.0.5 r1");
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.9.0.5")));
	walk();
	o = out(1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(H5, H5 + 6));
}

TEST_F(L3Dev, GleansStopAtTheNeighbourLimit)
{
	cfg->l3.max_neighbours = 16;
	dev_route("10.9.0.0", 16, 1);
	vsw_l3_stats st;
	for (uint32_t i = 0; i < 24; i++) {
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.9.1.1") + i));
		walk();
	}
	vsw_l3_lock();
	vsw_l3_stats_get(&st);
	vsw_l3_unlock();
	EXPECT_EQ(neighbours(), 16u) << "the table holds its limit, no more";
	EXPECT_GE(st.neigh_limit, 8u) << "every refusal counted";
}

TEST_F(L3Dev, GatewayPinnedToAnInterfaceIsResolvedThereWhereverItsAddressIs)
{
	learn_a();
	dev_route("172.16.0.0", 16, 1, ip4("192.168.50.1"));
	EXPECT_EQ(route_of(ip4("172.16.3.4")), "static via 192.168.50.1 r1");
	expect_arp_for(ip4("192.168.50.1"), ip4("172.16.3.4"));
	RingPorts::get().inject(1, arp(2, R1, GW, ip4("192.168.50.1"), ip4("10.0.2.1")));
	walk();
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u) << "the held packet";
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(GW, GW + 6));
	EXPECT_EQ(get32(o[0], 30), ip4("172.16.3.4"));
	EXPECT_EQ(o[0][22], 63);
}

TEST_F(L3Dev, HostRouteThroughAnInterfaceIsItsOwnNeighbour)
{
	learn_a();
	dev_route("10.9.9.9", 32, 1);
	expect_arp_for(ip4("10.9.9.9"), ip4("10.9.9.9"));
	RingPorts::get().inject(1, arp(2, R1, H5, ip4("10.9.9.9"), ip4("10.0.2.1")));
	walk();
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "the held packet";
	for (int i = 0; i < 3; i++)
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.9.9.9")));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 3u) << "resolved: no ARP request per packet";
	for (const Bytes &f : o)
		EXPECT_EQ(get16(f, 12), 0x0800);
}

TEST_F(L3Dev, ApiDevRoutesAndTheirErrors)
{
	learn_a();
	std::string err;
	ASSERT_EQ(api(true, ip4("10.8.0.0"), 24, VSW_ROUTE_DEV, "r1", 0, &err), 0) << err;
	EXPECT_EQ(route_of(ip4("10.8.0.7")), "api r1");
	expect_arp_for(ip4("10.8.0.7"), ip4("10.8.0.7"));
	ASSERT_EQ(api(true, ip4("172.17.0.0"), 16, VSW_ROUTE_VIA, "r1", ip4("192.168.50.1"), &err),
		  0)
		<< err;
	EXPECT_EQ(route_of(ip4("172.17.0.1")), "api via 192.168.50.1 r1");

	EXPECT_EQ(api(true, ip4("10.8.1.0"), 24, VSW_ROUTE_DEV, "eth9", 0, &err), -EINVAL);
	EXPECT_NE(err.find("route 0: dev 'eth9' is no running router interface of vrf 'default'"),
		  std::string::npos)
		<< err;
	EXPECT_EQ(api(true, ip4("10.8.1.0"), 24, VSW_ROUTE_DEV, "", 0, &err), -EINVAL);
	EXPECT_NE(err.find("an on-link route names its interface (dev)"), std::string::npos)
		<< err;
	EXPECT_EQ(api(true, ip4("10.8.1.0"), 24, VSW_ROUTE_BLACKHOLE, "r1", 0, &err), -EINVAL);
	EXPECT_NE(err.find("only a route via gateways or on-link has a dev"), std::string::npos)
		<< err;
	EXPECT_EQ(api(true, ip4("10.8.1.0"), 24, VSW_ROUTE_VIA, "", ip4("192.168.50.1"), &err),
		  -EINVAL)
		<< "without dev a gateway is on a connected subnet";
	EXPECT_EQ(route_of(ip4("10.8.1.1")), "");

	// 10.8.0.7 is a neighbour now (its glean); 10.8.0.9 still meets the route itself.
	// Kept by a reload; gone with its interface, back with it.
	reapply();
	EXPECT_EQ(route_of(ip4("10.8.0.9")), "api r1");
	cfg->l3.n_neighs = 0; // on r1
	cfg->l3.n_routes = 1; // 192.0.2.0/24 via 10.0.2.2 (r1) only
	cfg->l3.n_rifs = 1;
	reapply();
	EXPECT_EQ(route_of(ip4("10.8.0.9")), "") << "r1 is gone";
	cfg->l3.n_rifs = 2;
	reapply();
	EXPECT_EQ(route_of(ip4("10.8.0.9")), "api r1") << "r1 is back";
	ASSERT_EQ(api(false, ip4("10.8.0.0"), 24, 0, "", 0, &err), 0) << err;
	EXPECT_EQ(route_of(ip4("10.8.0.9")), "");
}

TEST_F(L3Dev, DevRouteInAVrfStaysInIt)
{
	cfg->l3.n_vrfs = 2;
	snprintf(cfg->l3.vrfs[1], sizeof(cfg->l3.vrfs[1]), "red");
	cfg->l3.rifs[1].vrf = 1; // r1 in red, with its neighbour
	cfg->l3.n_routes = 0;
	add_route("10.9.0.0", 24, VSW_ROUTE_DEV);
	cfg->l3.routes[0].vrf = 1;
	cfg->l3.routes[0].via_vrf = 1;
	cfg->l3.routes[0].dev = 2;
	reapply();
	EXPECT_EQ(route_of(ip4("10.9.0.5"), "red"), "static r1");
	EXPECT_EQ(route_of(ip4("10.9.0.5")), "") << "nothing leaks into default";
	RingPorts::get().inject(1, arp(1, BCAST, H5, ip4("10.9.0.5"), ip4("10.0.2.1")));
	walk();
	out(1); // the ARP reply
	EXPECT_EQ(route_of(ip4("10.9.0.5"), "red"), "neighbour via 10.9.0.5 r1");
	EXPECT_EQ(route_of(ip4("10.9.0.5")), "");
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.9.0.5")));
	walk();
	EXPECT_TRUE(out(1).empty()) << "default has no route to red's host";
}

// IPv6: the same through r1 (2001:db8:2::1/64).
namespace
{

using l3test6::L3v6;

class L3v6Dev : public L3v6
{
      protected:
	void
	dev_route6(const char *to, uint8_t len, unsigned rif)
	{
		vsw_route6_conf &r = cfg->l3.routes6[cfg->l3.n_routes6++];
		memset(&r, 0, sizeof(r));
		memcpy(r.to.addr, l3test6::ip6(to).b, 16);
		r.to.len = len;
		r.type = VSW_ROUTE_DEV;
		r.table = VSW_TABLE_MAIN;
		r.dev = (uint16_t)(rif + 1);
		uint16_t ids[VSW_MAX_PORTS];
		ring_ids(*cfg, ids);
		char err[256] = "";
		ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	}

	uint32_t
	neighbours6()
	{
		vsw_l3_lock();
		uint32_t n = (uint32_t)rte_hash_count(l3c.f6.neigh);
		vsw_l3_unlock();
		return n;
	}
};

} // namespace

TEST_F(L3v6Dev, OnLinkRouteSolicitsTheDestinationAndSendsWhatWasHeld)
{
	using namespace l3test6;
	learn_a();
	dev_route6("2001:db8:99::", 64, 1);
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:99::77", 20));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u) << "one solicitation";
	const Bytes &s = o[0];
	const uint8_t sn[6] = {0x33, 0x33, 0xff, 0x00, 0x00, 0x77};
	EXPECT_EQ(Bytes(s.begin(), s.begin() + 6), Bytes(sn, sn + 6));
	EXPECT_EQ(s[54], 135);
	EXPECT_TRUE(addr_at(s, 62) == ip6("2001:db8:99::77")) << "the destination itself";
	EXPECT_TRUE(addr_at(s, 22) == ip6("2001:db8:2::1")) << "from r1's address";

	const uint8_t H77[6] = {0x02, 0, 0, 0, 0x0b, 0x77};
	RingPorts::get().inject(1, nd(136, R1, H77, "2001:db8:99::77", "2001:db8:2::1",
				      "2001:db8:99::77", H77, 0x60));
	walk();
	walk();
	o = out(1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(H77, H77 + 6));
	EXPECT_EQ(get16(o[0], 12), 0x86dd);
	EXPECT_EQ(o[0][21], 19);
}

TEST_F(L3v6Dev, ASolicitingSenderOutsideTheSubnetsIsLearnedOnlyUnderADevRoute)
{
	using namespace l3test6;
	const uint8_t H7[6] = {0x02, 0, 0, 0, 0x0b, 0x07};
	const uint32_t n0 = neighbours6();
	auto solicit = [&]() {
		RingPorts::get().inject(1, nd(135, MC_SN1, H7, "2001:db8:99::7", "ff02::1:ff00:1",
					      "2001:db8:2::1", H7));
		walk();
		out(1);
	};
	solicit();
	EXPECT_EQ(neighbours6(), n0) << "not on r1's link";
	dev_route6("2001:db8:99::", 64, 1);
	solicit();
	EXPECT_EQ(neighbours6(), n0 + 1) << "a dev route through r1 covers it";
}

TEST_F(L3v6Dev, ApiOnLinkRoute)
{
	using namespace l3test6;
	vsw_l3_route6_spec s;
	memset(&s, 0, sizeof(s));
	memcpy(s.prefix, ip6("2001:db8:98::").b, 16);
	s.len = 64;
	s.type = VSW_ROUTE_DEV;
	snprintf(s.dev, sizeof(s.dev), "r1");
	char e[256] = "";
	unsigned int held;
	ASSERT_EQ(vsw_l3_routes6_change(true, "", 0, &s, 1, &held, e, sizeof(e)), 0) << e;
	vsw_l3_route_info ri;
	vsw_l3_rule_match rule;
	uint8_t mac[6];
	bool resolved;
	ASSERT_EQ(vsw_l3_route_lookup6("", nullptr, ip6("2001:db8:98::5").b, &ri, mac, &resolved,
				       &rule),
		  0);
	EXPECT_STREQ(ri.type, "api");
	EXPECT_STREQ(ri.rif, "r1");
	snprintf(s.dev, sizeof(s.dev), "r9");
	EXPECT_EQ(vsw_l3_routes6_change(true, "", 0, &s, 1, &held, e, sizeof(e)), -EINVAL);
	EXPECT_NE(std::string(e).find("dev 'r9' is no running router interface"),
		  std::string::npos)
		<< e;
}
