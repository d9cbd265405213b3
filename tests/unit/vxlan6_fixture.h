// SPDX-License-Identifier: BSD-3-Clause
// What test_vxlan6.cc (the VTEP over IPv6) uses: the ring ports as interfaces of the
// registry (the fake port type's ops object is vxlan_fixture.h's: one object in the binary),
// inner frames built as bytes, and the FDB entry of a MAC.
#ifndef VSW_TEST_VXLAN6_FIXTURE_H
#define VSW_TEST_VXLAN6_FIXTURE_H

#include <string>

#include "l3_fixture.h"

#include "iface/iface.h"
#include "l2/l2.h"
#include "vxlan/vxlan.h"

namespace vxtest
{

using namespace l3test;

const uint8_t NC[6] = {0x02, 0, 0, 0, 0x0c, 0x02}; // VTEP .3 behind ring1
const uint8_t HB[6] = {0x02, 0, 0, 0, 0xbb, 0x01}; // host B, behind a remote VTEP
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

// The ring ports as interfaces 0..kRingPorts-1, so that a tunnel's id is not a port's.
inline void
make_ports()
{
	char err[VSW_ERR_MAX] = "";

	ASSERT_EQ(vsw_iface_type_register(VSW_IFACE_PORT, &kPortOps), 0);
	for (unsigned i = 0; i < kRingPorts; i++) {
		std::string name = "ring" + std::to_string(i);
		vsw_iface *f =
			vsw_iface_create(VSW_IFACE_PORT, name.c_str(), nullptr, err, sizeof(err));
		ASSERT_NE(f, nullptr) << err;
		ASSERT_EQ(f->id, i);
	}
}

inline void
destroy_ports()
{
	vsw_iface *f;
	while ((f = vsw_iface_next(VSW_IFACE_PORT, nullptr)) != nullptr)
		vsw_iface_destroy(f);
}

// Bridge "br" of ring2 (host A) and ring3 (host C).
inline void
add_bridge(vsw_config &cfg)
{
	vsw_bridge_conf &b = cfg.bridges[cfg.n_bridges++];
	snprintf(b.name, sizeof(b.name), "br");
	b.n_ports = 2;
	b.ports[0] = 2;
	b.ports[1] = 3;
	b.aging_s = 300;
	b.flood_unknown = true;
}

// The FDB entry of @p mac in br: its port and flags, or false.
inline bool
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

} // namespace vxtest

#endif /* VSW_TEST_VXLAN6_FIXTURE_H */
