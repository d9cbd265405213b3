/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's listings for telemetry and vswctl (l3.h): neighbours, routes and router
 * interfaces, IPv4 and IPv6. Control thread, or under the router's lock.
 */
#include <stdio.h>
#include <string.h>

#include <rte_hash.h>

#include "l2/l2.h"
#include "l3/l3_ctl6.h"
#include "vsw_pipeline.h"

static void
rif_name(uint16_t id, char name[VSW_NAME_MAX])
{
	struct vsw_iface *f = id < VSW_MAX_IFACES ? vsw_iface_from_id(id) : NULL;

	snprintf(name, VSW_NAME_MAX, "%s", f != NULL ? f->name : "");
}

void
vsw_l3_neigh_walk(void (*fn)(const struct vsw_l3_neigh_info *n, void *arg), void *arg)
{
	uint32_t it = 0, now = vsw_l3_now();
	const void *key;
	void *data;

	if (l3c.f4.neigh == NULL)
		return;
	while (rte_hash_iterate(l3c.f4.neigh, &key, &data, &it) >= 0) {
		const struct l3_nh *nh = &vsw_l3.nh[(uint32_t)(uintptr_t)data];
		struct vsw_l3_neigh_info n;
		uint64_t mac = nh->mac;

		memset(&n, 0, sizeof(n));
		snprintf(n.vrf, sizeof(n.vrf), "%s", l3c.vrf_name[nh->vrf]);
		rif_name(nh->rif, n.rif);
		n.ip = rte_be_to_cpu_32(nh->ip);
		memcpy(n.mac, &mac, 6);
		n.resolved = mac & NH_MAC_VALID;
		n.is_static = mac & NH_MAC_STATIC;
		n.age_s = now - (uint32_t)nh->seen_s;
		fn(&n, arg);
	}
	l3_neigh6_walk(fn, arg);
}

void
vsw_l3_route_walk(void (*fn)(const struct vsw_l3_route_info *r, void *arg), void *arg)
{
	static const char *const kinds[] = {
	    [L3_RT_LOCAL] = "local",
	    [L3_RT_CONNECTED] = "connected",
	    [L3_RT_STATIC] = "static",
	    [L3_RT_NEIGH] = "neighbour",
	    [L3_RT_API] = "api",
	};
	uint32_t it = 0;
	const void *key;
	void *data;

	if (l3c.f4.routes == NULL)
		return;
	while (rte_hash_iterate(l3c.f4.routes, &key, &data, &it) >= 0) {
		const struct l3_route_key *k = key;
		uint32_t v = (uint32_t)(uintptr_t)data, id = v & 0xffffff, kind = v >> 24;
		const struct l3_nh *nh = &vsw_l3.nh[id];
		struct vsw_l3_route_info r;

		memset(&r, 0, sizeof(r));
		if (l3c.slot_table[k->vrf] == VSW_TABLE_MAIN)
			snprintf(r.vrf, sizeof(r.vrf), "%s", l3c.vrf_name[k->vrf]);
		else
			snprintf(r.vrf, sizeof(r.vrf), "%.20s/%u", l3c.vrf_name[k->vrf],
				 l3c.slot_table[k->vrf]);
		r.prefix = k->prefix;
		r.len = k->len;
		r.type = kind < RTE_DIM(kinds) && kinds[kind] != NULL ? kinds[kind] : "?";
		if (nh->type == NH_BLACKHOLE)
			r.type = "blackhole";
		else if (nh->type == NH_UNREACHABLE)
			r.type = "unreachable";
		else if (nh->type == NH_PROHIBIT)
			r.type = "prohibit";
		if (nh->type == NH_NEIGH)
			r.via = rte_be_to_cpu_32(nh->ip);
		if (nh->type == NH_NEIGH || nh->type == NH_GLEAN)
			rif_name(nh->rif, r.rif);
		if (nh->type == NH_ECMP)
			snprintf(r.rif, sizeof(r.rif), "ecmp:%u", vsw_l3.groups[nh->ip].n);
		if (nh->type == NH_VRF)
			snprintf(r.rif, sizeof(r.rif), "vrf:%.27s", l3c.vrf_name[nh->vrf]);
		fn(&r, arg);
	}
	l3_route6_walk(fn, arg);
}

void
vsw_l3_rif_walk(void (*fn)(const struct vsw_l3_rif_info *r, void *arg), void *arg)
{
	const struct l3_dp *dp = vsw_l3.dp;
	unsigned int id, a;

	for (id = 0; dp != NULL && id < VSW_MAX_IFACES; id++) {
		const struct l3_rif *r = &dp->rif[id];
		struct vsw_l3_rif_info ri;

		if (!r->present)
			continue;
		memset(&ri, 0, sizeof(ri));
		rif_name((uint16_t)id, ri.name);
		snprintf(ri.vrf, sizeof(ri.vrf), "%s", l3c.vrf_name[r->vrf]);
		ri.bridge = r->bridge != VSW_IFACE_NONE;
		if (ri.bridge) {
			int b = vsw_l2_bridge_name(r->bridge, ri.on);

			if (b != 0)
				snprintf(ri.on, sizeof(ri.on), "?");
		} else {
			snprintf(ri.on, sizeof(ri.on), "%s",
				 vsw_pipeline_port_name(r->port) != NULL ?
					 vsw_pipeline_port_name(r->port) :
					 "?");
		}
		memcpy(ri.mac, r->mac.addr_bytes, 6);
		ri.mtu = r->mtu;
		ri.n_addrs = r->n_addrs;
		for (a = 0; a < r->n_addrs; a++) {
			uint32_t m = rte_be_to_cpu_32(r->mask[a]);

			ri.addr[a] = rte_be_to_cpu_32(r->addr[a]);
			ri.len[a] = (uint8_t)(m == 0 ? 0 : 32 - __builtin_ctz(m));
		}
		ri.n_addrs6 = r->n_addrs6;
		memcpy(ri.addr6, r->addr6, sizeof(ri.addr6));
		memcpy(ri.len6, r->len6, sizeof(ri.len6));
		memcpy(ri.ll, r->ll, 16);
		ri.ra = r->ra;
		fn(&ri, arg);
	}
}
