// SPDX-License-Identifier: BSD-3-Clause
// The NAT's source translation, connection tracking and limits (nat_fixture.h).
#include <set>

#include "nat_fixture.h"

using namespace nattest;

namespace
{

TEST_F(Nat, EchoLeavesAsTheOutsideAddressAndTheReplyComesBack)
{
	auto o = through(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9")), 1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(get32(o[0], 26), ip4("10.0.2.1")) << "source translated";
	EXPECT_EQ(get32(o[0], 30), ip4("192.0.2.9"));
	EXPECT_EQ(sum(o[0], 14, 20), 0xffff) << "IPv4 checksum";
	EXPECT_EQ(sum(o[0], 34, o[0].size() - 34), 0xffff) << "ICMP checksum";
	uint16_t id = get16(o[0], 38);
	EXPECT_GE(id, 1024u);
	EXPECT_EQ(stats().sessions, 1u);
	EXPECT_EQ(state_of_first(), "icmp");

	// The reply, as 192.0.2.9 sends it to 10.0.2.1 with the translated id.
	Bytes r = echo(R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"));
	r[34] = 0; // echo reply
	put16(r, 38, id);
	put16(r, 36, 0);
	put16(r, 36, (uint16_t)~sum(r, 34, r.size() - 34));
	auto back = through(1, r, 0);
	ASSERT_EQ(back.size(), 1u);
	EXPECT_EQ(get32(back[0], 30), ip4("10.0.1.2")) << "destination translated back";
	EXPECT_EQ(get16(back[0], 38), 7u) << "the host's own echo id";
	EXPECT_EQ(sum(back[0], 14, 20), 0xffff);
	EXPECT_EQ(sum(back[0], 34, back[0].size() - 34), 0xffff);
}

TEST_F(Nat, UdpMappingIsEndpointIndependentAndRepliesAreTranslated)
{
	auto a = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 53), 1);
	auto b = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.10"), 5000, 53), 1);
	ASSERT_EQ(a.size(), 1u);
	ASSERT_EQ(b.size(), 1u);
	EXPECT_EQ(get32(a[0], 26), ip4("10.0.2.1"));
	EXPECT_TRUE(l4_ok(a[0])) << "UDP checksum after translation";
	uint16_t port = get16(a[0], 34);
	EXPECT_EQ(get16(b[0], 34), port) << "one mapping for the endpoint, whatever the remote";
	auto c = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5001, 53), 1);
	ASSERT_EQ(c.size(), 1u);
	EXPECT_NE(get16(c[0], 34), port) << "another endpoint, another port";

	auto back = through(1, l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 53, port), 0);
	ASSERT_EQ(back.size(), 1u);
	EXPECT_EQ(get32(back[0], 30), ip4("10.0.1.2"));
	EXPECT_EQ(get16(back[0], 36), 5000u);
	EXPECT_TRUE(l4_ok(back[0]));
	EXPECT_EQ(stats().by_state[8], 1u) << "the replied session is a stream";
}

TEST_F(Nat, OnlyRepliesComeIn)
{
	// Nothing was sent out: a connection from outside to the inside host is refused.
	auto in = through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 4444, 22, SYN), 0);
	EXPECT_TRUE(in.empty());
	EXPECT_EQ(node_stats()["drop_nat_unsolicited"].objs, 1u);
	// Nor to a translated port nobody opened.
	in = through(1, l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 53, 2000), 0);
	EXPECT_TRUE(in.empty());
	EXPECT_EQ(stats().sessions, 0u);
	// The router itself still answers ping on the outside.
	auto r = through(1, echo(R1, NB, ip4("10.0.2.2"), ip4("10.0.2.1")), 1);
	EXPECT_EQ(r.size(), 1u);
}

TEST_F(Nat, TcpStatesAndTimeouts)
{
	auto s = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 40000, 80, SYN), 1);
	ASSERT_EQ(s.size(), 1u);
	EXPECT_TRUE(l4_ok(s[0])) << "TCP checksum after translation";
	uint16_t port = get16(s[0], 34);
	EXPECT_EQ(state_of_first(), "syn_sent");
	auto sa = through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 80, port, RTR), 0);
	ASSERT_EQ(sa.size(), 1u);
	EXPECT_EQ(get16(sa[0], 36), 40000u);
	EXPECT_TRUE(l4_ok(sa[0]));
	EXPECT_EQ(state_of_first(), "syn_recv");
	through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 40000, 80, ACK), 1);
	EXPECT_EQ(state_of_first(), "established");

	// Idle past the UDP/ICMP timeouts (30 s) but not the established one (1000 s): kept.
	vsw_nat.now_s += 100;
	walk();
	EXPECT_EQ(stats().sessions, 1u);

	through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 40000, 80, FIN | ACK), 1);
	EXPECT_EQ(state_of_first(), "fin_wait");
	through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 80, port, FIN | ACK), 0);
	EXPECT_EQ(state_of_first(), "time_wait");
	vsw_nat.now_s += 31;
	walk();
	walk();
	EXPECT_EQ(stats().sessions, 0u) << "time_wait over";
	EXPECT_EQ(stats().expired, 1u);
}

TEST_F(Nat, RstClosesAndIdleUdpExpires)
{
	auto u = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 53), 1);
	ASSERT_EQ(u.size(), 1u);
	auto s = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 40000, 80, SYN), 1);
	ASSERT_EQ(s.size(), 1u);
	through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 80, get16(s[0], 34), RST), 0);
	EXPECT_EQ(stats().by_state[6], 1u) << "close";
	vsw_nat.now_s += 11;
	walk();
	walk();
	EXPECT_EQ(stats().sessions, 1u) << "the RST'd connection went after 10 s, UDP stays";
	vsw_nat.now_s += 20;
	walk();
	walk();
	EXPECT_EQ(stats().sessions, 0u) << "UDP idle for 31 s";
	// The port is free again once the grace period passed: a new flow gets a session.
	auto again = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 53), 1);
	EXPECT_EQ(again.size(), 1u);
	EXPECT_EQ(stats().sessions, 1u);
}

TEST_F(Nat, LimitsAndDropsAreNamed)
{
	cfg->nat.max_sessions_per_host = 2;
	reapply();
	for (uint16_t p = 1; p <= 3; p++)
		through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), p, 53), 1);
	EXPECT_EQ(stats().sessions, 2u);
	EXPECT_EQ(node_stats()["drop_nat_host_limit"].objs, 1u);
	// A RST with no session, and an unknown protocol, to the outside.
	through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 1, 80, RST), 1);
	EXPECT_EQ(node_stats()["drop_nat_invalid"].objs, 1u);
	Bytes gre = l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 1, 53);
	gre[23] = 47;
	put16(gre, 24, 0);
	put16(gre, 24, (uint16_t)~sum(gre, 14, 20));
	through(0, gre, 1);
	EXPECT_EQ(node_stats()["drop_nat_unsupported"].objs, 1u);
	// Inside to inside (no outside interface on the way) is routed untouched.
	auto local = through(0, echo(R0, HA, ip4("10.0.1.2"), ip4("10.0.1.1")), 0);
	EXPECT_EQ(local.size(), 1u);
	// Flush empties the table.
	vsw_nat_flush();
	walk();
	EXPECT_EQ(stats().sessions, 0u);
	EXPECT_EQ(stats().flushed, 2u);
	for (auto &kv : sent_)
		kv.second.clear();
}

// A pool of one address with four ports (nat.outside[].ports): four UDP mappings take them
// all, a fifth endpoint is refused by name while the four keep working; TCP shares a port
// between remotes (only the reply key must be unused), ICMP ids are not in the range.
TEST_F(Nat, PortRangeExhaustedRefusesNewFlowsByName)
{
	cfg->nat.ifs[1].n_pool = 1;
	cfg->nat.ifs[1].pool[0] = ip4("10.0.2.7");
	cfg->nat.ifs[1].ports[0] = 5000;
	cfg->nat.ifs[1].ports[1] = 5003;
	reapply();
	std::set<uint16_t> ports;
	for (uint16_t p = 1; p <= 6; p++) {
		auto o = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), p, 53), 1);
		if (p <= 4) {
			ASSERT_EQ(o.size(), 1u) << "flow " << p;
			EXPECT_EQ(get32(o[0], 26), ip4("10.0.2.7"));
			EXPECT_GE(get16(o[0], 34), 5000u);
			EXPECT_LE(get16(o[0], 34), 5003u);
			ports.insert(get16(o[0], 34));
		} else {
			EXPECT_TRUE(o.empty()) << "flow " << p << ": no port left";
		}
	}
	EXPECT_EQ(ports.size(), 4u) << "each mapping its own port";
	EXPECT_EQ(node_stats()["drop_nat_no_port"].objs, 2u);
	EXPECT_EQ(stats().no_port, 2u);
	EXPECT_EQ(stats().sessions, 4u);
	// The established mappings still pass both ways.
	for (uint16_t port : ports) {
		auto back = through(1, l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.7"), 53, port), 0);
		ASSERT_EQ(back.size(), 1u) << port;
		EXPECT_EQ(get32(back[0], 30), ip4("10.0.1.2"));
	}
	auto again = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 1, 53), 1);
	EXPECT_EQ(again.size(), 1u) << "an established flow is not refused";

	// TCP: four connections to one server take the four ports, a fifth is refused; one
	// to another server reuses a port.
	for (uint16_t p = 1; p <= 5; p++) {
		auto o = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 40000 + p, 80,
				       SYN),
				 1);
		EXPECT_EQ(o.size(), p <= 4 ? 1u : 0u) << "connection " << p;
		if (!o.empty()) {
			EXPECT_EQ(ports.count(get16(o[0], 34)), 1u) << "in the range";
		}
	}
	EXPECT_EQ(stats().no_port, 3u);
	auto other = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.10"), 40001, 80, SYN), 1);
	ASSERT_EQ(other.size(), 1u);
	EXPECT_EQ(ports.count(get16(other[0], 34)), 1u);
	// ICMP echo: ids from 1024..65535, as Linux's --to-ports leaves them.
	auto e = through(0, echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9")), 1);
	ASSERT_EQ(e.size(), 1u);
	EXPECT_EQ(stats().sessions, 10u);
}

// ---- Destination NAT: forwards, floating IPs, hairpins ---------------------------------------
// Each translated frame is compared byte for byte with one built with the translated
// addresses and ports and its checksums computed afresh: the incremental updates must give
// the same bytes.

const uint8_t HB[6] = {0x02, 0, 0, 0, 0x0a, 0x03}; // host b, 10.0.1.3 behind ring0

// @p f as the router forwards it: the MACs of the hop, TTL one less, IPv4 checksum again.
Bytes
routed(Bytes f, const uint8_t dst[6], const uint8_t src[6])
{
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	f[22]--;
	fix_csum(f);
	return f;
}

// An ICMP echo request (@p type 8) or reply (0) with id @p id, checksums right.
Bytes
ping(uint8_t type, const uint8_t dst[6], const uint8_t src[6], uint32_t from, uint32_t to,
     uint16_t id)
{
	Bytes f = echo(dst, src, from, to);
	f[34] = type;
	put16(f, 38, id);
	put16(f, 36, 0);
	put16(f, 36, (uint16_t)~sum(f, 34, f.size() - 34));
	return f;
}

class Dnat : public Nat
{
      protected:
	// Host b asks for its gateway.
	void
	learn_b()
	{
		RingPorts::get().inject(0, arp(1, BCAST, HB, ip4("10.0.1.3"), ip4("10.0.1.1")));
		walk();
		out(0);
	}

	// Who answers ARP for @p addr asked on ring @p port: the replies.
	std::vector<Bytes>
	arp_for(unsigned port, const char *addr)
	{
		const uint8_t *mac = port == 1 ? NB : HA;
		uint32_t sip = ip4(port == 1 ? "10.0.2.2" : "10.0.1.2");
		return through(port, arp(1, BCAST, mac, sip, ip4(addr)), port);
	}
};

TEST_F(Dnat, PortForwardTranslatesTheDestinationAndTheAnswersSource)
{
	add_rule(VSW_NAT_FORWARD, "10.0.2.1", 6, 8080, "10.0.1.2", 80);
	auto in = through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 40000, 8080, SYN), 0);
	ASSERT_EQ(in.size(), 1u);
	EXPECT_EQ(in[0],
		  routed(l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 40000, 80, SYN), HA, R0))
		<< "to 10.0.1.2:80, the client's address kept";
	auto back = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 80, 40000, RTR), 1);
	ASSERT_EQ(back.size(), 1u);
	EXPECT_EQ(back[0],
		  routed(l4(6, R0, HA, ip4("10.0.2.1"), ip4("192.0.2.9"), 8080, 40000, RTR), NB, R1))
		<< "the answer leaves from 10.0.2.1:8080";
	EXPECT_EQ(state_of_first(), "syn_recv");
	through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 40000, 8080, ACK), 0);
	EXPECT_EQ(state_of_first(), "established") << "the states follow the outside opener";
	EXPECT_EQ(kinds(), std::vector<std::string>{"dnat"});
	auto rs = rules();
	ASSERT_EQ(rs.size(), 1u);
	EXPECT_STREQ(rs[0].kind, "forward");
	EXPECT_STREQ(rs[0].interface, "r1");
	EXPECT_EQ(rs[0].hits, 1u);
	EXPECT_EQ(rs[0].sessions, 1u);

	// Another port of the address is the router's own (no host path: it resets), nor does
	// a RST to the forwarded one open anything.
	auto rst = through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 40001, 8081, SYN), 1);
	ASSERT_EQ(rst.size(), 1u);
	EXPECT_EQ(rst[0][47] & RST, RST) << "the router's own reset, nothing forwarded";
	EXPECT_TRUE(through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 40002, 8080, RST), 0)
			    .empty());
	EXPECT_EQ(node_stats()["drop_nat_invalid"].objs, 1u);
	EXPECT_EQ(stats().sessions, 1u);
}

TEST_F(Dnat, UdpForwardToAnotherPortAndAddressDnat)
{
	add_rule(VSW_NAT_FORWARD, "10.0.2.1", 17, 5000, "10.0.1.2", 5353);
	add_rule(VSW_NAT_FORWARD, "10.0.2.60", 0, 0, "10.0.1.2", 0);
	auto in = through(1, l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 1234, 5000), 0);
	ASSERT_EQ(in.size(), 1u);
	EXPECT_EQ(in[0], routed(l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 1234, 5353), HA, R0));
	auto back = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5353, 1234), 1);
	ASSERT_EQ(back.size(), 1u);
	EXPECT_EQ(back[0], routed(l4(17, R0, HA, ip4("10.0.2.1"), ip4("192.0.2.9"), 5000, 1234), NB, R1));

	// Address only: every port, and ping, to 10.0.1.2; the echo id kept.
	in = through(1, ping(8, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.60"), 300), 0);
	ASSERT_EQ(in.size(), 1u);
	EXPECT_EQ(in[0], routed(ping(8, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 300), HA, R0));
	back = through(0, ping(0, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 300), 1);
	ASSERT_EQ(back.size(), 1u);
	EXPECT_EQ(back[0], routed(ping(0, R0, HA, ip4("10.0.2.60"), ip4("192.0.2.9"), 300), NB, R1));
	in = through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.60"), 40000, 22, SYN), 0);
	ASSERT_EQ(in.size(), 1u);
	EXPECT_EQ(in[0], routed(l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 40000, 22, SYN), HA, R0));

	// The router answers ARP for 10.0.2.60 on r1 (not one of its addresses), with r1's MAC.
	auto a = arp_for(1, "10.0.2.60");
	ASSERT_EQ(a.size(), 1u);
	EXPECT_EQ(get16(a[0], 20), 2u) << "a reply";
	EXPECT_EQ(Bytes(a[0].begin() + 22, a[0].begin() + 28), Bytes(R1, R1 + 6));
	EXPECT_EQ(get32(a[0], 28), ip4("10.0.2.60"));
	EXPECT_EQ(get32(a[0], 38), ip4("10.0.2.2"));
	EXPECT_EQ(rules()[1].sessions, 2u);
}

TEST_F(Dnat, FloatingIpBothWaysAnnouncedAndAnsweredOnTheOutside)
{
	add_rule(VSW_NAT_FLOATING, "10.0.2.50", 0, 0, "10.0.1.2", 0);
	walk();
	auto g = out(1);
	ASSERT_EQ(g.size(), 1u) << "a gratuitous ARP when it is added";
	EXPECT_EQ(Bytes(g[0].begin(), g[0].begin() + 6), Bytes(BCAST, BCAST + 6));
	EXPECT_EQ(get16(g[0], 20), 1u);
	EXPECT_EQ(Bytes(g[0].begin() + 22, g[0].begin() + 28), Bytes(R1, R1 + 6));
	EXPECT_EQ(get32(g[0], 28), ip4("10.0.2.50"));
	EXPECT_EQ(get32(g[0], 38), ip4("10.0.2.50"));

	// Out: the floating IP, the port and echo id kept; before masquerade.
	auto o = through(0, l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 53), 1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(o[0], routed(l4(17, R0, HA, ip4("10.0.2.50"), ip4("192.0.2.9"), 5000, 53), NB, R1));
	o = through(0, ping(8, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 7), 1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(o[0], routed(ping(8, R0, HA, ip4("10.0.2.50"), ip4("192.0.2.9"), 7), NB, R1));
	auto b = through(1, ping(0, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.50"), 7), 0);
	ASSERT_EQ(b.size(), 1u);
	EXPECT_EQ(b[0], routed(ping(0, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 7), HA, R0));
	// In: anything to the floating IP reaches the fixed one.
	b = through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.50"), 40000, 22, SYN), 0);
	ASSERT_EQ(b.size(), 1u);
	EXPECT_EQ(b[0], routed(l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 40000, 22, SYN), HA, R0));
	b = through(1, ping(8, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.50"), 99), 0);
	ASSERT_EQ(b.size(), 1u);
	EXPECT_EQ(b[0], routed(ping(8, R1, NB, ip4("192.0.2.9"), ip4("10.0.1.2"), 99), HA, R0));
	// Another inside host still masquerades.
	learn_b();
	o = through(0, l4(17, R0, HB, ip4("10.0.1.3"), ip4("192.0.2.9"), 5000, 53), 1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(get32(o[0], 26), ip4("10.0.2.1"));
	auto rs = rules();
	ASSERT_EQ(rs.size(), 1u);
	EXPECT_STREQ(rs[0].kind, "floating");
	EXPECT_EQ(rs[0].hits, 4u);
	EXPECT_EQ(rs[0].sessions, 4u);

	// ARP for it: answered on r1, not on r0.
	EXPECT_EQ(arp_for(1, "10.0.2.50").size(), 1u);
	EXPECT_TRUE(arp_for(0, "10.0.2.50").empty());

	// Removed: no more ARP, nothing new in, but its sessions stay (Linux's conntrack).
	cfg->nat.n_rules = 0;
	reapply();
	EXPECT_TRUE(arp_for(1, "10.0.2.50").empty());
	b = through(1, l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.50"), 53, 5000), 0);
	ASSERT_EQ(b.size(), 1u) << "an answer of a session made by the removed floating IP";
	EXPECT_EQ(get32(b[0], 30), ip4("10.0.1.2"));
	EXPECT_TRUE(through(1, ping(8, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.50"), 100), 0).empty());
	EXPECT_EQ(stats().sessions, 5u);
}

TEST_F(Dnat, HairpinsComeBackThroughTheNat)
{
	learn_b();
	add_rule(VSW_NAT_FORWARD, "10.0.2.1", 6, 8080, "10.0.1.2", 80);
	// b → the forward: a sees the router's inside address, b the forward's.
	auto o = through(0, l4(6, R0, HB, ip4("10.0.1.3"), ip4("10.0.2.1"), 40000, 8080, SYN), 0);
	ASSERT_EQ(o.size(), 1u);
	uint16_t port = get16(o[0], 34);
	EXPECT_EQ(o[0], routed(l4(6, R0, HB, ip4("10.0.1.1"), ip4("10.0.1.2"), port, 80, SYN), HA, R0));
	auto r = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("10.0.1.1"), 80, port, RTR), 0);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0], routed(l4(6, R0, HA, ip4("10.0.2.1"), ip4("10.0.1.3"), 8080, 40000, RTR), HB, R0));
	EXPECT_EQ(kinds(), (std::vector<std::string>{"hairpin", "hairpin"}));
	// a → its own forward.
	o = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("10.0.2.1"), 40001, 8080, SYN), 0);
	ASSERT_EQ(o.size(), 1u);
	port = get16(o[0], 34);
	EXPECT_EQ(o[0], routed(l4(6, R0, HA, ip4("10.0.1.1"), ip4("10.0.1.2"), port, 80, SYN), HA, R0));
	r = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("10.0.1.1"), 80, port, RTR), 0);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0], routed(l4(6, R0, HA, ip4("10.0.2.1"), ip4("10.0.1.2"), 8080, 40001, RTR), HA, R0));

	// b pings a's floating IP; a pings its own (and sees itself as its floating IP).
	add_rule(VSW_NAT_FLOATING, "10.0.2.50", 0, 0, "10.0.1.2", 0);
	walk();
	out(1);
	o = through(0, ping(8, R0, HB, ip4("10.0.1.3"), ip4("10.0.2.50"), 7), 0);
	ASSERT_EQ(o.size(), 1u);
	uint16_t id = get16(o[0], 38);
	EXPECT_EQ(o[0], routed(ping(8, R0, HB, ip4("10.0.1.1"), ip4("10.0.1.2"), id), HA, R0));
	r = through(0, ping(0, R0, HA, ip4("10.0.1.2"), ip4("10.0.1.1"), id), 0);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0], routed(ping(0, R0, HA, ip4("10.0.2.50"), ip4("10.0.1.3"), 7), HB, R0));
	o = through(0, ping(8, R0, HA, ip4("10.0.1.2"), ip4("10.0.2.50"), 9), 0);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(o[0], routed(ping(8, R0, HA, ip4("10.0.2.50"), ip4("10.0.1.2"), 9), HA, R0));
	r = through(0, ping(0, R0, HA, ip4("10.0.1.2"), ip4("10.0.2.50"), 9), 0);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0], routed(ping(0, R0, HA, ip4("10.0.2.50"), ip4("10.0.1.2"), 9), HA, R0));
	EXPECT_EQ(stats().sessions, 8u) << "two per hairpin";
}

TEST_F(Dnat, AReloadKeepsHitsAndARemovedForwardsSessions)
{
	add_rule(VSW_NAT_FORWARD, "10.0.2.1", 6, 8080, "10.0.1.2", 80);
	ASSERT_EQ(through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 40000, 8080, SYN), 0)
			  .size(),
		  1u);
	add_rule(VSW_NAT_FORWARD, "10.0.2.1", 17, 5000, "10.0.1.2", 5000);
	auto rs = rules();
	ASSERT_EQ(rs.size(), 2u);
	EXPECT_EQ(rs[0].hits, 1u) << "kept by a reload that kept the forward";
	EXPECT_EQ(rs[1].hits, 0u);
	// The TCP forward removed: its connection goes on, a new one is not let in.
	cfg->nat.rules[0] = cfg->nat.rules[1];
	cfg->nat.n_rules = 1;
	reapply();
	auto back = through(0, l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 80, 40000, RTR), 1);
	ASSERT_EQ(back.size(), 1u);
	EXPECT_EQ(get32(back[0], 26), ip4("10.0.2.1"));
	EXPECT_EQ(get16(back[0], 34), 8080u);
	EXPECT_TRUE(through(1, l4(6, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 40001, 8080, SYN), 0)
			    .empty());
	// Until flushed.
	vsw_nat_flush();
	walk();
	EXPECT_EQ(stats().sessions, 0u);
	EXPECT_EQ(stats().flushed, 1u);
}

} // namespace
