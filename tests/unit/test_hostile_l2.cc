// SPDX-License-Identifier: BSD-3-Clause
// Hostile traffic, first table: Ethernet, VLAN tags, the bridge, a routed port's L2, ARP and
// neighbour discovery (the network and the row checks: hostile_fixture.h).
#include "hostile_fixture.h"

#include "l2_fixture.h"

namespace
{

using namespace hostile;
using l3test::ip4;
using l3test::put16;

// A 64-byte frame of ethertype @p type.
Bytes
eth(const uint8_t dst[6], const uint8_t src[6], uint16_t type = 0x0800)
{
	Bytes f = frame(dst, src);
	put16(f, 12, type);
	return f;
}

const uint8_t MC_SRC[6] = {0x01, 0, 0x5e, 0, 0, 9};

// Host c's ARP on ring3: request (1) or reply (2) from @p sip for @p tip.
Bytes
arp3(uint16_t op, uint32_t sip, uint32_t tip, const uint8_t dst[6] = BCAST)
{
	return l3test::arp(op, dst, HC, sip, tip);
}

Bytes
arp3_with(size_t at, uint8_t v)
{
	Bytes f = arp3(1, ip4("10.3.0.9"), ip4("10.3.0.1"));
	f[at] = v;
	return f;
}

// Host c's neighbour solicitation of @p target on ring3, with its link-layer address @p ll.
Bytes
ns3(const char *target = "2001:db8:3::1", const uint8_t ll[6] = HC,
    const char *from = "2001:db8:3::9")
{
	return l3test6::nd(135, R3, HC, from, "2001:db8:3::1", target, ll);
}

Bytes
ns3_with(size_t at, uint8_t v)
{
	Bytes f = ns3();
	f[at] = v;
	l3test6::fix_sum(f);
	return f;
}

// The ARP reply: to @p mac, from r3, for 10.3.0.1.
std::function<void(const Bytes &, const Bytes &)>
arp_reply_to(const uint8_t mac[6])
{
	return [mac](const Bytes &, const Bytes &o) {
		EXPECT_EQ(Bytes(o.begin(), o.begin() + 6), Bytes(mac, mac + 6)) << "to the sender";
		EXPECT_EQ(l3test::get16(o, 20), 2) << "a reply";
		EXPECT_EQ(Bytes(o.begin() + 22, o.begin() + 28), Bytes(R3, R3 + 6));
		EXPECT_EQ(l3test::get32(o, 28), ip4("10.3.0.1"));
		EXPECT_EQ(Bytes(o.begin() + 32, o.begin() + 38), Bytes(mac, mac + 6));
	};
}

// The neighbour advertisement of 2001:db8:3::1: to @p mac, solicited, with r3's MAC.
std::function<void(const Bytes &, const Bytes &)>
na_to(const uint8_t mac[6])
{
	return [mac](const Bytes &, const Bytes &o) {
		EXPECT_EQ(Bytes(o.begin(), o.begin() + 6), Bytes(mac, mac + 6));
		EXPECT_EQ(o[54], 136) << "neighbour advertisement";
		EXPECT_EQ(o[58] & 0x40, 0x40) << "solicited";
		EXPECT_EQ(Bytes(o.begin() + 80, o.begin() + 86), Bytes(R3, R3 + 6));
		EXPECT_EQ(l3test6::icmp6_sum(o), 0xffff);
	};
}

const Row kRows[] = {
	// Ethernet.
	{"empty frame", 1, [] { return Bytes(); }, drop("eth_runt")},
	{"13 bytes", 1, [] { Bytes f = eth(STATIC, HA); f.resize(13); return f; },
	 drop("eth_runt")},
	{"VLAN tag cut short", 0,
	 [] { Bytes f = tag(eth(STATIC, MAC_A), 0x8100, 0, 100); f.resize(16); return f; },
	 drop("eth_truncated_vlan")},
	{"802.1ad tag cut short on a routed port", 3,
	 [] { Bytes f = tag(eth(R3, HC), 0x88a8, 0, 100); f.resize(15); return f; },
	 drop("eth_truncated_vlan")},
	// VLAN ingress.
	{"tagged on an access port", 1, [] { return tag(eth(STATIC, HA), 0x8100, 0, 100); },
	 drop("vlan_tagged_on_access")},
	{"untagged on a trunk without native VLAN", 0, [] { return eth(STATIC, MAC_A); },
	 drop("vlan_untagged")},
	{"priority-tagged on a trunk without native VLAN", 0,
	 [] { return tag(eth(STATIC, MAC_A), 0x8100, 5, 0); }, drop("vlan_untagged")},
	{"802.1ad tag on an 802.1Q trunk: untagged to it", 0,
	 [] { return tag(eth(STATIC, MAC_A), 0x88a8, 0, 100); }, drop("vlan_untagged")},
	{"VLAN 300 not on the trunk", 0, [] { return tag(eth(STATIC, MAC_A), 0x8100, 0, 300); },
	 drop("vlan_not_allowed")},
	{"VLAN 4095 (reserved)", 0, [] { return tag(eth(STATIC, MAC_A), 0x8100, 0, 4095); },
	 drop("vlan_not_allowed")},
	{"VLAN 100 with PCP 7 and DEI to the static MAC: untagged out of the access port", 0,
	 [] { return tag(eth(STATIC, MAC_A), 0x8100, 7, 0x1000 | 100); },
	 forward(1, 1, [](const Bytes &, const Bytes &o) { EXPECT_EQ(o, eth(STATIC, MAC_A)); })},
	{"QinQ (100 outside, 200 inside) on the trunk: the inner tag kept, as Linux's bridge", 0,
	 [] { return tag(tag(eth(STATIC, MAC_A), 0x8100, 0, 200), 0x8100, 0, 100); },
	 forward(1, 1,
		 [](const Bytes &, const Bytes &o) {
			 EXPECT_EQ(o, tag(eth(STATIC, MAC_A), 0x8100, 0, 200));
		 })},
	{"QinQ whose inner tag is cut short: forwarded as bytes", 0,
	 [] {
		 Bytes f = tag(eth(STATIC, MAC_A), 0x8100, 0, 100);
		 f.resize(18);
		 put16(f, 16, 0x8100);
		 return f;
	 },
	 forward(1)},
	{"three tags on a dot1q-tunnel port, alone in its bridge", 2,
	 [] { return tag(tag(tag(eth(BCAST, MAC_A), 0x8100, 0, 1), 0x88a8, 0, 2), 0x8100, 0, 3); },
	 drop("flood_empty")},
	// The bridge.
	{"multicast source MAC", 1, [] { return eth(BCAST, MC_SRC); }, drop("src_mac_multicast")},
	{"broadcast source MAC", 1, [] { return eth(STATIC, BCAST); }, drop("src_mac_multicast")},
	{"all-zero source MAC", 1, [] { return eth(STATIC, ZERO); }, drop("src_mac_zero")},
	{"to the static MAC on the ingress port", 1, [] { return eth(STATIC, HA); },
	 drop("dst_on_ingress")},
	// A routed port.
	{"tagged frame on a routed port", 3, [] { return tag(eth(R3, HC), 0x8100, 0, 3); },
	 drop("l3_tagged")},
	{"to another unicast MAC on a routed port", 3, [] { return eth(NB3, HC); },
	 drop("l3_not_for_us")},
	{"IPv4 to the broadcast MAC on a routed port", 3, [] { return eth(BCAST, HC); },
	 drop("l3_not_for_us")},
	{"MPLS on a routed port", 3, [] { return eth(R3, HC, 0x8847); },
	 drop("l3_unsupported_proto")},
	{"LLDP to its group on a routed port", 3,
	 [] {
		 const uint8_t lldp[6] = {0x01, 0x80, 0xc2, 0, 0, 0x0e};
		 return eth(lldp, HC, 0x88cc);
	 },
	 drop("l3_not_for_us")},
	// ARP.
	{"ARP request for r3", 3, [] { return arp3(1, ip4("10.3.0.9"), ip4("10.3.0.1")); },
	 answer(arp_reply_to(HC))},
	{"ARP request whose sender MAC is not the frame's source: answered to the sender MAC",
	 3,
	 [] {
		 Bytes f = arp3(1, ip4("10.3.0.9"), ip4("10.3.0.1"));
		 memcpy(&f[22], NB3, 6);
		 return f;
	 },
	 answer(arp_reply_to(NB3))},
	{"ARP probe (sender 0.0.0.0) for r3: answered, as Linux", 3,
	 [] { return arp3(1, 0, ip4("10.3.0.1")); }, answer(arp_reply_to(HC))},
	{"ARP hardware length 8", 3, [] { return arp3_with(18, 8); }, drop("arp_malformed")},
	{"ARP hardware type 6 (IEEE 802)", 3, [] { return arp3_with(15, 6); },
	 drop("arp_malformed")},
	{"ARP for protocol IPv6", 3, [] { Bytes f = arp3_with(16, 0x86); f[17] = 0xdd; return f; },
	 drop("arp_malformed")},
	{"ARP opcode 3 (RARP)", 3, [] { return arp3_with(21, 3); }, drop("arp_malformed")},
	{"ARP cut after 20 bytes", 3,
	 [] { Bytes f = arp3(1, ip4("10.3.0.9"), ip4("10.3.0.1")); f.resize(34); return f; },
	 drop("arp_malformed")},
	{"ARP for an address not ours", 3, [] { return arp3(1, ip4("10.3.0.9"), ip4("10.3.0.7")); },
	 drop("arp_not_for_us")},
	{"ARP to another unicast MAC", 3,
	 [] { return arp3(1, ip4("10.3.0.9"), ip4("10.3.0.1"), NB3); }, drop("l3_not_for_us")},
	{"unsolicited ARP reply to us: learned", 3,
	 [] { return arp3(2, ip4("10.3.0.8"), ip4("10.3.0.1"), R3); }, drop("arp_consumed")},
	{"gratuitous ARP: learned", 3, [] { return arp3(1, ip4("10.3.0.8"), ip4("10.3.0.8")); },
	 drop("arp_consumed")},
	{"ARP from 127.0.0.1 (martian: Linux neither answers nor learns)", 3,
	 [] { return arp3(1, ip4("127.0.0.1"), ip4("10.3.0.1")); }, drop("arp_martian_src")},
	{"ARP from 224.0.0.5 (martian)", 3, [] { return arp3(1, ip4("224.0.0.5"), ip4("10.3.0.1")); },
	 drop("arp_martian_src")},
	{"ARP from 255.255.255.255 (martian)", 3,
	 [] { return arp3(1, ip4("255.255.255.255"), ip4("10.3.0.1")); }, drop("arp_martian_src")},
	{"gratuitous ARP for 127.0.0.1 (martian)", 3,
	 [] { return arp3(1, ip4("127.0.0.1"), ip4("127.0.0.1")); }, drop("arp_martian_src")},
	// Neighbour discovery.
	{"neighbour solicitation for r3", 3, [] { return ns3(); }, answer(na_to(HC))},
	{"solicitation whose link-layer option is not the frame's source: answered to the option",
	 3, [] { return ns3("2001:db8:3::1", NB3); }, answer(na_to(NB3))},
	{"solicitation with hop limit 254", 3, [] { Bytes f = ns3(); f[21] = 254; return f; },
	 drop("nd_malformed")},
	{"solicitation with code 1", 3, [] { return ns3_with(55, 1); }, drop("nd_malformed")},
	{"solicitation for a multicast target", 3, [] { return ns3("ff02::1"); },
	 drop("nd_malformed")},
	{"solicitation with a zero-length option", 3, [] { return ns3_with(79, 0); },
	 drop("nd_malformed")},
	{"duplicate address detection (from ::) with a link-layer option", 3,
	 [] {
		 const uint8_t sn[6] = {0x33, 0x33, 0xff, 0, 0, 1};
		 return l3test6::nd(135, sn, HC, "::", "ff02::1:ff00:1", "2001:db8:3::1", HC);
	 },
	 drop("nd_malformed")},
	{"solicitation cut to 16 bytes", 3,
	 [] {
		 Bytes f = ns3();
		 f.resize(54 + 16);
		 put16(f, 18, 16);
		 l3test6::fix_sum(f);
		 return f;
	 },
	 drop("nd_malformed")},
	{"solicitation for an address not ours", 3, [] { return ns3("2001:db8:3::7"); },
	 drop("nd_not_for_us")},
	{"unsolicited advertisement: learned", 3,
	 [] { return l3test6::nd(136, R3, HC, "2001:db8:3::8", "2001:db8:3::1", "2001:db8:3::8", HC); },
	 drop("nd_consumed")},
	{"ICMPv6 checksum wrong", 3, [] { Bytes f = ns3(); f[57] ^= 0x11; return f; },
	 drop("icmp6_bad")},
};

class HostileL2 : public Hostile
{
};

TEST_P(HostileL2, DroppedByNameAnsweredOrForwarded)
{
	run(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Rows, HostileL2, ::testing::ValuesIn(kRows), row_name);

} // namespace
