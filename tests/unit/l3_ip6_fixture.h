// SPDX-License-Identifier: BSD-3-Clause
// The IPv6 router fixture (test_l3_ip6.cc, test_l3_routes6.cc): a real worker graph over ring
// ports, frames built and checked by bytes:
//   ring0: r0 2001:db8:1::1/64 (MAC R0, router advertisements on)
//   ring1: r1 2001:db8:2::1/64 (MAC R1, MTU 1400)
//   static neighbour 2001:db8:2::2 = NB on r1; 2001:db8:9::/48 via 2001:db8:2::2;
//   2001:db8:66::/64 prohibit.
#ifndef VSW_TEST_L3_IP6_FIXTURE_H
#define VSW_TEST_L3_IP6_FIXTURE_H

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include <rte_graph_worker.h>

#include "l3/l3.h"
#include "l3/l3_ctl.h"
#include "l3_fixture.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "vsw_feature.h"

namespace l3test6
{

using namespace l3test;

struct A6 {
	uint8_t b[16];
};

inline A6
ip6(const char *s)
{
	A6 a;
	inet_pton(AF_INET6, s, a.b);
	return a;
}

inline A6
addr_at(const Bytes &b, size_t at)
{
	A6 a;
	memcpy(a.b, &b[at], 16);
	return a;
}

inline bool
operator==(const A6 &x, const A6 &y)
{
	return memcmp(x.b, y.b, 16) == 0;
}

// The ICMPv6 checksum over the pseudo-header and the message (0xffff: right).
inline uint16_t
icmp6_sum(const Bytes &f)
{
	uint32_t s = 0, len = get16(f, 18);
	for (size_t i = 22; i < 54; i += 2)
		s += get16(f, i);
	s += len + 58;
	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(f[54 + i] << 8 | (i + 1 < len ? f[54 + i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

inline void
fix_sum(Bytes &f)
{
	put16(f, 56, 0);
	put16(f, 56, (uint16_t)~icmp6_sum(f));
}

// Ethernet + IPv6 + ICMPv6 of @p icmp (its checksum computed).
inline Bytes
ip6_frame(const uint8_t dst[6], const uint8_t src[6], const char *from, const char *to,
	  const Bytes &icmp, uint8_t hlim = 64)
{
	Bytes f(14 + 40, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x86dd);
	f[14] = 0x60;
	put16(f, 18, (uint16_t)icmp.size());
	f[20] = 58;
	f[21] = hlim;
	memcpy(&f[22], ip6(from).b, 16);
	memcpy(&f[38], ip6(to).b, 16);
	f.insert(f.end(), icmp.begin(), icmp.end());
	fix_sum(f);
	return f;
}

inline Bytes
echo6(const uint8_t dst[6], const uint8_t src[6], const char *from, const char *to,
      uint8_t hlim = 64, size_t payload = 16)
{
	Bytes icmp(8 + payload, 0);
	icmp[0] = 128;
	put16(icmp, 4, 7);
	put16(icmp, 6, 1);
	for (size_t i = 8; i < icmp.size(); i++)
		icmp[i] = (uint8_t)i;
	return ip6_frame(dst, src, from, to, icmp, hlim);
}

// A neighbour solicitation or advertisement (@p type 135/136) for @p target with a
// link-layer address option of @p ll.
inline Bytes
nd(uint8_t type, const uint8_t dst[6], const uint8_t src[6], const char *from, const char *to,
   const char *target, const uint8_t ll[6], uint8_t flags = 0)
{
	Bytes icmp(24 + 8, 0);
	icmp[0] = type;
	icmp[4] = flags;
	memcpy(&icmp[8], ip6(target).b, 16);
	icmp[24] = type == 135 ? 1 : 2;
	icmp[25] = 1;
	memcpy(&icmp[26], ll, 6);
	return ip6_frame(dst, src, from, to, icmp, 255);
}

const uint8_t MC_SN1[6] = {0x33, 0x33, 0xff, 0x00, 0x00, 0x01}; // ff02::1:ff00:1

class L3v6 : public ::testing::Test
{
      protected:
	std::unique_ptr<vsw_config> cfg;
	std::map<unsigned, std::vector<Bytes>> sent_;

	void
	SetUp() override
	{
		RingPorts::get();
		cfg = ring_config();
		vsw_l3_conf &l3 = cfg->l3;
		l3.n_vrfs = 1;
		snprintf(l3.vrfs[0], sizeof(l3.vrfs[0]), "default");
		l3.neigh_timeout_s = 300;
		add_rif("r0", 0, "2001:db8:1::1", R0);
		add_rif("r1", 1, "2001:db8:2::1", R1);
		l3.rifs[0].ra = true;
		l3.rifs[1].mtu = 1400;
		l3.neighs6[0].rif = 1;
		memcpy(l3.neighs6[0].addr, ip6("2001:db8:2::2").b, 16);
		memcpy(l3.neighs6[0].mac, NB, 6);
		l3.n_neighs6 = 1;
		vsw_route6_conf &r = l3.routes6[l3.n_routes6++];
		memcpy(r.to.addr, ip6("2001:db8:9::").b, 16);
		r.to.len = 48;
		r.type = VSW_ROUTE_VIA;
		r.n_via = 1;
		memcpy(r.via[0], ip6("2001:db8:2::2").b, 16);
		r.table = VSW_TABLE_MAIN;
		vsw_route6_conf &p = l3.routes6[l3.n_routes6++];
		memcpy(p.to.addr, ip6("2001:db8:66::").b, 16);
		p.to.len = 64;
		p.type = VSW_ROUTE_PROHIBIT;
		p.table = VSW_TABLE_MAIN;
		ASSERT_TRUE(ring_pipeline_init(cfg.get(), 1024));
		vsw_l3.pool = RingPorts::get().pool; // the control thread's own packets (RA)
		walk();
		out(0); // what the apply announced
		out(1);
	}

	void
	TearDown() override
	{
		vsw_l3.pool = nullptr;
		pipeline_teardown();
	}

	void
	add_rif(const char *name, uint16_t port, const char *addr, const uint8_t mac[6])
	{
		vsw_rif_conf &r = cfg->l3.rifs[cfg->l3.n_rifs++];
		snprintf(r.name, sizeof(r.name), "%s", name);
		r.port = port;
		r.bridge = VSW_RIF_NONE;
		r.n_addrs6 = 1;
		memcpy(r.addrs6[0].addr, ip6(addr).b, 16);
		r.addrs6[0].len = 64;
		r.has_mac = true;
		memcpy(r.mac, mac, 6);
	}

	void
	walk()
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
		for (unsigned p = 0; p < kRingPorts; p++)
			for (Bytes &b : RingPorts::get().drain(p))
				sent_[p].push_back(std::move(b));
		vsw_l3_poll(0);
		rte_graph_walk(vsw_pipeline_worker(0)->graph); // what the control thread injected
		for (unsigned p = 0; p < kRingPorts; p++)
			for (Bytes &b : RingPorts::get().drain(p))
				sent_[p].push_back(std::move(b));
	}

	std::vector<Bytes>
	out(unsigned port)
	{
		std::vector<Bytes> o = std::move(sent_[port]);
		sent_[port].clear();
		return o;
	}

	// Host a asks for its gateway: the router learns it on the way.
	void
	learn_a()
	{
		RingPorts::get().inject(0, nd(135, MC_SN1, HA, "2001:db8:1::2", "ff02::1:ff00:1",
					      "2001:db8:1::1", HA));
		walk();
		out(0);
	}
};

} // namespace l3test6

#endif /* VSW_TEST_L3_IP6_FIXTURE_H */
