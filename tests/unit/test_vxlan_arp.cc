// SPDX-License-Identifier: BSD-3-Clause
// ARP suppression (vxlan_arp.c, vxlan_neigh.c) and flood lists through the API, in the VTEP's
// fixture (vxlan_fixture.h): host A on ring2 (172.16.0.1), host C on ring3, host B
// (172.16.0.2) behind VTEP 10.0.2.2. What the hosts and the underlay receive is read as bytes.
#include "vxlan_fixture.h"

using namespace l3test;

namespace
{

const uint32_t IP_A = 0xac100001; // 172.16.0.1
const uint32_t IP_B = 0xac100002; // 172.16.0.2
const uint32_t IP_C = 0xac100003; // 172.16.0.3
const uint8_t HB2[6] = {0x02, 0, 0, 0, 0xbb, 0x02};

// An ARP frame: Ethernet @p src -> @p dst, operation @p op, sender (sha, sip), target (tha,
// tip), padded to 60 bytes.
Bytes
arp_frame(uint16_t op, const uint8_t dst[6], const uint8_t src[6], const uint8_t sha[6],
	  uint32_t sip, const uint8_t tha[6], uint32_t tip)
{
	Bytes f(60, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0806);
	put16(f, 14, 1);
	put16(f, 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put16(f, 20, op);
	memcpy(&f[22], sha, 6);
	put32(f, 28, sip);
	memcpy(&f[32], tha, 6);
	put32(f, 38, tip);
	return f;
}

const uint8_t ZERO[6] = {0, 0, 0, 0, 0, 0};

Bytes
request(const uint8_t from[6], uint32_t sip, uint32_t tip)
{
	return arp_frame(1, BCAST, from, from, sip, ZERO, tip);
}

class VxlanArp : public Vxlan
{
      protected:
	void
	SetUp() override
	{
		Vxlan::SetUp();
		cfg->vxlan.tunnels[0].arp_suppress = true;
		reapply();
	}

	// B answers A's ARP from behind 10.0.2.2: the binding B -> HB is snooped on the way.
	void
	b_replies()
	{
		RingPorts::get().inject(1, vxlan(arp_frame(2, HA, HB, HB, IP_B, HA, IP_A),
						 ip4("10.0.2.2")));
		step();
		out(1);
		out(2);
		out(3);
	}

	vsw_vxlan_neigh_stats
	stats()
	{
		vsw_vxlan_neigh_stats st;
		vsw_vxlan_neigh_walk(nullptr, nullptr, &st);
		return st;
	}

	uint64_t
	replied()
	{
		uint64_t n = 0;
		vsw_vxlan_tunnel_walk(
			[](const vsw_vxlan_tunnel_info *t, void *arg) {
				*static_cast<uint64_t *>(arg) += t->arp_replied;
			},
			&n);
		return n;
	}

	// A asks for @p tip; the reply A got (empty: none), and whether anything went elsewhere.
	Bytes
	a_asks(uint32_t tip, size_t *underlay, size_t *c)
	{
		RingPorts::get().inject(2, request(HA, IP_A, tip));
		step();
		*underlay = vxlan_out().size();
		*c = out(3).size();
		auto o = out(2);
		return o.size() == 1 ? o[0] : Bytes();
	}
};

} // namespace

TEST_F(VxlanArp, AKnownRemoteTargetIsAnsweredLocallyAndNothingCrossesTheUnderlay)
{
	b_replies();
	ASSERT_EQ(stats().bindings, 1u);
	size_t underlay, c;
	Bytes r = a_asks(IP_B, &underlay, &c);
	EXPECT_EQ(underlay, 0u) << "no VXLAN packet for a suppressed request";
	EXPECT_EQ(c, 0u) << "not flooded locally either";
	EXPECT_EQ(r, arp_frame(2, HA, HB, HB, IP_B, HA, IP_A)) << "B's reply, bit for bit";
	EXPECT_EQ(replied(), 1u);
}

TEST_F(VxlanArp, AnUnknownTargetIsFloodedAsBefore)
{
	b_replies();
	size_t underlay, c;
	Bytes r = a_asks(IP_C, &underlay, &c);
	EXPECT_EQ(underlay, 2u) << "one copy to each remote VTEP";
	EXPECT_EQ(c, 1u);
	EXPECT_TRUE(r.empty());
	EXPECT_EQ(replied(), 0u);
}

TEST_F(VxlanArp, WithoutSuppressionNothingIsSnoopedOrAnswered)
{
	cfg->vxlan.tunnels[0].arp_suppress = false;
	reapply();
	b_replies();
	EXPECT_EQ(stats().bindings, 0u);
	size_t underlay, c;
	Bytes r = a_asks(IP_B, &underlay, &c);
	EXPECT_EQ(underlay, 2u);
	EXPECT_TRUE(r.empty());
}

TEST_F(VxlanArp, GratuitousArpFromALocalHostIsSnoopedAndMovesTheBinding)
{
	// C announces 172.16.0.3 (a gratuitous request), then B's address moves to HB2.
	RingPorts::get().inject(3, arp_frame(1, BCAST, HC, HC, IP_C, ZERO, IP_C));
	b_replies();
	EXPECT_EQ(stats().bindings, 2u);
	RingPorts::get().inject(1, vxlan(arp_frame(2, BCAST, HB2, HB2, IP_B, ZERO, IP_B),
					 ip4("10.0.2.2")));
	step();
	out(2);
	out(3);
	EXPECT_EQ(stats().moved, 1u);
	vsw_vxlan_neigh_info n;
	ASSERT_EQ(vsw_vxlan_neigh_get("vx", IP_B, &n), 0);
	EXPECT_EQ(memcmp(n.mac, HB2, 6), 0);
	EXPECT_EQ(n.type, VSW_VXLAN_NEIGH_LEARNED);
	// A's request for C (local) is answered too; C's own frames stay plain.
	size_t underlay, c;
	Bytes r = a_asks(IP_C, &underlay, &c);
	EXPECT_EQ(r, arp_frame(2, HA, HC, HC, IP_C, HA, IP_A));
	EXPECT_EQ(underlay, 0u);
}

TEST_F(VxlanArp, ARequestFromBehindTheTunnelIsNotAnswered)
{
	RingPorts::get().inject(3, arp_frame(1, BCAST, HC, HC, IP_C, ZERO, IP_C));
	step();
	out(1);
	out(2);
	// B asks for C: it reaches the local hosts, nobody answers in C's stead.
	RingPorts::get().inject(1, vxlan(request(HB, IP_B, IP_C), ip4("10.0.2.2")));
	step();
	EXPECT_EQ(out(3).size(), 1u);
	EXPECT_EQ(out(2).size(), 1u);
	EXPECT_TRUE(vxlan_out().empty());
	EXPECT_EQ(replied(), 0u);
}

TEST_F(VxlanArp, ProbesAndRequestsAreNotLearned)
{
	RingPorts::get().inject(2, request(HA, 0, IP_A)); // a DAD probe
	RingPorts::get().inject(2, request(HA, IP_A, IP_C));
	step();
	EXPECT_EQ(stats().bindings, 0u);
	EXPECT_EQ(vxlan_out().size(), 2u) << "the request, flooded";
}

TEST_F(VxlanArp, LearnedBindingsAreBoundedAndAged)
{
	cfg->vxlan.tunnels[0].neigh_limit = 2;
	reapply();
	for (uint32_t i = 0; i < 3; i++) {
		uint8_t mac[6] = {0x02, 0, 0, 0, 0xbb, (uint8_t)(0x10 + i)};
		RingPorts::get().inject(1, vxlan(arp_frame(2, HA, mac, mac, IP_B + 16 + i, HA, IP_A),
						 ip4("10.0.2.2")));
	}
	step();
	EXPECT_EQ(stats().bindings, 2u);
	EXPECT_EQ(stats().limit, 1u);
	// The bridge's aging (300 s): gone after it, the configured one stays.
	ASSERT_EQ(vsw_vxlan_neigh_add("vx", IP_C, HC), 0);
	now_ = 1 + 301;
	step();
	EXPECT_EQ(stats().bindings, 1u);
	EXPECT_EQ(stats().aged, 2u);
	vsw_vxlan_neigh_info n;
	EXPECT_EQ(vsw_vxlan_neigh_get("vx", IP_C, &n), 0);
}

TEST_F(VxlanArp, StaticAndApiBindings)
{
	vsw_vxlan_neigh_conf &s = cfg->vxlan.tunnels[0].neighs[cfg->vxlan.tunnels[0].n_neighs++];
	s.ip = IP_B;
	memcpy(s.mac, HB, 6);
	reapply();
	size_t underlay, c;
	EXPECT_EQ(a_asks(IP_B, &underlay, &c), arp_frame(2, HA, HB, HB, IP_B, HA, IP_A));
	EXPECT_EQ(underlay, 0u);
	// Snooping never overrides it; the API neither adds over nor deletes it.
	RingPorts::get().inject(1, vxlan(arp_frame(2, HA, HB2, HB2, IP_B, HA, IP_A),
					 ip4("10.0.2.2")));
	step();
	out(2);
	vsw_vxlan_neigh_info n;
	ASSERT_EQ(vsw_vxlan_neigh_get("vx", IP_B, &n), 0);
	EXPECT_EQ(memcmp(n.mac, HB, 6), 0);
	EXPECT_EQ(n.type, VSW_VXLAN_NEIGH_STATIC);
	EXPECT_EQ(vsw_vxlan_neigh_add("vx", IP_B, HB2), -EEXIST);
	EXPECT_EQ(vsw_vxlan_neigh_del("vx", IP_B), -EPERM);
	// An API binding answers, and its deletion brings back the flood.
	ASSERT_EQ(vsw_vxlan_neigh_add("vx", IP_C, HC), 0);
	EXPECT_EQ(a_asks(IP_C, &underlay, &c), arp_frame(2, HA, HC, HC, IP_C, HA, IP_A));
	ASSERT_EQ(vsw_vxlan_neigh_get("vx", IP_C, &n), 0);
	EXPECT_EQ(n.type, VSW_VXLAN_NEIGH_API);
	EXPECT_EQ(vsw_vxlan_neigh_del("vx", IP_C), 0);
	EXPECT_EQ(vsw_vxlan_neigh_del("vx", IP_C), -ENOENT);
	EXPECT_TRUE(a_asks(IP_C, &underlay, &c).empty());
	EXPECT_EQ(underlay, 2u);
	EXPECT_EQ(vsw_vxlan_neigh_add("nope", IP_C, HC), -ENOENT);
	// A reload without the static binding takes it away.
	cfg->vxlan.tunnels[0].n_neighs = 0;
	reapply();
	EXPECT_EQ(vsw_vxlan_neigh_get("vx", IP_B, &n), -ENOENT);
	cfg->vxlan.tunnels[0].arp_suppress = false;
	reapply();
	EXPECT_EQ(vsw_vxlan_neigh_add("vx", IP_C, HC), -EOPNOTSUPP);
}

// ---- Flood lists through the API ------------------------------------------------------------

namespace
{
// A suite name of this file's own (gtest wants one fixture class per suite name, and the
// header's Vxlan is another class in each file).
class VxlanApi : public Vxlan
{
};
} // namespace

TEST_F(VxlanApi, ARemoteAddedThroughTheApiGetsBroadcastsAndOutlivesAReload)
{
	char err[256] = "";
	cfg->vxlan.tunnels[0].n_remotes = 1; // 10.0.2.2 only
	reapply();
	ASSERT_EQ(vsw_vxlan_remote_change(cfg.get(), true, "vx", ip4("10.0.2.3"), err, sizeof(err)),
		  0)
		<< err;
	RingPorts::get().inject(2, inner(BCAST, HA));
	step();
	auto v = vxlan_out();
	EXPECT_EQ(v.size(), 2u);
	EXPECT_EQ(v.count(ip4("10.0.2.3")), 1u);
	out(3);
	reapply(); // a reload
	RingPorts::get().inject(2, inner(BCAST, HA));
	step();
	EXPECT_EQ(vxlan_out().size(), 2u);
	out(3);

	EXPECT_EQ(vsw_vxlan_remote_change(cfg.get(), true, "vx", ip4("10.0.2.3"), err, sizeof(err)),
		  -EEXIST);
	EXPECT_EQ(vsw_vxlan_remote_change(cfg.get(), true, "vx", ip4("10.0.2.1"), err, sizeof(err)),
		  -EINVAL);
	EXPECT_EQ(vsw_vxlan_remote_change(cfg.get(), true, "vy", ip4("10.0.2.4"), err, sizeof(err)),
		  -ENOENT);
	EXPECT_EQ(vsw_vxlan_remote_change(cfg.get(), false, "vx", ip4("10.0.2.2"), err,
					  sizeof(err)),
		  -EPERM);
}

TEST_F(VxlanApi, RemovingAnApiRemoteForgetsWhatWasLearnedBehindIt)
{
	char err[256] = "";
	cfg->vxlan.tunnels[0].n_remotes = 0;
	reapply();
	ASSERT_EQ(vsw_vxlan_remote_change(cfg.get(), true, "vx", ip4("10.0.2.2"), err, sizeof(err)),
		  0)
		<< err;
	learn_b();
	uint16_t port;
	uint8_t flags;
	ASSERT_TRUE(fdb_entry(HB, &port, &flags));
	EXPECT_TRUE(flags & VSW_FDB_F_REMOTE);
	ASSERT_EQ(vsw_vxlan_remote_change(cfg.get(), false, "vx", ip4("10.0.2.2"), err,
					  sizeof(err)),
		  0)
		<< err;
	EXPECT_FALSE(fdb_entry(HB, &port, &flags));
	EXPECT_EQ(vsw_vxlan_remote_change(cfg.get(), false, "vx", ip4("10.0.2.2"), err,
					  sizeof(err)),
		  -ENOENT);
	RingPorts::get().inject(2, inner(BCAST, HA));
	step();
	EXPECT_TRUE(vxlan_out().empty()) << "the flood list is empty again";
	EXPECT_EQ(drops("vxlan_flood_empty"), 1u);
	out(3);
}

TEST_F(VxlanApi, TheApiFloodListIsBounded)
{
	char err[256] = "";
	for (uint32_t i = 0; i < VSW_VXLAN_MAX_FLOOD - 2; i++)
		ASSERT_EQ(vsw_vxlan_remote_change(cfg.get(), true, "vx", ip4("10.0.3.1") + i, err,
						  sizeof(err)),
			  0)
			<< err;
	EXPECT_EQ(vsw_vxlan_remote_change(cfg.get(), true, "vx", ip4("10.0.4.1"), err, sizeof(err)),
		  -ENOSPC);
}
