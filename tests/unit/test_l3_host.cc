// SPDX-License-Identifier: BSD-3-Clause
// The router's host path (pipeline/l3/l3_host*.c) in a real worker graph over ring ports:
//   ring0: r0 10.0.1.1/24 (MAC R0), host a 10.0.1.2 (HA, static)
//   ring1: r1 10.0.2.1/24 (MAC R1), neighbour 10.0.2.2 (NB, static)
// l3_host (to the host ring, full: a named drop), ip4_host_output (routed as our own), and
// a real TUN in a namespace: the kernel answers a TCP SYN to our address with a RST that
// leaves on ring0.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <rte_graph_worker.h>
#include <rte_ring.h>

#include "iface/iface.h"
#include "l3/l3.h"
#include "l3/l3_ctl.h"
#include "l3/l3_host.h"
#include "l3_fixture.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "vsw_feature.h"

namespace
{

using namespace l3test;

uint32_t
sum_raw(const Bytes &b, size_t at, size_t len, uint32_t s = 0)
{
	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(b[at + i] << 8 | (i + 1 < len ? b[at + i + 1] : 0));
	return s;
}

uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

// An IPv4 packet (no Ethernet header): protocol @p proto with @p l4 as its payload, the
// TCP/UDP checksum (pseudo-header) filled in at @p csum_at within l4 when given.
Bytes
ip_packet(uint8_t proto, uint32_t from, uint32_t to, Bytes l4, int csum_at = -1, uint8_t ttl = 64)
{
	Bytes p(20, 0);
	p[0] = 0x45;
	put16(p, 2, (uint16_t)(20 + l4.size()));
	p[8] = ttl;
	p[9] = proto;
	put32(p, 12, from);
	put32(p, 16, to);
	put16(p, 10, (uint16_t)~fold(sum_raw(p, 0, 20)));
	if (csum_at >= 0) {
		Bytes ph(12, 0);
		put32(ph, 0, from);
		put32(ph, 4, to);
		ph[9] = proto;
		put16(ph, 10, (uint16_t)l4.size());
		put16(l4, csum_at, (uint16_t)~fold(sum_raw(l4, 0, l4.size(), sum_raw(ph, 0, 12))));
	}
	p.resize(20 + l4.size());
	std::copy(l4.begin(), l4.end(), p.begin() + 20);
	return p;
}

// A TCP SYN from @p sport to @p dport.
Bytes
tcp_syn(uint32_t from, uint32_t to, uint16_t sport, uint16_t dport)
{
	Bytes t(20, 0);
	put16(t, 0, sport);
	put16(t, 2, dport);
	put32(t, 4, 1000);
	t[12] = 5 << 4;
	t[13] = 0x02; // SYN
	put16(t, 14, 8192);
	return ip_packet(6, from, to, t, 16);
}

Bytes
udp(uint32_t from, uint32_t to)
{
	Bytes u(8 + 4, 0);
	put16(u, 0, 5000);
	put16(u, 2, 53);
	put16(u, 4, (uint16_t)u.size());
	memcpy(&u[8], "abcd", 4);
	return ip_packet(17, from, to, u, 6);
}

Bytes
frame(const uint8_t dst[6], const uint8_t src[6], const Bytes &ip)
{
	Bytes f(14 + ip.size(), 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0800);
	std::copy(ip.begin(), ip.end(), f.begin() + 14);
	return f;
}

std::string
run(const std::string &cmd)
{
	std::string out;
	char buf[256];
	FILE *p = popen(cmd.c_str(), "r");
	if (p == nullptr)
		return out;
	while (fgets(buf, sizeof(buf), p) != nullptr)
		out += buf;
	pclose(p);
	return out;
}

class L3Host : public ::testing::Test
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
		add_rif("r0", 0, "10.0.1.1", R0);
		add_rif("r1", 1, "10.0.2.1", R1);
		add_neigh(0, "10.0.1.2", HA);
		add_neigh(1, "10.0.2.2", NB);
		ASSERT_TRUE(ring_pipeline_init(cfg.get(), 1024));
		vsw_l3.pool = RingPorts::get().pool; // the control thread's packets
	}

	void
	TearDown() override
	{
		pipeline_teardown();
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

	void
	add_neigh(uint8_t rif, const char *addr, const uint8_t mac[6])
	{
		vsw_neigh_conf &n = cfg->l3.neighs[cfg->l3.n_neighs++];
		n.rif = rif;
		n.addr = ip4(addr);
		memcpy(n.mac, mac, 6);
	}

	void
	reapply()
	{
		uint16_t ids[VSW_MAX_PORTS];
		ring_ids(*cfg, ids);
		char err[256] = "";
		ASSERT_EQ(vsw_features_apply(cfg.get(), ids, err, sizeof(err)), 0) << err;
	}

	// One graph walk without the control thread's turn.
	void
	walk_only()
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
		for (unsigned p = 0; p < kRingPorts; p++)
			for (Bytes &b : RingPorts::get().drain(p))
				sent_[p].push_back(std::move(b));
	}

	void
	walk()
	{
		walk_only();
		vsw_l3_poll(0);
	}

	std::vector<Bytes>
	out(unsigned port)
	{
		std::vector<Bytes> o = std::move(sent_[port]);
		sent_[port].clear();
		return o;
	}

	// A packet the kernel wrote into the TUN of VRF slot 0, as the control thread makes it.
	void
	from_host(const Bytes &ip)
	{
		rte_mbuf *m = rte_pktmbuf_alloc(RingPorts::get().pool);
		ASSERT_NE(m, nullptr);
		char *p = rte_pktmbuf_append(m, (uint16_t)(14 + ip.size()));
		ASSERT_NE(p, nullptr);
		memcpy(p + 14, ip.data(), ip.size());
		struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
		memset(meta, 0xab, sizeof(*meta)); // whatever its last packet left
		uint16_t r0 = vsw_iface_from_name("r0")->id;
		vsw_mbuf_meta_rx(meta, r0); // charged to the VRF's first interface
		meta->l2_len = 14;
		meta->ethertype = 0x0800;
		memset(&meta->l3, 0, sizeof(meta->l3));
		meta->l3.rif = r0;
		ASSERT_EQ(rte_ring_enqueue(vsw_l3.inject, m), 0);
	}
};

struct HostCounters {
	uint64_t to_host = 0, from_host = 0, n = 0;
	std::string iface, netns;
};

HostCounters
host_counters()
{
	HostCounters c;
	vsw_l3_host_walk(
		[](const vsw_l3_host_info *h, void *arg) {
			auto *c = static_cast<HostCounters *>(arg);
			c->to_host += h->to_host;
			c->from_host += h->from_host;
			c->n++;
			c->iface = h->iface;
			c->netns = h->netns;
		},
		&c);
	return c;
}

} // namespace

TEST_F(L3Host, WithoutAHostPathTcpToUsIsReset)
{
	RingPorts::get().inject(
		0, frame(R0, HA, tcp_syn(ip4("10.0.1.2"), ip4("10.0.1.1"), 40000, 22)));
	walk();
	EXPECT_EQ(rte_ring_count(vsw_l3_host.ring), 0u);
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u) << "the RST (test_l3_local.cc reads it whole)";
	EXPECT_EQ(o[0][47], 0x14) << "RST, ACK";
}

TEST_F(L3Host, TcpToUsGoesToTheHostPathEchoStaysTheDataPaths)
{
	__atomic_store_n(&vsw_l3_host.on[0], 1, __ATOMIC_RELAXED); // a host path, without a TUN
	Bytes syn = frame(R0, HA, tcp_syn(ip4("10.0.1.2"), ip4("10.0.2.1"), 40000, 22));
	RingPorts::get().inject(0, syn);
	Bytes echo = frame(R0, HA, ip_packet(1, ip4("10.0.1.2"), ip4("10.0.1.1"),
					     Bytes{8, 0, 0xf7, 0xfe, 0, 1, 0, 0}));
	RingPorts::get().inject(0, echo);
	walk_only();
	ASSERT_EQ(rte_ring_count(vsw_l3_host.ring), 1u) << "the SYN, queued for the control thread";
	void *obj = nullptr;
	ASSERT_EQ(rte_ring_dequeue(vsw_l3_host.ring, &obj), 0);
	rte_mbuf *m = static_cast<rte_mbuf *>(obj);
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	EXPECT_EQ(Bytes(d, d + m->pkt_len), syn)
		<< "untouched";
	EXPECT_EQ(vsw_mbuf_meta(m)->l3.vrf, 0);
	ASSERT_EQ(rte_ring_enqueue(vsw_l3_host.ring, m), 0);
	auto o = out(0);
	ASSERT_EQ(o.size(), 1u) << "the echo reply, from the data path";
	EXPECT_EQ(o[0][34], 0);
	EXPECT_EQ(drops("ip4_local_unhandled"), 0u);
	vsw_l3_poll(0); // no TUN for it: freed (the pool is checked full at teardown)
	EXPECT_EQ(rte_ring_count(vsw_l3_host.ring), 0u);
	__atomic_store_n(&vsw_l3_host.on[0], 0, __ATOMIC_RELAXED);
}

TEST_F(L3Host, AFullHostQueueIsANamedDrop)
{
	__atomic_store_n(&vsw_l3_host.on[0], 1, __ATOMIC_RELAXED);
	for (unsigned n = rte_ring_free_count(vsw_l3_host.ring); n > 0; n--) {
		rte_mbuf *m = rte_pktmbuf_alloc(RingPorts::get().pool);
		ASSERT_NE(m, nullptr);
		vsw_mbuf_meta(m)->l3.vrf = 0;
		ASSERT_EQ(rte_ring_enqueue(vsw_l3_host.ring, m), 0);
	}
	for (int i = 0; i < 3; i++)
		RingPorts::get().inject(0, frame(R0, HA, udp(ip4("10.0.1.2"), ip4("10.0.1.1"))));
	walk_only();
	EXPECT_EQ(drops("l3_host_path_full"), 3u);
	EXPECT_EQ(port_drop(0, "l3_host_path_full"), 3u) << "charged to the ingress port";
	vsw_l3_poll(0);
	EXPECT_EQ(rte_ring_count(vsw_l3_host.ring), 0u);
	__atomic_store_n(&vsw_l3_host.on[0], 0, __ATOMIC_RELAXED);
}

TEST_F(L3Host, FromTheHostIsRoutedAsOurOwnWithItsTtl)
{
	Bytes u = udp(ip4("10.0.1.1"), ip4("10.0.2.2"));
	from_host(u);
	from_host(udp(ip4("10.0.1.1"), ip4("100.64.0.1"))); // no route
	from_host(udp(ip4("10.0.1.1"), ip4("10.0.2.1")));   // ourselves
	Bytes v6 = u;
	v6[0] = 0x60;
	from_host(v6);
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(NB, NB + 6));
	EXPECT_EQ(Bytes(o[0].begin() + 6, o[0].begin() + 12), Bytes(R1, R1 + 6));
	EXPECT_EQ(get16(o[0], 12), 0x0800);
	EXPECT_EQ(Bytes(o[0].begin() + 14, o[0].end()), u) << "TTL 64 kept: we are its first hop";
	EXPECT_TRUE(out(0).empty());
	EXPECT_EQ(drops("l3_host_no_route"), 2u);
	EXPECT_EQ(port_drop(vsw_iface_from_name("r0")->id, "l3_host_no_route"), 2u)
		<< "charged to the VRF's first interface";
	EXPECT_EQ(drops("l3_host_malformed"), 1u);
	EXPECT_EQ(drops("ip4_local_unhandled"), 0u);
}

TEST_F(L3Host, TheKernelAnswersThroughATunInItsNamespace)
{
	// tests/run.sh runs as root (it refuses otherwise) and CI has /dev/net/tun: a missing
	// one is a failure, not a skip.
	ASSERT_EQ(geteuid(), 0u) << "needs root";
	ASSERT_EQ(access("/dev/net/tun", R_OK | W_OK), 0) << "needs /dev/net/tun";
	run("ip netns del vt-hp-unit 2>/dev/null; ip netns add vt-hp-unit");
	vsw_host_path_conf &h = cfg->l3.host_paths[cfg->l3.n_host_paths++];
	h.vrf = 0;
	snprintf(h.iface, sizeof(h.iface), "vt-hpu0");
	snprintf(h.netns, sizeof(h.netns), "vt-hp-unit");
	reapply();
	EXPECT_EQ(run("ip -n vt-hp-unit -4 -o addr show dev vt-hpu0 | awk '{print $4}' | sort | "
		      "xargs"),
		  "10.0.1.1/24 10.0.2.1/24\n");
	HostCounters c = host_counters();
	EXPECT_EQ(c.n, 1u);
	EXPECT_EQ(c.iface, "vt-hpu0");
	EXPECT_EQ(c.netns, "vt-hp-unit");

	// Nothing listens on port 9: the kernel's RST comes back through the TUN and vswd.
	RingPorts::get().inject(
		0, frame(R0, HA, tcp_syn(ip4("10.0.1.2"), ip4("10.0.1.1"), 40000, 9)));
	Bytes rst;
	for (int i = 0; i < 200 && rst.empty(); i++) {
		walk();
		for (const Bytes &f : out(0))
			if (f.size() >= 54 && get16(f, 12) == 0x0800 && f[23] == 6)
				rst = f;
		if (rst.empty())
			usleep(5000);
	}
	ASSERT_FALSE(rst.empty()) << "no answer from the kernel";
	EXPECT_EQ(Bytes(rst.begin(), rst.begin() + 6), Bytes(HA, HA + 6));
	EXPECT_EQ(Bytes(rst.begin() + 6, rst.begin() + 12), Bytes(R0, R0 + 6));
	EXPECT_EQ(get32(rst, 26), ip4("10.0.1.1"));
	EXPECT_EQ(get32(rst, 30), ip4("10.0.1.2"));
	EXPECT_EQ(get16(rst, 34), 9);
	EXPECT_EQ(get16(rst, 36), 40000);
	EXPECT_TRUE(rst[47] & 0x04) << "RST";
	c = host_counters();
	EXPECT_EQ(c.to_host, 1u);
	EXPECT_GE(c.from_host, 1u);

	// A reload without the host path removes the interface.
	cfg->l3.n_host_paths = 0;
	reapply();
	EXPECT_EQ(run("ip -n vt-hp-unit -o link show vt-hpu0 2>/dev/null | wc -l"), "0\n");
	EXPECT_EQ(host_counters().n, 0u);
	run("ip netns del vt-hp-unit");
}
