// SPDX-License-Identifier: BSD-3-Clause
// The router's policy rules as an operator sees them: the packets each rule matched
// (vsw_l3_rule_walk(), what /vsw/l3/rules and `vswctl rules` show) and the route lookup that
// applies them (vsw_l3_route_lookup()). The fixture: l3_fixture.h.
#include "l3_fixture.h"

using namespace l3test;

namespace
{

vsw_rule_conf &
add_rule(vsw_config &cfg, uint32_t priority, uint8_t action, uint32_t table = 0)
{
	vsw_rule_conf &u = cfg.l3.rules[cfg.l3.n_rules++];
	memset(&u, 0, sizeof(u));
	u.priority = priority;
	u.iif = VSW_RIF_NONE;
	u.sport[1] = u.dport[1] = 65535;
	u.action = action;
	u.table = table;
	return u;
}

struct Rule {
	std::string vrf, match, action;
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
				Rule{r->vrf, r->match, r->action, r->hits};
		},
		&m);
	vsw_l3_unlock();
	return m;
}

Bytes
udp(uint32_t from, uint32_t to, uint16_t dport)
{
	Bytes f = echo(R0, HA, from, to);
	f[23] = 17;
	put16(f, 24, 0);
	put16(f, 24, (uint16_t)~sum(f, 14, 20));
	put16(f, 34, 4000);
	put16(f, 36, dport);
	put16(f, 40, 0); // no UDP checksum
	return f;
}

} // namespace

class L3Rules : public L3
{
      protected:
	void
	SetUp() override
	{
		L3::SetUp();
		// Table 7: 192.0.2.0/24 blackhole. 5: DSCP 46 prohibited; 10: from 10.0.1.0/25,
		// table 7; 20: UDP to port 53, table main; 30: to 203.0.113.0/24, blackhole.
		add_route("192.0.2.0", 24, VSW_ROUTE_BLACKHOLE);
		cfg->l3.routes[cfg->l3.n_routes - 1].table = 7;
		vsw_rule_conf &d = add_rule(*cfg, 5, VSW_RULE_PROHIBIT);
		d.has_dscp = true;
		d.dscp = 46;
		vsw_rule_conf &f = add_rule(*cfg, 10, VSW_RULE_TABLE, 7);
		f.has_from = true;
		f.from.addr = ip4("10.0.1.0");
		f.from.len = 25;
		vsw_rule_conf &u = add_rule(*cfg, 20, VSW_RULE_TABLE, VSW_TABLE_MAIN);
		u.proto = 17;
		u.dport[0] = u.dport[1] = 53;
		vsw_rule_conf &b = add_rule(*cfg, 30, VSW_RULE_BLACKHOLE);
		b.has_to = true;
		b.to.addr = ip4("203.0.113.0");
		b.to.len = 24;
		reapply();
		learn_a();
	}
};

TEST_F(L3Rules, EachRuleCountsThePacketsItMatched)
{
	auto r = rules();
	ASSERT_EQ(r.size(), 4u);
	EXPECT_EQ(r[5].match, "dscp 46");
	EXPECT_EQ(r[5].action, "prohibit");
	EXPECT_EQ(r[10].match, "from 10.0.1.0/25");
	EXPECT_EQ(r[10].action, "table 7");
	EXPECT_EQ(r[20].match, "proto 17 dport 53");
	EXPECT_EQ(r[20].action, "table main");
	EXPECT_EQ(r[30].match, "to 203.0.113.0/24");
	EXPECT_EQ(r[30].vrf, "default");
	for (auto &kv : r)
		EXPECT_EQ(kv.second.hits, 0u);

	// 7 from 10.0.1.2 (rule 10), 5 UDP/53 from 10.0.1.200 (rule 20), 3 from 10.0.1.200 to
	// 203.0.113.9 (rule 30), 2 from 10.0.1.200 that no rule matches, in one burst.
	for (int i = 0; i < 7; i++)
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.5")));
	for (int i = 0; i < 5; i++)
		RingPorts::get().inject(0, udp(ip4("10.0.1.200"), ip4("192.0.2.5"), 53));
	for (int i = 0; i < 3; i++)
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.200"), ip4("203.0.113.9")));
	for (int i = 0; i < 2; i++)
		RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.200"), ip4("192.0.2.5")));
	walk();
	EXPECT_EQ(drops("ip4_blackhole"), 7u) << "table 7's blackhole";
	EXPECT_EQ(drops("ip4_rule_blackhole"), 3u);
	EXPECT_EQ(out(1).size(), 7u) << "UDP/53 and the unmatched: main, via 10.0.2.2";
	r = rules();
	EXPECT_EQ(r[5].hits, 0u);
	EXPECT_EQ(r[10].hits, 7u);
	EXPECT_EQ(r[20].hits, 5u);
	EXPECT_EQ(r[30].hits, 3u);

	// A reload keeps the counts of the rules it keeps; a changed rule starts again.
	cfg->l3.rules[3].to.len = 25;
	reapply();
	r = rules();
	EXPECT_EQ(r[10].hits, 7u);
	EXPECT_EQ(r[20].hits, 5u);
	EXPECT_EQ(r[30].match, "to 203.0.113.0/25");
	EXPECT_EQ(r[30].hits, 0u);
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.5")));
	walk();
	EXPECT_EQ(rules()[10].hits, 8u);
}

// The lookup an operator asks for meets the rules a packet would.
TEST_F(L3Rules, RouteLookupAppliesTheRules)
{
	vsw_l3_route_info ri;
	vsw_l3_rule_match rule;
	uint8_t mac[6];
	bool resolved;
	vsw_l3_flow flow;

	// No flow: no rule matches (10: from; 20: UDP); the main table's route via 10.0.2.2.
	ASSERT_EQ(vsw_l3_route_lookup("", nullptr, ip4("192.0.2.5"), &ri, mac, &resolved, &rule), 0);
	EXPECT_FALSE(rule.matched);
	EXPECT_EQ(rule.table, 254u);
	EXPECT_STREQ(ri.type, "static");
	EXPECT_EQ(ri.via, ip4("10.0.2.2"));
	EXPECT_STREQ(ri.rif, "r1");
	EXPECT_TRUE(resolved);

	// From 10.0.1.2: rule 10, table 7's blackhole route.
	memset(&flow, 0, sizeof(flow));
	flow.src = ip4("10.0.1.2");
	ASSERT_EQ(vsw_l3_route_lookup("", &flow, ip4("192.0.2.5"), &ri, mac, &resolved, &rule), 0);
	EXPECT_TRUE(rule.matched);
	EXPECT_EQ(rule.priority, 10u);
	EXPECT_STREQ(rule.action, "table 7");
	EXPECT_EQ(rule.table, 7u);
	EXPECT_STREQ(ri.type, "blackhole");
	EXPECT_EQ(ri.prefix, ip4("192.0.2.0"));
	EXPECT_EQ(ri.len, 24);

	// Table 7 has no route to 10.0.2.2: the main table's, as the data path falls back.
	ASSERT_EQ(vsw_l3_route_lookup("", &flow, ip4("10.0.2.2"), &ri, mac, &resolved, &rule), 0);
	EXPECT_EQ(rule.priority, 10u);
	EXPECT_EQ(rule.table, 254u);
	EXPECT_STREQ(ri.type, "neighbour");

	// DSCP 46 comes first (5): prohibited. UDP to 53 from elsewhere: 20, main.
	flow.dscp = 46;
	ASSERT_EQ(vsw_l3_route_lookup("", &flow, ip4("192.0.2.5"), &ri, mac, &resolved, &rule), 0);
	EXPECT_EQ(rule.priority, 5u);
	EXPECT_STREQ(rule.action, "prohibit");
	EXPECT_STREQ(ri.type, "prohibit");
	EXPECT_STREQ(ri.rif, "");
	memset(&flow, 0, sizeof(flow));
	flow.src = ip4("10.0.1.200");
	flow.proto = 17;
	flow.dport = 53;
	ASSERT_EQ(vsw_l3_route_lookup("", &flow, ip4("192.0.2.5"), &ri, mac, &resolved, &rule), 0);
	EXPECT_EQ(rule.priority, 20u);
	EXPECT_STREQ(rule.match, "proto 17 dport 53");
	EXPECT_STREQ(ri.type, "static");
	flow.proto = 1; // ports are TCP's and UDP's only, as in the data path
	ASSERT_EQ(vsw_l3_route_lookup("", &flow, ip4("192.0.2.5"), &ri, mac, &resolved, &rule), 0);
	EXPECT_FALSE(rule.matched);

	// A blackhole rule; an interface of the VRF; an unknown one.
	memset(&flow, 0, sizeof(flow));
	snprintf(flow.iif, sizeof(flow.iif), "r0");
	ASSERT_EQ(vsw_l3_route_lookup("", &flow, ip4("203.0.113.1"), &ri, mac, &resolved, &rule),
		  0);
	EXPECT_EQ(rule.priority, 30u);
	EXPECT_STREQ(ri.type, "blackhole");
	snprintf(flow.iif, sizeof(flow.iif), "nope");
	EXPECT_EQ(vsw_l3_route_lookup("", &flow, ip4("203.0.113.1"), &ri, mac, &resolved, &rule),
		  -EINVAL);
	// The lookup counts nothing: hits are packets.
	EXPECT_EQ(rules()[30].hits, 0u);
}

// A VRF whose rules name neither ports nor DSCP nor interface classifies on fewer fields
// (l3_rules.c, field_prune()): the same decisions.
TEST_F(L3, RulesOnAddressesAndProtocolOnly)
{
	vsw_rule_conf &a = add_rule(*cfg, 10, VSW_RULE_BLACKHOLE);
	a.has_to = true;
	a.to.addr = ip4("192.0.2.0");
	a.to.len = 25;
	vsw_rule_conf &b = add_rule(*cfg, 20, VSW_RULE_PROHIBIT);
	b.proto = 17;
	reapply();
	learn_a();
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.5")));
	RingPorts::get().inject(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.200")));
	RingPorts::get().inject(0, udp(ip4("10.0.1.2"), ip4("192.0.2.200"), 53));
	walk();
	EXPECT_EQ(drops("ip4_rule_blackhole"), 1u);
	EXPECT_EQ(out(1).size(), 1u) << "192.0.2.200, ICMP: no rule";
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u) << "UDP: prohibited";
	EXPECT_EQ(o[0][35], 13);
	auto r = rules();
	EXPECT_EQ(r[10].hits, 1u);
	EXPECT_EQ(r[20].hits, 1u);
}

// The key holds only the bytes the rules look at, read in place from a plain packet and
// through a copy from the others: a packet with options still shows its ports, a later
// fragment shows none (port 0), a prefix that ends inside a byte (/20) and the ingress
// interface still decide.
TEST_F(L3, RulesSeePortsPastOptionsNotInLaterFragments)
{
	vsw_rule_conf &a = add_rule(*cfg, 5, VSW_RULE_PROHIBIT);
	a.iif = 1; // r1: nothing here comes in on it
	vsw_rule_conf &b = add_rule(*cfg, 10, VSW_RULE_BLACKHOLE);
	b.iif = 0; // r0
	b.has_from = true;
	b.from.addr = ip4("10.0.0.0");
	b.from.len = 20;
	b.proto = 17;
	b.sport[0] = b.sport[1] = 4000;
	reapply();
	learn_a();
	auto fix = [](Bytes f) {
		put16(f, 24, 0);
		put16(f, 24, (uint16_t)~sum(f, 14, (f[14] & 0xf) * 4));
		return f;
	};
	Bytes plain = udp(ip4("10.0.1.2"), ip4("192.0.2.200"), 53);
	Bytes opts = plain; // 4 bytes of NOP options
	opts.insert(opts.begin() + 34, 4, 1);
	opts[14] = 0x46;
	put16(opts, 16, (uint16_t)(get16(opts, 16) + 4));
	Bytes later = plain; // offset 8: no ports
	put16(later, 20, 1);
	Bytes outside = udp(ip4("10.0.16.2"), ip4("192.0.2.200"), 53); // not in 10.0.0.0/20
	RingPorts::get().inject(0, plain);
	RingPorts::get().inject(0, fix(opts));
	RingPorts::get().inject(0, fix(later));
	RingPorts::get().inject(0, fix(outside));
	walk();
	EXPECT_EQ(drops("ip4_rule_blackhole"), 2u) << "the plain packet and the one with options";
	EXPECT_EQ(out(1).size(), 2u) << "the later fragment and the source outside the /20";
	EXPECT_TRUE(out(0).empty()) << "rule 5 names r1";
	auto r = rules();
	EXPECT_EQ(r[5].hits, 0u);
	EXPECT_EQ(r[10].hits, 2u);
	EXPECT_EQ(r[10].match, "from 10.0.0.0/20 iif r0 proto 17 sport 4000");
}
