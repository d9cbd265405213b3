/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the 'router' section (pipeline/l3/l3_conf.c): what it holds, and each error
 * with its "file:line:column: " position. Helpers: config_test_util.h.
 */
#include <arpa/inet.h>

#include "config_test_util.h"

using namespace cfgtest;

namespace
{

const char kHead[] = R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap}
  - {name: p1, kind: tap}
  - {name: p2, kind: tap}
router:
)";

uint32_t
ip(const char *s)
{
	in_addr a;
	inet_pton(AF_INET, s, &a);
	return ntohl(a.s_addr);
}

} // namespace

TEST(ConfigRouter, AbsentMeansADefaultVrfAndNothingElse)
{
	Result r = Parse(kMinimal);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->l3.n_vrfs, 1u);
	EXPECT_STREQ(r.cfg->l3.vrfs[0], "default");
	EXPECT_EQ(r.cfg->l3.n_rifs, 0u);
	EXPECT_EQ(r.cfg->l3.neigh_timeout_s, 300u);
	EXPECT_EQ(r.cfg->l3.max_neighbours, 16384u);
}

TEST(ConfigRouter, InterfacesRoutesNeighboursAndVrfs)
{
	Result r = Parse(std::string(kHead) + R"(  vrfs: [red]
  neigh_timeout_s: 60
  max_neighbours: 1000
  interfaces:
    - {name: r0, port: p0, addresses: [10.0.1.1/24, 10.9.0.1/16], mac: "02:00:00:00:01:01"}
    - {name: r1, port: p1, addresses: [10.0.2.1/24], vrf: red}
  routes:
    - {to: 0.0.0.0/0, via: 10.0.1.254}
    - {to: 198.51.100.0/24, type: blackhole}
    - {to: 10.5.0.0/16, via: 10.0.2.9, vrf: red}
  neighbours:
    - {interface: r1, address: 10.0.2.9, mac: "02:00:00:00:02:09"}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_vrfs, 2u);
	EXPECT_STREQ(l3.vrfs[1], "red");
	EXPECT_EQ(l3.neigh_timeout_s, 60u);
	EXPECT_EQ(l3.max_neighbours, 1000u);
	ASSERT_EQ(l3.n_rifs, 2u);
	EXPECT_EQ(l3.rifs[0].port, 0);
	EXPECT_EQ(l3.rifs[0].n_addrs, 2);
	EXPECT_EQ(l3.rifs[0].addrs[1].addr, ip("10.9.0.1"));
	EXPECT_EQ(l3.rifs[0].addrs[1].len, 16);
	EXPECT_TRUE(l3.rifs[0].has_mac);
	EXPECT_EQ(l3.rifs[1].vrf, 1);
	EXPECT_FALSE(l3.rifs[1].has_mac);
	ASSERT_EQ(l3.n_routes, 3u);
	EXPECT_EQ(l3.routes[0].type, VSW_ROUTE_VIA);
	EXPECT_EQ(l3.routes[0].to.len, 0);
	EXPECT_EQ(l3.routes[0].n_via, 1);
	EXPECT_EQ(l3.routes[0].via[0], ip("10.0.1.254"));
	EXPECT_EQ(l3.routes[1].type, VSW_ROUTE_BLACKHOLE);
	EXPECT_EQ(l3.routes[2].vrf, 1);
	ASSERT_EQ(l3.n_neighs, 1u);
	EXPECT_EQ(l3.neighs[0].rif, 1);
	EXPECT_EQ(l3.neighs[0].addr, ip("10.0.2.9"));
}

TEST(ConfigRouter, Errors)
{
	std::string h(kHead);
	EXPECT_TRUE(Fails(h + "  max_neighbours: 8\n", "t.yaml:7:19: ", "max_neighbours"));
	EXPECT_TRUE(Fails(h + "  max_neighbours: 65537\n", "t.yaml:7:19: ", "max_neighbours"));
	EXPECT_TRUE(Fails(h + "  interfaces:\n    - {name: r0, port: p9, addresses: [10.0.0.1/24]}\n",
			  "t.yaml:8:24: ", "unknown port 'p9' in router interface 'r0'"));
	EXPECT_TRUE(Fails(h + "  interfaces:\n    - {name: p1, port: p0, addresses: [10.0.0.1/24]}\n",
			  "t.yaml:8:14: ", "'p1' is already a port's name"));
	EXPECT_TRUE(Fails(h + "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1]}\n",
			  "t.yaml:8:40: ", "expected an IPv4 prefix like \"192.0.2.1/24\""));
	EXPECT_TRUE(Fails(h + "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.0/24]}\n",
			  "t.yaml:8:40: ", "is the network or broadcast address of its subnet"));
	EXPECT_TRUE(Fails(h + "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/33]}\n",
			  "t.yaml:8:40: ", "expected an IPv4 prefix"));
	EXPECT_TRUE(Fails(h + "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24], vrf: blue}\n",
			  "t.yaml:8:59: ", "unknown vrf 'blue'"));
	EXPECT_TRUE(Fails(h + "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n"
			      "    - {name: r1, port: p0, addresses: [10.0.1.1/24]}\n",
			  "t.yaml:9:24: ", "port 'p0' already has router interface 'r0'"));
	std::string one = h + "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n";
	EXPECT_TRUE(Fails(one + "  routes:\n    - {to: 10.1.0.1/16, type: blackhole}\n",
			  "t.yaml:10:12: ", "has host bits set"));
	EXPECT_TRUE(Fails(one + "  routes:\n    - {to: 10.1.0.0/16, via: 10.2.0.1}\n",
			  "t.yaml:10:7: ", "gateway 10.2.0.1 is not on a connected subnet of vrf 'default'"));
	EXPECT_TRUE(Fails(one + "  routes:\n    - {to: 10.1.0.0/16}\n",
			  "t.yaml:10:7: ", "a route has either 'via' (a gateway), 'via_vrf'"));
	EXPECT_TRUE(Fails(one + "  routes:\n    - {to: 10.1.0.0/16, type: drop}\n",
			  "t.yaml:10:31: ", "expected one of blackhole, unreachable, prohibit for 'type'"));
	EXPECT_TRUE(Fails(one + "  routes:\n    - {to: 10.1.0.0/16, type: blackhole}\n"
				"    - {to: 10.1.0.0/16, type: prohibit}\n",
			  "t.yaml:11:12: ", "duplicate route to 10.1.0.0/16 (first at line 10)"));
	EXPECT_TRUE(Fails(one + "  neighbours:\n    - {interface: r0, address: 10.7.0.1, mac: \"02:00:00:00:00:01\"}\n",
			  "t.yaml:10:32: ", "is not on a subnet of router interface 'r0'"));
	EXPECT_TRUE(Fails(h + "  vrfs: [default]\n", "t.yaml:7:10: ",
			  "vrf 'default' exists without config"));
	EXPECT_TRUE(Fails(std::string(kHead).replace(std::string(kHead).find("router:"), 7,
						      "bridges: [{name: b, ports: [p0]}]\nrouter:") +
				  "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n",
			  "t.yaml:9:7: ", "port 'p0' of router interface 'r0' is also a member of bridge 'b'"));
}

TEST(ConfigRouter, EcmpRoutes)
{
	std::string one = std::string(kHead) +
			  "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n"
			  "  routes:\n";
	Result r = Parse(one + "    - {to: 10.1.0.0/16, via: [10.0.0.2, 10.0.0.3]}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->l3.routes[0].n_via, 2);
	EXPECT_EQ(r.cfg->l3.routes[0].via[1], ip("10.0.0.3"));
	EXPECT_TRUE(Fails(one + "    - {to: 10.1.0.0/16, via: [10.0.0.2, 10.0.0.2]}\n",
			  "t.yaml:10:41: ", "gateway 10.0.0.2 is listed twice"));
	EXPECT_TRUE(Fails(one + "    - {to: 10.1.0.0/16, via: []}\n", "t.yaml:10:30: ",
			  "expected 1 to 8 gateways for 'via', got 0"));
	EXPECT_TRUE(Fails(one + "    - {to: 10.1.0.0/16, via: [10.0.0.2, 10.9.0.3]}\n",
			  "t.yaml:10:7: ", "gateway 10.9.0.3 is not on a connected subnet"));
}

// Route leaking: a gateway in another VRF, and a lookup in another VRF's table.
TEST(ConfigRouter, LeakedRoutes)
{
	std::string two = std::string(kHead) + "  vrfs: [red, shared]\n"
			  "  interfaces:\n"
			  "    - {name: r0, port: p0, vrf: red, addresses: [10.1.0.1/24]}\n"
			  "    - {name: r1, port: p1, vrf: shared, addresses: [203.0.113.254/24]}\n"
			  "  routes:\n";
	Result r = Parse(two + "    - {vrf: red, to: 0.0.0.0/0, via: 203.0.113.1, via_vrf: shared}\n"
			       "    - {vrf: shared, to: 10.1.0.0/24, via_vrf: red}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_routes, 2u);
	EXPECT_EQ(l3.routes[0].type, VSW_ROUTE_VIA);
	EXPECT_EQ(l3.routes[0].vrf, 1);
	EXPECT_EQ(l3.routes[0].via_vrf, 2);
	EXPECT_EQ(l3.routes[1].type, VSW_ROUTE_LOOKUP);
	EXPECT_EQ(l3.routes[1].via_vrf, 1);
	EXPECT_EQ(l3.routes[1].n_via, 0);
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: 0.0.0.0/0, via: 203.0.113.1}\n", "t.yaml:12:7: ",
			  "gateway 203.0.113.1 is not on a connected subnet of vrf 'red'"));
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: 0.0.0.0/0, via: 10.1.0.9, via_vrf: shared}\n",
			  "t.yaml:12:7: ", "gateway 10.1.0.9 is not on a connected subnet of vrf 'shared'"));
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: 0.0.0.0/0, via_vrf: red}\n", "t.yaml:12:42: ",
			  "'via_vrf' names the route's own vrf 'red'"));
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: 0.0.0.0/0, via_vrf: blue}\n", "t.yaml:12:42: ",
			  "unknown vrf 'blue'"));
	EXPECT_TRUE(Fails(two + "    - {vrf: red, to: 0.0.0.0/0, via_vrf: shared, type: blackhole}\n",
			  "t.yaml:12:56: ", "a route with 'via_vrf' has no 'type'"));
}

// Config routes are not a fixed array: as many as router.max_routes, duplicates still found.
TEST(ConfigRouter, ManyRoutesUpToMaxRoutes)
{
	auto many = [](unsigned n, unsigned max, bool dup) {
		std::string t = std::string(kHead) + "  max_routes: " + std::to_string(max) + "\n"
				"  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n"
				"  routes:\n";
		char line[96];
		for (unsigned i = 0; i < n; i++) {
			unsigned j = dup && i == n - 1 ? 0 : i;
			snprintf(line, sizeof(line), "    - {to: %u.%u.%u.0/24, via: 10.0.0.2}\n",
				 20 + (j >> 16), (j >> 8) & 255, j & 255);
			t += line;
		}
		return t;
	};
	Result r = Parse(many(20000, 20000, false));
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.cfg->l3.n_routes, 20000u);
	EXPECT_EQ(r.cfg->l3.routes[19999].to.addr, ip("20.78.31.0"));
	EXPECT_TRUE(Fails(many(20000, 20000, true), "t.yaml:20010:12: ",
			  "duplicate route to 20.0.0.0/24 (first at line 11)"));
	EXPECT_TRUE(Fails(many(2000, 1024, false), "t.yaml:1035:7: ",
			  "too many routes (at most 1024: router.max_routes)"));
}

TEST(ConfigRouter, DiffSeesRouteChangesNotReorderedPorts)
{
	const std::string a = std::string(kHead) +
			      "  interfaces:\n    - {name: r0, port: p1, addresses: [10.0.0.1/24]}\n"
			      "  routes:\n    - {to: 10.1.0.0/16, via: 10.0.0.9}\n";
	std::string reordered = a;
	reordered.replace(reordered.find("  - {name: p0, kind: tap}\n"), 26, "");
	reordered.replace(reordered.find("  - {name: p2, kind: tap}\n"), 0,
			  "  - {name: p0, kind: tap}\n");
	std::string moved = a;
	moved.replace(moved.find("10.0.0.9"), 8, "10.0.0.8");
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
	EXPECT_FALSE(diff(a, reordered)) << "r0 is still on p1";
	EXPECT_TRUE(diff(a, moved));
}

TEST(ConfigRouter, RulesAndTables)
{
	std::string one = std::string(kHead) +
			  "  interfaces:\n    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n";
	Result r = Parse(one + R"(  routes:
    - {to: 0.0.0.0/0, via: 10.0.0.9, table: 100}
  rules:
    - {priority: 100, from: 172.16.100.0/24, table: 100}
    - {priority: 200, iif: r0, proto: udp, dport: 5000-5100, dscp: 46, table: 100}
    - {priority: 300, to: 192.0.2.0/24, action: prohibit}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	EXPECT_EQ(l3.routes[0].table, 100u);
	ASSERT_EQ(l3.n_rules, 3u);
	EXPECT_TRUE(l3.rules[0].has_from);
	EXPECT_EQ(l3.rules[0].from.len, 24);
	EXPECT_EQ(l3.rules[1].iif, 0);
	EXPECT_EQ(l3.rules[1].proto, 17);
	EXPECT_EQ(l3.rules[1].dport[0], 5000);
	EXPECT_EQ(l3.rules[1].dport[1], 5100);
	EXPECT_EQ(l3.rules[1].sport[1], 65535);
	EXPECT_TRUE(l3.rules[1].has_dscp);
	EXPECT_EQ(l3.rules[2].action, VSW_RULE_PROHIBIT);
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, table: 9}\n    - {priority: 1, table: 8}\n",
			  "t.yaml:11:18: ", "two IPv4 rules with priority 1 (first at line 10)"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, table: 9, action: prohibit}\n",
			  "t.yaml:10:7: ", "a rule has either 'table' or 'action'"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, dport: 53, table: 9}\n",
			  "t.yaml:10:28: ", "a rule with ports needs 'proto: tcp' or 'proto: udp'"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, proto: udp, dport: 9-2, table: 9}\n",
			  "t.yaml:10:40: ", "expected a port or a range like 1024-65535"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, table: 255}\n", "t.yaml:10:28: ",
			  "table 255 is Linux's local table"));
	EXPECT_TRUE(Fails(one + "  rules:\n    - {priority: 1, iif: r9, table: 9}\n",
			  "t.yaml:10:26: ", "unknown router interface 'r9'"));
}

// Routes through an interface (`ip route add P dev IF`, `... via G dev IF onlink`): the
// interface by name, in the VRF of the route's next hops; each error at its node.
TEST(ConfigRouter, DevRoutes)
{
	std::string two = std::string(kHead) + "  vrfs: [red]\n"
			  "  interfaces:\n"
			  "    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n"
			  "    - {name: r1, port: p1, vrf: red, addresses: [10.1.0.1/24]}\n"
			  "    - {name: r2, port: p2, addresses: [2001:db8::1/64]}\n"
			  "  routes:\n";
	Result r = Parse(two + "    - {to: 10.9.0.0/24, dev: r0}\n"
			       "    - {to: 172.16.0.0/16, via: 192.168.50.1, dev: r0}\n"
			       "    - {vrf: red, to: 10.9.0.0/24, dev: r1}\n"
			       "    - {to: 10.7.0.0/16, via: [10.0.0.2, 192.168.50.2], dev: r0}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_routes, 4u);
	EXPECT_EQ(l3.routes[0].type, VSW_ROUTE_DEV);
	EXPECT_EQ(l3.routes[0].dev, 1) << "one-based: r0";
	EXPECT_EQ(l3.routes[0].n_via, 0);
	EXPECT_EQ(l3.routes[1].type, VSW_ROUTE_VIA);
	EXPECT_EQ(l3.routes[1].dev, 1);
	EXPECT_EQ(l3.routes[1].via[0], ip("192.168.50.1")) << "off-subnet: onlink";
	EXPECT_EQ(l3.routes[2].vrf, 1);
	EXPECT_EQ(l3.routes[2].dev, 2);
	EXPECT_EQ(l3.routes[3].n_via, 2);
	r = Parse(two + "    - {to: 10.9.0.0/24, via: 10.0.0.2}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->l3.routes[0].dev, 0) << "no dev";

	EXPECT_TRUE(Fails(two + "    - {to: 10.9.0.0/24, dev: r9}\n", "t.yaml:13:30: ",
			  "unknown router interface 'r9' for 'dev'"));
	EXPECT_TRUE(Fails(two + "    - {to: 10.9.0.0/24, dev: r1}\n", "t.yaml:13:30: ",
			  "router interface 'r1' is in vrf 'red', the route's next hops in vrf "
			  "'default'"));
	EXPECT_TRUE(Fails(two + "    - {to: 10.9.0.0/24, dev: r2}\n", "t.yaml:13:30: ",
			  "router interface 'r2' has no IPv4 address"));
	EXPECT_TRUE(Fails(two + "    - {to: 10.9.0.0/24, dev: r0, type: blackhole}\n",
			  "t.yaml:13:40: ", "a route with 'dev' has no 'type'"));
	EXPECT_TRUE(Fails(two + "    - {to: 10.9.0.0/24, dev: r0, table: 100}\n", "t.yaml:13:41: ",
			  "an on-link route ('dev' without 'via') is in its vrf's main table, not "
			  "table 100"));
	EXPECT_TRUE(Fails(two + "    - {to: 10.9.0.0/24, via_vrf: red, dev: r1}\n",
			  "t.yaml:13:44: ", "a route with 'via_vrf' and 'dev' needs 'via'"));
	EXPECT_TRUE(Fails(two + "    - {to: 10.9.0.0/24, via: 192.168.50.1}\n", "t.yaml:13:7: ",
			  "gateway 192.168.50.1 is not on a connected subnet"))
		<< "without dev a gateway is on a connected subnet";
	// A gateway pinned with dev may be off-subnet, and in a numbered table.
	r = Parse(two + "    - {to: 10.9.0.0/24, via: 192.168.50.1, dev: r0, table: 100}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
}

TEST(ConfigRouter, DiffSeesADevChange)
{
	std::string two = std::string(kHead) +
			  "  interfaces:\n"
			  "    - {name: r0, port: p0, addresses: [10.0.0.1/24]}\n"
			  "    - {name: r1, port: p1, addresses: [10.1.0.1/24]}\n"
			  "  routes:\n";
	auto changed = [](const std::string &o, const std::string &n) {
		Result ro = Parse(o), rn = Parse(n);
		EXPECT_EQ(ro.rc, 0) << ro.err;
		EXPECT_EQ(rn.rc, 0) << rn.err;
		auto d = std::make_unique<struct vsw_config_diff>();
		char err[VSW_ERR_MAX] = "";
		EXPECT_EQ(vsw_config_diff(ro.cfg.get(), rn.cfg.get(), d.get(), err), 0) << err;
		return d->router_changed;
	};
	const std::string a = two + "    - {to: 10.9.0.0/24, dev: r0}\n";
	EXPECT_FALSE(changed(a, a));
	EXPECT_TRUE(changed(a, two + "    - {to: 10.9.0.0/24, dev: r1}\n"));
	EXPECT_TRUE(changed(two + "    - {to: 10.9.0.0/24, via: 192.168.0.1, dev: r0}\n",
			    two + "    - {to: 10.9.0.0/24, via: 192.168.0.1, dev: r1}\n"));
}
