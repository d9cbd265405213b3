// SPDX-License-Identifier: BSD-3-Clause
// The router's test fixture: a real worker graph over ring ports, frames built and read as
// bytes (test_l3.cc, test_l3_rules.cc, test_l3_nh.cc):
//   ring0: r0 10.0.1.1/24 (MAC R0)       ring1: r1 10.0.2.1/24 (MAC R1)
//   static neighbour 10.0.2.2 = NB on r1; 192.0.2.0/24 via 10.0.2.2;
//   198.51.100.0/24 blackhole; 203.0.113.0/24 prohibit.
#ifndef VSW_TEST_L3_FIXTURE_H
#define VSW_TEST_L3_FIXTURE_H

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cassert>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include <rte_graph_worker.h>
#include <rte_ip.h>

#include "l3/l3.h"
#include "l3/l3_ctl.h"
#include "vsw_feature.h"
#include "pipeline_counters.h"
#include "ring_ports.h"

namespace l3test
{

using Bytes = std::vector<uint8_t>;

const uint8_t R0[6] = {0x02, 0, 0, 0, 0x01, 0x01};
const uint8_t R1[6] = {0x02, 0, 0, 0, 0x01, 0x02};
const uint8_t HA[6] = {0x02, 0, 0, 0, 0x0a, 0x02}; // host a, 10.0.1.2 behind ring0
const uint8_t NB[6] = {0x02, 0, 0, 0, 0x0b, 0x02}; // neighbour 10.0.2.2 behind ring1
const uint8_t BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

inline uint32_t
ip4(const char *s)
{
	in_addr a;
	inet_pton(AF_INET, s, &a);
	return ntohl(a.s_addr);
}

inline void
put16(Bytes &b, size_t at, uint16_t v)
{
	b[at] = v >> 8;
	b[at + 1] = v & 0xff;
}

inline void
put32(Bytes &b, size_t at, uint32_t v)
{
	put16(b, at, v >> 16);
	put16(b, at + 2, v & 0xffff);
}

inline uint16_t
get16(const Bytes &b, size_t at)
{
	return (uint16_t)(b[at] << 8 | b[at + 1]);
}

inline uint32_t
get32(const Bytes &b, size_t at)
{
	return (uint32_t)get16(b, at) << 16 | get16(b, at + 2);
}

// One's complement sum of @p len bytes from @p at, folded (0xffff: the checksum is right).
inline uint16_t
sum(const Bytes &b, size_t at, size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(b[at + i] << 8 | (i + 1 < len ? b[at + i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

// Ethernet + IPv4 + ICMP echo request (id 7, seq 1) + 16 bytes of payload.
inline Bytes
echo(const uint8_t dst[6], const uint8_t src[6], uint32_t from, uint32_t to, uint8_t ttl = 64)
{
	Bytes f(14 + 20 + 8 + 16, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, 20 + 8 + 16);
	f[22] = ttl;
	f[23] = 1;
	put32(f, 26, from);
	put32(f, 30, to);
	put16(f, 24, (uint16_t)~sum(f, 14, 20));
	f[34] = 8;
	put16(f, 38, 7);
	put16(f, 40, 1);
	for (size_t i = 42; i < f.size(); i++)
		f[i] = (uint8_t)i;
	put16(f, 36, (uint16_t)~sum(f, 34, f.size() - 34));
	return f;
}

inline Bytes
arp(uint16_t op, const uint8_t dst[6], const uint8_t sha[6], uint32_t sip, uint32_t tip)
{
	Bytes f(60, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], sha, 6);
	put16(f, 12, 0x0806);
	put16(f, 14, 1);
	put16(f, 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put16(f, 20, op);
	memcpy(&f[22], sha, 6);
	put32(f, 28, sip);
	put32(f, 38, tip);
	return f;
}

// The IPv4 header checksum of frame @p f again (its IHL).
inline void
fix_csum(Bytes &f)
{
	size_t hl = (f[14] & 0xf) * 4u;
	put16(f, 24, 0);
	put16(f, 24, (uint16_t)~sum(f, 14, hl));
}

class L3 : public ::testing::Test
{
      protected:
	std::unique_ptr<vsw_config> cfg;
	std::map<unsigned, std::vector<Bytes>> sent_;
	bool full_ = false; // ring_pipeline_init()'s full: the control side sends (gratuitous ARP)

	void
	SetUp() override
	{
		RingPorts::get();
		cfg = ring_config();
		vsw_l3_conf &l3 = cfg->l3;
		l3.n_vrfs = 1;
		snprintf(l3.vrfs[0], sizeof(l3.vrfs[0]), "default");
		l3.neigh_timeout_s = 300;
		l3.routes = static_cast<vsw_route_conf *>(calloc(kRoutes, sizeof(vsw_route_conf)));
		add_rif("r0", 0, "10.0.1.1", 24, R0);
		add_rif("r1", 1, "10.0.2.1", 24, R1);
		l3.neighs[0].rif = 1;
		l3.neighs[0].addr = ip4("10.0.2.2");
		memcpy(l3.neighs[0].mac, NB, 6);
		l3.n_neighs = 1;
		add_route("192.0.2.0", 24, VSW_ROUTE_VIA, ip4("10.0.2.2"));
		add_route("198.51.100.0", 24, VSW_ROUTE_BLACKHOLE);
		add_route("203.0.113.0", 24, VSW_ROUTE_PROHIBIT);

		ASSERT_TRUE(ring_pipeline_init(cfg.get(), 1024, nullptr, full_));
	}

	void
	TearDown() override
	{
		pipeline_teardown();
		vsw_config_release(cfg.get());
	}

	static constexpr unsigned kRoutes = 128;

	void
	add_rif(const char *name, uint16_t port, const char *addr, uint8_t len, const uint8_t mac[6])
	{
		vsw_rif_conf &r = cfg->l3.rifs[cfg->l3.n_rifs++];
		snprintf(r.name, sizeof(r.name), "%s", name);
		r.port = port;
		r.bridge = VSW_RIF_NONE;
		r.n_addrs = 1;
		r.addrs[0].addr = ip4(addr);
		r.addrs[0].len = len;
		r.has_mac = true;
		memcpy(r.mac, mac, 6);
	}

	void
	add_route(const char *to, uint8_t len, uint8_t type, uint32_t via = 0)
	{
		assert(cfg->l3.n_routes < kRoutes);
		vsw_route_conf &r = cfg->l3.routes[cfg->l3.n_routes++];
		r.to.addr = ip4(to);
		r.to.len = len;
		r.type = type;
		r.via[0] = via;
		r.n_via = via != 0 ? 1 : 0;
		r.table = VSW_TABLE_MAIN;
	}

	void
	reapply()
	{
		uint16_t ids[VSW_MAX_PORTS];
		ring_ids(*cfg, ids);
		char err[256] = "";
		ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	}

	// One graph walk, what the ports sent collected, then the control thread's turn.
	void
	walk()
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
		for (unsigned p = 0; p < kRingPorts; p++)
			for (Bytes &b : RingPorts::get().drain(p))
				sent_[p].push_back(std::move(b));
		vsw_l3_poll(0);
	}

	std::vector<Bytes>
	out(unsigned port)
	{
		std::vector<Bytes> o = std::move(sent_[port]);
		sent_[port].clear();
		return o;
	}

	// Host a (10.0.1.2) asks for its gateway: the router learns it on the way.
	void
	learn_a()
	{
		RingPorts::get().inject(0, arp(1, BCAST, HA, ip4("10.0.1.2"), ip4("10.0.1.1")));
		walk();
		out(0);
	}
};

} // namespace l3test

#endif /* VSW_TEST_L3_FIXTURE_H */
