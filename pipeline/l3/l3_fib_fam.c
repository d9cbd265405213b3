/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What differs between the router's IPv4 and IPv6 routes on the control side: the two
 * struct l3_fam_ops that l3_fib.c's one code calls (FIB creation with each family's sizing,
 * add and delete, which copy a struct l3_dp names, a neighbour's own route, whether a
 * neighbour is on an interface's link: on its subnets, or where a dev route through it
 * decides). Control thread only, under l3c.lock.
 */
#include <stddef.h>
#include <stdio.h>

#include <rte_fib.h>
#include <rte_fib6.h>

#include "l3/l3_ctl6.h"

static void *
fib4_create(const char *name, uint32_t max_routes)
{
	struct rte_fib_conf fc = {
	    .type = RTE_FIB_DIR24_8,
	    .default_nh = 0,
	    /* The RIB's nodes: its trie needs up to two per prefix. */
	    .max_routes = (int)(2 * max_routes),
	    .dir24_8 = {.nh_sz = RTE_FIB_DIR24_8_4B, .num_tbl8 = 1u << 13},
	};

	return rte_fib_create(name, (int)rte_socket_id(), &fc);
}

static void
fib4_free(void *fib)
{
	rte_fib_free(fib);
}

static int
fib4_add(void *fib, const void *k, uint32_t nh)
{
	const struct l3_route_key *rk = k;

	return rte_fib_add(fib, rk->prefix, rk->len, nh);
}

static int
fib4_del(void *fib, const void *k)
{
	const struct l3_route_key *rk = k;

	return rte_fib_delete(fib, rk->prefix, rk->len);
}

static void *
dp_fib4(const struct l3_dp *dp, uint8_t s)
{
	return dp->fib[s];
}

static void
dp_set4(struct l3_dp *dp, uint8_t s, void *fib)
{
	dp->fib[s] = fib;
}

static void
neigh_route4(const void *nk, void *rk)
{
	const struct l3_neigh_key *n = nk;
	struct l3_route_key *k = rk;

	memset(k, 0, sizeof(*k));
	k->prefix = rte_be_to_cpu_32(n->ip);
	k->len = 32;
	k->vrf = n->vrf;
}

/* Is route @p data (nh | kind << 24) what decides where its prefix's hosts are: not a
 * neighbour's own /32 or /128, nor a local address. */
static bool
decides_link(uint32_t data)
{
	return data >> 24 != L3_RT_NEIGH && data >> 24 != L3_RT_LOCAL;
}

bool
l3_on_link(const struct l3_dp *dp, uint8_t vrf, uint32_t ip_be, uint16_t rif)
{
	uint32_t ip = rte_be_to_cpu_32(ip_be);

	if (l3_rif_on_subnet(dp, vrf, ip_be) == rif)
		return true;
	if (rif >= VSW_MAX_IFACES || l3c.glean[rif] == UINT32_MAX)
		return false;
	for (int len = 32; len >= 0; len--) {
		struct l3_route_key k;
		void *data;

		memset(&k, 0, sizeof(k));
		k.prefix = len == 0 ? 0 : ip & (UINT32_MAX << (32 - len));
		k.len = (uint8_t)len;
		k.vrf = vrf;
		if (rte_hash_lookup_data(l3c.f4.routes, &k, &data) < 0 ||
		    !decides_link((uint32_t)(uintptr_t)data))
			continue;
		return ((uint32_t)(uintptr_t)data & 0xffffff) == l3c.glean[rif];
	}
	return false;
}

bool
l3_on_link6(const struct l3_dp *dp, uint8_t vrf, const uint8_t ip[16], uint16_t rif)
{
	if (l3_rif_on_subnet6(dp, vrf, ip) == rif)
		return true;
	if (rif >= VSW_MAX_IFACES || l3c6.glean[rif] == UINT32_MAX)
		return false;
	for (int len = 128; len >= 0; len--) {
		struct l3_route6_key k;
		void *data;

		l3_key6(&k, vrf, ip, (uint8_t)len);
		if (rte_hash_lookup_data(l3c.f6.routes, &k, &data) < 0 ||
		    !decides_link((uint32_t)(uintptr_t)data))
			continue;
		return ((uint32_t)(uintptr_t)data & 0xffffff) == l3c6.glean[rif];
	}
	return false;
}

static bool
neigh_on_rif4(const struct l3_dp *dp, const void *nk, uint16_t rif)
{
	const struct l3_neigh_key *n = nk;

	return l3_on_link(dp, n->vrf, n->ip, rif);
}

const struct l3_fam_ops l3_fam4_ops = {
    .name = "fib",
    .key_len = sizeof(struct l3_route_key),
    .vrf_off = offsetof(struct l3_route_key, vrf),
    .neigh_key_len = sizeof(struct l3_neigh_key),
    .neigh_vrf_off = offsetof(struct l3_neigh_key, vrf),
    .fib_create = fib4_create,
    .fib_free = fib4_free,
    .fib_add = fib4_add,
    .fib_del = fib4_del,
    .dp_fib = dp_fib4,
    .dp_set = dp_set4,
    .neigh_route = neigh_route4,
    .neigh_on_rif = neigh_on_rif4,
    .api_nh = l3_api_route_nh,
};

/* Lookups need a 64 MiB first level (2^24 entries of 4 bytes) per copy; deeper prefixes
 * take 1 KiB groups (tbl8), a quarter of router.max_routes of them (at least 4,096): a /64
 * takes up to 5, a /128 up to 13, shared with the prefixes it shares bytes with. */
static void *
fib6_create(const char *name, uint32_t max_routes)
{
	struct rte_fib6_conf fc = {
	    .type = RTE_FIB6_TRIE,
	    .default_nh = 0,
	    .max_routes = (int)(2 * max_routes),
	    .trie = {.nh_sz = RTE_FIB6_TRIE_4B, .num_tbl8 = RTE_MAX(4096u, max_routes / 4)},
	};

	return rte_fib6_create(name, (int)rte_socket_id(), &fc);
}

static void
fib6_free(void *fib)
{
	rte_fib6_free(fib);
}

static int
fib6_add(void *fib, const void *k, uint32_t nh)
{
	const struct l3_route6_key *rk = k;

	return rte_fib6_add(fib, rk->prefix, rk->len, nh);
}

static int
fib6_del(void *fib, const void *k)
{
	const struct l3_route6_key *rk = k;

	return rte_fib6_delete(fib, rk->prefix, rk->len);
}

static void *
dp_fib6(const struct l3_dp *dp, uint8_t s)
{
	return dp->fib6[s];
}

static void
dp_set6(struct l3_dp *dp, uint8_t s, void *fib)
{
	dp->fib6[s] = fib;
}

static void
neigh_route6(const void *nk, void *rk)
{
	const struct l3_neigh6_key *n = nk;

	l3_key6(rk, n->vrf, n->ip, 128);
}

static bool
neigh_on_rif6(const struct l3_dp *dp, const void *nk, uint16_t rif)
{
	const struct l3_neigh6_key *n = nk;

	return l3_on_link6(dp, n->vrf, n->ip, rif);
}

const struct l3_fam_ops l3_fam6_ops = {
    .name = "fib6",
    .key_len = sizeof(struct l3_route6_key),
    .vrf_off = offsetof(struct l3_route6_key, vrf),
    .neigh_key_len = sizeof(struct l3_neigh6_key),
    .neigh_vrf_off = offsetof(struct l3_neigh6_key, vrf),
    .fib_create = fib6_create,
    .fib_free = fib6_free,
    .fib_add = fib6_add,
    .fib_del = fib6_del,
    .dp_fib = dp_fib6,
    .dp_set = dp_set6,
    .neigh_route = neigh_route6,
    .neigh_on_rif = neigh_on_rif6,
    .api_nh = l3_api_route6_nh,
};
