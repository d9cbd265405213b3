/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv6 routes from the API (vswctl route add/del with an IPv6 prefix): checked here, then
 * kept, installed, deleted and uncovered by the code both families share (l3_fam_api_set(),
 * l3_fib.c), as IPv4's (l3_routes.c): into a VRF's main table or one of its numbered
 * tables (what `ip -6 rule` chooses). Control thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l3/l3.h"
#include "l3/l3_ctl6.h"
#include "vsw_err.h"

/* An IPv6 API route's hash data (l3c.f6.api): malloc'd, freed when it is deleted or
 * replaced. */
struct api_route6 {
	uint8_t type;
	uint8_t n_via;
	uint8_t has_dev; /* dev[] follows, as IPv4's struct api_route */
	uint8_t via[VSW_MAX_ECMP][16];
	char dev[];
};

/* The main table slot of the VRF of table slot @p s: where its interfaces and neighbours
 * are (a numbered table's gateways are the VRF's neighbours). */
static uint8_t
main_slot6(uint8_t s)
{
	int m = l3c.slot_table[s] == VSW_TABLE_MAIN ? s : slot_of_table(l3c.vrf_name[s],
									   VSW_TABLE_MAIN);

	return m < 0 ? s : (uint8_t)m;
}

uint32_t
l3_api_route6_nh(const struct l3_dp *dp, uint8_t slot, const void *spec)
{
	const struct api_route6 *ar = spec;
	uint32_t gw[VSW_MAX_ECMP];
	uint8_t vrf = main_slot6(slot);
	uint16_t dev = ar->has_dev ? l3_dev_rif(dp, vrf, ar->dev) : VSW_IFACE_NONE;
	unsigned int n = 0;
	uint16_t rif;

	switch (ar->type) {
	case VSW_ROUTE_BLACKHOLE:
		return L3_NH_BLACKHOLE;
	case VSW_ROUTE_UNREACHABLE:
		return L3_NH_UNREACHABLE;
	case VSW_ROUTE_PROHIBIT:
		return L3_NH_PROHIBIT;
	case VSW_ROUTE_DEV:
		return dev != VSW_IFACE_NONE ? l3c6.glean[dev] : UINT32_MAX;
	default:
		if (ar->has_dev && dev == VSW_IFACE_NONE)
			return UINT32_MAX;
		for (unsigned int g = 0; g < ar->n_via; g++) {
			rif = ar->has_dev ? dev : l3_rif_on_subnet6(dp, vrf, ar->via[g]);
			if (rif == VSW_IFACE_NONE)
				continue; /* its interface is gone: the others carry the route */
			gw[n] = l3_neigh6_get(vrf, ar->via[g], rif);
			if (gw[n++] == UINT32_MAX)
				return UINT32_MAX;
		}
		if (n == 0)
			return UINT32_MAX;
		return n == 1 ? gw[0] : l3_group_get(vrf, gw, n);
	}
}

/* The slot of table @p table (0: main) of VRF @p name when it has IPv6 interfaces, or
 * -ENOENT with the reason. */
static int
slot6_of(const char *name, uint32_t table, char *err, size_t err_len)
{
	const char *n = name[0] != '\0' ? name : VSW_VRF_DEFAULT_NAME;
	int s = slot_of_table(n, VSW_TABLE_MAIN);

	if (s < 0 || vsw_l3.dp->fib6[s] == NULL)
		return vsw_err(err, err_len, -ENOENT, "no vrf '%s' with IPv6 interfaces", n);
	if (table == 0 || table == VSW_TABLE_MAIN)
		return s;
	s = slot_of_table(n, table);
	if (s < 0 || vsw_l3.dp->fib6[s] == NULL)
		return vsw_err(err, err_len, -ENOENT,
			       "vrf '%s' has no table %u (a rule or a config route must name it)",
			       n, table);
	return s;
}

/* Check route @p r (index @p i) of a request for slot @p vrf. The addresses are formatted
 * only for an error (l3_routes.c's check()). */
static int
check6(bool add, int vrf, const struct vsw_l3_route6_spec *r, unsigned int i, char *err,
       size_t err_len)
{
	struct l3_route6_key k;
	char a[INET6_ADDRSTRLEN];
	void *data;
	int rc;

	if (r->len > 128)
		return vsw_err(err, err_len, -EINVAL, "route %u: %s/%u: length over 128", i,
			       inet_ntop(AF_INET6, r->prefix, a, sizeof(a)), r->len);
	l3_key6(&k, (uint8_t)vrf, r->prefix, r->len);
	if (memcmp(k.prefix, r->prefix, 16) != 0)
		return vsw_err(err, err_len, -EINVAL, "route %u: %s/%u: host bits set", i,
			       inet_ntop(AF_INET6, r->prefix, a, sizeof(a)), r->len);
	if (!add)
		return rte_hash_lookup(l3c.f6.api, &k) >= 0 ?
			       0 :
			       vsw_err(err, err_len, -ENOENT, "route %u: %s/%u is no API route",
				       i, inet_ntop(AF_INET6, r->prefix, a, sizeof(a)), r->len);
	if (r->type > VSW_ROUTE_DEV || r->type == VSW_ROUTE_LOOKUP)
		return vsw_err(err, err_len, -EINVAL, "route %u: unknown type %u", i, r->type);
	if (rte_hash_lookup_data(l3c.f6.routes, &k, &data) >= 0 &&
	    (uint32_t)(uintptr_t)data >> 24 == L3_RT_LOCAL)
		return vsw_err(err, err_len, -EEXIST, "route %u: %s/%u is a local address", i,
			       inet_ntop(AF_INET6, r->prefix, a, sizeof(a)), r->len);
	rc = l3_check_dev(vsw_l3.dp, vrf, main_slot6((uint8_t)vrf), r->type, r->dev, true, i, err,
			  err_len);
	if (rc != 0 || r->type != VSW_ROUTE_VIA)
		return rc;
	if (r->n_via == 0 || r->n_via > VSW_MAX_ECMP)
		return vsw_err(err, err_len, -EINVAL, "route %u: 1..%u gateways, got %u", i,
			       VSW_MAX_ECMP, r->n_via);
	for (unsigned int g = 0; g < r->n_via; g++) {
		for (unsigned int h = 0; h < g; h++)
			if (memcmp(r->via[h], r->via[g], 16) == 0)
				return vsw_err(err, err_len, -EINVAL,
					       "route %u: gateway %s is listed twice", i,
					       inet_ntop(AF_INET6, r->via[g], a, sizeof(a)));
		if (r->dev[0] == '\0' &&
		    l3_rif_on_subnet6(vsw_l3.dp, main_slot6((uint8_t)vrf), r->via[g]) ==
			    VSW_IFACE_NONE)
			return vsw_err(err, err_len, -EINVAL,
				       "route %u: gateway %s is not on a connected subnet of vrf "
				       "'%s'",
				       i, inet_ntop(AF_INET6, r->via[g], a, sizeof(a)),
				       l3c.vrf_name[vrf]);
	}
	return 0;
}

/* Warm the hashes for a request's keys (l3_fam_warm()). */
static void
warm6(int vrf, const struct vsw_l3_route6_spec *r, unsigned int n)
{
	struct l3_route6_key k[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int c = 0;

	for (unsigned int i = 0; i < n; i++) {
		l3_key6(&k[c++], (uint8_t)vrf, r[i].prefix, r[i].len);
		if (c == RTE_DIM(k) || i == n - 1) {
			l3_fam_warm(&l3c.f6, k, c);
			c = 0;
		}
	}
}

int
vsw_l3_routes6_change(bool add, const char *vrf_name, uint32_t table,
		      const struct vsw_l3_route6_spec *r, unsigned int n,
		      unsigned int *api_routes, char *err, size_t err_len)
{
	unsigned int i;
	int vrf, rc = 0;

	*api_routes = 0;
	if (vsw_l3.dp == NULL)
		return vsw_err(err, err_len, -ENODEV, "the router is not running");
	pthread_mutex_lock(&l3c.lock);
	vrf = slot6_of(vrf_name, table, err, err_len);
	if (vrf < 0) {
		rc = vrf;
		goto out;
	}
	if (add && rte_hash_count(l3c.f6.api) + n > l3c.max_routes) {
		rc = vsw_err(err, err_len, -ENOSPC,
			     "at most %u IPv6 API routes (router.max_routes)", l3c.max_routes);
		goto out;
	}
	warm6(vrf, r, n);
	for (i = 0; i < n && rc == 0; i++)
		rc = check6(add, vrf, &r[i], i, err, err_len);
	for (i = 0; i < n && rc == 0; i++) {
		uint8_t buf[sizeof(struct api_route6) + VSW_NAME_MAX];
		struct api_route6 *ar = (struct api_route6 *)buf;
		struct l3_route6_key k;
		size_t len = sizeof(*ar);

		memset(buf, 0, sizeof(buf));
		l3_key6(&k, (uint8_t)vrf, r[i].prefix, r[i].len);
		ar->type = r[i].type;
		ar->n_via = r[i].type == VSW_ROUTE_VIA ? r[i].n_via : 0;
		memcpy(ar->via, r[i].via, sizeof(ar->via[0]) * ar->n_via);
		if (r[i].type == VSW_ROUTE_DEV && r[i].len == 128) {
			/* A /128's one host is its next hop, as IPv4's /32 (l3_routes.c). */
			ar->type = VSW_ROUTE_VIA;
			ar->n_via = 1;
			memcpy(ar->via[0], r[i].prefix, 16);
		}
		if (r[i].dev[0] != '\0') {
			ar->has_dev = 1;
			len += (size_t)snprintf(ar->dev, VSW_NAME_MAX, "%s", r[i].dev) + 1;
		}
		rc = l3_fam_api_put(&l3c.f6, &k, add ? ar : NULL, len, i, err, err_len);
	}
	l3_fib_commit(); /* what was written, even on a failure half-way (all checked first) */
out:
	*api_routes = (unsigned int)(rte_hash_count(l3c.f4.api) + rte_hash_count(l3c.f6.api));
	pthread_mutex_unlock(&l3c.lock);
	return rc;
}
