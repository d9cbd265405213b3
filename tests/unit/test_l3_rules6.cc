// SPDX-License-Identifier: BSD-3-Clause
// IPv6 policy rules (`ip -6 rule`) as an operator sees them: where each kind of packet goes
// (the bytes the ports send, the drops by name), the packets each rule matched
// (vsw_l3_rule_walk()) and the lookup that applies them (vsw_l3_route_lookup6()). The
// fixture: l3_ip6_fixture.h.
#include "l3_ip6_fixture.h"

using namespace l3test;
using namespace l3test6;

namespace
{

vsw_rule_conf &
add_rule6(vsw_config &cfg, uint32_t priority, uint8_t action, uint32_t table = 0)
{
	vsw_rule_conf &u = cfg.l3.rules[cfg.l3.n_rules++];
	memset(&u, 0, sizeof(u));
	u.priority = priority;
	u.family = 6;
	u.iif = VSW_RIF_NONE;
	u.sport[1] = u.dport[1] = 65535;
	u.action = action;
	u.table = table;
	return u;
}

void
prefix6(vsw_ip6_prefix &p, const char *addr, uint8_t len)
{
	memcpy(p.addr, ip6(addr).b, 16);
	p.len = len;
}

struct Rule {
	uint8_t family;
	std::string match, action;
	uint64_t hits;
};

std::map<uint32_t, Rule>
rules()
{
	std::map<uint32_t, Rule> m;
	vsw_l3_lock();
	vsw_l3_rule_walk(
		[](const vsw_l3_rule_info *r, void *arg) {
			(*(std::map<uint32_t, Rule> *)arg)[r->priority] =
				Rule{r->family, r->match, r->action, r->hits};
		},
		&m);
	vsw_l3_unlock();
	return m;
}

// An IPv6 frame from host a's MAC to r0 with traffic class @p tc: ICMPv6 echo, or UDP to
// @p dport when it is not 0.
Bytes
pkt6(const char *from, const char *to, uint8_t tc = 0, uint16_t dport = 0)
{
	Bytes f = echo6(R0, HA, from, to);
	if (dport != 0) {
		f[20] = 17;
		put16(f, 54, 4000);
		put16(f, 56, dport);
		put16(f, 58, (uint16_t)(f.size() - 54));
		put16(f, 60, 0);
	}
	f[14] = (uint8_t)(0x60 | tc >> 4);
	f[15] = (uint8_t)((tc & 0xf) << 4 | (f[15] & 0xf));
	return f;
}

} // namespace

class L3Rules6 : public L3v6
{
      protected:
	void
	SetUp() override
	{
		L3v6::SetUp();
		// Table 100: 2001:db8:9::/48 blackhole. 5: DSCP 46 prohibited; 10: from
		// 2001:db8:1:0:8000::/65, table 100; 20: UDP to port 53, table main; 30: to
		// 2001:db8:99::/48, blackhole. An IPv4 rule matching everything beside them: IPv6
		// packets never meet it.
		vsw_route6_conf &r = cfg->l3.routes6[cfg->l3.n_routes6++];
		memset(&r, 0, sizeof(r));
		prefix6(r.to, "2001:db8:9::", 48);
		r.type = VSW_ROUTE_BLACKHOLE;
		r.table = 100;
		vsw_rule_conf &d = add_rule6(*cfg, 5, VSW_RULE_PROHIBIT);
		d.has_dscp = true;
		d.dscp = 46;
		vsw_rule_conf &f = add_rule6(*cfg, 10, VSW_RULE_TABLE, 100);
		f.has_from = true;
		prefix6(f.from6, "2001:db8:1:0:8000::", 65);
		vsw_rule_conf &u = add_rule6(*cfg, 20, VSW_RULE_TABLE, VSW_TABLE_MAIN);
		u.proto = 17;
		u.dport[0] = u.dport[1] = 53;
		vsw_rule_conf &b = add_rule6(*cfg, 30, VSW_RULE_BLACKHOLE);
		b.has_to = true;
		prefix6(b.to6, "2001:db8:99::", 48);
		vsw_rule_conf &all4 = add_rule6(*cfg, 1, VSW_RULE_BLACKHOLE);
		all4.family = 4;
		uint16_t ids[VSW_MAX_PORTS];
		ring_ids(*cfg, ids);
		char err[256] = "";
		ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
		learn_a();
	}
};

TEST_F(L3Rules6, EachActionAndEachRuleCountsThePacketsItMatched)
{
	auto r = rules();
	ASSERT_EQ(r.size(), 5u);
	EXPECT_EQ(r[1].family, 4);
	EXPECT_EQ(r[5].family, 6);
	EXPECT_EQ(r[5].match, "dscp 46");
	EXPECT_EQ(r[5].action, "prohibit");
	EXPECT_EQ(r[10].match, "from 2001:db8:1:0:8000::/65");
	EXPECT_EQ(r[10].action, "table 100");
	EXPECT_EQ(r[20].match, "proto 17 dport 53");
	EXPECT_EQ(r[20].action, "table main");
	EXPECT_EQ(r[30].match, "to 2001:db8:99::/48");
	EXPECT_EQ(r[30].action, "blackhole");

	// 4 from the /65 (rule 10: table 100's blackhole route), 3 from the /65 to a host table
	// 100 has no route for (rule 10, then main's), 5 UDP/53 from a::2 (rule 20: main), 2 to
	// 2001:db8:99::/48 (rule 30), 1 with DSCP 46 (rule 5), 2 that no rule matches.
	for (int i = 0; i < 4; i++)
		RingPorts::get().inject(0, pkt6("2001:db8:1:0:8000::2", "2001:db8:9::5"));
	for (int i = 0; i < 3; i++)
		RingPorts::get().inject(0, pkt6("2001:db8:1:0:8000::2", "2001:db8:2::2"));
	for (int i = 0; i < 5; i++)
		RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:9::5", 0, 53));
	for (int i = 0; i < 2; i++)
		RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:99::1"));
	RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:9::5", 46 << 2));
	for (int i = 0; i < 2; i++)
		RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:9::5"));
	walk();
	EXPECT_EQ(drops("ip6_blackhole"), 4u) << "table 100's blackhole route";
	EXPECT_EQ(drops("ip6_rule_blackhole"), 2u);
	auto o1 = out(1);
	EXPECT_EQ(o1.size(), 3u + 5u + 2u) << "table 100 without a route, UDP/53, no rule: main";
	for (auto &f : o1)
		EXPECT_EQ(0, memcmp(&f[0], NB, 6));
	auto o0 = out(0);
	ASSERT_EQ(o0.size(), 1u) << "DSCP 46: prohibited";
	EXPECT_EQ(o0[0][20], 58);
	EXPECT_EQ(o0[0][54], 1) << "destination unreachable";
	EXPECT_EQ(o0[0][55], 1) << "administratively prohibited";
	EXPECT_TRUE(addr_at(o0[0], 38) == ip6("2001:db8:1::2"));
	r = rules();
	EXPECT_EQ(r[1].hits, 0u) << "an IPv4 rule sees no IPv6 packet";
	EXPECT_EQ(r[5].hits, 1u);
	EXPECT_EQ(r[10].hits, 7u);
	EXPECT_EQ(r[20].hits, 5u);
	EXPECT_EQ(r[30].hits, 2u);

	// The router's own address stays local under a reject rule (Linux's local table comes
	// first): an echo with DSCP 46 to it is answered.
	RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:1::1", 46 << 2));
	walk();
	o0 = out(0);
	ASSERT_EQ(o0.size(), 1u);
	EXPECT_EQ(o0[0][54], 129) << "an echo reply";

	// A reload keeps the counts of the rules it keeps; a changed one starts again.
	cfg->l3.rules[3].to6.len = 56;
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	r = rules();
	EXPECT_EQ(r[10].hits, 7u);
	EXPECT_EQ(r[30].match, "to 2001:db8:99::/56");
	EXPECT_EQ(r[30].hits, 0u);
}

// Rules by interface, protocol with a port range and source port: the key holds the ports
// only of TCP and UDP right after the fixed header.
TEST_F(L3v6, Ipv6RulesByInterfaceAndPorts)
{
	vsw_rule_conf &a = add_rule6(*cfg, 5, VSW_RULE_PROHIBIT);
	a.iif = 1; // r1: nothing here comes in on it
	vsw_rule_conf &b = add_rule6(*cfg, 10, VSW_RULE_BLACKHOLE);
	b.iif = 0;
	b.proto = 17;
	b.dport[0] = 5000;
	b.dport[1] = 5100;
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	learn_a();
	RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:9::5", 0, 5000));
	RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:9::5", 0, 5100));
	RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:9::5", 0, 5101));
	Bytes tcp = pkt6("2001:db8:1::2", "2001:db8:9::5", 0, 5050);
	tcp[20] = 6; // TCP to 5050: the rule is UDP's
	RingPorts::get().inject(0, tcp);
	RingPorts::get().inject(0, pkt6("2001:db8:1::2", "2001:db8:9::5"));
	walk();
	EXPECT_EQ(drops("ip6_rule_blackhole"), 2u) << "UDP to 5000 and 5100";
	EXPECT_EQ(out(1).size(), 3u) << "5101, TCP, ICMPv6";
	EXPECT_TRUE(out(0).empty()) << "rule 5 names r1";
	auto r = rules();
	EXPECT_EQ(r[5].hits, 0u);
	EXPECT_EQ(r[10].hits, 2u);
	EXPECT_EQ(r[10].match, "iif r0 proto 17 dport 5000-5100");
}

// The lookup an operator asks for (vswctl route lookup ADDRESS from ...) meets the rules a
// packet would.
TEST_F(L3Rules6, RouteLookupAppliesTheRules)
{
	vsw_l3_route_info ri;
	vsw_l3_rule_match rule;
	uint8_t mac[6];
	bool resolved;
	vsw_l3_flow flow;

	ASSERT_EQ(vsw_l3_route_lookup6("", nullptr, ip6("2001:db8:9::5").b, &ri, mac, &resolved,
				       &rule),
		  0);
	EXPECT_FALSE(rule.matched);
	EXPECT_EQ(rule.table, 254u);
	EXPECT_STREQ(ri.type, "static");
	EXPECT_STREQ(ri.rif, "r1");
	EXPECT_STREQ(ri.vrf, "default");

	memset(&flow, 0, sizeof(flow));
	memcpy(flow.src6, ip6("2001:db8:1:0:8000::2").b, 16);
	ASSERT_EQ(vsw_l3_route_lookup6("", &flow, ip6("2001:db8:9::5").b, &ri, mac, &resolved,
				       &rule),
		  0);
	EXPECT_TRUE(rule.matched);
	EXPECT_EQ(rule.priority, 10u);
	EXPECT_STREQ(rule.action, "table 100");
	EXPECT_EQ(rule.table, 100u);
	EXPECT_STREQ(ri.type, "blackhole");
	EXPECT_EQ(ri.len, 48);
	EXPECT_STREQ(ri.vrf, "default");
	// Table 100 has no route to 2001:db8:2::2: main's, as the data path falls back.
	ASSERT_EQ(vsw_l3_route_lookup6("", &flow, ip6("2001:db8:2::2").b, &ri, mac, &resolved,
				       &rule),
		  0);
	EXPECT_EQ(rule.table, 254u);
	EXPECT_STREQ(ri.type, "neighbour");
	EXPECT_TRUE(resolved);

	flow.dscp = 46;
	ASSERT_EQ(vsw_l3_route_lookup6("", &flow, ip6("2001:db8:9::5").b, &ri, mac, &resolved,
				       &rule),
		  0);
	EXPECT_EQ(rule.priority, 5u);
	EXPECT_STREQ(ri.type, "prohibit");
	EXPECT_STREQ(ri.rif, "");
	memset(&flow, 0, sizeof(flow));
	flow.proto = 17;
	flow.dport = 53;
	ASSERT_EQ(vsw_l3_route_lookup6("", &flow, ip6("2001:db8:9::5").b, &ri, mac, &resolved,
				       &rule),
		  0);
	EXPECT_EQ(rule.priority, 20u);
	EXPECT_STREQ(ri.type, "static");
	memset(&flow, 0, sizeof(flow));
	ASSERT_EQ(vsw_l3_route_lookup6("", &flow, ip6("2001:db8:99::1").b, &ri, mac, &resolved,
				       &rule),
		  0);
	EXPECT_EQ(rule.priority, 30u);
	EXPECT_STREQ(ri.type, "blackhole");
	snprintf(flow.iif, sizeof(flow.iif), "nope");
	EXPECT_EQ(vsw_l3_route_lookup6("", &flow, ip6("2001:db8:99::1").b, &ri, mac, &resolved,
				       &rule),
		  -EINVAL);
	EXPECT_EQ(rules()[30].hits, 0u) << "a lookup counts nothing";
}

// `vswctl route add ... table 100` for IPv6: an API route into the table rule 10 chooses.
TEST_F(L3Rules6, ApiRouteIntoTheRulesTable)
{
	vsw_l3_route6_spec s;
	char err[256] = "";
	unsigned int held;

	memset(&s, 0, sizeof(s));
	memcpy(s.prefix, ip6("2001:db8:9:1::").b, 16);
	s.len = 64;
	s.type = VSW_ROUTE_VIA;
	s.n_via = 1;
	memcpy(s.via[0], ip6("2001:db8:2::2").b, 16);
	ASSERT_EQ(vsw_l3_routes6_change(true, "", 100, &s, 1, &held, err, sizeof(err)), 0) << err;
	EXPECT_EQ(vsw_l3_routes6_change(true, "", 7, &s, 1, &held, err, sizeof(err)), -ENOENT);
	RingPorts::get().inject(0, pkt6("2001:db8:1:0:8000::2", "2001:db8:9:1::5"));
	RingPorts::get().inject(0, pkt6("2001:db8:1:0:8000::2", "2001:db8:9:2::5"));
	walk();
	EXPECT_EQ(out(1).size(), 1u) << "table 100's API route, via 2001:db8:2::2";
	EXPECT_EQ(drops("ip6_blackhole"), 1u) << "table 100's /48 for the rest";
	ASSERT_EQ(vsw_l3_routes6_change(false, "", 100, &s, 1, &held, err, sizeof(err)), 0) << err;
	RingPorts::get().inject(0, pkt6("2001:db8:1:0:8000::2", "2001:db8:9:1::5"));
	walk();
	EXPECT_TRUE(out(1).empty());
	EXPECT_EQ(drops("ip6_blackhole"), 2u) << "deleted: the /48 again";
}
