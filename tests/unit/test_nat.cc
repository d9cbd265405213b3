// SPDX-License-Identifier: BSD-3-Clause
// The NAT's nodes and tables in a real worker graph (l3_fixture.h): r0 (ring0, 10.0.1.0/24)
// is the inside, r1 (ring1, 10.0.2.1/24) the outside, masquerading to 10.0.2.1; the remote
// network 192.0.2.0/24 is behind 10.0.2.2. Frames are built and read as bytes.
#include "l3_fixture.h"

#include "nat/nat.h"
#include "nat/nat_priv.h"

using namespace l3test;

namespace
{

// Ethernet + IPv4 + TCP (20 bytes) or UDP, 8 bytes of payload, checksums right.
Bytes
l4(uint8_t proto, const uint8_t dst[6], const uint8_t src[6], uint32_t from, uint32_t to,
   uint16_t sport, uint16_t dport, uint8_t flags = 0)
{
	size_t l4len = (proto == 6 ? 20 : 8) + 8;
	Bytes f(14 + 20 + l4len, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, (uint16_t)(20 + l4len));
	f[22] = 64;
	f[23] = proto;
	put32(f, 26, from);
	put32(f, 30, to);
	put16(f, 24, (uint16_t)~sum(f, 14, 20));
	put16(f, 34, sport);
	put16(f, 36, dport);
	if (proto == 6) {
		f[46] = 5 << 4;
		f[47] = flags;
		put16(f, 48, 65535);
	} else {
		put16(f, 38, (uint16_t)l4len);
	}
	for (size_t i = 14 + 20 + l4len - 8; i < f.size(); i++)
		f[i] = (uint8_t)i;
	// Pseudo-header sum plus the segment.
	Bytes ph(12 + l4len);
	put32(ph, 0, from);
	put32(ph, 4, to);
	ph[9] = proto;
	put16(ph, 10, (uint16_t)l4len);
	memcpy(&ph[12], &f[34], l4len);
	put16(f, proto == 6 ? 50 : 40, (uint16_t)~sum(ph, 0, ph.size()));
	return f;
}

// Is the L4 checksum of IPv4 frame @p f right.
bool
l4_ok(const Bytes &f)
{
	size_t l4len = get16(f, 16) - 20;
	Bytes ph(12 + l4len);
	memcpy(&ph[0], &f[26], 8);
	ph[9] = f[23];
	put16(ph, 10, (uint16_t)l4len);
	memcpy(&ph[12], &f[34], l4len);
	return sum(ph, 0, ph.size()) == 0xffff;
}

const uint8_t RTR = 0x12; // TCP SYN|ACK
constexpr uint8_t SYN = 0x02, ACK = 0x10, FIN = 0x01, RST = 0x04;

class Nat : public L3
{
      protected:
	void
	SetUp() override
	{
		L3::SetUp();
		vsw_nat_conf &n = cfg->nat;
		n.n_ifs = 2;
		snprintf(n.ifs[0].rif, sizeof(n.ifs[0].rif), "r0");
		snprintf(n.ifs[1].rif, sizeof(n.ifs[1].rif), "r1");
		n.ifs[1].outside = 1;
		n.max_sessions = 65536;
		n.max_sessions_per_host = 100;
		for (unsigned t = 0; t < VSW_NAT_T_COUNT; t++)
			n.timeout_s[t] = 30;
		n.timeout_s[VSW_NAT_T_TCP_ESTABLISHED] = 1000;
		n.timeout_s[VSW_NAT_T_TCP_CLOSE] = 10;
		reapply();
		learn_a();
	}

	// Send @p f into ring @p port; what left ring @p to.
	std::vector<Bytes>
	through(unsigned port, const Bytes &f, unsigned to)
	{
		RingPorts::get().inject(port, f);
		walk();
		auto o = out(to);
		out(to == 0 ? 1 : 0);
		return o;
	}

	vsw_nat_stats
	stats()
	{
		vsw_nat_stats st;
		vsw_nat_stats_get(&st);
		return st;
	}

	std::string
	state_of_first()
	{
		std::string s;
		vsw_nat_session_walk(
			0, 1,
			[](const vsw_nat_session_info *i, void *arg) {
				*static_cast<std::string *>(arg) = i->state;
			},
			&s);
		return s;
	}
};

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

} // namespace
