// SPDX-License-Identifier: BSD-3-Clause
// Hostile traffic, second table: IPv4 and IPv6 through the router — header checks, TTL,
// martians, fragments of every shape, options, TCP flag combinations, policy rules, reject
// routes, ICMP errors not to send, IPv6 extension headers (the network and the row checks:
// hostile_fixture.h). Host a (ring1, on the bridge) sends to the gateway 10.3.0.2 behind r3
// unless a row says otherwise.
#include "hostile_fixture.h"

namespace
{

using namespace hostile;
using l3test::fix_csum;
using l3test::get16;
using l3test::ip4;
using l3test::put16;
using l3test::put32;

// Host a's echo request to @p to (the gateway behind r3 by default) on ring1.
Bytes
a4(uint32_t to = ip4("10.3.0.2"), uint8_t ttl = 64)
{
	return l3test::echo(GW, HA, ip4("10.1.0.2"), to, ttl);
}

// a4() with byte @p at set to @p v, the header checksum made right again.
Bytes
a4_with(size_t at, uint8_t v, uint8_t ttl = 64)
{
	Bytes f = a4(ip4("10.3.0.2"), ttl);
	f[at] = v;
	fix_csum(f);
	return f;
}

// A fragment of an echo: flags and offset (in 8 bytes) @p frag.
Bytes
frag4(uint16_t frag, uint8_t ttl = 64)
{
	Bytes f = a4(ip4("10.3.0.2"), ttl);
	put16(f, 20, frag);
	fix_csum(f);
	return f;
}

// a4() grown to an IP datagram of @p len bytes, flags @p flags (0x4000: DF).
Bytes
big4(size_t len, uint16_t flags)
{
	Bytes f = a4();
	f.resize(14 + len, 0x5a);
	put16(f, 16, (uint16_t)len);
	put16(f, 20, flags);
	fix_csum(f);
	return f;
}

// Host a's TCP segment to the gateway with flags @p flags (data offset @p doff words).
Bytes
tcp4(uint8_t flags, uint8_t doff = 5)
{
	Bytes f = a4();
	f[23] = 6;
	f.resize(14 + 20 + 20 + 4, 0);
	put16(f, 16, 20 + 20 + 4);
	put16(f, 34, 40000);
	put16(f, 36, 80);
	f[46] = (uint8_t)(doff << 4);
	f[47] = flags;
	put16(f, 48, 8192);
	fix_csum(f);
	return f;
}

// The TCP checksum of IPv4 frame @p f (no options) over its pseudo header, folded.
uint16_t
tcp4_sum(const Bytes &f)
{
	Bytes p(f.begin() + 26, f.begin() + 34);
	size_t len = f.size() - 34;
	p.insert(p.end(), {0, 6, (uint8_t)(len >> 8), (uint8_t)len});
	p.insert(p.end(), f.begin() + 34, f.end());
	return (uint16_t)l3test::sum(p, 0, p.size());
}

// @p f with its IPv4 and TCP checksums right.
Bytes
tcp4_fix(Bytes f)
{
	fix_csum(f);
	put16(f, 50, 0);
	put16(f, 50, (uint16_t)~tcp4_sum(f));
	return f;
}

Bytes
udp4(uint16_t dport, uint32_t to = ip4("10.3.0.2"))
{
	Bytes f = tcp4(0);
	f[23] = 17;
	put32(f, 30, to);
	put16(f, 36, dport);
	put16(f, 38, 8 + 16);
	f.resize(14 + 20 + 8 + 16);
	put16(f, 16, 20 + 8 + 16);
	fix_csum(f);
	return f;
}

// Host c's echo request on ring3 (to host a by default).
Bytes
c4(uint32_t to = ip4("10.1.0.2"))
{
	return l3test::echo(R3, HC, ip4("10.3.0.9"), to);
}

// Host a's ICMPv6 echo request to @p to (the gateway 2001:db8:3::2 by default).
Bytes
a6(const char *to = "2001:db8:3::2", uint8_t hlim = 64, const char *from = "2001:db8:100::2")
{
	return l3test6::echo6(GW, HA, from, to, hlim);
}

// a6() to @p to with extension headers @p ext (their next-header bytes chained) before the
// ICMPv6 message.
Bytes
a6_ext(std::vector<std::pair<uint8_t, Bytes>> ext, const char *to = "2001:db8:3::2")
{
	Bytes f = a6(to);
	uint8_t *next = &f[20];
	size_t at = 54, added = 0;
	for (auto &[type, body] : ext) {
		*next = type;
		f.insert(f.begin() + (long)at, body.begin(), body.end());
		f[at] = 58;
		next = &f[at];
		at += body.size();
		added += body.size();
	}
	put16(f, 18, (uint16_t)(get16(f, 18) + added));
	return f;
}

// An extension header of 8 bytes: next header (filled in), length 0, six bytes of @p fill.
Bytes
ext8(uint8_t fill = 1)
{
	Bytes e(8, 0);
	e[2] = fill; // a PadN option of four bytes when fill is 1
	e[3] = 4;
	return e;
}

// The datagram, TTL - 1, out of r3 to the gateway; @p n frames.
Want
to_gw(unsigned n = 1)
{
	return forward(3, n, [](const Bytes &in, const Bytes &o) {
		EXPECT_EQ(Bytes(o.begin(), o.begin() + 6), Bytes(NB3, NB3 + 6));
		EXPECT_EQ(Bytes(o.begin() + 6, o.begin() + 12), Bytes(R3, R3 + 6));
		if (get16(in, 12) == 0x0800) {
			EXPECT_EQ(o[22], in[22] - 1) << "TTL";
			EXPECT_EQ(l3test::sum(o, 14, (o[14] & 0xf) * 4u), 0xffff);
		} else {
			EXPECT_EQ(o[21], in[21] - 1) << "hop limit";
		}
	});
}

const Row kRows[] = {
	// IPv4 header.
	{"version 5", 1, [] { return a4_with(14, 0x55); }, drop("ip4_bad_version")},
	{"IHL 3", 1, [] { return a4_with(14, 0x43); }, drop("ip4_bad_ihl")},
	{"IHL 15 beyond the frame", 1, [] { Bytes f = a4(); f[14] = 0x4f; return f; },
	 drop("ip4_truncated")},
	{"header checksum wrong", 1, [] { Bytes f = a4(); f[25] ^= 1; return f; },
	 drop("ip4_bad_checksum")},
	{"total length 0", 1, [] { Bytes f = a4(); put16(f, 16, 0); fix_csum(f); return f; },
	 drop("ip4_bad_length")},
	{"total length 65535", 1, [] { Bytes f = a4(); put16(f, 16, 65535); fix_csum(f); return f; },
	 drop("ip4_bad_length")},
	{"cut to 10 bytes of header", 1, [] { Bytes f = a4(); f.resize(24); return f; },
	 drop("ip4_truncated")},
	// TTL.
	{"TTL 1: time exceeded", 1, [] { return a4(ip4("10.3.0.2"), 1); }, icmp(11, 0)},
	{"TTL 0: time exceeded", 1, [] { return a4(ip4("10.3.0.2"), 0); }, icmp(11, 0)},
	{"TTL 1 ICMP error: no error about an error", 1,
	 [] { Bytes f = a4_with(34, 3, 1); return f; }, drop("icmp_error_suppressed")},
	// Addresses.
	{"source 127.0.0.1", 1, [] { Bytes f = a4(); put32(f, 26, ip4("127.0.0.1")); fix_csum(f); return f; },
	 drop("ip4_martian_src")},
	{"source 0.0.0.0", 1, [] { Bytes f = a4(); put32(f, 26, 0); fix_csum(f); return f; },
	 drop("ip4_martian_src")},
	{"multicast source 239.1.1.1", 1,
	 [] { Bytes f = a4(); put32(f, 26, ip4("239.1.1.1")); fix_csum(f); return f; },
	 drop("ip4_martian_src")},
	{"broadcast source", 1,
	 [] { Bytes f = a4(); put32(f, 26, 0xffffffff); fix_csum(f); return f; },
	 drop("ip4_martian_src")},
	{"destination 127.0.0.1", 1, [] { return a4(ip4("127.0.0.1")); }, drop("ip4_martian_dst")},
	{"destination 255.255.255.255", 1, [] { return a4(0xffffffff); }, drop("ip4_not_unicast")},
	{"destination 224.0.0.251", 1, [] { return a4(ip4("224.0.0.251")); },
	 drop("ip4_not_unicast")},
	{"directed broadcast 10.3.0.255", 1, [] { return a4(ip4("10.3.0.255")); },
	 drop("ip4_not_unicast")},
	{"ping to its own subnet's broadcast 10.1.0.255 (Linux ignores broadcast pings)", 1,
	 [] { return a4(ip4("10.1.0.255")); }, drop("ip4_not_unicast")},
	{"Ethernet padding of 200 bytes: trimmed", 1,
	 [] { Bytes f = a4(); f.resize(f.size() + 200, 0xee); return f; }, to_gw()},
	// Routes and rules.
	{"to a blackhole route", 1, [] { return a4(ip4("198.51.100.1")); }, drop("ip4_blackhole")},
	{"to a prohibit route", 1, [] { return a4(ip4("203.0.113.1")); }, icmp(3, 13)},
	{"to an unreachable route", 1, [] { return a4(ip4("192.0.2.1")); }, icmp(3, 1)},
	{"UDP to port 53: the prohibit rule", 1, [] { return udp4(53); }, icmp(3, 13)},
	{"UDP to port 53 of a non-first fragment: no ports, no rule", 1,
	 [] { Bytes f = udp4(53); put16(f, 20, 0x0010); fix_csum(f); return f; }, to_gw()},
	{"DSCP 46 from r3: the blackhole rule", 3,
	 [] { Bytes f = c4(); f[15] = 0xb8; fix_csum(f); return f; }, drop("ip4_rule_blackhole")},
	{"UDP to r3's address: port unreachable", 1, [] { return udp4(33434, ip4("10.3.0.1")); },
	 icmp(3, 3)},
	{"TCP SYN to r3's address, no host path: a reset", 1,
	 [] { Bytes f = tcp4(0x02); put32(f, 30, ip4("10.3.0.1")); return tcp4_fix(f); },
	 answer([](const Bytes &in, const Bytes &out) {
		 ASSERT_GE(out.size(), 54u);
		 EXPECT_EQ(out[23], 6) << "TCP";
		 EXPECT_EQ(l3test::get16(out, 36), 40000) << "to the SYN's source port";
		 EXPECT_EQ(out[47], 0x14) << "RST+ACK, as Linux answers a SYN";
		 EXPECT_EQ(l3test::get32(out, 42), l3test::get32(in, 38) + 1 + 4)
			 << "acks the SYN and its 4 bytes, as tcp_v4_send_reset()";
		 EXPECT_EQ(tcp4_sum(out), 0xffff);
	 })},
	{"TCP to r3's address with its checksum wrong", 1,
	 [] { Bytes f = tcp4(0x02); put32(f, 30, ip4("10.3.0.1")); fix_csum(f); return f; },
	 drop("tcp_bad")},
	{"echo request to us with its checksum wrong", 1,
	 [] { Bytes f = a4(ip4("10.1.0.1")); f[37] ^= 1; return f; }, drop("icmp_bad")},
	{"echo request to us cut to 4 bytes of ICMP", 1,
	 [] {
		 Bytes f = a4(ip4("10.1.0.1"));
		 f.resize(14 + 20 + 4);
		 put16(f, 16, 24);
		 fix_csum(f);
		 return f;
	 },
	 drop("icmp_bad")},
	// Options: Linux forwards them (it checks their syntax only when it parses them).
	{"options: router alert", 1,
	 [] {
		 Bytes f = a4();
		 f.insert(f.begin() + 34, {0x94, 4, 0, 0});
		 f[14] = 0x46;
		 put16(f, 16, (uint16_t)(f.size() - 14));
		 fix_csum(f);
		 return f;
	 },
	 to_gw()},
	{"options: 40 bytes of NOPs (IHL 15)", 1,
	 [] {
		 Bytes f = a4();
		 f.insert(f.begin() + 34, 40, 1);
		 f[14] = 0x4f;
		 put16(f, 16, (uint16_t)(f.size() - 14));
		 fix_csum(f);
		 return f;
	 },
	 to_gw()},
	// Fragments: a router forwards them as they are (no reassembly, as Linux without
	// conntrack); errors only about the first.
	{"first fragment", 1, [] { return frag4(0x2000); }, to_gw()},
	{"middle fragment", 1, [] { return frag4(0x2000 | 185); }, to_gw()},
	{"last fragment", 1, [] { return frag4(370); }, to_gw()},
	{"overlapping fragment (offset 8 bytes)", 1, [] { return frag4(0x2000 | 1); }, to_gw()},
	{"fragment beyond 65535 bytes (ping of death)", 1, [] { return frag4(8189); }, to_gw()},
	{"fragment with DF and MF", 1, [] { return frag4(0x6000); }, to_gw()},
	{"reserved (evil) bit set", 1, [] { return frag4(0x8000); }, to_gw()},
	{"tiny TCP fragment (8 bytes at offset 0)", 1,
	 [] {
		 Bytes f = tcp4(0x02);
		 f.resize(14 + 20 + 8);
		 put16(f, 16, 28);
		 put16(f, 20, 0x2000);
		 fix_csum(f);
		 return f;
	 },
	 to_gw()},
	{"first fragment, TTL 1: time exceeded", 1, [] { return frag4(0x2000, 1); }, icmp(11, 0)},
	{"middle fragment, TTL 1: no error about a non-first fragment", 1,
	 [] { return frag4(0x2000 | 185, 1); }, drop("icmp_error_suppressed")},
	{"1500 bytes with DF over r3's MTU 1400: fragmentation needed", 1,
	 [] { return big4(1500, 0x4000); }, icmp(3, 4)},
	{"1500 bytes without DF over r3's MTU 1400: two fragments", 1,
	 [] { return big4(1500, 0); }, to_gw(2)},
	// TCP flag combinations: a router forwards them (no conntrack).
	{"TCP SYN+FIN", 1, [] { return tcp4(0x03); }, to_gw()},
	{"TCP SYN+RST", 1, [] { return tcp4(0x06); }, to_gw()},
	{"TCP null scan (no flags)", 1, [] { return tcp4(0); }, to_gw()},
	{"TCP Xmas (FIN PSH URG)", 1, [] { return tcp4(0x29); }, to_gw()},
	{"TCP all flags", 1, [] { return tcp4(0xff); }, to_gw()},
	{"TCP data offset 2 (under its header)", 1, [] { return tcp4(0x10, 2); }, to_gw()},
	// IPv6.
	{"IPv6 cut to 30 bytes of header", 1, [] { Bytes f = a6(); f.resize(44); return f; },
	 drop("ip6_truncated")},
	{"IPv6 version 4", 1, [] { Bytes f = a6(); f[14] = 0x40; return f; },
	 drop("ip6_bad_version")},
	{"IPv6 payload length beyond the frame", 1,
	 [] { Bytes f = a6(); put16(f, 18, 1000); return f; }, drop("ip6_bad_length")},
	{"IPv6 multicast source", 1, [] { return a6("2001:db8:3::2", 64, "ff02::1"); },
	 drop("ip6_martian")},
	{"IPv6 source ::1", 1, [] { return a6("2001:db8:3::2", 64, "::1"); }, drop("ip6_martian")},
	{"IPv6 to ::1", 1, [] { return a6("::1"); }, drop("ip6_martian")},
	{"IPv6 to ::", 1, [] { return a6("::"); }, drop("ip6_martian")},
	{"IPv6 to a group not joined, ff05::2, on a routed port", 3,
	 [] {
		 Bytes f = l3test6::echo6(R3, HC, "2001:db8:3::9", "ff05::2");
		 const uint8_t mc[6] = {0x33, 0x33, 0, 0, 0, 2};
		 memcpy(&f[0], mc, 6);
		 return f;
	 },
	 drop("ip6_not_unicast")},
	{"IPv6 to a link-local address not ours", 1, [] { return a6("fe80::99"); },
	 drop("ip6_link_local")},
	{"IPv6 hop limit 1: time exceeded", 1, [] { return a6("2001:db8:3::2", 1); }, icmp(3, 0)},
	{"IPv6 hop limit 0: time exceeded", 1, [] { return a6("2001:db8:3::2", 0); }, icmp(3, 0)},
	{"IPv6 to a prohibit route", 1, [] { return a6("2001:db8:66::1"); }, icmp(1, 1)},
	{"IPv6 hop limit 1 ICMPv6 error: no error about an error", 1,
	 [] { Bytes f = a6("2001:db8:3::2", 1); f[54] = 1; l3test6::fix_sum(f); return f; },
	 drop("icmp6_error_suppressed")},
	{"IPv6 UDP to r3's address: port unreachable", 1,
	 [] { Bytes f = a6("2001:db8:3::1"); f[20] = 17; return f; }, icmp(1, 4)},
	{"IPv6 echo to us with hop-by-hop and destination options: answered", 1,
	 [] { return a6_ext({{0, ext8()}, {60, ext8()}}, "2001:db8:100::1"); }, answer()},
	{"IPv6 to us, an extension header running past the packet", 1,
	 [] {
		 Bytes f = a6_ext({{60, ext8()}}, "2001:db8:100::1");
		 f[55] = 200; // its length
		 return f;
	 },
	 drop("ip6_bad_ext")},
	{"IPv6 hop-by-hop, routing and destination options, forwarded", 1,
	 [] { return a6_ext({{0, ext8()}, {43, ext8(0)}, {60, ext8()}}); }, to_gw()},
	{"IPv6 fragment header, forwarded", 1, [] { return a6_ext({{44, Bytes(8, 0)}}); },
	 to_gw()},
};

class HostileIp : public Hostile
{
};

TEST_P(HostileIp, DroppedByNameAnsweredOrForwarded)
{
	run(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Rows, HostileIp, ::testing::ValuesIn(kRows), row_name);

} // namespace
