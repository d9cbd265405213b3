/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the 'nat' section (pipeline/nat/nat_conf.c, nat_conf_dnat.c): interfaces,
 * forwards and floating IPs as parsed and resolved, and each error with its
 * "file:line:column: " position. Helpers: config_test_util.h.
 */
#include <arpa/inet.h>

#include "config_test_util.h"

using namespace cfgtest;

namespace
{

// Lines 1..9; nat: starts at line 9, its keys on line 10.
const char kHead[] = R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap}
  - {name: p1, kind: tap}
router:
  interfaces:
    - {name: gw, port: p0, addresses: [172.16.100.1/24]}
    - {name: up, port: p1, addresses: [10.10.10.2/24]}
nat:
  inside: [gw]
  outside: [{interface: up}]
)";

uint32_t
ip(const char *s)
{
	in_addr a;
	inet_pton(AF_INET, s, &a);
	return ntohl(a.s_addr);
}

} // namespace

TEST(ConfigNat, ForwardsAndFloatingIps)
{
	Result r = Parse(std::string(kHead) + R"(  forwards:
    - {proto: tcp, port: 8080, to: 172.16.100.5, to_port: 80}
    - {address: 10.10.10.60, proto: udp, port: 5000, to: 172.16.100.6}
    - {address: 10.10.10.61, to: 172.16.100.7}
  floating_ips:
    - {address: 10.10.10.50, to: 172.16.100.5, interface: up}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_nat_conf &n = r.cfg->nat;
	ASSERT_EQ(n.n_rules, 4u);
	const vsw_nat_rule_conf &f = n.rules[0];
	EXPECT_EQ(f.kind, VSW_NAT_FORWARD);
	EXPECT_STREQ(f.rif, "up") << "the only outside interface";
	EXPECT_EQ(f.rif_idx, 1u);
	EXPECT_EQ(f.addr, ip("10.10.10.2")) << "the interface's address";
	EXPECT_EQ(f.proto, 6u);
	EXPECT_EQ(f.port, 8080u);
	EXPECT_EQ(f.to, ip("172.16.100.5"));
	EXPECT_EQ(f.to_port, 80u);
	EXPECT_EQ(n.rules[1].proto, 17u);
	EXPECT_EQ(n.rules[1].to_port, 5000u) << "to_port defaults to port";
	EXPECT_EQ(n.rules[2].proto, 0u) << "address only";
	EXPECT_EQ(n.rules[2].port, 0u);
	EXPECT_EQ(n.rules[3].kind, VSW_NAT_FLOATING);
	EXPECT_EQ(n.rules[3].addr, ip("10.10.10.50"));
	EXPECT_EQ(n.rules[3].mark.line, 17u);
}

TEST(ConfigNat, Errors)
{
	std::string h(kHead);
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {proto: tcp, port: 80}\n", "t.yaml:13:7: ",
			  "missing required key 'to' in a NAT forward"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {proto: tcp, to: 172.16.100.5}\n",
			  "t.yaml:13:15: ", "'proto' needs a 'port'"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {port: 80, to: 172.16.100.5}\n",
			  "t.yaml:13:14: ", "'port' needs a 'proto'"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {to_port: 80, to: 172.16.100.5}\n",
			  "t.yaml:13:17: ", "'to_port' needs a 'port'"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {proto: icmp, port: 1, to: 172.16.100.5}\n",
			  "t.yaml:13:15: ", "expected one of tcp, udp for 'proto'"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {proto: tcp, port: 0, to: 172.16.100.5}\n",
			  "t.yaml:13:26: ", "'port'"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {address: 224.0.0.1, to: 172.16.100.5}\n",
			  "t.yaml:13:17: ", "'address' is not a unicast address"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {to: 172.16.100}\n", "t.yaml:13:12: ",
			  "expected an IPv4 address like 192.0.2.1 for 'to'"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {to: 172.16.100.5, color: red}\n",
			  "t.yaml:13:26: ", "unknown key 'color' in a NAT forward"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {interface: gw, to: 172.16.100.5}\n",
			  "t.yaml:13:7: ", "'gw' is not a NAT outside interface"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {proto: tcp, port: 80, to: 172.16.100.5}\n"
			      "    - {proto: tcp, port: 80, to: 172.16.100.6}\n",
			  "t.yaml:14:7: ", "this port of 10.10.10.2 is forwarded twice (line 13)"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {to: 172.16.100.5}\n    - {to: 172.16.100.6}\n",
			  "t.yaml:14:7: ", "address 10.10.10.2 is forwarded twice (line 13)"));
	EXPECT_TRUE(Fails(h + "  floating_ips:\n    - {to: 172.16.100.5}\n", "t.yaml:13:7: ",
			  "missing required key 'address' in a floating IP"));
	EXPECT_TRUE(Fails(h + "  floating_ips:\n    - {address: 10.10.10.50, to: 172.16.100.5, "
			      "port: 80}\n",
			  "t.yaml:13:48: ", "unknown key 'port' in a floating IP"));
	EXPECT_TRUE(Fails(h + "  floating_ips:\n    - {address: 10.10.10.2, to: 172.16.100.5}\n",
			  "t.yaml:13:7: ", "floating IP 10.10.10.2 is an address of its interface"));
	EXPECT_TRUE(Fails(h + "  floating_ips:\n    - {address: 10.10.10.50, to: 172.16.100.5}\n"
			      "    - {address: 10.10.10.51, to: 172.16.100.5}\n",
			  "t.yaml:14:7: ", "inside address 172.16.100.5 already has a floating IP"));
	EXPECT_TRUE(Fails(h + "  forwards:\n    - {address: 10.10.10.50, proto: tcp, port: 80, "
			      "to: 172.16.100.6}\n  floating_ips:\n"
			      "    - {address: 10.10.10.50, to: 172.16.100.5}\n",
			  "t.yaml:15:7: ", "10.10.10.50 is already translated whole"));
	// Without an outside interface, or with two, a rule must name its own.
	std::string two = h + "  forwards:\n    - {address: 10.10.10.9, to: 172.16.100.5}\n";
	two.replace(two.find("outside: [{interface: up}]"), 26, "outside: []");
	EXPECT_TRUE(Fails(two, "t.yaml:13:7: ", "a NAT forward needs its outside 'interface' "
						"(there are 0 outside interfaces)"));
}

TEST(ConfigNat, PortForwardsBesideAnAddressForwardAreAllowed)
{
	Result r = Parse(std::string(kHead) + R"(  forwards:
    - {address: 10.10.10.61, to: 172.16.100.7}
    - {address: 10.10.10.61, proto: tcp, port: 22, to: 172.16.100.8}
    - {address: 10.10.10.61, proto: udp, port: 22, to: 172.16.100.8}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->nat.n_rules, 3u);
}

TEST(ConfigNat, OutsidePortRange)
{
	std::string h(kHead);
	std::string with = h;
	with.replace(with.find("outside: [{interface: up}]"), 26,
		     "outside: [{interface: up, pool: [10.10.10.3], ports: 5000-5003}]");
	Result r = Parse(with);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->nat.ifs[1].ports[0], 5000u);
	EXPECT_EQ(r.cfg->nat.ifs[1].ports[1], 5003u);
	EXPECT_EQ(Parse(h).cfg->nat.ifs[1].ports[1], 0u) << "no range: 1024-65535";

	std::string bad = h;
	bad.replace(bad.find("outside: [{interface: up}]"), 26,
		    "outside: [{interface: up, ports: 100-2000}]");
	EXPECT_TRUE(Fails(bad, "t.yaml:11:36: ", "'ports' must be within 1024-65535"));
	bad = h;
	bad.replace(bad.find("outside: [{interface: up}]"), 26,
		    "outside: [{interface: up, ports: 6000-5000}]");
	EXPECT_TRUE(Fails(bad, "t.yaml:11:36: ",
			  "expected a port or a range like 1024-65535 for 'ports'"));
	// Two workers share a range out: each needs one port at least.
	bad = h;
	bad.replace(bad.find("[1]"), 3, "[1, 2]");
	bad.replace(bad.find("outside: [{interface: up}]"), 26,
		    "outside: [{interface: up, ports: 5000}]");
	EXPECT_TRUE(Fails(bad, "t.yaml:11:13: ",
			  "outside interface 'up': 'ports' has fewer ports than there are "
			  "workers (2)"));
}
