// SPDX-License-Identifier: BSD-3-Clause
// Hostile traffic, third table: VXLAN to the VTEP vx200 (VNI 200, bridge v200, local
// 10.3.0.1 on r3, remotes 10.3.0.2 and 10.3.0.3, known VTEPs only) — bad flags, reserved
// bits, short headers, inner runts, unknown VNIs and VTEPs, broken outer UDP, outer
// fragments, and what is inside a good tunnel packet (the network and the row checks:
// hostile_fixture.h). Every packet comes from the gateway NB3 on ring3 (outer source
// 10.3.0.2) unless a row says otherwise.
#include "hostile_fixture.h"

namespace
{

using namespace hostile;
using l3test::fix_csum;
using l3test::get16;
using l3test::get32;
using l3test::ip4;
using l3test::put16;
using l3test::put32;

const uint8_t HX[6] = {0x02, 0, 0, 0, 0x20, 0x01};     // a host behind VTEP 10.3.0.2
const uint8_t HY[6] = {0x02, 0, 0, 0, 0x02, 0x01}; // host y on the trunk: static in v200
const uint8_t UNKNOWN[6] = {0x02, 0, 0, 0, 0x20, 0x99}; // nobody's MAC
const uint8_t GW200[6] = {0x02, 0, 0, 0, 0, 0xc8};     // gw200, the router on v200

// An inner frame: Ethernet + IPv4 + UDP from host x (10.2.0.77) to @p to.
Bytes
inner(const uint8_t dst[6] = HY, const uint8_t src[6] = HX,
      uint32_t to = ip4("10.2.0.88"))
{
	Bytes f(14 + 20 + 8 + 18, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, 20 + 8 + 18);
	f[22] = 64;
	f[23] = 17;
	put32(f, 26, ip4("10.2.0.77"));
	put32(f, 30, to);
	fix_csum(f);
	put16(f, 34, 1000);
	put16(f, 36, 2000);
	put16(f, 38, 8 + 18);
	return f;
}

// @p in as VXLAN from @p from to 10.3.0.1:4789, on ring3 from NB3 to r3.
Bytes
vx(const Bytes &in, uint32_t vni = 200, uint32_t flags = 0x08000000,
   uint32_t from = ip4("10.3.0.2"))
{
	Bytes f(14 + 20 + 8 + 8, 0);
	memcpy(&f[0], R3, 6);
	memcpy(&f[6], NB3, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, (uint16_t)(20 + 8 + 8 + in.size()));
	f[22] = 64;
	f[23] = 17;
	put32(f, 26, from);
	put32(f, 30, ip4("10.3.0.1"));
	fix_csum(f);
	put16(f, 34, 50000);
	put16(f, 36, 4789);
	put16(f, 38, (uint16_t)(8 + 8 + in.size()));
	put32(f, 42, flags);
	put32(f, 46, vni << 8);
	f.insert(f.end(), in.begin(), in.end());
	return f;
}

// @p f with its outer UDP checksum computed (vx() leaves it zero, as Linux sends it).
Bytes
udp_sum(Bytes f)
{
	Bytes ph(f.begin() + 26, f.begin() + 34);
	size_t len = f.size() - 34;
	ph.insert(ph.end(), {0, 17, (uint8_t)(len >> 8), (uint8_t)len});
	ph.insert(ph.end(), f.begin() + 34, f.end());
	put16(f, 40, (uint16_t)~l3test::sum(ph, 0, ph.size()));
	return f;
}

// vx() of a good inner frame, byte @p at set to @p v.
Bytes
vx_with(size_t at, uint8_t v)
{
	Bytes f = vx(inner());
	f[at] = v;
	return f;
}

// The outer UDP length set to @p len (the IP header left as it is).
Bytes
vx_udp_len(uint16_t len)
{
	Bytes f = vx(inner());
	put16(f, 38, len);
	return f;
}

// The inner frame out of the trunk ring0, tagged 200, as it went in.
Want
to_trunk(const Bytes &want_inner)
{
	return forward(0, 1, [want_inner](const Bytes &, const Bytes &o) {
		ASSERT_EQ(o.size(), want_inner.size() + 4);
		EXPECT_EQ(Bytes(o.begin(), o.begin() + 12),
			  Bytes(want_inner.begin(), want_inner.begin() + 12));
		EXPECT_EQ(get16(o, 12), 0x8100);
		EXPECT_EQ(get16(o, 14) & 0xfff, 200);
		EXPECT_EQ(Bytes(o.begin() + 16, o.end()),
			  Bytes(want_inner.begin() + 12, want_inner.end()));
	});
}

const Row kRows[] = {
	{"VXLAN from a listed VTEP: decapsulated into v200, out of the trunk", 3,
	 [] { return vx(inner()); }, to_trunk(inner())},
	{"VXLAN to an unknown MAC: flooded to the trunk, not to the router (as Linux's bridge)",
	 3, [] { return vx(inner(UNKNOWN)); }, to_trunk(inner(UNKNOWN))},
	{"VXLAN with outer TTL 1 to the VTEP: delivered (it is not forwarded)", 3,
	 [] { Bytes f = vx(inner()); f[22] = 1; fix_csum(f); return f; }, to_trunk(inner())},
	{"VXLAN with a right non-zero outer UDP checksum: delivered", 3,
	 [] { return udp_sum(vx(inner())); }, to_trunk(inner())},
	{"VXLAN with a wrong non-zero outer UDP checksum (Linux checks it)", 3,
	 [] { Bytes f = udp_sum(vx(inner())); f[41] ^= 0x40; return f; },
	 drop("vxlan_bad_udp_csum")},
	{"VXLAN header cut to 4 bytes", 3,
	 [] {
		 Bytes f = vx(inner());
		 f.resize(14 + 20 + 8 + 4);
		 put16(f, 16, 20 + 8 + 4);
		 put16(f, 38, 8 + 4);
		 fix_csum(f);
		 return f;
	 },
	 drop("vxlan_short")},
	{"outer UDP length beyond the IP payload", 3, [] { return vx_udp_len(200); },
	 drop("vxlan_short")},
	{"outer UDP length 4", 3, [] { return vx_udp_len(4); }, drop("vxlan_short")},
	{"VXLAN without the I flag", 3, [] { return vx(inner(), 200, 0); },
	 drop("vxlan_no_i_flag")},
	{"VXLAN flags 0xff", 3, [] { return vx(inner(), 200, 0xff000000); },
	 drop("vxlan_reserved_bits")},
	{"VXLAN reserved bits of the first word", 3, [] { return vx(inner(), 200, 0x08000100); },
	 drop("vxlan_reserved_bits")},
	{"VXLAN reserved byte after the VNI", 3, [] { return vx_with(49, 0x5a); },
	 drop("vxlan_reserved_bits")},
	{"VXLAN to an unknown VNI", 3, [] { return vx(inner(), 201); },
	 drop("vxlan_unknown_vni")},
	{"VXLAN VNI 0", 3, [] { return vx(inner(), 0); }, drop("vxlan_unknown_vni")},
	{"VXLAN from a VTEP not in the flood list", 3,
	 [] { return vx(inner(), 200, 0x08000000, ip4("10.3.0.9")); },
	 drop("vxlan_unknown_vtep")},
	{"VXLAN with an inner runt of 10 bytes", 3,
	 [] {
		 Bytes i = inner();
		 i.resize(10);
		 return vx(i);
	 },
	 drop("vxlan_inner_runt")},
	{"VXLAN with an inner VLAN tag cut short", 3,
	 [] {
		 Bytes i = inner();
		 i.resize(12);
		 i.insert(i.end(), {0x81, 0x00, 0x00});
		 return vx(i);
	 },
	 drop("vxlan_inner_runt")},
	{"VXLAN with no inner frame at all", 3, [] { return vx(Bytes()); },
	 drop("vxlan_inner_runt")},
	{"VXLAN whose inner source is broadcast", 3,
	 [] { return vx(inner(HY, l3test::BCAST)); }, drop("src_mac_multicast")},
	{"VXLAN whose inner source is multicast", 3,
	 [] {
		 const uint8_t mc[6] = {0x01, 0, 0x5e, 0, 0, 1};
		 return vx(inner(HY, mc));
	 },
	 drop("src_mac_multicast")},
	{"outer first fragment of a VXLAN packet (not reassembled)", 3,
	 [] { Bytes f = vx(inner()); put16(f, 20, 0x2000); fix_csum(f); return f; },
	 drop("ip4_local_unhandled")},
	{"outer last fragment of a VXLAN packet", 3,
	 [] { Bytes f = vx(inner()); put16(f, 20, 10); fix_csum(f); return f; },
	 drop("ip4_local_unhandled")},
	{"inner frame tagged 802.1Q: bridged as it is, as Linux's bridge without VLAN filtering",
	 3,
	 [] {
		 Bytes i = inner();
		 i.insert(i.begin() + 12, {0x81, 0x00, 0x00, 0x05});
		 return vx(i);
	 },
	 [] {
		 Bytes i = inner();
		 i.insert(i.begin() + 12, {0x81, 0x00, 0x00, 0x05});
		 return to_trunk(i);
	 }()},
	{"inner frame is VXLAN to the VTEP again: the router takes it, decapsulated once more", 3,
	 [] {
		 Bytes i = vx(inner());
		 memcpy(&i[0], GW200, 6);
		 memcpy(&i[6], HX, 6);
		 return vx(i);
	 },
	 to_trunk(inner())},
};

class HostileVxlan : public Hostile
{
};

TEST_P(HostileVxlan, DroppedByNameAnsweredOrForwarded)
{
	run(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Rows, HostileVxlan, ::testing::ValuesIn(kRows), row_name);

} // namespace
