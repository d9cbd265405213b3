// SPDX-License-Identifier: BSD-3-Clause
// The router's IPv6 nodes (ip6_input, ip6_local, nd_request, icmp6_error) and its neighbour
// discovery in a real worker graph over ring ports, checked by the bytes each port sends and
// by the named drops:
//   ring0: r0 2001:db8:1::1/64 (MAC R0, router advertisements on)
//   ring1: r1 2001:db8:2::1/64 (MAC R1, MTU 1400)
//   static neighbour 2001:db8:2::2 = NB on r1; 2001:db8:9::/48 via 2001:db8:2::2;
//   2001:db8:66::/64 prohibit.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include <rte_graph_worker.h>

#include "l3/l3.h"
#include "l3/l3_ctl.h"
#include "l3_fixture.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "vsw_feature.h"

namespace
{

using namespace l3test;

struct A6 {
	uint8_t b[16];
};

A6
ip6(const char *s)
{
	A6 a;
	inet_pton(AF_INET6, s, a.b);
	return a;
}

A6
addr_at(const Bytes &b, size_t at)
{
	A6 a;
	memcpy(a.b, &b[at], 16);
	return a;
}

bool
operator==(const A6 &x, const A6 &y)
{
	return memcmp(x.b, y.b, 16) == 0;
}

// The ICMPv6 checksum over the pseudo-header and the message (0xffff: right).
uint16_t
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

void
fix_sum(Bytes &f)
{
	put16(f, 56, 0);
	put16(f, 56, (uint16_t)~icmp6_sum(f));
}

// Ethernet + IPv6 + ICMPv6 of @p icmp (its checksum computed).
Bytes
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

Bytes
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
Bytes
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

} // namespace

TEST_F(L3v6, SolicitationForOurAddressIsAdvertisedAndTheAskerLearned)
{
	RingPorts::get().inject(0, nd(135, MC_SN1, HA, "2001:db8:1::2", "ff02::1:ff00:1",
				      "2001:db8:1::1", HA));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6)) << "to the asker's MAC";
	EXPECT_EQ(Bytes(r.begin() + 6, r.begin() + 12), Bytes(R0, R0 + 6));
	EXPECT_EQ(r[21], 255) << "hop limit";
	EXPECT_TRUE(addr_at(r, 22) == ip6("2001:db8:1::1"));
	EXPECT_TRUE(addr_at(r, 38) == ip6("2001:db8:1::2"));
	EXPECT_EQ(r[54], 136) << "an advertisement";
	EXPECT_EQ(r[58], 0xe0) << "router, solicited, override";
	EXPECT_TRUE(addr_at(r, 62) == ip6("2001:db8:1::1"));
	EXPECT_EQ(r[78], 2) << "target link-layer address option";
	EXPECT_EQ(Bytes(r.begin() + 80, r.begin() + 86), Bytes(R0, R0 + 6));
	EXPECT_EQ(icmp6_sum(r), 0xffff);

	bool learned = false;
	vsw_l3_neigh_walk(
	    [](const vsw_l3_neigh_info *n, void *arg) {
		    if (n->v6 && memcmp(n->ip6, ip6("2001:db8:1::2").b, 16) == 0 && n->resolved &&
			memcmp(n->mac, HA, 6) == 0)
			    *static_cast<bool *>(arg) = true;
	    },
	    &learned);
	EXPECT_TRUE(learned) << "the solicitor, from its source link-layer address option";

	// Not ours: dropped by name, not answered.
	RingPorts::get().inject(0, nd(135, MC_SN1, HA, "2001:db8:1::2", "ff02::1:ff00:1",
				      "2001:db8:1::99", HA));
	walk();
	EXPECT_TRUE(out(0).empty());
	EXPECT_EQ(drops("nd_not_for_us"), 1u);
}

TEST_F(L3v6, EchoToTheGatewayAndItsLinkLocalAddressIsAnswered)
{
	learn_a();
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1"));
	// r0's link-local address: EUI-64 of 02:00:00:00:01:01.
	RingPorts::get().inject(0, echo6(R0, HA, "fe80::aa", "fe80::ff:fe00:101"));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 2u);
	EXPECT_TRUE(addr_at(o[0], 22) == ip6("2001:db8:1::1"));
	EXPECT_TRUE(addr_at(o[0], 38) == ip6("2001:db8:1::2"));
	EXPECT_TRUE(addr_at(o[1], 22) == ip6("fe80::ff:fe00:101"));
	EXPECT_TRUE(addr_at(o[1], 38) == ip6("fe80::aa"));
	for (const Bytes &r : o) {
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6));
		EXPECT_EQ(r[54], 129) << "echo reply";
		EXPECT_EQ(get16(r, 58), 7) << "its id";
		EXPECT_EQ(icmp6_sum(r), 0xffff);
	}
}

TEST_F(L3v6, ForwardingDecrementsTheHopLimitAndRewritesTheMacs)
{
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2", 10));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:9:5::1", 10));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 2u);
	for (const Bytes &r : o) {
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(NB, NB + 6));
		EXPECT_EQ(Bytes(r.begin() + 6, r.begin() + 12), Bytes(R1, R1 + 6));
		EXPECT_EQ(r[21], 9) << "hop limit";
		EXPECT_EQ(icmp6_sum(r), 0xffff) << "untouched";
	}
	EXPECT_TRUE(out(0).empty());
}

TEST_F(L3v6, ErrorsAsLinuxSendsThem)
{
	learn_a();
	Bytes hl1 = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2", 1);
	RingPorts::get().inject(0, hl1);
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:77::1"));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:66::1"));
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2", 64, 1400));
	RingPorts::get().inject(0, echo6(R0, HA, "fe80::aa", "2001:db8:2::2"));
	walk();
	EXPECT_TRUE(out(1).empty());
	auto o = out(0);
	ASSERT_EQ(o.size(), 5u);
	const uint8_t want[5][2] = {{3, 0}, {1, 0}, {1, 1}, {2, 0}, {1, 2}};
	for (size_t i = 0; i < o.size(); i++) {
		const Bytes &r = o[i];
		EXPECT_EQ(r[54], want[i][0]) << i;
		EXPECT_EQ(r[55], want[i][1]) << i;
		EXPECT_EQ(icmp6_sum(r), 0xffff) << i;
		EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(HA, HA + 6)) << i;
		EXPECT_LE(r.size(), 14u + 1280u) << "quotes up to the minimum MTU";
	}
	EXPECT_TRUE(addr_at(o[0], 22) == ip6("2001:db8:1::1")) << "from r0's address";
	EXPECT_EQ(Bytes(o[0].begin() + 62, o[0].end()), Bytes(hl1.begin() + 14, hl1.end()))
		<< "quotes the packet";
	EXPECT_EQ(get16(o[3], 60), 1400) << "packet too big carries the MTU";
	EXPECT_TRUE(addr_at(o[4], 22) == ip6("fe80::ff:fe00:101"))
		<< "to a link-local source: from the link-local address";
}

TEST_F(L3v6, AnUnresolvedHostIsSolicitedItsPacketsHeldThenSent)
{
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::77", 20));
	walk();
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::77", 30));
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u) << "one solicitation";
	const Bytes &s = o[0];
	const uint8_t sn[6] = {0x33, 0x33, 0xff, 0x00, 0x00, 0x77};
	EXPECT_EQ(Bytes(s.begin(), s.begin() + 6), Bytes(sn, sn + 6));
	EXPECT_TRUE(addr_at(s, 38) == ip6("ff02::1:ff00:77")) << "the solicited-node group";
	EXPECT_TRUE(addr_at(s, 22) == ip6("2001:db8:2::1"));
	EXPECT_EQ(s[54], 135);
	EXPECT_TRUE(addr_at(s, 62) == ip6("2001:db8:2::77"));
	EXPECT_EQ(Bytes(s.begin() + 80, s.begin() + 86), Bytes(R1, R1 + 6));
	EXPECT_EQ(icmp6_sum(s), 0xffff);
	EXPECT_EQ(drops("ip6_neigh_pending"), 0u);

	const uint8_t H77[6] = {0x02, 0, 0, 0, 0x0b, 0x77};
	RingPorts::get().inject(1, nd(136, R1, H77, "2001:db8:2::77", "2001:db8:2::1",
				      "2001:db8:2::77", H77, 0x60));
	walk();
	walk();
	o = out(1);
	ASSERT_EQ(o.size(), 2u);
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(H77, H77 + 6));
	EXPECT_EQ(get16(o[0], 12), 0x86dd);
	EXPECT_EQ(o[0][21], 19);
	EXPECT_EQ(o[1][21], 29);
}

TEST_F(L3v6, RouterSolicitationIsAnsweredWithTheInterfacesPrefixes)
{
	Bytes rs(8 + 8, 0);
	rs[0] = 133;
	rs[8] = 1;
	rs[9] = 1;
	memcpy(&rs[10], HA, 6);
	const uint8_t all_routers[6] = {0x33, 0x33, 0, 0, 0, 2};
	RingPorts::get().inject(0, ip6_frame(all_routers, HA, "fe80::aa", "ff02::2", rs, 255));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &ra = o[0];
	EXPECT_TRUE(addr_at(ra, 22) == ip6("fe80::ff:fe00:101")) << "from the link-local address";
	EXPECT_TRUE(addr_at(ra, 38) == ip6("ff02::1"));
	EXPECT_EQ(ra[21], 255);
	EXPECT_EQ(ra[54], 134);
	EXPECT_EQ(get16(ra, 60), 1800) << "router lifetime";
	// Options: source link-layer address, MTU, the prefix.
	EXPECT_EQ(ra[70], 1);
	EXPECT_EQ(ra[78], 5);
	EXPECT_EQ(get16(ra, 82) << 16 | get16(ra, 84), 1500);
	EXPECT_EQ(ra[86], 3) << "prefix information";
	EXPECT_EQ(ra[88], 64);
	EXPECT_EQ(ra[89], 0xc0) << "on-link, autonomous";
	EXPECT_TRUE(addr_at(ra, 102) == ip6("2001:db8:1::"));
	EXPECT_EQ(icmp6_sum(ra), 0xffff);
	EXPECT_EQ(drops("nd_consumed"), 1u);
}

TEST_F(L3v6, MalformedIpv6IsDroppedByName)
{
	Bytes runt = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2");
	runt.resize(14 + 30);
	Bytes ver = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2");
	ver[14] = 0x40;
	Bytes len = echo6(R0, HA, "2001:db8:1::2", "2001:db8:2::2");
	put16(len, 18, 1000);
	Bytes mc_src = echo6(R0, HA, "ff02::1", "2001:db8:2::2");
	Bytes ll_dst = echo6(R0, HA, "2001:db8:1::2", "fe80::99");
	Bytes group = echo6(R0, HA, "2001:db8:1::2", "ff05::1");
	group[0] = 0x33;
	group[1] = 0x33;
	Bytes ns_hlim = nd(135, R0, HA, "2001:db8:1::2", "2001:db8:1::1", "2001:db8:1::1", HA);
	ns_hlim[21] = 64;
	fix_sum(ns_hlim);
	Bytes bad_ck = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	bad_ck[60] ^= 1;
	Bytes tcp = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	tcp[20] = 6;
	for (const Bytes *f : {&runt, &ver, &len, &mc_src, &ll_dst, &group, &ns_hlim, &bad_ck, &tcp})
		RingPorts::get().inject(0, *f);
	walk();
	EXPECT_TRUE(out(1).empty());
	EXPECT_TRUE(out(0).empty());
	EXPECT_EQ(drops("ip6_truncated"), 1u);
	EXPECT_EQ(drops("ip6_bad_version"), 1u);
	EXPECT_EQ(drops("ip6_bad_length"), 1u);
	EXPECT_EQ(drops("ip6_martian"), 1u);
	EXPECT_EQ(drops("ip6_link_local"), 1u);
	EXPECT_EQ(drops("ip6_not_unicast"), 1u);
	EXPECT_EQ(drops("nd_malformed"), 1u);
	EXPECT_EQ(drops("icmp6_bad"), 1u);
	EXPECT_EQ(drops("ip6_local_unhandled"), 1u);
}

TEST_F(L3v6, EchoBehindExtensionHeadersIsAnsweredABrokenChainDropped)
{
	learn_a();
	// A hop-by-hop header (PadN) and a destination options header before the echo request.
	Bytes f = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	const uint8_t ext[16] = {60, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0};
	f.insert(f.begin() + 54, ext, ext + 16);
	f[20] = 0; // hop-by-hop
	put16(f, 18, (uint16_t)(get16(f, 18) + 16));
	Bytes broken = f;
	broken[55] = 200; // its length runs past the packet
	RingPorts::get().inject(0, f);
	RingPorts::get().inject(0, broken);
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u);
	const Bytes &r = o[0];
	EXPECT_EQ(r[20], 58) << "the reply carries no extension header";
	EXPECT_EQ(r[54], 129);
	EXPECT_EQ(r.size(), f.size() - 16);
	EXPECT_EQ(icmp6_sum(r), 0xffff);
	EXPECT_EQ(drops("ip6_bad_ext"), 1u);
}

TEST_F(L3v6, EcmpSpreadsFlowsAndKeepsEachOnOnePath)
{
	const uint8_t NC[6] = {0x02, 0, 0, 0, 0x0c, 0x03};
	vsw_l3_conf &l3 = cfg->l3;
	l3.neighs6[1] = l3.neighs6[0];
	memcpy(l3.neighs6[1].addr, ip6("2001:db8:2::3").b, 16);
	memcpy(l3.neighs6[1].mac, NC, 6);
	l3.n_neighs6 = 2;
	vsw_route6_conf &r = l3.routes6[l3.n_routes6++];
	memcpy(r.to.addr, ip6("2001:db8:e::").b, 16);
	r.to.len = 48;
	r.type = VSW_ROUTE_VIA;
	r.n_via = 2;
	memcpy(r.via[0], ip6("2001:db8:2::2").b, 16);
	memcpy(r.via[1], ip6("2001:db8:2::3").b, 16);
	r.table = VSW_TABLE_MAIN;
	uint16_t ids[VSW_MAX_PORTS];
	ring_ids(*cfg, ids);
	char err[256] = "";
	ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;

	// 64 flows (destinations), each sent twice.
	std::map<int, std::set<int>> paths;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 64; i++) {
			char to[64];
			snprintf(to, sizeof(to), "2001:db8:e::%x", i + 1);
			RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", to));
			if (i % 32 == 31)
				walk(); // a burst at a time: drain() empties the ring rx reads too
		}
		for (const Bytes &f : out(1)) {
			int flow = get16(f, 52);
			paths[flow].insert(memcmp(&f[0], NB, 6) == 0 ? 0 : memcmp(&f[0], NC, 6) == 0 ? 1 : 2);
		}
	}
	EXPECT_EQ(all_drops(), 0u);
	ASSERT_EQ(paths.size(), 64u);
	int on[3] = {0, 0, 0};
	for (auto &p : paths) {
		EXPECT_EQ(p.second.size(), 1u) << "flow " << p.first << " took one path";
		on[*p.second.begin()]++;
	}
	EXPECT_GE(on[0], 10);
	EXPECT_GE(on[1], 10);
	EXPECT_EQ(on[2], 0);
}

TEST_F(L3v6, UdpToTheRouterIsPortUnreachableAndRejectRoutesDecideBeforeTheHopLimit)
{
	learn_a();
	Bytes udp = echo6(R0, HA, "2001:db8:1::2", "2001:db8:1::1");
	udp[20] = 17; // UDP: the bytes after the header are its header now
	RingPorts::get().inject(0, udp);
	RingPorts::get().inject(0, echo6(R0, HA, "2001:db8:1::2", "2001:db8:66::1", 1));
	walk();
	auto o = out(0);
	ASSERT_EQ(o.size(), 2u);
	std::map<int, Bytes> by_code; // the graph's order, not the arrival's
	for (const Bytes &f : o) {
		EXPECT_EQ(f[54], 1) << "destination unreachable";
		by_code[f[55]] = f;
	}
	ASSERT_EQ(by_code.count(4), 1u) << "port unreachable";
	EXPECT_TRUE(addr_at(by_code[4], 22) == ip6("2001:db8:1::1"));
	EXPECT_EQ(by_code.count(1), 1u)
		<< "a hop limit 1 packet to a prohibit route: prohibited, as Linux";
}
