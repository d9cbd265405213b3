// SPDX-License-Identifier: BSD-3-Clause
// Fragments of translated flows (nat_reass.c, nat_fixture.h): reassembled, translated, cut
// to the egress MTU again, both ways; what reassembly gives up dropped by name, no mbuf kept.
#include <map>

#include "nat_fixture.h"

using namespace nattest;

namespace
{

// Ethernet + IPv4 (id @p id) + UDP with @p n bytes of payload, checksums right.
Bytes
udp_big(const uint8_t dst[6], const uint8_t src[6], uint32_t from, uint32_t to, uint16_t sport,
	uint16_t dport, size_t n, uint16_t id)
{
	Bytes f(14 + 20 + 8 + n, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, (uint16_t)(20 + 8 + n));
	put16(f, 18, id);
	f[22] = 64;
	f[23] = 17;
	put32(f, 26, from);
	put32(f, 30, to);
	put16(f, 24, (uint16_t)~sum(f, 14, 20));
	put16(f, 34, sport);
	put16(f, 36, dport);
	put16(f, 38, (uint16_t)(8 + n));
	for (size_t i = 0; i < n; i++)
		f[42 + i] = (uint8_t)(i * 7 + 3);
	Bytes ph(12 + 8 + n);
	put32(ph, 0, from);
	put32(ph, 4, to);
	ph[9] = 17;
	put16(ph, 10, (uint16_t)(8 + n));
	memcpy(&ph[12], &f[34], 8 + n);
	put16(f, 40, (uint16_t)~sum(ph, 0, ph.size()));
	return f;
}

// Frame @p f cut into fragments of @p chunk bytes of payload (a multiple of 8).
std::vector<Bytes>
cut(const Bytes &f, size_t chunk)
{
	std::vector<Bytes> v;
	size_t len = f.size() - 34;
	for (size_t off = 0; off < len; off += chunk) {
		size_t n = std::min(chunk, len - off);
		Bytes g(34 + n);
		memcpy(&g[0], &f[0], 34);
		memcpy(&g[34], &f[34 + off], n);
		put16(g, 16, (uint16_t)(20 + n));
		put16(g, 20, (uint16_t)((off + n < len ? 0x2000 : 0) | off / 8));
		fix_csum(g);
		v.push_back(g);
	}
	return v;
}

// Fragments @p v put together (by offset) into one frame; empty if they do not make one.
Bytes
join(const std::vector<Bytes> &v)
{
	std::map<size_t, Bytes> parts;
	Bytes head;
	for (const Bytes &g : v) {
		size_t off = (get16(g, 20) & 0x1fff) * 8u;
		if (off == 0)
			head = g;
		parts[off] = Bytes(g.begin() + 34, g.begin() + 14 + get16(g, 16));
	}
	if (head.empty())
		return {};
	Bytes f(head.begin(), head.begin() + 34);
	for (auto &[off, p] : parts) {
		if (off != f.size() - 34)
			return {};
		f.insert(f.end(), p.begin(), p.end());
	}
	put16(f, 16, (uint16_t)(f.size() - 14));
	put16(f, 20, 0);
	fix_csum(f);
	return f;
}

class NatFrag : public Nat
{
      protected:
	std::vector<Bytes>
	send_all(unsigned port, const std::vector<Bytes> &v, unsigned to)
	{
		for (const Bytes &g : v)
			RingPorts::get().inject(port, g);
		walk();
		auto o = out(to);
		out(to == 0 ? 1 : 0);
		return o;
	}
};

TEST_F(NatFrag, UdpDatagramInFragmentsIsTranslatedBothWays)
{
	Bytes d = udp_big(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 7, 3992, 0x1234);
	auto o = send_all(0, cut(d, 1480), 1);
	ASSERT_GE(o.size(), 3u) << "cut again for the 1500-byte egress";
	for (const Bytes &g : o) {
		EXPECT_LE(g.size(), 14u + 1500u);
		EXPECT_EQ(sum(g, 14, 20), 0xffff) << "each fragment's header checksum";
		EXPECT_EQ(get32(g, 26), ip4("10.0.2.1")) << "each fragment's source translated";
		EXPECT_EQ(get16(g, 18), 0x1234) << "the datagram's id kept";
	}
	Bytes w = join(o);
	ASSERT_EQ(w.size(), d.size()) << "all of it left";
	EXPECT_TRUE(l4_ok(w)) << "the UDP checksum over the whole datagram, after translation";
	uint16_t port = get16(w, 34);
	EXPECT_EQ(Bytes(w.begin() + 42, w.end()), Bytes(d.begin() + 42, d.end()));
	EXPECT_EQ(stats().sessions, 1u);

	// The answer, as big, in fragments: back to the host.
	Bytes r = udp_big(R1, NB, ip4("192.0.2.9"), ip4("10.0.2.1"), 7, port, 3992, 0x4321);
	auto b = send_all(1, cut(r, 1480), 0);
	ASSERT_GE(b.size(), 3u);
	Bytes wb = join(b);
	ASSERT_EQ(wb.size(), r.size());
	EXPECT_EQ(get32(wb, 30), ip4("10.0.1.2"));
	EXPECT_EQ(get16(wb, 36), 5000u);
	EXPECT_TRUE(l4_ok(wb));
	EXPECT_EQ(node_stats()["drop_nat_frag_invalid"].objs, 0u);
}

TEST_F(NatFrag, IncompleteDatagramTimesOut)
{
	Bytes d = udp_big(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 7, 2000, 7);
	auto f = cut(d, 1480);
	auto o = send_all(0, {f[0]}, 1);
	EXPECT_TRUE(o.empty()) << "held for the rest";
	vsw_nat.now_s += NAT_FRAG_TIMEOUT_S + 1;
	walk();
	EXPECT_EQ(node_stats()["drop_nat_frag_timeout"].objs, 1u);
	o = send_all(0, {f[1]}, 1);
	EXPECT_TRUE(o.empty()) << "the rest alone makes nothing";
	EXPECT_EQ(stats().sessions, 0u);
}

TEST_F(NatFrag, DuplicateFirstFragmentAndTinyFirstFragmentAreDroppedByName)
{
	Bytes d = udp_big(R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 5000, 7, 2000, 8);
	auto f = cut(d, 1480);
	auto o = send_all(0, {f[0], f[0]}, 1);
	EXPECT_TRUE(o.empty());
	EXPECT_EQ(node_stats()["drop_nat_frag_invalid"].objs, 2u) << "both copies";
	o = send_all(0, {f[1]}, 1);
	EXPECT_TRUE(o.empty());

	// A TCP segment whose first fragment holds 8 bytes of its header (RFC 1858).
	Bytes t = l4(6, R0, HA, ip4("10.0.1.2"), ip4("192.0.2.9"), 40000, 80, SYN);
	o = send_all(0, cut(t, 8), 1);
	EXPECT_TRUE(o.empty());
	EXPECT_EQ(node_stats()["drop_nat_frag_tiny"].objs, 1u);
	EXPECT_EQ(stats().sessions, 0u);
}

} // namespace
