// SPDX-License-Identifier: BSD-3-Clause
// Hostile traffic (test_hostile_l2.cc, test_hostile_ip.cc, test_hostile_vxlan.cc): one table
// row per malformed or hostile frame class, pushed through a real worker graph of a config
// that uses every feature there is, host path off (fuzz_datapath.c's but NAT, with hosts):
//   ring0 trunk 100, 200      ring1 access 100      ring2 dot1q-tunnel 300
//   bridges v100 {ring0 ring1} (static MAC 02:00:00:00:01:99 on ring1),
//   v200 {ring0} (static MAC 02:00:00:00:02:01 on ring0), v300 {ring2}
//   gw100 on v100: 10.1.0.1/24, 2001:db8:100::1/64, router advertisements (MAC GW)
//   gw200 on v200: 10.2.0.1/24
//   r3 on ring3: 10.3.0.1/24, 2001:db8:3::1/64, MTU 1400 (MAC R3)
//   r4 on ring4: 10.3.0.1/24 in VRF red
//   host a (HA) on ring1: 10.1.0.2, 2001:db8:100::2; host c (HC) on ring3: 10.3.0.9,
//   2001:db8:3::9; gateway NB3 on ring3: 10.3.0.2, 2001:db8:3::2 (all static neighbours)
//   default routes via NB3; 172.16.0.0/12 ECMP via 10.3.0.2 and 10.3.0.3; 198.51.100.0/24
//   blackhole, 203.0.113.0/24 prohibit, 192.0.2.0/24 unreachable, 2001:db8:66::/64 prohibit
//   rules: UDP to port 53 prohibit; DSCP 46 from r3 blackhole
//   VXLAN tunnel vx200 in v200: VNI 200, local 10.3.0.1, remotes 10.3.0.2 (NB3) and
//   10.3.0.3, known VTEPs only
// A row: the frame, the port it arrives on, and what must happen — its named drop counted
// (and no other), the ICMP error Linux sends back out of the ingress port, an answer, or the
// frame forwarded out of a port. Never a crash; every mbuf back in the pool after each row.
#ifndef VSW_TEST_HOSTILE_FIXTURE_H
#define VSW_TEST_HOSTILE_FIXTURE_H

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <rte_graph_worker.h>

#include "iface/iface.h"
#include "l2/l2.h"
#include "l3/l3.h"
#include "l3/l3_ctl.h"
#include "l3_fixture.h"
#include "l3_ip6_fixture.h"
#include "pipeline_counters.h"
#include "ring_ports.h"

namespace hostile
{

using l3test::Bytes;

const uint8_t GW[6] = {0x02, 0, 0, 0, 0, 0x64};   // gw100
const uint8_t R3[6] = {0x02, 0, 0, 0, 0, 0x03};   // r3
const uint8_t HA[6] = {0x02, 0, 0, 0, 0x0a, 0x02}; // host a, ring1
const uint8_t HC[6] = {0x02, 0, 0, 0, 0x0c, 0x09}; // host c, ring3
const uint8_t NB3[6] = {0x02, 0, 0, 0, 0x03, 0x02}; // gateway 10.3.0.2, ring3
const uint8_t STATIC[6] = {0x02, 0, 0, 0, 0x01, 0x99}; // static in v100, ring1

const char kConfig[] =
	"workers: {lcores: [1]}\n"
	"ports:\n"
	"  - {name: ring0, kind: dpdk, devargs: net_ring0, vlan_mode: trunk, trunks: [100, 200]}\n"
	"  - {name: ring1, kind: dpdk, devargs: net_ring1, vlan_mode: access, tag: 100}\n"
	"  - {name: ring2, kind: dpdk, devargs: net_ring2, vlan_mode: dot1q-tunnel, tag: 300}\n"
	"  - {name: ring3, kind: dpdk, devargs: net_ring3}\n"
	"  - {name: ring4, kind: dpdk, devargs: net_ring4}\n"
	"bridges:\n"
	"  - {name: v100, vlan: 100, ports: [ring0, ring1], mac_limit: 64,\n"
	"     static_macs: [{mac: \"02:00:00:00:01:99\", port: ring1}]}\n"
	"  - {name: v200, vlan: 200, ports: [ring0],\n"
	"     static_macs: [{mac: \"02:00:00:00:02:01\", port: ring0}]}\n"
	"  - {name: v300, vlan: 300, ports: [ring2]}\n"
	"router:\n"
	"  vrfs: [red]\n"
	"  icmp_ratelimit_ms: 0\n"
	"  max_routes: 1024\n"
	"  interfaces:\n"
	"    - {name: gw100, bridge: v100, addresses: [10.1.0.1/24, \"2001:db8:100::1/64\"],\n"
	"       mac: \"02:00:00:00:00:64\", ra: true}\n"
	"    - {name: gw200, bridge: v200, addresses: [10.2.0.1/24], mac: \"02:00:00:00:00:c8\"}\n"
	"    - {name: r3, port: ring3, addresses: [10.3.0.1/24, \"2001:db8:3::1/64\"], mtu: 1400,\n"
	"       mac: \"02:00:00:00:00:03\"}\n"
	"    - {name: r4, port: ring4, addresses: [10.3.0.1/24], vrf: red,\n"
	"       mac: \"02:00:00:00:00:04\"}\n"
	"  routes:\n"
	"    - {to: 0.0.0.0/0, via: 10.3.0.2}\n"
	"    - {to: 198.51.100.0/24, type: blackhole}\n"
	"    - {to: 203.0.113.0/24, type: prohibit}\n"
	"    - {to: 192.0.2.0/24, type: unreachable}\n"
	"    - {to: 172.16.0.0/12, via: [10.3.0.2, 10.3.0.3]}\n"
	"    - {to: 0.0.0.0/0, via: 10.3.0.2, vrf: red}\n"
	"    - {to: \"::/0\", via: \"2001:db8:3::2\"}\n"
	"    - {to: \"2001:db8:66::/64\", type: prohibit}\n"
	"  neighbours:\n"
	"    - {interface: r3, address: 10.3.0.2, mac: \"02:00:00:00:03:02\"}\n"
	"    - {interface: r3, address: \"2001:db8:3::2\", mac: \"02:00:00:00:03:02\"}\n"
	"    - {interface: r3, address: 10.3.0.9, mac: \"02:00:00:00:0c:09\"}\n"
	"    - {interface: r3, address: \"2001:db8:3::9\", mac: \"02:00:00:00:0c:09\"}\n"
	"    - {interface: gw100, address: 10.1.0.2, mac: \"02:00:00:00:0a:02\"}\n"
	"    - {interface: gw100, address: \"2001:db8:100::2\", mac: \"02:00:00:00:0a:02\"}\n"
	"  rules:\n"
	"    - {priority: 20, proto: udp, dport: 53, action: prohibit}\n"
	"    - {priority: 30, dscp: 46, iif: r3, action: blackhole}\n"
	"vxlan:\n"
	"  - {name: vx200, vni: 200, bridge: v200, local: 10.3.0.1, remotes: [10.3.0.2, 10.3.0.3],\n"
	"     known_vteps_only: true}\n";

// What a row expects.
struct Want {
	enum Kind { DROP, ICMP, ANSWER, FORWARD } kind;
	const char *drop;   // DROP: the counter
	uint8_t type, code; // ICMP: ICMPv4 or ICMPv6, as the frame
	unsigned port, n;   // FORWARD: n frames out of port
	// ANSWER, FORWARD: more checks of the frame received and the first frame sent.
	std::function<void(const Bytes &in, const Bytes &out)> check;
};

inline Want
drop(const char *name)
{
	return {Want::DROP, name, 0, 0, 0, 0, nullptr};
}

inline Want
icmp(uint8_t type, uint8_t code)
{
	return {Want::ICMP, nullptr, type, code, 0, 0, nullptr};
}

inline Want
answer(std::function<void(const Bytes &, const Bytes &)> check = nullptr)
{
	return {Want::ANSWER, nullptr, 0, 0, 0, 1, std::move(check)};
}

inline Want
forward(unsigned port, unsigned n = 1,
	std::function<void(const Bytes &, const Bytes &)> check = nullptr)
{
	return {Want::FORWARD, nullptr, 0, 0, port, n, std::move(check)};
}

struct Row {
	const char *name;
	unsigned port;
	std::function<Bytes()> frame;
	Want want;
};

// A router advertisement (gw100 sends them on its own timer): not a row's outcome.
inline bool
is_ra(const Bytes &f)
{
	size_t l2 = f.size() > 16 && l3test::get16(f, 12) == 0x8100 ? 18 : 14;
	return f.size() > l2 + 40 && l3test::get16(f, l2 - 2) == 0x86dd && f[l2 + 6] == 58 &&
	       f[l2 + 40] == 134;
}

// The ports as interfaces 0..4, as vswd's port type makes them (its own probes the devices:
// here ring_ports.h does), so the router's interfaces get other ids.
inline int
port_create(vsw_iface *, const void *, char *, size_t)
{
	return 0;
}

inline void
port_destroy(vsw_iface *)
{
}

const vsw_iface_ops kPortOps = {"port", port_create, nullptr, port_destroy, nullptr};

class Hostile : public ::testing::TestWithParam<Row>
{
      protected:
	vsw_config cfg_{};

	void
	SetUp() override
	{
		char err[VSW_ERR_MAX] = "";

		RingPorts::get();
		ASSERT_EQ(vsw_config_parse("hostile.yaml", kConfig, strlen(kConfig), &cfg_, err), 0)
			<< err;
		ASSERT_EQ(vsw_iface_type_register(VSW_IFACE_PORT, &kPortOps), 0);
		for (unsigned i = 0; i < kRingPorts; i++) {
			vsw_iface *f = vsw_iface_create(VSW_IFACE_PORT, cfg_.ports[i].name, nullptr,
							err, sizeof(err));
			ASSERT_NE(f, nullptr) << err;
			ASSERT_EQ(f->id, i);
		}
		ASSERT_TRUE(ring_pipeline_init(&cfg_, 1024, nullptr, true));
		// Host a speaks first: the bridge learns it on ring1 (its answers go there only).
		RingPorts::get().inject(1, l3test::arp(1, l3test::BCAST, HA, l3test::ip4("10.1.0.2"),
						       l3test::ip4("10.1.0.1")));
		step();
		sent();
	}

	void
	TearDown() override
	{
		pipeline_teardown();
		vsw_iface *f;
		while ((f = vsw_iface_next(VSW_IFACE_PORT, nullptr)) != nullptr)
			vsw_iface_destroy(f);
		vsw_config_release(&cfg_);
	}

	std::vector<std::vector<Bytes>> sent_{kRingPorts};

	// A graph walk, the control thread's turn, and a walk for what it made; what the ports
	// sent is kept (a ring port is a loopback: it would receive it on the next walk).
	void
	step()
	{
		walk();
		vsw_l2_poll(1);
		vsw_l3_poll(0);
		walk();
	}

	void
	walk()
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
		for (unsigned p = 0; p < kRingPorts; p++)
			for (Bytes &b : RingPorts::get().drain(p))
				if (!is_ra(b))
					sent_[p].push_back(std::move(b));
	}

	// What each port sent since the last call, router advertisements left out.
	std::vector<std::vector<Bytes>>
	sent()
	{
		std::vector<std::vector<Bytes>> o(kRingPorts);
		o.swap(sent_);
		return o;
	}

	void run(const Row &row);
};

// Push the row's frame, walk, let the control thread run, and check what came out.
inline void
Hostile::run(const Row &row)
{
	const Want &w = row.want;
	uint64_t by_reason0[VSW_DROP_MAX];
	vsw_pipeline_drops(by_reason0);
	const uint64_t drops0 = all_drops();
	const uint64_t named0 = w.kind == Want::DROP ? drops(w.drop) : 0;
	const unsigned avail0 = rte_mempool_avail_count(RingPorts::get().pool);
	const Bytes f = row.frame();

	RingPorts::get().inject(row.port, f);
	step();
	std::vector<std::vector<Bytes>> o = sent();
	size_t total = 0;
	for (const std::vector<Bytes> &v : o)
		total += v.size();
	const Bytes *first = nullptr;
	// What happened, for a failure's message: the drops counted and the frames sent.
	std::string what;
	uint64_t by_reason[VSW_DROP_MAX];
	vsw_pipeline_drops(by_reason);
	for (unsigned r = 0; r < vsw_drop_count(); r++)
		if (by_reason[r] != by_reason0[r])
			what += std::string(" drop_") + vsw_drop_name(r);
	for (unsigned p = 0; p < kRingPorts; p++)
		if (!o[p].empty())
			what += " ring" + std::to_string(p) + ":" + std::to_string(o[p].size());
	SCOPED_TRACE("happened:" + what);

	switch (w.kind) {
	case Want::DROP:
		EXPECT_EQ(total, 0u) << "nothing sent";
		EXPECT_EQ(drops(w.drop) - named0, 1u) << w.drop;
		EXPECT_EQ(all_drops() - drops0, 1u) << "one drop, by that name";
		break;
	case Want::ICMP: {
		ASSERT_EQ(o[row.port].size(), 1u) << "the error, back out of the ingress port";
		EXPECT_EQ(total, 1u);
		const Bytes &b = o[row.port][0];
		first = &b;
		EXPECT_EQ(Bytes(b.begin(), b.begin() + 6), Bytes(f.begin() + 6, f.begin() + 12))
			<< "to the sender";
		if (l3test::get16(b, 12) == 0x0800) {
			EXPECT_EQ(b[23], 1) << "ICMP";
			EXPECT_EQ(b[34], w.type);
			EXPECT_EQ(b[35], w.code);
			EXPECT_EQ(l3test::sum(b, 14, 20), 0xffff);
			EXPECT_EQ(l3test::sum(b, 34, b.size() - 34), 0xffff);
		} else {
			ASSERT_EQ(l3test::get16(b, 12), 0x86dd);
			EXPECT_EQ(b[20], 58) << "ICMPv6";
			EXPECT_EQ(b[54], w.type);
			EXPECT_EQ(b[55], w.code);
			EXPECT_EQ(l3test6::icmp6_sum(b), 0xffff);
		}
		EXPECT_EQ(all_drops(), drops0);
		break;
	}
	case Want::ANSWER:
		ASSERT_EQ(o[row.port].size(), 1u) << "the answer, out of the ingress port";
		EXPECT_EQ(total, 1u);
		first = &o[row.port][0];
		EXPECT_EQ(all_drops(), drops0);
		break;
	case Want::FORWARD:
		ASSERT_EQ(o[w.port].size(), w.n) << "out of ring" << w.port;
		EXPECT_EQ(total, w.n) << "and nowhere else";
		first = &o[w.port][0];
		EXPECT_EQ(all_drops(), drops0);
		break;
	}
	if (w.check && first != nullptr)
		w.check(f, *first);
	EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), avail0) << "no mbuf kept";
}

// gtest prints a row by its name.
inline void
PrintTo(const Row &row, std::ostream *os)
{
	*os << row.name;
}

inline std::string
row_name(const ::testing::TestParamInfo<Row> &info)
{
	std::string s;
	for (const char *p = info.param.name; *p != '\0' && *p != ':' && *p != '('; p++)
		s += isalnum((unsigned char)*p) ? *p : '_';
	while (!s.empty() && s.back() == '_')
		s.pop_back();
	return s + "_" + std::to_string(info.index);
}

} // namespace hostile

#endif /* VSW_TEST_HOSTILE_FIXTURE_H */
