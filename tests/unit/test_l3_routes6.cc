// SPDX-License-Identifier: BSD-3-Clause
// IPv6 routes through the API (vsw_l3_routes6_change(): VSW_API_ROUTE6_ADD/DEL, vswctl route
// add/del with an IPv6 prefix), seen by the packets the router forwards or refuses, and the
// IPv6 next hops given back under churn (l3_nh.c). The fixture: l3_ip6_fixture.h.
#include <set>
#include <string>

#include <rte_cycles.h>

#include "l3_ip6_fixture.h"

using namespace l3test;
using namespace l3test6;

namespace
{

const uint8_t NC[6] = {0x02, 0, 0, 0, 0x0c, 0x03};

vsw_l3_route6_spec
route6(const char *prefix, uint8_t len, uint8_t type, std::vector<const char *> via = {})
{
	vsw_l3_route6_spec s;
	memset(&s, 0, sizeof(s));
	memcpy(s.prefix, ip6(prefix).b, 16);
	s.len = len;
	s.type = type;
	s.n_via = (uint8_t)via.size();
	for (size_t g = 0; g < via.size(); g++)
		memcpy(s.via[g], ip6(via[g]).b, 16);
	return s;
}

int
change(bool add, std::vector<vsw_l3_route6_spec> r, std::string *err = nullptr,
       uint32_t table = 0)
{
	char e[256] = "";
	unsigned int held;
	int rc = vsw_l3_routes6_change(add, "", table, r.data(), (unsigned)r.size(), &held, e,
				       sizeof(e));
	if (err != nullptr)
		*err = e;
	return rc;
}

// The installed route to @p addr: its type ("" none) and egress interface.
std::pair<std::string, std::string>
lookup(const char *addr)
{
	vsw_l3_route_info ri;
	vsw_l3_rule_match rule;
	uint8_t mac[6];
	bool resolved;
	if (vsw_l3_route_lookup6("", nullptr, ip6(addr).b, &ri, mac, &resolved, &rule) != 0)
		return {"", ""};
	return {ri.type, ri.rif};
}

uint32_t
nh_used()
{
	vsw_l3_stats st;
	vsw_l3_lock();
	vsw_l3_stats_get(&st);
	vsw_l3_unlock();
	return st.nh_used;
}

// The router's clock @p s seconds on, then a sweep.
void
later_sweep(uint32_t s = 10)
{
	vsw_l3_lock();
	l3c.start_tsc -= s * rte_get_tsc_hz();
	l3_nh_sweep();
	vsw_l3_unlock();
}

} // namespace

TEST_F(L3v6, ApiRouteIsUsedAndOnceDeletedNoLonger)
{
	learn_a();
	ASSERT_EQ(change(true, {route6("2001:db8:77::", 64, VSW_ROUTE_VIA, {"2001:db8:2::2"})}), 0);
	EXPECT_EQ(lookup("2001:db8:77::5"), std::make_pair(std::string("api"), std::string("r1")));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:77::5"));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u) << "routed to the gateway";
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(NB, NB + 6));
	EXPECT_EQ(o[0][21], 63);
	EXPECT_TRUE(out(0).empty());

	ASSERT_EQ(change(false, {route6("2001:db8:77::", 64, VSW_ROUTE_VIA)}), 0);
	EXPECT_EQ(lookup("2001:db8:77::5").first, "");
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:77::5"));
	walk();
	EXPECT_TRUE(out(1).empty());
	o = out(0);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(o[0][54], 1) << "destination unreachable";
	EXPECT_EQ(o[0][55], 0) << "no route";
}

TEST_F(L3v6, ApiRejectRoutesAndEcmp)
{
	learn_a();
	cfg->l3.neighs6[1] = cfg->l3.neighs6[0];
	memcpy(cfg->l3.neighs6[1].addr, ip6("2001:db8:2::3").b, 16);
	memcpy(cfg->l3.neighs6[1].mac, NC, 6);
	cfg->l3.n_neighs6 = 2;
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	ASSERT_EQ(change(true, {route6("2001:db8:a::", 48, VSW_ROUTE_BLACKHOLE),
				route6("2001:db8:b::", 48, VSW_ROUTE_UNREACHABLE),
				route6("2001:db8:c::", 48, VSW_ROUTE_PROHIBIT),
				route6("2001:db8:e::", 48, VSW_ROUTE_VIA,
				       {"2001:db8:2::2", "2001:db8:2::3"})}),
		  0);
	EXPECT_EQ(lookup("2001:db8:a::1").first, "blackhole");
	EXPECT_EQ(lookup("2001:db8:e::1"), std::make_pair(std::string("api"),
							   std::string("ecmp:2")));
	for (const char *to : {"2001:db8:a::1", "2001:db8:b::1", "2001:db8:c::1"})
		RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", to));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 2u) << "blackhole says nothing";
	EXPECT_EQ(o[0][54], 1);
	EXPECT_EQ(o[0][55], 0) << "unreachable";
	EXPECT_EQ(o[1][54], 1);
	EXPECT_EQ(o[1][55], 1) << "administratively prohibited";

	std::set<int> paths;
	for (int i = 0; i < 32; i++) {
		char to[64];
		snprintf(to, sizeof(to), "2001:db8:e::%x", i + 1);
		RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", to));
	}
	walk();
	for (const Bytes &f : out(1))
		paths.insert(memcmp(&f[0], NB, 6) == 0 ? 0 : memcmp(&f[0], NC, 6) == 0 ? 1 : 2);
	EXPECT_EQ(paths, std::set<int>({0, 1})) << "both gateways carry flows";
}

TEST_F(L3v6, ApiRequestIsCheckedWholeBeforeAnyRouteIsApplied)
{
	std::string err;
	auto good = route6("2001:db8:70::", 64, VSW_ROUTE_VIA, {"2001:db8:2::2"});
	EXPECT_EQ(change(true, {good, route6("2001:db8:71::1", 64, VSW_ROUTE_BLACKHOLE)}, &err),
		  -EINVAL);
	EXPECT_NE(err.find("route 1"), std::string::npos) << err;
	EXPECT_NE(err.find("route 1: 2001:db8:71::1/64: host bits"), std::string::npos) << err;
	EXPECT_EQ(lookup("2001:db8:70::1").first, "") << "the good one not applied either";
	EXPECT_EQ(change(true, {route6("2001:db8:70::", 64, VSW_ROUTE_VIA, {"2001:db8:5::2"})},
			 &err),
		  -EINVAL);
	EXPECT_NE(err.find("gateway 2001:db8:5::2 is not on a connected subnet"), std::string::npos)
		<< err;
	EXPECT_EQ(change(true, {route6("2001:db8:70::", 64, VSW_ROUTE_VIA,
				       {"2001:db8:2::2", "2001:db8:2::2"})},
			 &err),
		  -EINVAL);
	EXPECT_EQ(change(true, {route6("2001:db8:1::1", 128, VSW_ROUTE_BLACKHOLE)}, &err), -EEXIST)
		<< "the router's own address";
	EXPECT_EQ(change(false, {good}, &err), -ENOENT) << "no such API route";
	EXPECT_EQ(change(true, {good}, &err, 100), -ENOENT) << "no rule or route names table 100";
	EXPECT_NE(err.find("has no table 100"), std::string::npos) << err;
	EXPECT_EQ(change(true, {good}, &err, VSW_TABLE_MAIN), 0) << err;
}

TEST_F(L3v6, ApiRouteOutranksTheConfigsSurvivesAReloadAndUncoversItOnceDeleted)
{
	EXPECT_EQ(lookup("2001:db8:9::1").first, "static");
	ASSERT_EQ(change(true, {route6("2001:db8:9::", 48, VSW_ROUTE_PROHIBIT)}), 0);
	EXPECT_EQ(lookup("2001:db8:9::1").first, "prohibit");
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	EXPECT_EQ(lookup("2001:db8:9::1").first, "prohibit") << "kept by the reload";
	ASSERT_EQ(change(false, {route6("2001:db8:9::", 48, 0)}), 0);
	EXPECT_EQ(lookup("2001:db8:9::1"), std::make_pair(std::string("static"), std::string("r1")));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:9::1"));
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "the config's route forwards again";
}

// More IPv6 gateways over time than there are next hop ids (65,536): those no route uses
// any more are given back, as IPv4's. And 73,728 /48s added and deleted: more than the FIB6's
// tbl8 groups would allow were their leaked reservations not reset (l3_fib.c, rebuild()).
TEST_F(L3v6, Ipv6NextHopsOfGoneRoutesAreGivenBack)
{
	const uint32_t base = nh_used();
	static vsw_l3_route6_spec spec[1024];
	for (uint32_t round = 0; round < 72; round++) {
		for (uint32_t j = 0; j < 1024; j++) {
			uint32_t gw = round * 1024 + j + 0x100;
			memset(&spec[j], 0, sizeof(spec[j]));
			memcpy(spec[j].prefix, ip6("2001:db8:100::").b, 16);
			spec[j].prefix[4] = (uint8_t)(j >> 8);
			spec[j].prefix[5] = (uint8_t)j;
			spec[j].len = 48;
			spec[j].type = VSW_ROUTE_VIA;
			spec[j].n_via = 1;
			memcpy(spec[j].via[0], ip6("2001:db8:2::").b, 16);
			spec[j].via[0][13] = (uint8_t)(gw >> 16);
			spec[j].via[0][14] = (uint8_t)(gw >> 8);
			spec[j].via[0][15] = (uint8_t)gw;
		}
		std::vector<vsw_l3_route6_spec> v(spec, spec + 1024);
		std::string err;
		ASSERT_EQ(change(true, v, &err), 0) << "round " << round << ": " << err;
		ASSERT_EQ(change(false, v, &err), 0) << err;
		later_sweep();
	}
	EXPECT_EQ(nh_used(), base) << "every gateway given back";
	EXPECT_GT(l3c.f6.rebuilds, 0u) << "the FIB6 copies were made again on the way";
	EXPECT_EQ(lookup("2001:db8:9::1").first, "static") << "the config's routes kept";
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:9::1"));
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "and forwarded by the rebuilt copy";
}

// Route leaking in IPv6: a route of the default VRF via a gateway of VRF red, one that looks
// the destination up in red, and two lookups that point at each other (dropped by name).
TEST_F(L3v6, LeakedRoutesForwardThroughTheOtherVrf)
{
	const uint8_t R2[6] = {0x02, 0, 0, 0, 0x01, 0x03};
	vsw_l3_conf &l3 = cfg->l3;
	l3.n_vrfs = 2;
	snprintf(l3.vrfs[1], sizeof(l3.vrfs[1]), "red");
	add_rif("r2", 2, "2001:db8:3::1", R2);
	l3.rifs[l3.n_rifs - 1].vrf = 1;
	vsw_neigh6_conf &n = l3.neighs6[l3.n_neighs6++];
	n.rif = (uint8_t)(l3.n_rifs - 1);
	memcpy(n.addr, ip6("2001:db8:3::2").b, 16);
	memcpy(n.mac, NC, 6);
	auto route = [&](uint8_t vrf, const char *to, uint8_t type, uint8_t via_vrf,
			 const char *via) {
		vsw_route6_conf &r = l3.routes6[l3.n_routes6++];
		memset(&r, 0, sizeof(r));
		r.vrf = vrf;
		memcpy(r.to.addr, ip6(to).b, 16);
		r.to.len = 64;
		r.type = type;
		r.via_vrf = via_vrf;
		r.table = VSW_TABLE_MAIN;
		if (via != nullptr) {
			r.n_via = 1;
			memcpy(r.via[0], ip6(via).b, 16);
		}
	};
	route(0, "2001:db8:88::", VSW_ROUTE_VIA, 1, "2001:db8:3::2");
	route(0, "2001:db8:99::", VSW_ROUTE_LOOKUP, 1, nullptr);
	route(1, "2001:db8:99::", VSW_ROUTE_VIA, 1, "2001:db8:3::2");
	route(0, "2001:db8:98::", VSW_ROUTE_LOOKUP, 1, nullptr);
	route(1, "2001:db8:98::", VSW_ROUTE_LOOKUP, 0, nullptr);
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	learn_a();
	out(2); // r2's address announced (an unsolicited neighbour advertisement)

	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:88::1"));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:99::1"));
	walk();
	auto o = out(2);
	ASSERT_EQ(o.size(), 2u) << "both out of red's interface";
	for (const Bytes &f : o) {
		EXPECT_EQ(Bytes(f.begin(), f.begin() + 6), Bytes(NC, NC + 6));
		EXPECT_EQ(Bytes(f.begin() + 6, f.begin() + 12), Bytes(R2, R2 + 6));
		EXPECT_EQ(f[21], 63);
	}
	const uint64_t loops = drops("ip6_vrf_loop");
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:98::1"));
	walk();
	EXPECT_TRUE(out(2).empty());
	EXPECT_TRUE(out(0).empty());
	EXPECT_EQ(drops("ip6_vrf_loop"), loops + 1) << "a lookup found a lookup: followed once";
}

// `ip -6 route add ... table 100`: routes of a numbered table are installed in that table
// (listed as "default/100", with the router's own addresses, as Linux's local table is
// looked up first) and the main lookup does not use them.
TEST_F(L3v6, RoutesOfANumberedTableAreNotUsedByTheMainLookup)
{
	vsw_l3_conf &l3 = cfg->l3;
	auto route = [&](const char *to, uint8_t len, uint8_t type, const char *via) {
		vsw_route6_conf &r = l3.routes6[l3.n_routes6++];
		memset(&r, 0, sizeof(r));
		memcpy(r.to.addr, ip6(to).b, 16);
		r.to.len = len;
		r.type = type;
		r.table = 100;
		if (via != nullptr) {
			r.n_via = 1;
			memcpy(r.via[0], ip6(via).b, 16);
		}
	};
	route("2001:db8:77::", 64, VSW_ROUTE_VIA, "2001:db8:2::2");
	route("2001:db8:9::", 48, VSW_ROUTE_BLACKHOLE, nullptr);
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	learn_a();

	std::set<std::string> t100;
	vsw_l3_route_walk(
	    [](const vsw_l3_route_info *r, void *arg) {
		    char a[64];
		    if (r->v6 && strcmp(r->vrf, "default/100") == 0)
			    static_cast<std::set<std::string> *>(arg)->insert(
				std::string(inet_ntop(AF_INET6, r->prefix6, a, sizeof(a))) + "/" +
				std::to_string(r->len) + " " + r->type);
	    },
	    &t100);
	EXPECT_EQ(t100, (std::set<std::string>{"2001:db8:77::/64 static", "2001:db8:9::/48 blackhole",
						"2001:db8:1::1/128 local", "2001:db8:2::1/128 local"}));
	EXPECT_EQ(lookup("2001:db8:77::1").first, "") << "not in the main table";
	EXPECT_EQ(lookup("2001:db8:9::1").first, "static") << "main's own route, not table 100's";

	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:9::1"));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:77::1"));
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "main's route to 2001:db8:9::/48 forwards";
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u) << "no route to 2001:db8:77::1 in main: unreachable";
	EXPECT_EQ(o[0][54], 1);
	EXPECT_EQ(o[0][55], 0) << "no route";
}
