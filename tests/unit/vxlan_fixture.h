// SPDX-License-Identifier: BSD-3-Clause
// The fixture of the VTEP's tests (test_vxlan.cc, test_vxlan_arp.cc): its nodes in a real
// worker graph (l3_fixture.h): the router's r1 (ring1, 10.0.2.1/24) is the underlay, with the remote VTEPs 10.0.2.2 (NB) and 10.0.2.3 (NC) as
// static neighbours; bridge br holds ring2 (host A), ring3 (host C) and tunnel vx (VNI 10,
// local 10.0.2.1, flood list both remotes). Frames are built and read as bytes.
//
// Its own binary, as test_hostile: the ring ports are interfaces of the registry (a fake
// port type, which test_iface.cc fakes otherwise in test_pipeline), so that the tunnel's
// interface id is not a port's.
#ifndef VSW_TEST_VXLAN_FIXTURE_H
#define VSW_TEST_VXLAN_FIXTURE_H

#include "l3_fixture.h"

#include "iface/iface.h"
#include "l2/l2.h"
#include "vxlan/vxlan.h"

using namespace l3test;

namespace
{

const uint8_t NC[6] = {0x02, 0, 0, 0, 0x0c, 0x02}; // VTEP 10.0.2.3 behind ring1
const uint8_t HB[6] = {0x02, 0, 0, 0, 0xbb, 0x01}; // host B, behind VTEP 10.0.2.2
const uint8_t HC[6] = {0x02, 0, 0, 0, 0xcc, 0x01}; // host C, on ring3

// An inner frame: Ethernet + IPv4 + UDP, @p payload bytes of payload.
inline Bytes
inner(const uint8_t dst[6], const uint8_t src[6], size_t payload = 18)
{
	Bytes f(14 + 20 + 8 + payload, 0);
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, (uint16_t)(20 + 8 + payload));
	f[22] = 64;
	f[23] = 17;
	put32(f, 26, ip4("172.16.0.1"));
	put32(f, 30, ip4("172.16.0.2"));
	fix_csum(f);
	put16(f, 34, 1000);
	put16(f, 36, 2000);
	put16(f, 38, (uint16_t)(8 + payload));
	return f;
}

// @p in as VXLAN from VTEP @p from to 10.0.2.1 (outer Ethernet NB -> R1).
inline Bytes
vxlan(const Bytes &in, uint32_t from, uint32_t vni = 10, uint16_t dport = 4789,
      uint32_t flags = 0x08000000)
{
	Bytes f(14 + 20 + 8 + 8, 0);
	memcpy(&f[0], R1, 6);
	memcpy(&f[6], NB, 6);
	put16(f, 12, 0x0800);
	f[14] = 0x45;
	put16(f, 16, (uint16_t)(20 + 8 + 8 + in.size()));
	f[22] = 64;
	f[23] = 17;
	put32(f, 26, from);
	put32(f, 30, ip4("10.0.2.1"));
	fix_csum(f);
	put16(f, 34, 50000);
	put16(f, 36, dport);
	put16(f, 38, (uint16_t)(8 + 8 + in.size()));
	put32(f, 42, flags);
	put32(f, 46, vni << 8);
	f.insert(f.end(), in.begin(), in.end());
	return f;
}

} // namespace

// One object for every file that includes this (not in the anonymous namespace): the
// registry keeps the first ops it was given for a type (another object is -EEXIST).
namespace vxtest
{
inline int
port_create(vsw_iface *, const void *, char *, size_t)
{
	return 0;
}

inline void
port_destroy(vsw_iface *)
{
}

inline const vsw_iface_ops kPortOps = {"port", port_create, nullptr, port_destroy, nullptr};
} // namespace vxtest

namespace
{

class Vxlan : public L3
{
      protected:
	void
	SetUp() override
	{
		char err[VSW_ERR_MAX] = "";

		ASSERT_EQ(vsw_iface_type_register(VSW_IFACE_PORT, &vxtest::kPortOps), 0);
		for (unsigned i = 0; i < kRingPorts; i++) {
			std::string name = "ring" + std::to_string(i);
			vsw_iface *f = vsw_iface_create(VSW_IFACE_PORT, name.c_str(), nullptr, err,
							sizeof(err));
			ASSERT_NE(f, nullptr) << err;
			ASSERT_EQ(f->id, i);
		}
		L3::SetUp();
		vsw_l3_conf &l3 = cfg->l3;
		l3.neighs[1].rif = 1;
		l3.neighs[1].addr = ip4("10.0.2.3");
		memcpy(l3.neighs[1].mac, NC, 6);
		l3.n_neighs = 2;
		vsw_bridge_conf &b = cfg->bridges[cfg->n_bridges++];
		snprintf(b.name, sizeof(b.name), "br");
		b.n_ports = 2;
		b.ports[0] = 2;
		b.ports[1] = 3;
		b.aging_s = 300;
		b.flood_unknown = true;
		vsw_vxlan_tunnel_conf &t = cfg->vxlan.tunnels[cfg->vxlan.n_tunnels++];
		snprintf(t.name, sizeof(t.name), "vx");
		t.vni = 10;
		t.bridge = 0;
		t.rif = 1;
		t.ttl = 64;
		t.dstport = 4789;
		t.local = ip4("10.0.2.1");
		t.remotes[t.n_remotes++] = ip4("10.0.2.2");
		t.remotes[t.n_remotes++] = ip4("10.0.2.3");
		reapply();
		vsw_l2_poll(1);
	}

	void
	TearDown() override
	{
		L3::TearDown();
		vsw_iface *f;
		while ((f = vsw_iface_next(VSW_IFACE_PORT, nullptr)) != nullptr)
			vsw_iface_destroy(f);
	}

	void
	step()
	{
		walk();
		vsw_l2_poll(now_);
		vsw_vxlan_poll(now_);
	}

	uint32_t now_ = 1; // the control side's clock (seconds)

	// The VXLAN packets that left ring1, by outer destination address.
	std::map<uint32_t, Bytes>
	vxlan_out()
	{
		std::map<uint32_t, Bytes> m;
		for (Bytes &b : out(1))
			if (b.size() >= 50 && get16(b, 12) == 0x0800 && b[23] == 17 &&
			    get16(b, 36) == 4789)
				m[get32(b, 30)] = b;
		return m;
	}

	// The FDB entry of @p mac in br: its port and flags, or false.
	bool
	fdb_entry(const uint8_t mac[6], uint16_t *port, uint8_t *flags)
	{
		struct Want {
			const uint8_t *mac;
			uint16_t *port;
			uint8_t *flags;
			bool found;
		} w{mac, port, flags, false};
		vsw_l2_lock();
		vsw_fdb_walk(
			vsw_l2_fdb(), (uint16_t)vsw_l2_bridge_id("br"), nullptr,
			[](const vsw_fdb_key *k, uint16_t p, uint8_t f, uint32_t, void *arg) {
				Want *x = static_cast<Want *>(arg);
				if (memcmp(k->mac.addr_bytes, x->mac, 6) == 0) {
					*x->port = p;
					*x->flags = f;
					x->found = true;
				}
				return 0;
			},
			&w);
		vsw_l2_unlock();
		return w.found;
	}

	// Learn host B behind 10.0.2.2 (a broadcast from it), the outputs cleared.
	void
	learn_b()
	{
		RingPorts::get().inject(1, vxlan(inner(BCAST, HB), ip4("10.0.2.2")));
		step();
		out(1);
		out(2);
		out(3);
	}
};

// Every bit of one encapsulated copy: outer Ethernet from the underlay's neighbour, IPv4
// from the local VTEP with TTL 64 and no DF, UDP 4789 from a port in 49152-65535 without a
// checksum, VXLAN with the I flag and VNI 10, then the frame as the bridge had it.
inline void
expect_encap(const Bytes &b, const uint8_t dmac[6], uint32_t to, const Bytes &frame)
{
	ASSERT_EQ(b.size(), 50 + frame.size());
	EXPECT_EQ(memcmp(&b[0], dmac, 6), 0);
	EXPECT_EQ(memcmp(&b[6], R1, 6), 0);
	EXPECT_EQ(b[14], 0x45);
	EXPECT_EQ((size_t)get16(b, 16), 36 + frame.size());
	EXPECT_EQ(get16(b, 20), 0) << "no DF, not a fragment";
	EXPECT_EQ(b[22], 64);
	EXPECT_EQ(b[23], 17);
	EXPECT_EQ(sum(b, 14, 20), 0xffff) << "IPv4 header checksum";
	EXPECT_EQ(get32(b, 26), ip4("10.0.2.1"));
	EXPECT_EQ(get32(b, 30), to);
	EXPECT_GE(get16(b, 34), 49152);
	EXPECT_EQ(get16(b, 36), 4789);
	EXPECT_EQ((size_t)get16(b, 38), 16 + frame.size());
	EXPECT_EQ(get16(b, 40), 0) << "no UDP checksum";
	EXPECT_EQ(get32(b, 42), 0x08000000u);
	EXPECT_EQ(get32(b, 46), 10u << 8);
	EXPECT_EQ(Bytes(b.begin() + 50, b.end()), frame);
}

} // namespace

#endif // VSW_TEST_VXLAN_FIXTURE_H
