// SPDX-License-Identifier: BSD-3-Clause
// ICMP errors through the NAT (nat_icmp.h, nat_fixture.h): the quoted datagram and the
// error's addresses translated both ways, every checksum right; truncated, malformed and
// sessionless errors dropped by name; the router's own errors about translated packets.
#include "nat_fixture.h"

using namespace nattest;

namespace
{

// Ethernet + IPv4 + ICMP error @p type/@p code (@p rest: its second word) from @p from to
// @p to, quoting @p q; checksums right.
Bytes
icmp_err(const uint8_t dst[6], const uint8_t src[6], uint32_t from, uint32_t to, uint8_t type,
	 uint8_t code, const Bytes &q, uint32_t rest = 0)
{
	Bytes f(14 + 20 + 8 + q.size(), 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, (uint16_t)(20 + 8 + q.size()));
	f[22] = 64;
	f[23] = 1;
	put32(f, 26, from);
	put32(f, 30, to);
	put16(f, 24, (uint16_t)~sum(f, 14, 20));
	f[34] = type;
	f[35] = code;
	put32(f, 38, rest);
	memcpy(&f[42], q.data(), q.size());
	put16(f, 36, (uint16_t)~sum(f, 34, f.size() - 34));
	return f;
}

// The IPv4 datagram of frame @p f, its first @p n bytes (all: 0).
Bytes
dgram(const Bytes &f, size_t n = 0)
{
	return Bytes(f.begin() + 14, n == 0 ? f.end() : f.begin() + 14 + (long)n);
}

// The first @p n bytes of @p d.
Bytes
first(const Bytes &d, size_t n)
{
	return Bytes(d.begin(), d.begin() + (long)n);
}

// Datagram @p d as a router one hop on sees it: TTL one less, header checksum again.
Bytes
hop(Bytes d)
{
	d[8]--;
	put16(d, 10, 0);
	put16(d, 10, (uint16_t)~sum(d, 0, 20));
	return d;
}

// Every checksum of ICMP error frame @p f right: its IPv4 header, its ICMP message, the
// quoted IPv4 header.
void
expect_sums(const Bytes &f)
{
	EXPECT_EQ(sum(f, 14, 20), 0xffff) << "IPv4 header checksum";
	EXPECT_EQ(sum(f, 34, f.size() - 34), 0xffff) << "ICMP checksum";
	EXPECT_EQ(sum(f, 42, 20), 0xffff) << "quoted IPv4 header checksum";
}

class NatIcmp : public Nat
{
      protected:
	// The host's UDP 10.0.1.2:5000 → 192.0.2.9:33434 through the NAT: as it left.
	Bytes
	udp_out(Bytes &sent)
	{
		sent = l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 33434);
		auto o = through(0, sent, 1);
		EXPECT_EQ(o.size(), 1u);
		return o.empty() ? Bytes() : o[0];
	}

	uint64_t
	drops(const char *n)
	{
		return node_stats()[n].objs;
	}
};

TEST_F(NatIcmp, TimeExceededFromOutsideQuotingUdpGoesToTheHostAsItSentIt)
{
	Bytes sent, t = udp_out(sent);
	ASSERT_EQ(get32(t, 26), ip4("10.0.2.1"));
	ASSERT_NE(get16(t, 34), 5000u) << "the port is translated here (else the test proves less)";

	// The next router's time exceeded: the first 28 bytes of what it got.
	Bytes e = icmp_err(R1, NB, ip4("10.0.2.2"), ip4("10.0.2.1"), 11, 0, dgram(t, 28));
	auto o = through(1, e, 0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &b = o[0];
	EXPECT_EQ(get32(b, 26), ip4("10.0.2.2")) << "the hop's address kept: traceroute shows it";
	EXPECT_EQ(get32(b, 30), ip4("10.0.1.2")) << "to the inside host";
	EXPECT_EQ(b[34], 11);
	EXPECT_EQ(Bytes(b.begin() + 42, b.end()), first(hop(dgram(sent)), 28))
		<< "the quote is the host's own datagram (as the NAT forwarded it, TTL 63): "
		   "address, port and UDP checksum back";
	expect_sums(b);
	EXPECT_EQ(stats().sessions, 1u);
}

TEST_F(NatIcmp, FragNeededFromOutsideQuotingTcpRestoresTheWholeSegment)
{
	Bytes sent = l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 40000, 80, SYN);
	sent[20] = 0x40; // DF
	fix_csum(sent);
	auto t = through(0, sent, 1);
	ASSERT_EQ(t.size(), 1u);
	// Fragmentation needed, MTU 1280, quoting all of it (TCP checksum included).
	Bytes e = icmp_err(R1, NB, ip4("10.0.2.2"), ip4("10.0.2.1"), 3, 4, dgram(t[0]), 1280);
	auto o = through(1, e, 0);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(get32(o[0], 30), ip4("10.0.1.2"));
	EXPECT_EQ(o[0][34], 3);
	EXPECT_EQ(o[0][35], 4);
	EXPECT_EQ(get16(o[0], 40), 1280u) << "the next-hop MTU kept";
	EXPECT_EQ(Bytes(o[0].begin() + 42, o[0].end()), hop(dgram(sent)))
		<< "the quoted segment's port and TCP checksum are the host's again";
	expect_sums(o[0]);
}

TEST_F(NatIcmp, TimeExceededQuotingAnEchoGivesTheHostItsEchoIdBack)
{
	Bytes sent = echo(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"));
	auto t = through(0, sent, 1);
	ASSERT_EQ(t.size(), 1u);
	ASSERT_NE(get16(t[0], 38), 7u);
	Bytes e = icmp_err(R1, NB, ip4("10.0.2.2"), ip4("10.0.2.1"), 11, 0, dgram(t[0], 28));
	auto o = through(1, e, 0);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(Bytes(o[0].begin() + 42, o[0].end()), first(hop(dgram(sent)), 28))
		<< "echo id 7 and the echo's own checksum back";
	expect_sums(o[0]);
}

TEST_F(NatIcmp, PortUnreachableFromInsideAboutAReplyLeavesAsTheOutsideAddress)
{
	Bytes sent, t = udp_out(sent);
	uint16_t port = get16(t, 34);
	Bytes reply = l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 33434, port);
	auto in = through(1, reply, 0);
	ASSERT_EQ(in.size(), 1u);
	ASSERT_EQ(get32(in[0], 30), ip4("10.0.1.2"));

	// The host has no socket there any more: port unreachable, quoting what it got.
	Bytes e = icmp_err(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 3, 3, dgram(in[0]));
	auto o = through(0, e, 1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(get32(o[0], 26), ip4("10.0.2.1")) << "no inside address leaves";
	EXPECT_EQ(get32(o[0], 30), ip4("192.0.2.9"));
	EXPECT_EQ(Bytes(o[0].begin() + 42, o[0].end()), hop(dgram(reply)))
		<< "the quote is the reply as the remote sent it (TTL 63 from our hop)";
	expect_sums(o[0]);
}

TEST_F(NatIcmp, PortUnreachableFromAForwardedInsideServerLeavesAsTheForwardsAddress)
{
	add_rule(VSW_NAT_FORWARD, "10.0.2.1", 17, 5353, "10.0.1.2", 53);
	Bytes req = l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 4000, 5353);
	auto in = through(1, req, 0);
	ASSERT_EQ(in.size(), 1u);
	ASSERT_EQ(get16(in[0], 36), 53u);
	Bytes e = icmp_err(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 3, 3, dgram(in[0]));
	auto o = through(0, e, 1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(get32(o[0], 26), ip4("10.0.2.1"));
	EXPECT_EQ(Bytes(o[0].begin() + 42, o[0].end()), hop(dgram(req)))
		<< "port 5353 and the client's checksum back";
	expect_sums(o[0]);
}

TEST_F(NatIcmp, TruncatedMalformedAndSessionlessErrorsAreDroppedByName)
{
	Bytes sent, t = udp_out(sent);
	// 4 bytes of UDP quoted: too short.
	auto o = through(1, icmp_err(R1, NB, ip4("10.0.2.2"), ip4("10.0.2.1"), 11, 0, dgram(t, 24)),
			 0);
	EXPECT_TRUE(o.empty());
	EXPECT_EQ(drops("drop_nat_icmp_err_truncated"), 1u);
	// Not IPv4.
	Bytes bad = dgram(t, 28);
	bad[0] = 0x65;
	o = through(1, icmp_err(R1, NB, ip4("10.0.2.2"), ip4("10.0.2.1"), 3, 1, bad), 0);
	EXPECT_TRUE(o.empty());
	// An error about an error.
	Bytes inner = icmp_err(R1, NB, ip4("10.0.2.1"), ip4("192.0.2.9"), 3, 1, dgram(t, 28));
	o = through(1, icmp_err(R1, NB, ip4("10.0.2.2"), ip4("10.0.2.1"), 3, 1, dgram(inner, 28)),
		    0);
	EXPECT_TRUE(o.empty());
	EXPECT_EQ(drops("drop_nat_icmp_err_malformed"), 2u);
	// About a flow of no session, to the inside host directly (not the router's).
	Bytes other = l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5001, 33434);
	o = through(1, icmp_err(R1, NB, ip4("10.0.2.2"), ip4("10.0.1.2"), 3, 1, dgram(other, 28)),
		    0);
	EXPECT_TRUE(o.empty());
	// From inside, about a flow of no session, out by the outside interface.
	o = through(0, icmp_err(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 3, 3, dgram(other, 28)),
		    1);
	EXPECT_TRUE(o.empty()) << "an inside address never leaves in a quote";
	EXPECT_EQ(drops("drop_nat_icmp_err_no_session"), 2u);
	EXPECT_EQ(drops("drop_nat_unsolicited"), 0u);
}

TEST_F(NatIcmp, TtlEndingHereIsNotTranslatedAndMakesNoSession)
{
	Bytes sent = l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 33434);
	sent[22] = 1;
	fix_csum(sent);
	auto o = through(0, sent, 0);
	ASSERT_EQ(o.size(), 1u) << "time exceeded back to the host";
	EXPECT_EQ(get32(o[0], 26), ip4("10.0.1.1")) << "from the router's inside address";
	EXPECT_EQ(get32(o[0], 30), ip4("10.0.1.2"));
	EXPECT_EQ(o[0][34], 11);
	EXPECT_EQ(Bytes(o[0].begin() + 42, o[0].end()), dgram(sent)) << "the host's datagram";
	EXPECT_EQ(stats().sessions, 0u) << "a traceroute probe makes no session";
}

TEST_F(NatIcmp, RoutersOwnFragNeededOnTheOutsideGoesToTheHost)
{
	cfg->l3.rifs[1].mtu = 576; // r1
	reapply();
	Bytes sent(14 + 20 + 8 + 1000, 0);
	Bytes small = l4(17, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 33434);
	memcpy(sent.data(), small.data(), 14 + 20 + 8);
	put16(sent, 16, 20 + 8 + 1000);
	put16(sent, 38, 8 + 1000);
	put16(sent, 40, 0); // no UDP checksum
	sent[20] = 0x40;    // DF
	fix_csum(sent);
	auto o = through(0, sent, 0);
	ASSERT_EQ(o.size(), 1u) << "fragmentation needed, back to the host (not to 10.0.2.1)";
	EXPECT_EQ(get32(o[0], 30), ip4("10.0.1.2"));
	EXPECT_EQ(o[0][34], 3);
	EXPECT_EQ(o[0][35], 4);
	EXPECT_EQ(get16(o[0], 40), 576u);
	EXPECT_EQ(get32(o[0], 42 + 12), ip4("10.0.1.2")) << "the quote's source is the host's";
	EXPECT_EQ(get16(o[0], 42 + 20), 5000u);
	expect_sums(o[0]);
}

TEST_F(NatIcmp, RoutersOwnTimeExceededOfAReplyQuotesWhatTheRemoteSent)
{
	Bytes sent, t = udp_out(sent);
	Bytes reply = l4(17, R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 33434, get16(t, 34));
	reply[22] = 1;
	fix_csum(reply);
	auto o = through(1, reply, 1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(get32(o[0], 30), ip4("192.0.2.9"));
	EXPECT_EQ(o[0][34], 11);
	EXPECT_EQ(Bytes(o[0].begin() + 42, o[0].end()), dgram(reply))
		<< "no inside address in the quote";
	expect_sums(o[0]);
}

} // namespace
