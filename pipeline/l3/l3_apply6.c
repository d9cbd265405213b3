/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IPv6 half of the router's apply (l3_apply.c calls it): interfaces' IPv6 addresses and
 * link-local address, the FIB6 copies their VRFs' tables need, and the routes the config wants
 * (local /128s, connected subnets, static routes and neighbours, learned neighbours' /128s)
 * compared with the installed ones, as the IPv4 half does. Control thread, under l3c.lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_hash.h>

#include "l3/l3_ctl6.h"
#include "vsw_err.h"

void
l3_rif_fill6(struct l3_rif *r, const struct vsw_rif_conf *rc)
{
	const uint8_t *mac = r->mac.addr_bytes;

	r->n_addrs6 = rc->n_addrs6;
	r->ra = rc->ra;
	for (unsigned int a = 0; a < rc->n_addrs6; a++) {
		memcpy(r->addr6[a], rc->addrs6[a].addr, 16);
		r->len6[a] = rc->addrs6[a].len;
	}
	memset(r->ll, 0, sizeof(r->ll));
	if (rc->n_addrs6 == 0)
		return;
	/* fe80::/64 with the modified EUI-64 of the MAC (RFC 4291 appendix A), as Linux. */
	r->ll[0] = 0xfe;
	r->ll[1] = 0x80;
	r->ll[8] = mac[0] ^ 0x02;
	r->ll[9] = mac[1];
	r->ll[10] = mac[2];
	r->ll[11] = 0xff;
	r->ll[12] = 0xfe;
	r->ll[13] = mac[3];
	r->ll[14] = mac[4];
	r->ll[15] = mac[5];
}

/* Does VRF @p vrf (config index) have anything IPv6. */
static bool
vrf_has_ip6(const struct vsw_l3_conf *l3, uint8_t vrf)
{
	for (unsigned int i = 0; i < l3->n_rifs; i++)
		if (l3->rifs[i].vrf == vrf && l3->rifs[i].n_addrs6 > 0)
			return true;
	return false;
}

/* The addresses that come up with this apply: announced once it runs. */
static struct {
	uint16_t rif[VSW_MAX_RIFS * VSW_MAX_RIF_ADDRS];
	uint8_t addr[VSW_MAX_RIFS * VSW_MAX_RIF_ADDRS][16];
	unsigned int n;
} news6;

int
l3_apply6_prepare(const struct vsw_config *cfg, const uint8_t *slot, struct l3_dp *dp,
		  char *err, size_t err_len)
{
	const struct vsw_l3_conf *l3 = &cfg->l3;
	const struct l3_dp *old = vsw_l3.dp;

	/* Every table of a VRF with IPv6 interfaces (its main one and those routes name). */
	for (unsigned int v = 0; v < l3->n_vrfs && v < VSW_MAX_VRFS; v++) {
		if (slot[v] == UINT8_MAX || !vrf_has_ip6(l3, (uint8_t)v))
			continue;
		for (unsigned int s = 0; s < L3_MAX_SLOTS; s++) {
			if (dp->fib6[s] != NULL || strcmp(l3c.vrf_name[s], l3->vrfs[v]) != 0)
				continue;
			if (l3_fam_make(&l3c.f6, (uint8_t)s, dp) != 0)
				return vsw_err(err, err_len, -ENOMEM,
					       "no memory for the IPv6 routes of vrf '%s'",
					       l3->vrfs[v]);
		}
	}
	news6.n = 0;
	for (unsigned int id = 0; id < VSW_MAX_IFACES; id++) {
		const struct l3_rif *r = &dp->rif[id], *o = &old->rif[id];

		for (unsigned int a = 0; r->present && a < r->n_addrs6; a++) {
			bool was = false;

			for (unsigned int b = 0; o->present && b < o->n_addrs6 && !was; b++)
				was = memcmp(o->addr6[b], r->addr6[a], 16) == 0 &&
				      rte_is_same_ether_addr(&o->mac, &r->mac);
			if (!was && news6.n < RTE_DIM(news6.rif)) {
				news6.rif[news6.n] = (uint16_t)id;
				memcpy(news6.addr[news6.n++], r->addr6[a], 16);
			}
		}
	}
	return 0;
}

static int
want6_add(uint8_t vrf, const uint8_t *prefix, uint8_t len, uint32_t nh, uint8_t kind)
{
	struct l3_route6_key k;

	if (vsw_l3.dp->fib6[vrf] == NULL)
		return 0; /* the VRF has no IPv6 interface */
	l3_key6(&k, vrf, prefix, len);
	return l3_fam_want(&l3c.f6, &k, nh, kind);
}

/* The IPv6 routes @p cfg wants, in precedence order (later wins). */
static int
collect6(const struct vsw_config *cfg, const uint8_t *slot, const uint16_t *rif_id)
{
	const struct vsw_l3_conf *l3 = &cfg->l3;
	const struct l3_dp *dp = vsw_l3.dp;
	const void *key;
	void *data;
	uint32_t it = 0, nh;
	unsigned int i, a;
	int rc = 0;

	l3_fam_want_reset(&l3c.f6);
	while (rte_hash_iterate(l3c.f6.neigh, &key, &data, &it) >= 0) {
		const struct l3_neigh6_key *nk = key;
		const struct l3_nh *n = &vsw_l3.nh[(uint32_t)(uintptr_t)data];

		if (n->rif < VSW_MAX_IFACES && dp->rif[n->rif].present &&
		    dp->rif[n->rif].vrf == nk->vrf && l3_on_link6(dp, nk->vrf, nk->ip, n->rif))
			rc |= want6_add(nk->vrf, nk->ip, 128, (uint32_t)(uintptr_t)data,
					L3_RT_NEIGH);
	}
	for (i = 0; i < l3->n_rifs; i++) {
		uint16_t id = rif_id[i];

		if (id == VSW_IFACE_NONE || l3->rifs[i].n_addrs6 == 0)
			continue;
		if (l3c6.glean[id] == UINT32_MAX)
			l3c6.glean[id] = l3_nh_alloc(NH_GLEAN);
		if (l3c6.glean[id] == UINT32_MAX)
			return -ENOSPC;
		vsw_l3.nh[l3c6.glean[id]].v6 = 1;
		vsw_l3.nh[l3c6.glean[id]].rif = id;
		vsw_l3.nh[l3c6.glean[id]].vrf = slot[l3->rifs[i].vrf];
		for (a = 0; a < l3->rifs[i].n_addrs6; a++)
			rc |= want6_add(slot[l3->rifs[i].vrf], l3->rifs[i].addrs6[a].addr,
					l3->rifs[i].addrs6[a].len, l3c6.glean[id], L3_RT_CONNECTED);
	}
	for (i = 0; i < l3->n_routes6; i++) {
		const struct vsw_route6_conf *rt = &l3->routes6[i];
		/* Gateways are neighbours of via_vrf (the route's own VRF unless leaked). */
		uint8_t v = slot[rt->vrf], gw_vrf = slot[rt->via_vrf];
		uint16_t dev;

		if (v == UINT8_MAX)
			continue;
		if (rt->table != VSW_TABLE_MAIN) {
			int t = slot_of_table(l3->vrfs[rt->vrf], rt->table); /* made by the apply */

			if (t < 0)
				continue;
			v = (uint8_t)t;
		}
		switch (rt->type) {
		case VSW_ROUTE_BLACKHOLE:
			nh = L3_NH_BLACKHOLE;
			break;
		case VSW_ROUTE_UNREACHABLE:
			nh = L3_NH_UNREACHABLE;
			break;
		case VSW_ROUTE_PROHIBIT:
			nh = L3_NH_PROHIBIT;
			break;
		case VSW_ROUTE_LOOKUP:
			if (gw_vrf == UINT8_MAX || dp->fib6[gw_vrf] == NULL)
				continue; /* that VRF has no IPv6 interface: nothing to look up */
			nh = l3_vrf_nh(gw_vrf);
			if (nh == UINT32_MAX)
				return -ENOSPC;
			break;
		case VSW_ROUTE_DEV:
			/* On-link, as IPv4's (l3_apply.c): a /128's host is its next hop. */
			dev = rif_id[rt->dev - 1];
			if (dev == VSW_IFACE_NONE || l3c6.glean[dev] == UINT32_MAX)
				continue;
			nh = rt->to.len == 128 ? l3_neigh6_get(gw_vrf, rt->to.addr, dev) :
						 l3c6.glean[dev];
			if (nh == UINT32_MAX)
				return -ENOSPC;
			break;
		default: {
			uint32_t gw[VSW_MAX_ECMP];
			unsigned int n = 0;

			if (gw_vrf == UINT8_MAX)
				continue;
			for (unsigned int g = 0; g < rt->n_via; g++) {
				/* `via G dev IF`: G on IF, wherever its address is. */
				uint16_t out = rt->dev != 0 ?
						       rif_id[rt->dev - 1] :
						       l3_rif_on_subnet6(dp, gw_vrf, rt->via[g]);

				if (out == VSW_IFACE_NONE)
					continue;
				gw[n] = l3_neigh6_get(gw_vrf, rt->via[g], out);
				if (gw[n++] == UINT32_MAX)
					return -ENOSPC;
			}
			if (n == 0)
				continue;
			nh = n == 1 ? gw[0] : l3_group_get(gw_vrf, gw, n);
			if (nh == UINT32_MAX)
				return -ENOSPC;
		}
		}
		rc |= want6_add(v, rt->to.addr, rt->to.len, nh, L3_RT_STATIC);
	}
	for (i = 0; i < l3->n_neighs6; i++) {
		const struct vsw_neigh6_conf *sn = &l3->neighs6[i];
		uint16_t id = rif_id[sn->rif];
		uint8_t v = slot[l3->rifs[sn->rif].vrf];
		uint64_t mac = 0;

		if (id == VSW_IFACE_NONE || v == UINT8_MAX)
			continue;
		nh = l3_neigh6_get(v, sn->addr, id);
		if (nh == UINT32_MAX)
			return -ENOSPC;
		memcpy(&mac, sn->mac, 6);
		__atomic_store_n(&vsw_l3.nh[nh].mac, mac | NH_MAC_VALID | NH_MAC_STATIC,
				 __ATOMIC_RELEASE);
		rc |= want6_add(v, sn->addr, 128, nh, L3_RT_NEIGH);
	}
	/* The API's routes outrank the config's. */
	rc |= l3_fam_want_api(&l3c.f6, dp);
	/* Our own addresses last: nothing replaces them, in every table of their VRF (Linux
	 * looks its local table up before any rule), as IPv4's. */
	for (i = 0; i < l3->n_rifs; i++)
		for (unsigned int s = 0; s < L3_MAX_SLOTS; s++) {
			if (rif_id[i] == VSW_IFACE_NONE || dp->fib6[s] == NULL ||
			    strcmp(l3c.vrf_name[s], l3->vrfs[l3->rifs[i].vrf]) != 0)
				continue;
			for (a = 0; a < l3->rifs[i].n_addrs6; a++)
				rc |= want6_add((uint8_t)s, l3->rifs[i].addrs6[a].addr, 128,
						L3_NH_LOCAL, L3_RT_LOCAL);
		}
	return rc;
}

int
l3_apply6(const struct vsw_config *cfg, const uint8_t *slot, const uint16_t *rif_id)
{
	const struct l3_dp *dp = vsw_l3.dp;
	int rc = collect6(cfg, slot, rif_id);

	if (rc != 0)
		return rc;
	rc = l3_fam_sync(&l3c.f6);
	/* Router advertisements: an interface that starts sending them, or whose link-local
	 * address changed with its MAC (hosts route through the old one), sends its first ones
	 * at once (RFC 4861 6.2.4). */
	for (unsigned int id = 0; id < VSW_MAX_IFACES; id++) {
		bool on = dp->rif[id].present && dp->rif[id].ra;

		if (l3c6.ra_on[id] && dp->rif[id].present &&
		    (!on || memcmp(l3c6.ra_ll[id], dp->rif[id].ll, 16) != 0))
			l3_ra_goodbye((uint16_t)id, l3c6.ra_ll[id]);
		if (on && (!l3c6.ra_on[id] || memcmp(l3c6.ra_ll[id], dp->rif[id].ll, 16) != 0)) {
			l3c6.ra_next_s[id] = 0;
			l3c6.ra_sent[id] = 0;
			memcpy(l3c6.ra_ll[id], dp->rif[id].ll, 16);
		}
		l3c6.ra_on[id] = on;
	}
	return rc;
}

/* After the commit: the new addresses, announced (the new version runs). */
void
l3_announce6(void)
{
	for (unsigned int i = 0; i < news6.n; i++)
		l3_na_announce(news6.rif[i], news6.addr[i]);
	news6.n = 0;
}

