/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the 'router' section's IPv6 parts (pipeline/l3/l3_conf6.c): addresses,
 * routes and neighbours whose address is IPv6, under the same keys as IPv4's, and each
 * error with its "file:line:column: " position.
 */
#include <arpa/inet.h>

#include <cstring>

#include "config_test_util.h"

using namespace cfgtest;

namespace
{

const char kHead[] = R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap}
  - {name: p1, kind: tap}
router:
)";

bool
same6(const uint8_t *a, const char *s)
{
	uint8_t b[16];

	inet_pton(AF_INET6, s, b);
	return std::memcmp(a, b, 16) == 0;
}

} // namespace

TEST(ConfigRouter6, AddressesRoutesNeighboursBesideIpv4)
{
	Result r = Parse(std::string(kHead) + R"(  interfaces:
    - {name: r0, port: p0, addresses: [10.0.1.1/24, "2001:db8:1::1/64", "fd00::1/48"], ra: true}
    - {name: r1, port: p1, addresses: ["2001:db8:2::1/64"]}
  routes:
    - {to: "::/0", via: "2001:db8:2::fe"}
    - {to: "2001:db8:9::/48", via: ["2001:db8:2::2", "2001:db8:2::3"]}
    - {to: "2001:db8:66::/64", type: prohibit}
    - {to: 10.9.0.0/16, via: 10.0.1.9}
  neighbours:
    - {interface: r1, address: "2001:db8:2::9", mac: "02:00:00:00:02:09"}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_rifs, 2u);
	EXPECT_EQ(l3.rifs[0].n_addrs, 1);
	ASSERT_EQ(l3.rifs[0].n_addrs6, 2);
	EXPECT_TRUE(same6(l3.rifs[0].addrs6[0].addr, "2001:db8:1::1"));
	EXPECT_EQ(l3.rifs[0].addrs6[1].len, 48);
	EXPECT_TRUE(l3.rifs[0].ra);
	EXPECT_FALSE(l3.rifs[1].ra);
	EXPECT_EQ(l3.rifs[1].n_addrs, 0);
	EXPECT_EQ(l3.n_routes, 1u);
	ASSERT_EQ(l3.n_routes6, 3u);
	EXPECT_EQ(l3.routes6[0].to.len, 0);
	EXPECT_TRUE(same6(l3.routes6[0].via[0], "2001:db8:2::fe"));
	EXPECT_EQ(l3.routes6[1].n_via, 2);
	EXPECT_EQ(l3.routes6[2].type, VSW_ROUTE_PROHIBIT);
	ASSERT_EQ(l3.n_neighs6, 1u);
	EXPECT_EQ(l3.neighs6[0].rif, 1);
	EXPECT_EQ(l3.n_neighs, 0u);
}

TEST(ConfigRouter6, Errors)
{
	std::string h(kHead);
	std::string rif = "  interfaces:\n    - {name: r0, port: p0, addresses: [";
	EXPECT_TRUE(Fails(h + rif + "\"2001:db8::1\"]}\n", "t.yaml:7:40: ",
			  "expected an IPv6 prefix like \"2001:db8::1/64\" for 'addresses'"));
	EXPECT_TRUE(Fails(h + rif + "\"fe80::1/64\"]}\n", "t.yaml:7:40: ",
			  "multicast and link-local addresses are not configured"));
	EXPECT_TRUE(Fails(h + rif + "\"2001:db8::1/128\"]}\n", "t.yaml:7:40: ",
			  "is not an interface address"));
	EXPECT_TRUE(Fails(h + rif + "\"2001:db8::1/64\", \"2001:db8::1/64\"]}\n", "t.yaml:7:58: ",
			  "duplicate address 2001:db8::1/64"));
	EXPECT_TRUE(Fails(h + rif + "10.0.0.1/24], ra: true}\n", "t.yaml:7:58: ",
			  "router interface 'r0' sends router advertisements but has no IPv6 address"));
	std::string one = h + rif + "\"2001:db8::1/64\"]}\n  routes:\n";
	EXPECT_TRUE(Fails(one + "    - {to: \"2001:db8:1::1/48\", type: blackhole}\n", "t.yaml:9:12: ",
			  "has host bits set"));
	EXPECT_TRUE(Fails(one + "    - {to: \"2001:db8:1::/48\", via: \"2001:db8:5::1\"}\n",
			  "t.yaml:9:7: ",
			  "gateway 2001:db8:5::1 is not on a connected subnet of vrf 'default'"));
	EXPECT_TRUE(Fails(one + "    - {to: \"2001:db8:1::/48\", via: 10.0.0.1}\n", "t.yaml:9:36: ",
			  "expected an IPv6 address like 2001:db8::1 for 'via'"));
	EXPECT_TRUE(Fails(one + "    - {to: \"2001:db8:1::/48\", type: blackhole, table: 0}\n",
			  "t.yaml:9:55: ", "table"));
	EXPECT_TRUE(Fails(one + "    - {to: \"2001:db8:1::/48\", type: blackhole}\n"
				"    - {to: \"2001:db8:1::/48\", type: prohibit}\n",
			  "t.yaml:10:12: ", "duplicate route to 2001:db8:1::/48 (first at line 9)"));
	EXPECT_TRUE(Fails(h + rif + "\"2001:db8::1/64\"]}\n  neighbours:\n    - {interface: r0, "
				    "address: \"2001:db9::1\", mac: \"02:00:00:00:00:01\"}\n",
			  "t.yaml:9:32: ", "is not on a subnet of router interface 'r0'"));
}

TEST(ConfigRouter6, DiffSeesIpv6Changes)
{
	const std::string a = std::string(kHead) +
			      "  interfaces:\n    - {name: r0, port: p1, addresses: [\"2001:db8::1/64\"]}\n"
			      "  routes:\n    - {to: \"2001:db8:5::/48\", via: \"2001:db8::9\"}\n";
	std::string via = a, addr = a, ra = a;
	via.replace(via.find("2001:db8::9"), 11, "2001:db8::8");
	addr.replace(addr.find("2001:db8::1/64"), 14, "2001:db8::2/64");
	ra.replace(ra.find("\"]}"), 3, "\"], ra: true}");
	auto diff = [](const std::string &o, const std::string &n) {
		Result ro = Parse(o), rn = Parse(n);
		EXPECT_EQ(ro.rc, 0) << ro.err;
		EXPECT_EQ(rn.rc, 0) << rn.err;
		auto d = std::make_unique<struct vsw_config_diff>();
		char err[VSW_ERR_MAX] = "";
		EXPECT_EQ(vsw_config_diff(ro.cfg.get(), rn.cfg.get(), d.get(), err), 0) << err;
		return d->router_changed;
	};
	EXPECT_FALSE(diff(a, a));
	EXPECT_TRUE(diff(a, via));
	EXPECT_TRUE(diff(a, addr));
	EXPECT_TRUE(diff(a, ra));
}

// Route leaking in IPv6, as IPv4's: a gateway in another VRF, and a lookup in another VRF.
TEST(ConfigRouter6, LeakedRoutes)
{
	std::string two = std::string(kHead) + "  vrfs: [red, shared]\n"
			  "  interfaces:\n"
			  "    - {name: r0, port: p0, vrf: red, addresses: [\"2001:db8:1::1/64\"]}\n"
			  "    - {name: r1, port: p1, vrf: shared, addresses: [\"2001:db8:2::1/64\"]}\n"
			  "  routes:\n";
	Result r = Parse(two + "    - {vrf: red, to: \"::/0\", via: \"2001:db8:2::2\", via_vrf: shared}\n"
			       "    - {vrf: shared, to: \"2001:db8:1::/64\", via_vrf: red}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_routes6, 2u);
	EXPECT_EQ(l3.routes6[0].type, VSW_ROUTE_VIA);
	EXPECT_EQ(l3.routes6[0].vrf, 1);
	EXPECT_EQ(l3.routes6[0].via_vrf, 2);
	EXPECT_EQ(l3.routes6[1].type, VSW_ROUTE_LOOKUP);
	EXPECT_EQ(l3.routes6[1].via_vrf, 1);
	EXPECT_EQ(l3.routes6[1].n_via, 0);
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: \"::/0\", via: \"2001:db8:2::2\"}\n",
			  "t.yaml:11:7: ",
			  "gateway 2001:db8:2::2 is not on a connected subnet of vrf 'red'"));
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: \"::/0\", via_vrf: red}\n", "t.yaml:11:39: ",
			  "'via_vrf' names the route's own vrf 'red'"));
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: \"::/0\", via_vrf: shared, type: blackhole}\n",
			  "t.yaml:11:53: ", "a route with 'via_vrf' has no 'type'"));
}

// `ip -6 route add ... table 100`: an IPv6 route in a numbered table, the same prefix in main
// beside it (not a duplicate).
TEST(ConfigRouter6, RoutesInNumberedTables)
{
	Result r = Parse(std::string(kHead) + R"(  interfaces:
    - {name: r0, port: p0, addresses: ["2001:db8:1::1/64"]}
  routes:
    - {to: "2001:db8:9::/48", type: blackhole, table: 100}
    - {to: "2001:db8:9::/48", via: "2001:db8:1::2"}
    - {to: "2001:db8:9::/48", type: prohibit, table: 100}
)");
	EXPECT_NE(r.rc, 0) << "the last one is table 100's again: a duplicate";
	r = Parse(std::string(kHead) + R"(  interfaces:
    - {name: r0, port: p0, addresses: ["2001:db8:1::1/64"]}
  routes:
    - {to: "2001:db8:9::/48", type: blackhole, table: 100}
    - {to: "2001:db8:9::/48", via: "2001:db8:1::2"}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.cfg->l3.n_routes6, 2u);
	EXPECT_EQ(r.cfg->l3.routes6[0].table, 100u);
	EXPECT_EQ(r.cfg->l3.routes6[1].table, (uint32_t)VSW_TABLE_MAIN);
}

// `ip -6 rule`: a rule's family is its prefixes' (a colon: IPv6), else `family`, else 4 (as
// `ip rule` without -6); each family has its own priorities, as Linux's two lists.
TEST(ConfigRouter6, RulesTakeTheirFamilyFromTheirPrefixes)
{
	std::string one = std::string(kHead) +
			  "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24, "
			  "\"2001:db8:1::1/64\"]}\n";
	Result r = Parse(one + R"(  routes:
    - {to: "::/0", type: prohibit, table: 100}
  rules:
    - {priority: 100, from: "2001:db8:1:80::/57", table: 100}
    - {priority: 100, from: 10.0.0.128/25, table: 100}
    - {priority: 200, family: 6, proto: udp, dport: 5353, dscp: 46, iif: r0, table: 100}
    - {priority: 300, to: "2001:db8:99::/48", action: blackhole}
    - {priority: 400, family: 6, proto: icmpv6, action: prohibit}
    - {priority: 500, proto: tcp, table: 100}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_rules, 6u);
	EXPECT_EQ(l3.rules[0].family, 6);
	EXPECT_TRUE(l3.rules[0].has_from);
	EXPECT_TRUE(same6(l3.rules[0].from6.addr, "2001:db8:1:80::"));
	EXPECT_EQ(l3.rules[0].from6.len, 57);
	EXPECT_EQ(l3.rules[1].family, 4) << "the same priority in the other family";
	EXPECT_EQ(l3.rules[2].family, 6);
	EXPECT_EQ(l3.rules[2].proto, 17);
	EXPECT_EQ(l3.rules[2].dscp, 46);
	EXPECT_EQ(l3.rules[2].iif, 0);
	EXPECT_EQ(l3.rules[3].family, 6);
	EXPECT_TRUE(same6(l3.rules[3].to6.addr, "2001:db8:99::"));
	EXPECT_EQ(l3.rules[3].action, VSW_RULE_BLACKHOLE);
	EXPECT_EQ(l3.rules[4].proto, 58);
	EXPECT_EQ(l3.rules[5].family, 4) << "no prefix, no family: IPv4, as `ip rule`";

	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, from: \"2001:db8::/32\", table: 9}\n"
				"    - {priority: 1, family: 6, table: 8}\n",
			  "t.yaml:10:18: ", "two IPv6 rules with priority 1 (first at line 9)"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, from: \"2001:db8::/32\", to: "
				"10.0.0.0/8, table: 9}\n",
			  "t.yaml:9:7: ", "a rule's 'from' and 'to' are of one family"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, family: 4, from: \"2001:db8::/32\", "
				"table: 9}\n",
			  "t.yaml:9:29: ", "family 4, but the rule's prefixes are IPv6"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, family: 5, table: 9}\n",
			  "t.yaml:9:29: ", "expected 4 or 6 for 'family'"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, family: 6, proto: icmp, table: 9}\n",
			  "t.yaml:9:39: ", "an IPv6 rule: 'proto: icmpv6'"));
}

// IPv6 routes through an interface, as IPv4's (`ip -6 route add P dev IF`).
TEST(ConfigRouter6, DevRoutes)
{
	std::string h = std::string(kHead) +
			"  interfaces:\n"
			"    - {name: r0, port: p0, addresses: [\"2001:db8:1::1/64\"]}\n"
			"    - {name: r1, port: p1, addresses: [10.0.0.1/24]}\n"
			"  routes:\n";
	Result r = Parse(h + "    - {to: \"2001:db8:99::/64\", dev: r0}\n"
			     "    - {to: \"2001:db8:77::/48\", via: \"2001:db8:5::1\", dev: r0}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_routes6, 2u);
	EXPECT_EQ(l3.routes6[0].type, VSW_ROUTE_DEV);
	EXPECT_EQ(l3.routes6[0].dev, 1);
	EXPECT_EQ(l3.routes6[1].type, VSW_ROUTE_VIA);
	EXPECT_EQ(l3.routes6[1].dev, 1);
	EXPECT_TRUE(same6(l3.routes6[1].via[0], "2001:db8:5::1")) << "off-subnet: onlink";
	EXPECT_TRUE(Fails(h + "    - {to: \"2001:db8:99::/64\", dev: r1}\n", "t.yaml:10:37: ",
			  "router interface 'r1' has no IPv6 address"));
	EXPECT_TRUE(Fails(h + "    - {to: \"2001:db8:99::/64\", dev: eth9}\n", "t.yaml:10:37: ",
			  "unknown router interface 'eth9' for 'dev'"));
	EXPECT_TRUE(Fails(h + "    - {to: \"2001:db8:99::/64\", dev: r0, table: 7}\n",
			  "t.yaml:10:48: ", "an on-link route ('dev' without 'via') is in its vrf's "
					    "main table"));
	EXPECT_TRUE(Fails(h + "    - {to: \"2001:db8:77::/48\", via: \"2001:db8:5::1\"}\n",
			  "t.yaml:10:7: ", "gateway 2001:db8:5::1 is not on a connected subnet"));
}
