/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's control side: its state, the neighbours the workers report (ARP), its tick, and
 * the feature's hooks (vsw_feature.h). The apply is in l3_apply.c. Everything here runs on
 * the control thread, the one writer of every router table (see l3_priv.h for the readers).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "l3/l3.h"
#include "l3/l3_ctl6.h"
#include "l3/l3_host.h"
#include "l2/l2.h"
#include "vsw_err.h"
#include "vsw_feature.h"
#include "vsw_pipeline.h"
#include "vsw_rcu.h"

struct l3_shared vsw_l3;
struct l3_ctl l3c;

#define LEARN_RING_SIZE 4096
#define ARP_RETRY_MS 1000 /* Linux's retrans_time */

void
l3_learn_post(uint32_t ip, uint16_t rif, const uint8_t *mac, bool create)
{
	struct l3_learn ev;

	memset(&ev, 0, sizeof(ev));
	ev.ip = ip;
	ev.rif = rif;
	ev.create = create;
	if (mac != NULL)
		memcpy(ev.mac, mac, sizeof(ev.mac));
	else
		ev.resolve = 1;
	rte_ring_mp_enqueue_elem(vsw_l3.learn, &ev, sizeof(ev));
}

static uint32_t
key_hash(const void *key, uint32_t len, uint32_t init)
{
	return rte_hash_crc(key, len, init);
}

static struct rte_hash *
hash_make(const char *name, uint32_t entries, uint32_t key_len)
{
	struct rte_hash_parameters p = {
	    .name = name,
	    .entries = entries,
	    .key_len = key_len,
	    .hash_func = key_hash,
	    .socket_id = (int)rte_socket_id(),
	};

	return rte_hash_create(&p);
}

uint32_t
l3_nh_alloc(uint8_t type)
{
	uint32_t id;

	if (l3c.n_free == 0)
		return UINT32_MAX;
	id = l3c.free_ids[--l3c.n_free];
	memset(&vsw_l3.nh[id], 0, sizeof(vsw_l3.nh[id]));
	vsw_l3.nh[id].type = type;
	return id;
}

/* A neighbour @p ip (network order) on interface @p rif: made, or learned. */
static void
learn_one(const struct l3_learn *ev, uint32_t now_s)
{
	const struct l3_dp *dp = vsw_l3.dp;
	const struct l3_rif *r = dp != NULL && ev->rif < VSW_MAX_IFACES ? &dp->rif[ev->rif] : NULL;
	struct l3_neigh_key nk;
	struct l3_route_key rk;
	struct l3_nh *nh;
	void *data;
	uint32_t id, i;
	uint64_t mac = 0;

	if (ev->v6) {
		l3_learn6_one(ev, now_s);
		return;
	}
	if (r == NULL || !r->present)
		return;
	memset(&nk, 0, sizeof(nk));
	nk.ip = ev->ip;
	nk.vrf = r->vrf;
	if (!ev->resolve)
		memcpy(&mac, ev->mac, 6);
	memset(&rk, 0, sizeof(rk));
	rk.prefix = rte_be_to_cpu_32(ev->ip);
	rk.len = 32;
	rk.vrf = r->vrf;
	if (rte_hash_lookup_data(l3c.f4.neigh, &nk, &data) >= 0) {
		id = (uint32_t)(uintptr_t)data;
		nh = &vsw_l3.nh[id];
		/* A gateway made by the apply has no /32 of its own yet (one on a link only
		 * `via G dev IF` names gets none: the apply would not keep it). */
		if (nh->rif == ev->rif && rte_hash_lookup(l3c.f4.routes, &rk) < 0 &&
		    l3_on_link(dp, r->vrf, ev->ip, ev->rif))
			l3_route_key_install(&rk, id, L3_RT_NEIGH);
		if (ev->resolve || (nh->mac & NH_MAC_STATIC))
			return;
		nh->rif = ev->rif;
		__atomic_store_n(&nh->mac, mac | NH_MAC_VALID, __ATOMIC_RELEASE);
		nh->seen_s = now_s;
		return;
	}
	if (!ev->create)
		return;
	for (i = 0; i < r->n_addrs; i++)
		if (r->addr[i] == ev->ip)
			return;
	for (i = 0; i < r->n_addrs; i++)
		if ((ev->ip & r->mask[i]) == (r->addr[i] & r->mask[i]))
			break;
	if (i == r->n_addrs && !l3_on_link(dp, r->vrf, ev->ip, ev->rif))
		return; /* not on its link (its subnets, a dev route): Linux does not learn it */
	if ((uint32_t)rte_hash_count(l3c.f4.neigh) >= l3c.max_neigh) {
		l3c.neigh_limit++; /* Linux's gc_thresh3: the table is full until some age out */
		return;
	}
	id = l3_nh_alloc(NH_NEIGH);
	if (id == UINT32_MAX) {
		l3c.nh_full++;
		return;
	}
	nh = &vsw_l3.nh[id];
	nh->ip = ev->ip;
	nh->rif = ev->rif;
	nh->vrf = r->vrf;
	nh->seen_s = now_s;
	nh->mac = ev->resolve ? 0 : mac | NH_MAC_VALID;
	nh->req_tsc = rte_rdtsc(); /* a glean has just sent its first request */
	rte_hash_add_key_data(l3c.f4.neigh, &nk, (void *)(uintptr_t)id);
	if (rte_hash_lookup(l3c.f4.routes, &rk) < 0)
		l3_route_key_install(&rk, id, L3_RT_NEIGH);
}

void
vsw_l3_poll(uint32_t unused)
{
	struct l3_learn ev[64];
	uint32_t now_s = vsw_l3_now();
	unsigned int n, i;

	(void)unused;
	if (vsw_l3.learn == NULL)
		return;
	pthread_mutex_lock(&l3c.lock);
	do {
		n = rte_ring_sc_dequeue_burst_elem(vsw_l3.learn, ev, sizeof(ev[0]), 64, NULL);
		for (i = 0; i < n; i++)
			learn_one(&ev[i], now_s);
	} while (n == 64);
	if (now_s != l3c.last_age_s) {
		l3c.last_age_s = now_s;
		l3_fam_age(&l3c.f4, now_s);
		l3_fam_age(&l3c.f6, now_s);
	}
	l3_fib_commit(); /* new neighbours' /32s */
	if (now_s != l3c.last_sweep_s && (l3c.nh_dirty || l3c.n_nh_retired > 0)) {
		l3c.last_sweep_s = now_s;
		l3_nh_sweep();
	}
	l3_hold_poll(now_s);
	l3_nd_poll(now_s);
	l3_host_poll();
	pthread_mutex_unlock(&l3c.lock);
}

uint32_t
vsw_l3_now(void)
{
	return (uint32_t)((rte_rdtsc() - l3c.start_tsc) / rte_get_tsc_hz());
}

void
vsw_l3_lock(void)
{
	pthread_mutex_lock(&l3c.lock);
}

void
vsw_l3_unlock(void)
{
	pthread_mutex_unlock(&l3c.lock);
}

/* ---- The feature's hooks ----------------------------------------------------------------- */

static void l3_fini(void);

static int
l3_init(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu, char *err,
	size_t err_len)
{
	struct rte_mempool *pool;
	struct timespec now;
	uint32_t i;

	l3_fini();
	pthread_mutex_init(&l3c.lock, NULL);
	l3c.rcu = rcu;
	l3c.start_tsc = rte_rdtsc();
	clock_gettime(CLOCK_REALTIME, &now);
	vsw_l3.clock_tsc = rte_rdtsc();
	vsw_l3.clock_ms = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
	l3c.neigh_timeout_s = 300;
	l3c.max_neigh = VSW_DEF_MAX_NEIGHBOURS;
	l3c.max_routes = conf->sizing != NULL ? conf->sizing->l3.max_routes : 0;
	pool = conf->pool;
	if (l3c.max_routes == 0)
		l3c.max_routes = VSW_DEF_MAX_ROUTES;
	vsw_l3.nh = rte_zmalloc("vsw_l3_nh", sizeof(struct l3_nh) * L3_MAX_NH,
				RTE_CACHE_LINE_SIZE);
	l3c.free_ids = rte_malloc("vsw_l3_nh_free", sizeof(uint32_t) * L3_MAX_NH, 0);
	vsw_l3.learn = rte_ring_create_elem("vsw_l3_learn", sizeof(struct l3_learn),
					    LEARN_RING_SIZE, (int)rte_socket_id(), RING_F_SC_DEQ);
	vsw_l3.hold = rte_ring_create("vsw_l3_hold", 1024, (int)rte_socket_id(), RING_F_SC_DEQ);
	vsw_l3.inject = rte_ring_create("vsw_l3_inject", 2048, (int)rte_socket_id(),
					RING_F_SP_ENQ);
	l3c.routes_max = RTE_MAX(L3_MAX_ROUTES, 2 * l3c.max_routes);
	l3c.group_ids = hash_make("vsw_l3_groups", L3_MAX_GROUPS,
				  sizeof(struct l3_group) + sizeof(uint32_t));
	l3c.group_free = rte_malloc("vsw_l3_group_free", sizeof(uint32_t) * L3_MAX_GROUPS, 0);
	l3c.nh_retired = rte_malloc("vsw_l3_nh_retired", sizeof(uint32_t) * L3_MAX_NH, 0);
	vsw_l3.groups = rte_zmalloc("vsw_l3_groups", sizeof(struct l3_group) * L3_MAX_GROUPS,
				    RTE_CACHE_LINE_SIZE);
	vsw_l3.dp = rte_zmalloc("vsw_l3_dp", sizeof(struct l3_dp), RTE_CACHE_LINE_SIZE);
	vsw_l3.rule_hits = rte_zmalloc("vsw_l3_rule_hits",
				       sizeof(uint64_t) * VSW_MAX_WORKERS * L3_RULE_COUNTERS,
				       RTE_CACHE_LINE_SIZE);
	if (l3_fam_init(&l3c.f4, &l3_fam4_ops, l3c.routes_max) != 0 ||
	    l3_fam_init(&l3c.f6, &l3_fam6_ops, l3c.routes_max) != 0 ||
	    l3_6_init() != 0 || l3_host_init() != 0 || vsw_l3.nh == NULL ||
	    l3c.free_ids == NULL || vsw_l3.learn == NULL ||
	    vsw_l3.hold == NULL || vsw_l3.inject == NULL || l3c.group_ids == NULL ||
	    vsw_l3.groups == NULL || vsw_l3.rule_hits == NULL || l3c.group_free == NULL ||
	    l3c.nh_retired == NULL ||
	    vsw_l3.dp == NULL) {
		l3_fini();
		return vsw_err(err, err_len, -ENOMEM, "router: no memory for its tables: %s",
			       rte_strerror(rte_errno));
	}
	for (i = 0; i < VSW_MAX_IFACES; i++)
		vsw_l3.dp->port_rif[i] = VSW_IFACE_NONE;
	/* Ids 0..L3_NH_FIXED-1 are the shared next hops; the rest are handed out from the top. */
	for (i = L3_MAX_NH; i > L3_NH_FIXED; i--)
		l3c.free_ids[l3c.n_free++] = i - 1;
	vsw_l3.nh[L3_NH_LOCAL].type = NH_LOCAL;
	vsw_l3.nh[L3_NH_BLACKHOLE].type = NH_BLACKHOLE;
	vsw_l3.nh[L3_NH_UNREACHABLE].type = NH_UNREACHABLE;
	vsw_l3.nh[L3_NH_PROHIBIT].type = NH_PROHIBIT;
	vsw_l3.arp_retry_tsc = rte_get_tsc_hz() / 1000 * ARP_RETRY_MS;
	vsw_l3.pool = pool;
	for (i = 0; i < VSW_MAX_IFACES; i++)
		l3c.glean[i] = UINT32_MAX;
	for (i = 0; i < L3_MAX_SLOTS; i++)
		l3c.vrf_nh[i] = UINT32_MAX;
	return 0;
}

static void
l3_fini(void)
{
	struct vsw_iface *f;
	unsigned int i;

	/* Held packets go back to the pool; the router interfaces go with the router (the
	 * workers are stopped). */
	l3_host_fini();
	if (vsw_l3.nh != NULL)
		l3_hold_flush();
	while ((f = vsw_iface_next(VSW_IFACE_RIF, NULL)) != NULL)
		vsw_iface_destroy(f);

	for (i = 0; i < L3_MAX_SLOTS; i++)
		if (vsw_l3.dp != NULL) {
			rte_acl_free(vsw_l3.dp->acl[i]);
			rte_acl_free(vsw_l3.dp->acl6[i]);
		}
	l3_fam_fini(&l3c.f4);
	l3_fam_fini(&l3c.f6);
	l3_6_fini();
	rte_free(vsw_l3.dp);
	rte_free(vsw_l3.nh);
	rte_free(l3c.free_ids);
	rte_ring_free(vsw_l3.learn);
	rte_ring_free(vsw_l3.hold);
	rte_ring_free(vsw_l3.inject);
	rte_hash_free(l3c.group_ids);
	rte_free(vsw_l3.groups);
	rte_free(vsw_l3.rule_hits);
	rte_free(l3c.group_free);
	rte_free(l3c.nh_retired);
	memset(&vsw_l3, 0, sizeof(vsw_l3));
	memset(&l3c, 0, sizeof(l3c));
}

const struct vsw_feature vsw_l3_feature = {
    .name = "router",
    .source_node = L3_NODE_INJECT,
    .init = l3_init,
    .apply = vsw_l3_apply,
    .fini = l3_fini,
};
