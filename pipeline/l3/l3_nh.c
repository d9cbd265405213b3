/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ECMP groups (made once per set of gateways, l3_group_get()) and next hop reclamation: a
 * neighbour (forgotten by aging, its interface gone, or a gateway no route names any more)
 * and an ECMP group no route uses give their next hop id, and a group its slot, back, so
 * that a long-lived router with churn never runs out of its 65,536 ids and 4,096 groups.
 * Both families' neighbours (struct l3_fam, l3_fib.c) and their ECMP groups are swept.
 *
 * A mark and sweep, on the control thread, at most once a second after a route went or was
 * replaced (vsw_l3_poll()): every id an installed route, a route the config wants (what a
 * deleted API route uncovers), an interface's subnet or a used group names is marked, and
 * the neighbours that are alive (static, resolved, or asked for less than 5 s ago) — a
 * neighbour's own /32 or /128 does not keep it. A neighbour or group not marked leaves its hash
 * (and a neighbour its /32) at once — a new one of the same address gets a new id — and is
 * retired. A retired id is free once the workers have passed a grace period
 * (vsw_rcu_synchronize(): no worker still holds it from an older FIB) and no held packet
 * counts on it (its `held` is 0; the hold queue counts by id).
 */
#include <stdlib.h>
#include <string.h>

#include <rte_hash.h>

#include "l3/l3_ctl.h"
#include "l3/l3_ctl6.h"
#include "vsw_rcu.h"

static uint8_t marked[L3_MAX_NH];

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

uint32_t
l3_group_get(uint8_t vrf, uint32_t *nh, unsigned int n)
{
	struct {
		struct l3_group g;
		uint32_t vrf;
	} key;
	void *data;
	uint32_t id, slot;

	memset(&key, 0, sizeof(key));
	qsort(nh, n, sizeof(nh[0]), u32_cmp);
	key.g.n = n;
	memcpy(key.g.nh, nh, n * sizeof(nh[0]));
	key.vrf = vrf;
	if (rte_hash_lookup_data(l3c.group_ids, &key, &data) >= 0)
		return (uint32_t)(uintptr_t)data;
	slot = l3_group_slot_alloc();
	if (slot == UINT32_MAX)
		return UINT32_MAX;
	id = l3_nh_alloc(NH_ECMP);
	if (id == UINT32_MAX) {
		l3c.group_free[l3c.n_group_free++] = slot;
		return id;
	}
	/* Filled before the next hop points at it, and before any route points at that. */
	vsw_l3.groups[slot] = key.g;
	vsw_l3.nh[id].ip = slot;
	vsw_l3.nh[id].vrf = vrf;
	rte_hash_add_key_data(l3c.group_ids, &key, (void *)(uintptr_t)id);
	return id;
}

uint32_t
l3_group_slot_alloc(void)
{
	if (l3c.n_group_free > 0)
		return l3c.group_free[--l3c.n_group_free];
	if (l3c.n_groups == L3_MAX_GROUPS)
		return UINT32_MAX;
	return l3c.n_groups++;
}

/* Is @p k → @p v the route neighbour @p v made for itself (its /32 or /128, which does not
 * keep it)? */
static bool
own_route(const struct l3_fam *f, const void *k, uint32_t v)
{
	const struct l3_nh *nh = &vsw_l3.nh[v & 0xffffff];
	uint8_t nk[L3_KEY_MAX], rk[L3_KEY_MAX];

	if (v >> 24 != L3_RT_NEIGH || nh->type != NH_NEIGH)
		return false;
	/* The neighbour's key, from the next hop: its address and VRF. */
	memset(nk, 0, sizeof(nk));
	if (f->ops == &l3_fam6_ops)
		memcpy(nk, vsw_l3.ip6[v & 0xffffff], 16);
	else
		memcpy(nk, &nh->ip, sizeof(nh->ip));
	nk[f->ops->neigh_vrf_off] = ((const uint8_t *)k)[f->ops->vrf_off];
	f->ops->neigh_route(nk, rk);
	return memcmp(rk, k, f->ops->key_len) == 0;
}

static void
mark_routes(const struct l3_fam *f, const struct rte_hash *h)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	while (h != NULL && rte_hash_iterate(h, &key, &data, &it) >= 0)
		if (!own_route(f, key, (uint32_t)(uintptr_t)data))
			marked[(uint32_t)(uintptr_t)data & 0xffffff] = 1;
}

/* A neighbour no other route names is kept while it is one — on a subnet of its interface,
 * and static, resolved, or asked for less than NEIGH_FAIL_S ago (its ARP or ND may still
 * come: Linux's FAILED comes after 3 s). */
#define NEIGH_FAIL_S 5

static void
mark_live_neighbours(const struct l3_fam *f, uint32_t now_s)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	while (rte_hash_iterate(f->neigh, &key, &data, &it) >= 0) {
		const struct l3_nh *nh = &vsw_l3.nh[(uint32_t)(uintptr_t)data];
		uint64_t mac = __atomic_load_n(&nh->mac, __ATOMIC_RELAXED);

		if (!f->ops->neigh_on_rif(vsw_l3.dp, key, nh->rif))
			continue; /* its interface (or subnet) went */
		if ((mac & (NH_MAC_VALID | NH_MAC_STATIC)) || now_s - nh->seen_s < NEIGH_FAIL_S)
			marked[(uint32_t)(uintptr_t)data] = 1;
	}
}

/* Neighbour @p id (@p nk) goes: its own route, installed or wanted, with it. */
static void
neigh_routes_remove(struct l3_fam *f, const void *nk, uint32_t id)
{
	uint8_t rk[L3_KEY_MAX];
	void *data;

	f->ops->neigh_route(nk, rk);
	if (rte_hash_lookup_data(f->routes, rk, &data) >= 0 &&
	    ((uint32_t)(uintptr_t)data & 0xffffff) == id)
		l3_fam_remove(f, rk);
	if (f->wanted != NULL && rte_hash_lookup_data(f->wanted, rk, &data) >= 0 &&
	    ((uint32_t)(uintptr_t)data & 0xffffff) == id)
		rte_hash_del_key(f->wanted, rk);
}

/* Take the next hops of @p h (keys of @p key_len bytes → next hop id) that are not marked
 * out of it, into retired; @p f: @p h is that family's neighbours (their routes go too).
 * Keys are gathered first: no delete under the iterator. */
static void
retire_unmarked(struct rte_hash *h, size_t key_len, struct l3_fam *f)
{
	uint8_t *gone = malloc(key_len * ((size_t)rte_hash_count(h) + 1));
	const void *key;
	void *data;
	uint32_t it = 0, n = 0;

	if (gone == NULL)
		return; /* the next sweep */
	while (rte_hash_iterate(h, &key, &data, &it) >= 0) {
		uint32_t id = (uint32_t)(uintptr_t)data;

		if (marked[id])
			continue;
		memcpy(gone + (size_t)n++ * key_len, key, key_len);
		l3c.nh_retired[l3c.n_nh_retired++] = id;
		marked[id] = 1; /* retired once */
	}
	for (uint32_t i = 0; i < n; i++) {
		if (f != NULL) {
			void *d;

			if (rte_hash_lookup_data(h, gone + (size_t)i * key_len, &d) >= 0)
				neigh_routes_remove(f, gone + (size_t)i * key_len,
						    (uint32_t)(uintptr_t)d);
		}
		rte_hash_del_key(h, gone + (size_t)i * key_len);
	}
	free(gone);
}

void
l3_nh_sweep(void)
{
	const void *key;
	void *data;
	uint32_t it = 0, i, kept, n_new;

	if (vsw_l3.nh == NULL)
		return;
	l3_fib_commit(); /* the FIB copies equal the routes hash */
	l3c.nh_dirty = false;
	memset(marked, 0, sizeof(marked));
	for (i = 0; i < L3_NH_FIXED; i++)
		marked[i] = 1;
	for (i = 0; i < VSW_MAX_IFACES; i++) {
		if (l3c.glean[i] != UINT32_MAX)
			marked[l3c.glean[i]] = 1;
		if (l3c6.glean[i] != UINT32_MAX)
			marked[l3c6.glean[i]] = 1;
	}
	for (i = 0; i < L3_MAX_SLOTS; i++)
		if (l3c.vrf_nh[i] != UINT32_MAX)
			marked[l3c.vrf_nh[i]] = 1; /* made once per slot, kept */
	mark_routes(&l3c.f4, l3c.f4.routes);
	mark_routes(&l3c.f4, l3c.f4.wanted);
	mark_routes(&l3c.f6, l3c.f6.routes);
	mark_routes(&l3c.f6, l3c.f6.wanted);
	mark_live_neighbours(&l3c.f4, vsw_l3_now());
	mark_live_neighbours(&l3c.f6, vsw_l3_now());
	/* A used group's gateways are used. */
	while (rte_hash_iterate(l3c.group_ids, &key, &data, &it) >= 0) {
		const struct l3_group *g = &vsw_l3.groups[vsw_l3.nh[(uint32_t)(uintptr_t)data].ip];

		if (marked[(uint32_t)(uintptr_t)data])
			for (i = 0; i < g->n; i++)
				marked[g->nh[i]] = 1;
	}
	for (i = 0; i < l3c.n_nh_retired; i++)
		marked[l3c.nh_retired[i]] = 1; /* already out of the hashes */
	n_new = l3c.n_nh_retired;
	retire_unmarked(l3c.group_ids, sizeof(struct l3_group) + sizeof(uint32_t), NULL);
	retire_unmarked(l3c.f4.neigh, sizeof(struct l3_neigh_key), &l3c.f4);
	retire_unmarked(l3c.f6.neigh, sizeof(struct l3_neigh6_key), &l3c.f6);
	if (l3c.n_nh_retired == 0)
		return;
	/* No worker holds an id it found before the routes to it went (the neighbours' /32s
	 * just removed: published by the commit). */
	if (n_new != l3c.n_nh_retired) {
		l3_fib_commit();
		vsw_rcu_synchronize();
	}
	for (i = 0, kept = 0; i < l3c.n_nh_retired; i++) {
		uint32_t id = l3c.nh_retired[i];
		struct l3_nh *nh = &vsw_l3.nh[id];

		if (__atomic_load_n(&nh->held, __ATOMIC_RELAXED) != 0) {
			l3c.nh_retired[kept++] = id; /* held packets still count on it */
			continue;
		}
		if (nh->type == NH_ECMP)
			l3c.group_free[l3c.n_group_free++] = nh->ip;
		nh->type = NH_FREE;
		l3c.free_ids[l3c.n_free++] = id;
	}
	l3c.n_nh_retired = kept;
}
