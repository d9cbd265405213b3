/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's routes on the control side, one code for both families (struct l3_fam,
 * l3_ctl.h): each table slot's two FIB copies (workers read the one struct l3_dp names; every
 * change goes to the other and is recorded, and l3_fib_commit() publishes a struct l3_dp
 * naming the written copies, waits for the grace period and replays the changes on the old
 * ones), the installed routes, the apply's comparison of wanted and installed routes, the
 * API's routes, and the aging of learned neighbours. What differs between IPv4 and IPv6 is
 * in struct l3_fam_ops (l3_fib_fam.c): the data path keeps its typed lookups.
 * Control thread only, under l3c.lock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "l3/l3_ctl6.h"
#include "vsw_err.h"
#include "vsw_rcu.h"

static_assert(sizeof(struct l3_route_key) <= L3_KEY_MAX, "a route key fits struct l3_change");
static_assert(sizeof(struct l3_route6_key) <= L3_KEY_MAX, "a route key fits struct l3_change");

#define NEIGH_GC_S 60 /* Linux's gc_stale_time */

static uint32_t
key_hash(const void *key, uint32_t len, uint32_t init)
{
	return rte_hash_crc(key, len, init);
}

static struct rte_hash *
hash_make(const char *fmt, const char *fam, uint32_t entries, uint32_t key_len)
{
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {
	    .name = name,
	    .entries = entries,
	    .key_len = key_len,
	    .hash_func = key_hash,
	    .socket_id = (int)rte_socket_id(),
	};

	snprintf(name, sizeof(name), fmt, fam);
	return rte_hash_create(&p);
}

static inline uint8_t
key_vrf(const struct l3_fam *f, const void *k)
{
	return ((const uint8_t *)k)[f->ops->vrf_off];
}

int
l3_fam_init(struct l3_fam *f, const struct l3_fam_ops *ops, uint32_t entries)
{
	memset(f, 0, sizeof(*f));
	f->ops = ops;
	f->routes = hash_make("vsw_%s_routes", ops->name, entries, ops->key_len);
	f->api = hash_make("vsw_%s_api", ops->name, entries, ops->key_len);
	f->neigh = hash_make("vsw_%s_neigh", ops->name, L3_MAX_NH, ops->neigh_key_len);
	return f->routes != NULL && f->api != NULL && f->neigh != NULL ? 0 : -ENOMEM;
}

void
l3_fam_fini(struct l3_fam *f)
{
	if (f->ops == NULL)
		return;
	for (unsigned int s = 0; s < L3_MAX_SLOTS; s++) {
		f->ops->fib_free(f->fib[s][0]);
		f->ops->fib_free(f->fib[s][1]);
	}
	l3_fam_api_free(f);
	rte_hash_free(f->api);
	rte_hash_free(f->routes);
	rte_hash_free(f->wanted);
	rte_hash_free(f->neigh);
	free(f->pending);
	free(f->want);
	memset(f, 0, sizeof(*f));
}

int
l3_fam_make(struct l3_fam *f, uint8_t s, struct l3_dp *dp)
{
	char name[32];

	for (unsigned int c = 0; c < 2; c++) {
		if (f->fib[s][c] != NULL)
			continue;
		snprintf(name, sizeof(name), "vsw_%s_%u", f->ops->name, f->fib_gen++);
		f->fib[s][c] = f->ops->fib_create(name, l3c.max_routes);
		f->leaked[s][c] = false;
		if (f->fib[s][c] == NULL)
			return -ENOMEM;
	}
	if (f->ops->dp_fib(dp, s) == NULL)
		f->ops->dp_set(dp, s, f->fib[s][0]);
	return 0;
}

/* The FIB copy of slot @p s that workers do not read, or NULL (the slot has none). */
static void *
standby(const struct l3_fam *f, uint8_t s)
{
	const struct l3_dp *dp = vsw_l3.dp;
	void *cur = dp != NULL ? f->ops->dp_fib(dp, s) : NULL;

	if (cur == NULL)
		return NULL;
	return cur == f->fib[s][0] ? f->fib[s][1] : f->fib[s][0];
}

/*
 * Make slot @p s's standby copy again, from the installed routes. DPDK 22.11's rte_fib6
 * TRIE counts the tbl8 groups a prefix longer than /24 may need when it is added and gives
 * the count back when it is deleted, but computes it again then, against a RIB that holds
 * the prefix itself: 0 (lib/fib/trie.c, trie_modify()). So every add and delete of a long
 * prefix — an API route, a neighbour's /128 — leaks its reservation (up to 13 groups), and
 * after a few thousand every long add fails with -ENOSPC though the groups are free (found
 * by test_l3_routes6.cc). The standby copy is read by no worker: a new one, filled from
 * f->routes (the state after every change so far), counts true. Either family's -ENOSPC
 * takes this way — once per delete at most: a copy no delete has touched since it was made
 * counts true and is full, and making it again (a 64 MiB table and every route) for each
 * add of a neighbour flood stalled the control loop for seconds (test_flood's ND flood).
 * @return 0, -ENOSPC (full indeed) or -ENOMEM.
 */
static int
rebuild(struct l3_fam *f, uint8_t s)
{
	const struct l3_dp *dp = vsw_l3.dp;
	unsigned int c = f->ops->dp_fib(dp, s) == f->fib[s][0] ? 1 : 0;
	const void *key;
	void *data, *fib;
	uint32_t it = 0;
	char name[32];

	if (!f->leaked[s][c])
		return -ENOSPC;
	f->leaked[s][c] = false;
	snprintf(name, sizeof(name), "vsw_%s_%u", f->ops->name, f->fib_gen++);
	f->ops->fib_free(f->fib[s][c]); /* first: memory for both may not be there */
	fib = f->ops->fib_create(name, l3c.max_routes);
	f->fib[s][c] = fib;
	if (fib == NULL)
		return -ENOMEM;
	while (rte_hash_iterate(f->routes, &key, &data, &it) >= 0)
		if (key_vrf(f, key) == s)
			f->ops->fib_add(fib, key, (uint32_t)(uintptr_t)data & 0xffffff);
	f->rebuilds++;
	return 0;
}

/* Delete @p k from copy @p fib of slot @p s, which may leak its count (rebuild()). */
static void
fib_del(struct l3_fam *f, uint8_t s, void *fib, const void *k)
{
	f->ops->fib_del(fib, k);
	f->leaked[s][fib == f->fib[s][0] ? 0 : 1] = true;
}

static int
pending_add(struct l3_fam *f, const void *k, uint32_t nh)
{
	struct l3_change *c;

	if (f->n_pending == f->cap_pending) {
		unsigned int cap = f->cap_pending ? f->cap_pending * 2 : 1024;
		struct l3_change *p = realloc(f->pending, cap * sizeof(*p));

		if (p == NULL)
			return -ENOMEM;
		f->pending = p;
		f->cap_pending = cap;
	}
	c = &f->pending[f->n_pending++];
	memcpy(c->k, k, f->ops->key_len);
	c->nh = nh;
	return 0;
}

int
l3_fam_install(struct l3_fam *f, const void *k, uint32_t nh, uint8_t kind)
{
	void *fib = standby(f, key_vrf(f, k));
	int rc;

	if (fib == NULL)
		return -ENOENT;
	if (rte_hash_lookup(f->routes, k) >= 0)
		l3c.nh_dirty = true; /* the next hop it replaces may be unused now */
	rc = pending_add(f, k, nh);
	if (rc != 0)
		return rc;
	rc = f->ops->fib_add(fib, k, nh);
	if (rc == -ENOSPC && rebuild(f, key_vrf(f, k)) == 0) {
		fib = standby(f, key_vrf(f, k));
		rc = f->ops->fib_add(fib, k, nh);
	}
	if (rc == 0)
		rc = rte_hash_add_key_data(f->routes, k,
					   (void *)(uintptr_t)(nh | (uint32_t)kind << 24));
	else
		f->n_pending--;
	return rc;
}

void
l3_fam_remove(struct l3_fam *f, const void *k)
{
	void *fib = standby(f, key_vrf(f, k));

	if (fib != NULL && pending_add(f, k, 0) == 0)
		fib_del(f, key_vrf(f, k), fib, k);
	rte_hash_del_key(f->routes, k);
	l3c.nh_dirty = true;
}

static void
dp_free(void *p)
{
	rte_free(p);
}

/* In @p dp, name the written copy of every slot @p f changed. */
static void
swap_touched(const struct l3_fam *f, struct l3_dp *dp)
{
	bool touched[L3_MAX_SLOTS] = {false};

	for (unsigned int i = 0; i < f->n_pending; i++)
		touched[key_vrf(f, f->pending[i].k)] = true;
	for (unsigned int s = 0; s < L3_MAX_SLOTS; s++)
		if (touched[s] && f->ops->dp_fib(dp, (uint8_t)s) != NULL)
			f->ops->dp_set(dp, (uint8_t)s, standby(f, (uint8_t)s));
}

/* After the publish and its grace period: the same changes on the copies workers left. */
static void
replay(struct l3_fam *f)
{
	bool rebuilt[L3_MAX_SLOTS] = {false};

	for (unsigned int i = 0; i < f->n_pending; i++) {
		const struct l3_change *c = &f->pending[i];
		uint8_t s = key_vrf(f, c->k);
		void *fib = standby(f, s);

		if (fib == NULL || rebuilt[s])
			continue; /* a rebuilt copy has every change already */
		if (c->nh == 0)
			fib_del(f, s, fib, c->k);
		else if (f->ops->fib_add(fib, c->k, c->nh) == -ENOSPC)
			rebuilt[s] = rebuild(f, s) == 0;
	}
	f->n_pending = 0;
}

void
l3_fib_commit(void)
{
	struct l3_dp *dp;

	if ((l3c.f4.n_pending == 0 && l3c.f6.n_pending == 0) || vsw_l3.dp == NULL)
		return;
	dp = rte_malloc("vsw_l3_dp", sizeof(*dp), RTE_CACHE_LINE_SIZE);
	if (dp == NULL) {
		/* Keep them pending: the next commit publishes them. */
		fprintf(stderr, "vswd: router: no memory to publish route changes\n");
		return;
	}
	memcpy(dp, vsw_l3.dp, sizeof(*dp));
	swap_touched(&l3c.f4, dp);
	swap_touched(&l3c.f6, dp);
	/* Returns once no worker reads the old copies: then they take the same changes. */
	vsw_rcu_publish((void **)&vsw_l3.dp, dp, dp_free);
	replay(&l3c.f4);
	replay(&l3c.f6);
}

/* ---- An apply's routes ------------------------------------------------------------------- */

void
l3_fam_want_reset(struct l3_fam *f)
{
	f->n_want = 0;
}

int
l3_fam_want(struct l3_fam *f, const void *k, uint32_t nh, uint8_t kind)
{
	struct l3_want *w;

	if (f->n_want == f->cap_want) {
		unsigned int cap = f->cap_want ? f->cap_want * 2 : 1024;
		struct l3_want *p = realloc(f->want, cap * sizeof(*p));

		if (p == NULL)
			return -ENOMEM;
		f->want = p;
		f->cap_want = cap;
	}
	w = &f->want[f->n_want++];
	memset(w, 0, sizeof(*w));
	memcpy(w->k, k, f->ops->key_len);
	w->nh = nh;
	w->kind = kind;
	return 0;
}

int
l3_fam_want_api(struct l3_fam *f, const struct l3_dp *dp)
{
	const void *key;
	void *data;
	uint32_t it = 0, nh;
	int rc = 0;

	while (rte_hash_iterate(f->api, &key, &data, &it) >= 0) {
		nh = f->ops->api_nh(dp, key_vrf(f, key), data);
		if (nh != UINT32_MAX)
			rc |= l3_fam_want(f, key, nh, L3_RT_API);
	}
	return rc;
}

static struct rte_hash *
key_set(const struct l3_fam *f, const char *what, unsigned int n)
{
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {.name = name,
					.entries = RTE_MAX(n, 64u) * 2,
					.key_len = f->ops->key_len,
					.socket_id = (int)rte_socket_id()};

	snprintf(name, sizeof(name), "vsw_%s_%s", f->ops->name, what);
	return rte_hash_create(&p);
}

int
l3_fam_sync(struct l3_fam *f)
{
	struct rte_hash *seen = key_set(f, "want", f->n_want);
	struct rte_hash *wanted = key_set(f, f->wanted_gen++ & 1 ? "wanted1" : "wanted0",
					  f->n_want);
	size_t kl = f->ops->key_len;
	uint8_t *gone = NULL;
	unsigned int i, n_gone = 0;
	const void *key;
	void *data;
	uint32_t it = 0;

	if (seen == NULL || wanted == NULL) {
		rte_hash_free(seen);
		rte_hash_free(wanted);
		return -ENOMEM;
	}
	for (i = f->n_want; i-- > 0;) {
		const struct l3_want *w = &f->want[i];
		uint32_t v = w->nh | (uint32_t)w->kind << 24, cur = UINT32_MAX;

		if (w->kind != L3_RT_API && rte_hash_lookup(wanted, w->k) < 0)
			rte_hash_add_key_data(wanted, w->k, (void *)(uintptr_t)v);
		if (rte_hash_lookup(seen, w->k) >= 0)
			continue; /* a later entry (higher precedence) has it */
		rte_hash_add_key(seen, w->k);
		if (rte_hash_lookup_data(f->routes, w->k, &data) >= 0)
			cur = (uint32_t)(uintptr_t)data;
		if (cur != v)
			l3_fam_install(f, w->k, w->nh, w->kind);
	}
	/* Keys gathered first: no delete under the iterator. */
	gone = malloc(kl * ((size_t)rte_hash_count(f->routes) + 1));
	while (gone != NULL && rte_hash_iterate(f->routes, &key, &data, &it) >= 0)
		if (rte_hash_lookup(seen, key) < 0)
			memcpy(gone + kl * n_gone++, key, kl);
	for (i = 0; i < n_gone; i++)
		l3_fam_remove(f, gone + kl * i);
	free(gone);
	rte_hash_free(seen);
	rte_hash_free(f->wanted);
	f->wanted = wanted;
	return 0;
}

/* ---- API routes -------------------------------------------------------------------------- */

void
l3_fam_warm(const struct l3_fam *f, const void *keys, unsigned int n)
{
	const void *kp[RTE_HASH_LOOKUP_BULK_MAX];
	int32_t pos[RTE_HASH_LOOKUP_BULK_MAX];

	for (unsigned int j = 0; j < n; j++)
		kp[j] = (const uint8_t *)keys + (size_t)j * f->ops->key_len;
	rte_hash_lookup_bulk(f->routes, kp, n, pos);
	rte_hash_lookup_bulk(f->api, kp, n, pos);
}

int
l3_fam_api_set(struct l3_fam *f, const void *k, void *spec)
{
	void *data;
	uint32_t nh;
	int rc;

	if (rte_hash_lookup_data(f->api, k, &data) >= 0) {
		rte_hash_del_key(f->api, k);
		free(data);
	}
	if (spec == NULL) {
		if (f->wanted != NULL && rte_hash_lookup_data(f->wanted, k, &data) >= 0)
			return l3_fam_install(f, k, (uint32_t)(uintptr_t)data & 0xffffff,
					      (uint8_t)((uint32_t)(uintptr_t)data >> 24));
		l3_fam_remove(f, k);
		return 0;
	}
	nh = f->ops->api_nh(vsw_l3.dp, key_vrf(f, k), spec);
	if (nh == UINT32_MAX) {
		free(spec);
		return -ENOSPC;
	}
	rc = rte_hash_add_key_data(f->api, k, spec);
	if (rc != 0) {
		free(spec);
		return rc;
	}
	return l3_fam_install(f, k, nh, L3_RT_API);
}

int
l3_fam_api_put(struct l3_fam *f, const void *k, const void *spec, size_t spec_len,
	       unsigned int i, char *err, size_t err_len)
{
	void *copy = NULL;
	int rc;

	if (spec != NULL) {
		copy = malloc(spec_len);
		if (copy == NULL)
			return vsw_err(err, err_len, -ENOMEM, "route %u: no memory", i);
		memcpy(copy, spec, spec_len);
	}
	rc = l3_fam_api_set(f, k, copy);
	if (rc != 0)
		vsw_err(err, err_len, rc, "route %u: cannot install it: %s", i,
			rc == -ENOSPC ? "no free next hop" : strerror(-rc));
	return rc;
}

void
l3_fam_api_forget(struct l3_fam *f, uint8_t vrf)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	while (rte_hash_iterate(f->api, &key, &data, &it) >= 0)
		if (key_vrf(f, key) == vrf) {
			rte_hash_del_key(f->api, key);
			free(data);
			it = 0; /* start again: the table changed under the iterator */
		}
}

void
l3_fam_api_free(struct l3_fam *f)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	while (f->api != NULL && rte_hash_iterate(f->api, &key, &data, &it) >= 0)
		free(data);
}

/* ---- Neighbours -------------------------------------------------------------------------- */

/* A neighbour unresolved for NEIGH_GC_S beyond the timeout loses its own route; its next hop
 * is given back by the next sweep unless a route still uses it as a gateway. */
static void
neigh_forget(struct l3_fam *f, const void *nk, uint32_t id)
{
	uint8_t rk[L3_KEY_MAX];
	void *data;

	f->ops->neigh_route(nk, rk);
	if (rte_hash_lookup_data(f->routes, rk, &data) >= 0 &&
	    ((uint32_t)(uintptr_t)data & 0xffffff) == id &&
	    (uint32_t)(uintptr_t)data >> 24 == L3_RT_NEIGH)
		l3_fam_remove(f, rk); /* marks the next hops for a sweep */
}

void
l3_fam_age(struct l3_fam *f, uint32_t now_s)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	while (rte_hash_iterate(f->neigh, &key, &data, &it) >= 0) {
		struct l3_nh *nh = &vsw_l3.nh[(uint32_t)(uintptr_t)data];
		uint64_t mac = nh->mac;

		if ((mac & NH_MAC_VALID) && !(mac & NH_MAC_STATIC) &&
		    now_s - nh->seen_s >= l3c.neigh_timeout_s)
			__atomic_store_n(&nh->mac, 0, __ATOMIC_RELEASE);
		else if (!(mac & NH_MAC_VALID) &&
			 now_s - nh->seen_s >= l3c.neigh_timeout_s + NEIGH_GC_S)
			neigh_forget(f, key, (uint32_t)(uintptr_t)data);
	}
}
