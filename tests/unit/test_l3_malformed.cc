// SPDX-License-Identifier: BSD-3-Clause
// Malformed and unusual IPv4 at the router, one table row per case: each is dropped by its
// named counter, answered with the ICMP error Linux sends, or forwarded as Linux forwards
// it; and after each, every mbuf is back in the pool (none leaked, none held).
//   ring0: r0 10.0.1.1/24 (MAC R0), host a 10.0.1.2 (HA) learned
//   ring1: r1 10.0.2.1/24 (MAC R1), static neighbour 10.0.2.2 = NB; default via 10.0.2.2
//   198.51.100.0/24 blackhole, 203.0.113.0/25 unreachable, 203.0.113.128/25 prohibit
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
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

// Ethernet (to R0, from HA) + IPv4 from @p from to @p to + ICMP echo request + 16 bytes.
Bytes
echo(uint32_t from, uint32_t to, uint8_t ttl = 64)
{
	Bytes f(14 + 20 + 8 + 16, 0);
	memcpy(&f[0], R0, 6);
	memcpy(&f[6], HA, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, 20 + 8 + 16);
	f[22] = ttl;
	f[23] = 1;
	put32(f, 26, from);
	put32(f, 30, to);
	f[34] = 8;
	put16(f, 38, 7);
	put16(f, 40, 1);
	for (size_t i = 42; i < f.size(); i++)
		f[i] = (uint8_t)i;
	put16(f, 36, (uint16_t)~sum(f, 34, f.size() - 34));
	fix_csum(f);
	return f;
}

Bytes
a_to_b(uint8_t ttl = 64)
{
	return echo(ip4("10.0.1.2"), ip4("10.0.2.2"), ttl);
}

// What a row expects: a drop by name, an ICMP error back to a, or the frame out of ring1.
struct Want {
	enum { DROP, ICMP, FORWARD, REPLY } what;
	const char *drop;   // DROP: the counter
	uint8_t type, code; // ICMP
	uint8_t pointer;    // ICMP parameter problem: the byte it names
};

Want
drop(const char *name)
{
	return {Want::DROP, name, 0, 0, 0};
}

Want
icmp(uint8_t type, uint8_t code)
{
	return {Want::ICMP, nullptr, type, code, 0};
}

// A parameter problem naming byte @p pointer of the header (Linux's ip_options_compile()).
Want
param_problem(uint8_t pointer)
{
	return {Want::ICMP, nullptr, 12, 0, pointer};
}

const Want kForward = {Want::FORWARD, nullptr, 0, 0, 0};
const Want kEchoReply = {Want::REPLY, nullptr, 0, 0, 0};

struct Row {
	const char *name;
	std::function<Bytes()> frame;
	Want want;
};

// A UDP datagram from a to @p to, port 33434 (traceroute's), or protocol @p proto.
Bytes
udp_to(uint32_t to, uint8_t proto = 17)
{
	Bytes f = echo(ip4("10.0.1.2"), to);
	f[23] = proto;
	put16(f, 34, 40000);
	put16(f, 36, 33434);
	put16(f, 38, 8 + 16);
	put16(f, 40, 0);
	fix_csum(f);
	return f;
}

// An echo from a to @p to with options @p opts (a multiple of 4 bytes).
Bytes
with_opts(Bytes opts, uint32_t to = ip4("10.0.2.2"))
{
	Bytes f = echo(ip4("10.0.1.2"), to, 10);
	f.insert(f.begin() + 34, opts.begin(), opts.end());
	f[14] = (uint8_t)(0x45 + opts.size() / 4);
	put16(f, 16, (uint16_t)(f.size() - 14));
	fix_csum(f);
	return f;
}

// IHL 6 (options: four NOPs) in an echo from a to b.
Bytes
with_options(uint8_t opt0)
{
	return with_opts({opt0, 1, 1, 1});
}

const Row kRows[] = {
	{"version 6", [] { Bytes f = a_to_b(); f[14] = 0x65; fix_csum(f); return f; },
	 drop("ip4_bad_version")},
	{"version 0", [] { Bytes f = a_to_b(); f[14] = 0x05; return f; }, drop("ip4_bad_version")},
	{"IHL 4", [] { Bytes f = a_to_b(); f[14] = 0x44; return f; }, drop("ip4_bad_ihl")},
	{"IHL 0", [] { Bytes f = a_to_b(); f[14] = 0x40; return f; }, drop("ip4_bad_ihl")},
	{"IHL 15, header beyond the frame",
	 [] { Bytes f = a_to_b(); f[14] = 0x4f; return f; }, drop("ip4_truncated")},
	{"header checksum wrong", [] { Bytes f = a_to_b(); f[24] ^= 0x5a; return f; },
	 drop("ip4_bad_checksum")},
	{"total length under the header",
	 [] { Bytes f = a_to_b(); put16(f, 16, 19); fix_csum(f); return f; },
	 drop("ip4_bad_length")},
	{"total length beyond the frame",
	 [] { Bytes f = a_to_b(); put16(f, 16, 45); fix_csum(f); return f; },
	 drop("ip4_bad_length")},
	{"frame cut inside the header", [] { Bytes f = a_to_b(); f.resize(14 + 19); return f; },
	 drop("ip4_truncated")},
	{"an Ethernet header only", [] { Bytes f = a_to_b(); f.resize(14); return f; },
	 drop("ip4_truncated")},
	{"TTL 1: time exceeded", [] { return a_to_b(1); }, icmp(11, 0)},
	{"TTL 0: time exceeded", [] { return a_to_b(0); }, icmp(11, 0)},
	{"TTL 1 to a prohibit route: packet filtered, not time exceeded (Linux routes first)",
	 [] { return echo(ip4("10.0.1.2"), ip4("203.0.113.200"), 1); }, icmp(3, 13)},
	{"TTL 1 to an unreachable route: host unreachable",
	 [] { return echo(ip4("10.0.1.2"), ip4("203.0.113.5"), 1); }, icmp(3, 1)},
	{"TTL 1 to a blackhole route: silently dropped",
	 [] { return echo(ip4("10.0.1.2"), ip4("198.51.100.7"), 1); }, drop("ip4_blackhole")},
	{"UDP to our address: port unreachable, from that address",
	 [] { return udp_to(ip4("10.0.2.1")); }, icmp(3, 3)},
	{"UDP to our address, TTL 1: port unreachable", [] {
		 Bytes f = udp_to(ip4("10.0.1.1"));
		 f[22] = 1;
		 fix_csum(f);
		 return f;
	 }, icmp(3, 3)},
	{"protocol 253 to our address: protocol unreachable",
	 [] { return udp_to(ip4("10.0.2.1"), 253); }, icmp(3, 2)},
	{"TCP to our address, its checksum wrong: never answered (no host path: a RST)",
	 [] { return udp_to(ip4("10.0.2.1"), 6); }, drop("tcp_bad")},
	{"TTL 0 to our address: answered (local delivery has no TTL check)",
	 [] { return echo(ip4("10.0.1.2"), ip4("10.0.2.1"), 0); }, kEchoReply},
	{"options (four NOPs): forwarded with them", [] { return with_options(1); }, kForward},
	{"options (EOL then padding): forwarded with them", [] { return with_options(0); },
	 kForward},
	{"option of length 0: parameter problem at the option",
	 [] { return with_opts({7, 0, 1, 1}); }, param_problem(20)},
	{"option longer than the header: parameter problem at the option",
	 [] { return with_opts({0x44, 12, 5, 0}); }, param_problem(20)},
	{"option cut short after its type: parameter problem at it",
	 [] { return with_opts({1, 1, 1, 7}); }, param_problem(23)},
	{"record route, pointer 3: parameter problem at the pointer",
	 [] { return with_opts({7, 7, 3, 0, 0, 0, 0, 0}); }, param_problem(22)},
	{"record route, its free slot cut short: parameter problem at the pointer",
	 [] { return with_opts({7, 7, 5, 0, 0, 0, 0, 1}); }, param_problem(22)},
	{"record route twice: parameter problem at the second",
	 [] { return with_opts({7, 3, 4, 7, 3, 4, 0, 0}); }, param_problem(23)},
	{"timestamp, pointer 4: parameter problem at the pointer",
	 [] { return with_opts({0x44, 8, 4, 0, 0, 0, 0, 0}); }, param_problem(22)},
	{"timestamp and address, room for the time only: parameter problem at the pointer",
	 [] { return with_opts({0x44, 8, 5, 1, 0, 0, 0, 0}); }, param_problem(22)},
	{"timestamp full, overflow 15: parameter problem at the flags",
	 [] { return with_opts({0x44, 8, 9, 0xf0, 0, 0, 0, 0}); }, param_problem(23)},
	{"router alert of length 2: parameter problem at its length",
	 [] { return with_opts({148, 2, 1, 1}); }, param_problem(21)},
	{"bad option to our own address: parameter problem from it",
	 [] { return with_opts({7, 0, 1, 1}, ip4("10.0.2.1")); }, param_problem(20)},
	{"loose source route: dropped (Linux: accept_source_route 0)",
	 [] { return with_opts({131, 7, 4, 10, 0, 2, 2, 0}); }, drop("ip4_source_route")},
	{"strict source route: dropped",
	 [] { return with_opts({137, 7, 4, 10, 0, 2, 2, 0}); }, drop("ip4_source_route")},
	{"limited broadcast 255.255.255.255",
	 [] { return echo(ip4("10.0.1.2"), ip4("255.255.255.255")); }, drop("ip4_not_unicast")},
	{"multicast 224.0.0.1", [] { return echo(ip4("10.0.1.2"), ip4("224.0.0.1")); },
	 drop("ip4_not_unicast")},
	{"multicast 239.1.2.3", [] { return echo(ip4("10.0.1.2"), ip4("239.1.2.3")); },
	 drop("ip4_not_unicast")},
	{"class E 240.0.0.1: unicast to Linux, routed",
	 [] { return echo(ip4("10.0.1.2"), ip4("240.0.0.1")); }, kForward},
	{"directed broadcast of r1's subnet 10.0.2.255 (Linux: bc_forwarding 0)",
	 [] { return echo(ip4("10.0.1.2"), ip4("10.0.2.255")); }, drop("ip4_not_unicast")},
	{"broadcast of r0's own subnet 10.0.1.255 sent to our MAC",
	 [] { return echo(ip4("10.0.1.2"), ip4("10.0.1.255")); }, drop("ip4_not_unicast")},
	{"martian destination 127.0.0.1",
	 [] { return echo(ip4("10.0.1.2"), ip4("127.0.0.1")); }, drop("ip4_martian_dst")},
	{"martian destination 0.1.2.3", [] { return echo(ip4("10.0.1.2"), ip4("0.1.2.3")); },
	 drop("ip4_martian_dst")},
	{"martian source 127.0.0.1", [] { return echo(ip4("127.0.0.1"), ip4("10.0.2.2")); },
	 drop("ip4_martian_src")},
	{"martian source 0.0.0.0", [] { return echo(ip4("0.0.0.0"), ip4("10.0.2.2")); },
	 drop("ip4_martian_src")},
	{"martian source 224.0.0.5", [] { return echo(ip4("224.0.0.5"), ip4("10.0.2.2")); },
	 drop("ip4_martian_src")},
	{"martian source 255.255.255.255",
	 [] { return echo(ip4("255.255.255.255"), ip4("10.0.2.2")); }, drop("ip4_martian_src")},
	{"Ethernet padding after the datagram: trimmed, forwarded",
	 [] { Bytes f = a_to_b(); f.resize(f.size() + 18, 0xee); return f; }, kForward},
	{"a fragment (MF, offset 0): forwarded as is",
	 [] { Bytes f = a_to_b(); f[20] = 0x20; fix_csum(f); return f; }, kForward},
	{"to a multicast MAC", [] { Bytes f = a_to_b(); f[0] = 0x01; return f; },
	 drop("l3_not_for_us")},
	{"to the broadcast MAC",
	 [] { Bytes f = a_to_b(); memcpy(&f[0], BCAST, 6); return f; }, drop("l3_not_for_us")},
};

class L3Malformed : public ::testing::TestWithParam<Row>
{
      protected:
	std::unique_ptr<vsw_config> cfg;

	void
	SetUp() override
	{
		RingPorts::get();
		cfg = ring_config();
		vsw_l3_conf &l3 = cfg->l3;
		l3.n_vrfs = 1;
		snprintf(l3.vrfs[0], sizeof(l3.vrfs[0]), "default");
		l3.neigh_timeout_s = 300;
		l3.routes = static_cast<vsw_route_conf *>(calloc(8, sizeof(vsw_route_conf)));
		add_rif("r0", 0, "10.0.1.1", R0);
		add_rif("r1", 1, "10.0.2.1", R1);
		l3.neighs[0].rif = 1;
		l3.neighs[0].addr = ip4("10.0.2.2");
		memcpy(l3.neighs[0].mac, NB, 6);
		l3.n_neighs = 1;
		vsw_route_conf &r = l3.routes[l3.n_routes++];
		r.to.addr = 0; // default via 10.0.2.2: only martians are not routed
		r.to.len = 0;
		r.type = VSW_ROUTE_VIA;
		r.via[0] = ip4("10.0.2.2");
		r.n_via = 1;
		r.table = VSW_TABLE_MAIN;
		add_route("198.51.100.0", 24, VSW_ROUTE_BLACKHOLE);
		add_route("203.0.113.0", 25, VSW_ROUTE_UNREACHABLE);
		add_route("203.0.113.128", 25, VSW_ROUTE_PROHIBIT);
		ASSERT_TRUE(ring_pipeline_init(cfg.get(), 1024));
	}

	void
	add_route(const char *to, uint8_t len, uint8_t type)
	{
		vsw_route_conf &r = cfg->l3.routes[cfg->l3.n_routes++];
		r.to.addr = ip4(to);
		r.to.len = len;
		r.type = type;
		r.table = VSW_TABLE_MAIN;
	}

	void
	TearDown() override
	{
		pipeline_teardown();
		vsw_config_release(cfg.get());
	}

	void
	add_rif(const char *name, uint16_t port, const char *addr, const uint8_t mac[6])
	{
		vsw_rif_conf &r = cfg->l3.rifs[cfg->l3.n_rifs++];
		snprintf(r.name, sizeof(r.name), "%s", name);
		r.port = port;
		r.bridge = VSW_RIF_NONE;
		r.n_addrs = 1;
		r.addrs[0].addr = ip4(addr);
		r.addrs[0].len = 24;
		r.has_mac = true;
		memcpy(r.mac, mac, 6);
	}

	std::vector<Bytes>
	walk_and_take(unsigned port)
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
		vsw_l3_poll(0);
		std::vector<Bytes> o = RingPorts::get().drain(port);
		for (unsigned p = 0; p < kRingPorts; p++)
			if (p != port)
				RingPorts::get().drain(p);
		return o;
	}
};

TEST_P(L3Malformed, DroppedAnsweredOrForwardedAsLinux)
{
	const Row &row = GetParam();
	const uint8_t arp_req[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0x0a, 0x02,
				     0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1, 0x02, 0, 0, 0, 0x0a,
				     0x02, 10, 0, 1, 2, 0, 0, 0, 0, 0, 0, 10, 0, 1, 1};

	// Host a asks for its gateway (the router learns a), then the baseline.
	RingPorts::get().inject(0, Bytes(arp_req, arp_req + sizeof(arp_req)));
	walk_and_take(0);
	const uint64_t drops0 = all_drops();
	const unsigned avail0 = rte_mempool_avail_count(RingPorts::get().pool);

	Bytes f = row.frame();
	RingPorts::get().inject(0, f);
	rte_graph_walk(vsw_pipeline_worker(0)->graph);
	vsw_l3_poll(0);
	std::vector<Bytes> back = RingPorts::get().drain(0);
	std::vector<Bytes> fwd = RingPorts::get().drain(1);

	switch (row.want.what) {
	case Want::DROP:
		EXPECT_TRUE(back.empty());
		EXPECT_TRUE(fwd.empty());
		EXPECT_EQ(drops(row.want.drop), 1u) << row.want.drop;
		EXPECT_EQ(all_drops() - drops0, 1u) << "one drop, by that name";
		break;
	case Want::ICMP:
		EXPECT_TRUE(fwd.empty());
		ASSERT_EQ(back.size(), 1u);
		EXPECT_EQ(Bytes(back[0].begin(), back[0].begin() + 6), Bytes(HA, HA + 6));
		EXPECT_EQ(back[0][23], 1) << "ICMP";
		EXPECT_EQ(get32(back[0], 26), get32(f, 30) == ip4("10.0.2.1") ? ip4("10.0.2.1")
									    : ip4("10.0.1.1"))
			<< "from the address asked, or the ingress interface's";
		EXPECT_EQ(back[0][34], row.want.type);
		EXPECT_EQ(back[0][35], row.want.code);
		EXPECT_EQ(back[0][38], row.want.pointer) << "the parameter problem's pointer";
		EXPECT_EQ(sum(back[0], 14, 20), 0xffff);
		EXPECT_EQ(sum(back[0], 34, back[0].size() - 34), 0xffff);
		EXPECT_EQ(Bytes(back[0].begin() + 42, back[0].begin() + 42 + (f[14] & 0xf) * 4),
			  Bytes(f.begin() + 14, f.begin() + 14 + (f[14] & 0xf) * 4))
			<< "the offending header quoted";
		EXPECT_EQ(all_drops(), drops0);
		break;
	case Want::REPLY:
		EXPECT_TRUE(fwd.empty());
		ASSERT_EQ(back.size(), 1u);
		EXPECT_EQ(back[0][34], 0) << "echo reply";
		EXPECT_EQ(sum(back[0], 14, 20), 0xffff);
		break;
	case Want::FORWARD: {
		EXPECT_TRUE(back.empty());
		ASSERT_EQ(fwd.size(), 1u);
		const Bytes &o = fwd[0];
		size_t tl = get16(f, 16);
		ASSERT_EQ(o.size(), 14 + tl) << "the datagram, without any padding";
		EXPECT_EQ(Bytes(o.begin(), o.begin() + 6), Bytes(NB, NB + 6));
		EXPECT_EQ(Bytes(o.begin() + 6, o.begin() + 12), Bytes(R1, R1 + 6));
		EXPECT_EQ(o[22], f[22] - 1) << "TTL";
		EXPECT_EQ(sum(o, 14, (o[14] & 0xf) * 4u), 0xffff) << "header checksum";
		Bytes want(f.begin() + 14, f.begin() + 14 + tl), got(o.begin() + 14, o.end());
		want[8] = got[8];
		want[10] = got[10];
		want[11] = got[11];
		EXPECT_EQ(got, want) << "all else as received (options too)";
		EXPECT_EQ(all_drops(), drops0);
		break;
	}
	}
	EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), avail0) << "no mbuf kept";
}

// Timestamp options of a forwarded echo (a → b, in on r0 10.0.1.1, out of r1 10.0.2.1):
// stamped as Linux stamps them, the header checksum right.
class L3Options : public L3Malformed
{
      protected:
	Bytes
	forward(const Bytes &opts)
	{
		Bytes f = with_opts(opts);
		RingPorts::get().inject(0, f);
		std::vector<Bytes> o = walk_and_take(1);
		EXPECT_EQ(o.size(), 1u);
		if (o.size() != 1)
			return {};
		EXPECT_EQ(sum(o[0], 14, (o[0][14] & 0xf) * 4u), 0xffff) << "header checksum";
		return Bytes(o[0].begin() + 34, o[0].begin() + 34 + opts.size());
	}
};

// Milliseconds since midnight UTC now, as RFC 791 stamps.
uint32_t
ms_today()
{
	timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)(((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000) %
			  86400000);
}

TEST_F(L3Options, TimestampOptionsAreStampedOnTheWayThrough)
{
	const uint32_t now = ms_today();
	auto near_now = [now](uint32_t t) { return t + 86400000 - now < 86400000 + 2000; };

	Bytes o = forward({0x44, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0});
	ASSERT_EQ(o.size(), 12u);
	EXPECT_EQ(o[2], 9) << "timestamps only: the pointer past one stamp";
	EXPECT_TRUE(near_now(get32(o, 4))) << get32(o, 4) << " against " << now;
	EXPECT_EQ(get32(o, 8), 0u);

	o = forward({0x44, 12, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0});
	ASSERT_EQ(o.size(), 12u);
	EXPECT_EQ(o[2], 13) << "address and timestamp";
	EXPECT_EQ(get32(o, 4), ip4("10.0.1.1")) << "the ingress interface's address, as Linux";
	EXPECT_TRUE(near_now(get32(o, 8)));

	o = forward({0x44, 20, 5, 3, 10, 0, 2, 1, 0, 0, 0, 0, 10, 0, 2, 2, 0, 0, 0, 0});
	ASSERT_EQ(o.size(), 20u);
	EXPECT_EQ(o[2], 13) << "prespecified: ours is stamped";
	EXPECT_TRUE(near_now(get32(o, 8)));
	EXPECT_EQ(get32(o, 16), 0u) << "b's slot left to b";

	o = forward({0x44, 12, 5, 3, 10, 0, 2, 2, 0, 0, 0, 0});
	ASSERT_EQ(o.size(), 12u);
	EXPECT_EQ(o[2], 5) << "prespecified, not ours: untouched";

	o = forward({0x44, 8, 9, 0x20, 1, 2, 3, 4});
	ASSERT_EQ(o.size(), 8u);
	EXPECT_EQ(o[3], 0x30) << "full: the overflow count raised";
	EXPECT_EQ(get32(o, 4), 0x01020304u);

	o = forward({7, 7, 4, 0, 0, 0, 0, 1});
	ASSERT_EQ(o.size(), 8u);
	EXPECT_EQ(o[2], 8) << "record route";
	EXPECT_EQ(get32(o, 3), ip4("10.0.2.1"));
	EXPECT_EQ(drops("ip4_source_route"), 0u);
}

std::string
row_name(const ::testing::TestParamInfo<Row> &info)
{
	std::string s;
	for (const char *p = info.param.name; *p != '\0' && *p != ':' && *p != '('; p++)
		s += isalnum((unsigned char)*p) ? *p : '_';
	while (!s.empty() && s.back() == '_')
		s.pop_back();
	return s + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Rows, L3Malformed, ::testing::ValuesIn(kRows), row_name);

} // namespace
