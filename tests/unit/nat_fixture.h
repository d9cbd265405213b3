// SPDX-License-Identifier: BSD-3-Clause
// The NAT's test fixture (test_nat.cc, test_nat_dnat.cc): a real worker graph (l3_fixture.h)
// where r0 (ring0, 10.0.1.0/24) is the inside, r1 (ring1, 10.0.2.1/24) the outside,
// masquerading to 10.0.2.1; the remote network 192.0.2.0/24 is behind 10.0.2.2. Frames are
// built and read as bytes.
#ifndef VSW_TEST_NAT_FIXTURE_H
#define VSW_TEST_NAT_FIXTURE_H

#include <string>

#include "l3_fixture.h"

#include "nat/nat.h"
#include "nat/nat_priv.h"

namespace nattest
{

using namespace l3test;


// Ethernet + IPv4 + TCP (20 bytes) or UDP, 8 bytes of payload, checksums right.
inline Bytes
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
inline bool
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
		full_ = true; // gratuitous ARP of floating IPs
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
		walk();
		out(0);
		out(1); // the interfaces' own announcements
	}

	// A forward (proto 0: every port) or floating IP on r1, applied.
	void
	add_rule(uint8_t kind, const char *addr, uint8_t proto, uint16_t port, const char *to,
		 uint16_t to_port)
	{
		vsw_nat_rule_conf &r = cfg->nat.rules[cfg->nat.n_rules++];
		memset(&r, 0, sizeof(r));
		snprintf(r.rif, sizeof(r.rif), "r1");
		r.rif_idx = 1;
		r.kind = kind;
		r.addr = ip4(addr);
		r.proto = proto;
		r.port = port;
		r.to = ip4(to);
		r.to_port = to_port;
		reapply();
	}

	std::vector<vsw_nat_rule_info>
	rules()
	{
		std::vector<vsw_nat_rule_info> v;
		vsw_nat_rule_walk(
			[](const vsw_nat_rule_info *i, void *arg) {
				static_cast<std::vector<vsw_nat_rule_info> *>(arg)->push_back(*i);
			},
			&v);
		return v;
	}

	std::vector<std::string>
	kinds()
	{
		std::vector<std::string> v;
		vsw_nat_session_walk(
			0, 100,
			[](const vsw_nat_session_info *i, void *arg) {
				static_cast<std::vector<std::string> *>(arg)->push_back(i->kind);
			},
			&v);
		return v;
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

} // namespace nattest

#endif /* VSW_TEST_NAT_FIXTURE_H */
