/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ARP suppression's bindings (IPv4 -> MAC per tunnel): the table vxlan_arp answers from,
 * and its only writer. Bindings come from the config (static), the API, and snooping: the
 * workers' events (vxlan_arp.c) arrive on their rings and are applied by vsw_vxlan_poll() on
 * the control thread, as L2 learning is. A learned binding is bounded (the tunnel's
 * neigh_limit, and the table's VSW_VXLAN_NEIGH_TABLE) and aged with its bridge's aging
 * time (what a worker saw last, neigh_seen[]); configured ones never age and snooping never
 * changes them. Deleted keys are reclaimed through the pipeline's QSBR variable, so a
 * worker never reads a reused slot.
 *
 * Writers (the control thread: poll, apply, API) and walkers (telemetry) take `lock`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_ring_elem.h>
#include <rte_spinlock.h>

#include "iface/iface.h"
#include "l2/l2.h"
#include "vsw_err.h"
#include "vxlan/vxlan.h"
#include "vxlan/vxlan_priv.h"

#define RING_SIZE 1024

static struct {
	rte_spinlock_t lock;
	struct {
		bool on;
		uint32_t limit;
		uint32_t aging;    /* seconds, 0: never */
		uint32_t learned;  /* bindings learned now */
	} tun[VSW_MAX_IFACES];
	uint32_t n_slots;
	uint32_t last_age;
	struct vsw_vxlan_neigh_stats st;
} nc;

static uint32_t
neigh_hash(const void *key, uint32_t len __rte_unused, uint32_t init __rte_unused)
{
	uint64_t k;

	memcpy(&k, key, sizeof(k));
	return rte_hash_crc_8byte(k, 0);
}

int
vx_neigh_init(unsigned int n_workers, struct rte_rcu_qsbr *rcu, char *err, size_t err_len)
{
	struct rte_hash_parameters hp = {
	    .name = "vsw_vx_neigh",
	    .entries = VSW_VXLAN_NEIGH_TABLE,
	    .key_len = sizeof(struct vx_neigh_key),
	    .hash_func = neigh_hash,
	    .socket_id = SOCKET_ID_ANY,
	    .extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF,
	};
	int32_t max_id;
	char name[32];

	memset(&nc, 0, sizeof(nc));
	rte_spinlock_init(&nc.lock);
	vsw_vx.neigh = rte_hash_create(&hp);
	if (vsw_vx.neigh == NULL)
		return vsw_err(err, err_len, -ENOMEM, "vxlan: no memory for the ARP bindings");
	if (rcu != NULL) {
		struct rte_hash_rcu_config rc = {.v = rcu, .mode = RTE_HASH_QSBR_MODE_DQ};

		if (rte_hash_rcu_qsbr_add(vsw_vx.neigh, &rc) != 0)
			return vsw_err(err, err_len, -ENOMEM, "vxlan: bindings: no RCU defer queue");
	}
	max_id = rte_hash_max_key_id(vsw_vx.neigh);
	nc.n_slots = (uint32_t)max_id + 1;
	vsw_vx.neigh_seen = rte_zmalloc("vsw_vx_neigh_seen", nc.n_slots * sizeof(uint32_t), 0);
	if (vsw_vx.neigh_seen == NULL)
		return vsw_err(err, err_len, -ENOMEM, "vxlan: no memory for the ARP bindings");
	for (unsigned int i = 0; i < n_workers; i++) {
		snprintf(name, sizeof(name), "vsw_vx_neigh%u", i);
		vsw_vx.w[i]->neigh_ring = rte_ring_create_elem(
		    name, sizeof(struct vx_neigh_ev), RING_SIZE, SOCKET_ID_ANY,
		    RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (vsw_vx.w[i]->neigh_ring == NULL)
			return vsw_err(err, err_len, -ENOMEM, "vxlan: no memory for a snoop ring");
	}
	return 0;
}

void
vx_neigh_fini(void)
{
	for (unsigned int i = 0; i < VSW_MAX_WORKERS; i++)
		if (vsw_vx.w[i] != NULL) {
			rte_ring_free(vsw_vx.w[i]->neigh_ring);
			vsw_vx.w[i]->neigh_ring = NULL;
		}
	rte_hash_free(vsw_vx.neigh);
	vsw_vx.neigh = NULL;
	rte_free(vsw_vx.neigh_seen);
	vsw_vx.neigh_seen = NULL;
}

/* ---- Writing (under nc.lock) ------------------------------------------------------------ */

static uint64_t
data_of(const uint8_t mac[6], uint8_t flags)
{
	uint64_t d = 0;

	memcpy(&d, mac, 6);
	return d | (uint64_t)flags << 48 | VX_NEIGH_VALID;
}

static int
put(uint16_t tunnel, rte_be32_t ip, const uint8_t mac[6], uint8_t flags, uint32_t now)
{
	struct vx_neigh_key k = {.tunnel = tunnel, .ip = ip};
	int32_t pos;

	if (rte_hash_add_key_data(vsw_vx.neigh, &k, (void *)(uintptr_t)data_of(mac, flags)) != 0)
		return -ENOSPC;
	pos = rte_hash_lookup(vsw_vx.neigh, &k);
	if (pos >= 0)
		vsw_vx.neigh_seen[pos] = now;
	return 0;
}

static void
del(const struct vx_neigh_key *k, uint8_t flags)
{
	if (rte_hash_del_key(vsw_vx.neigh, k) >= 0 && flags == 0 && nc.tun[k->tunnel].learned > 0)
		nc.tun[k->tunnel].learned--;
}

/* Remove the bindings for which @p fn says so (collected first: no delete while iterating). */
static unsigned int
purge(bool (*fn)(const struct vx_neigh_key *k, uint64_t d, int32_t pos, void *arg), void *arg)
{
	static struct vx_neigh_key gone[VSW_VXLAN_NEIGH_TABLE];
	static uint8_t flags[VSW_VXLAN_NEIGH_TABLE];
	const void *key;
	void *data;
	uint32_t next = 0;
	unsigned int n = 0;
	int32_t pos;

	while ((pos = rte_hash_iterate(vsw_vx.neigh, &key, &data, &next)) >= 0)
		if (n < VSW_VXLAN_NEIGH_TABLE && fn(key, (uintptr_t)data, pos, arg)) {
			memcpy(&gone[n], key, sizeof(gone[n]));
			flags[n++] = (uint8_t)((uintptr_t)data >> 48);
		}
	for (unsigned int i = 0; i < n; i++)
		del(&gone[i], flags[i]);
	return n;
}

static bool
not_suppressing_or_static(const struct vx_neigh_key *k, uint64_t d, int32_t pos, void *arg)
{
	(void)pos;
	(void)arg;
	return !nc.tun[k->tunnel].on || (d >> 48 & VX_NEIGH_F_STATIC);
}

void
vx_neigh_apply(const struct vsw_config *cfg)
{
	const struct vsw_vxlan_tunnel_conf *tc;
	unsigned int i, j;

	rte_spinlock_lock(&nc.lock);
	for (i = 0; i < VSW_MAX_IFACES; i++)
		nc.tun[i].on = false;
	for (i = 0; i < cfg->vxlan.n_tunnels; i++) {
		const struct vsw_iface *f;

		tc = &cfg->vxlan.tunnels[i];
		f = vsw_iface_from_name(tc->name);
		if (f == NULL || !tc->arp_suppress)
			continue;
		nc.tun[f->id].on = true;
		nc.tun[f->id].limit = tc->neigh_limit;
		nc.tun[f->id].aging = cfg->bridges[tc->bridge].aging_s;
	}
	/* Static bindings are made again from the config; learned ones stay. */
	purge(not_suppressing_or_static, NULL);
	for (i = 0; i < cfg->vxlan.n_tunnels; i++) {
		const struct vsw_iface *f;

		tc = &cfg->vxlan.tunnels[i];
		f = vsw_iface_from_name(tc->name);
		if (f == NULL || !tc->arp_suppress)
			continue;
		for (j = 0; j < tc->n_neighs; j++) {
			struct vx_neigh_key k = {.tunnel = f->id,
						 .ip = rte_cpu_to_be_32(tc->neighs[j].ip)};
			void *d;

			/* It replaces a learned or API binding of the address. */
			if (rte_hash_lookup_data(vsw_vx.neigh, &k, &d) >= 0)
				del(&k, (uint8_t)((uintptr_t)d >> 48));
			if (put(f->id, k.ip, tc->neighs[j].mac, VX_NEIGH_F_STATIC, vsw_vx.now) != 0)
				nc.st.full++;
		}
	}
	rte_spinlock_unlock(&nc.lock);
}

/* A snooped binding. */
static void
learn(const struct vx_neigh_ev *ev, uint32_t now)
{
	struct vx_neigh_key k = {.tunnel = ev->tunnel, .ip = ev->ip};
	void *data;
	uint64_t d;

	if (ev->tunnel >= VSW_MAX_IFACES || !nc.tun[ev->tunnel].on)
		return; /* it stopped suppressing since */
	if (rte_hash_lookup_data(vsw_vx.neigh, &k, &data) >= 0) {
		d = (uintptr_t)data;
		if (d >> 48 & (VX_NEIGH_F_STATIC | VX_NEIGH_F_API))
			return;
		if ((d & 0xffffffffffffull) != (data_of(ev->mac, 0) & 0xffffffffffffull))
			nc.st.moved++;
		put(ev->tunnel, ev->ip, ev->mac, 0, now);
		return;
	}
	if (nc.tun[ev->tunnel].limit != 0 && nc.tun[ev->tunnel].learned >= nc.tun[ev->tunnel].limit) {
		nc.st.limit++;
		return;
	}
	if (put(ev->tunnel, ev->ip, ev->mac, 0, now) != 0) {
		nc.st.full++;
		return;
	}
	nc.tun[ev->tunnel].learned++;
	nc.st.learned++;
}

static bool
aged(const struct vx_neigh_key *k, uint64_t d, int32_t pos, void *arg)
{
	uint32_t now = *(const uint32_t *)arg, aging = nc.tun[k->tunnel].aging;

	return !(d >> 48 & (VX_NEIGH_F_STATIC | VX_NEIGH_F_API)) && aging != 0 &&
	       now - vsw_vx.neigh_seen[pos] > aging;
}

unsigned int
vsw_vxlan_poll(uint32_t now_s)
{
	struct vx_neigh_ev ev[64];
	unsigned int n, total = 0;

	if (vsw_vx.neigh == NULL)
		return 0;
	vsw_vx.now = now_s;
	rte_spinlock_lock(&nc.lock);
	for (unsigned int w = 0; w < vsw_vx.n_workers; w++)
		while ((n = rte_ring_sc_dequeue_burst_elem(vsw_vx.w[w]->neigh_ring, ev, sizeof(ev[0]),
							   RTE_DIM(ev), NULL)) > 0) {
			for (unsigned int i = 0; i < n; i++)
				learn(&ev[i], now_s);
			total += n;
		}
	if (now_s != nc.last_age) {
		nc.last_age = now_s;
		nc.st.aged += purge(aged, &now_s);
	}
	rte_spinlock_unlock(&nc.lock);
	return total;
}

/* ---- The API -------------------------------------------------------------------------- */

static int
tunnel_on(const char *tunnel, uint16_t *id)
{
	const struct vsw_iface *f = vsw_iface_from_name(tunnel);

	if (f == NULL || f->type != VSW_IFACE_VXLAN)
		return -ENOENT;
	if (!nc.tun[f->id].on)
		return -EOPNOTSUPP;
	*id = f->id;
	return 0;
}

int
vsw_vxlan_neigh_add(const char *tunnel, uint32_t ip, const uint8_t mac[6])
{
	struct vx_neigh_key k = {.ip = rte_cpu_to_be_32(ip)};
	void *data = NULL;
	int rc;

	rte_spinlock_lock(&nc.lock);
	rc = tunnel_on(tunnel, &k.tunnel);
	if (rc == 0 && rte_hash_lookup_data(vsw_vx.neigh, &k, &data) >= 0) {
		if ((uintptr_t)data >> 48 & VX_NEIGH_F_STATIC)
			rc = -EEXIST;
		else
			del(&k, (uint8_t)((uintptr_t)data >> 48));
	}
	if (rc == 0)
		rc = put(k.tunnel, k.ip, mac, VX_NEIGH_F_API, vsw_vx.now);
	rte_spinlock_unlock(&nc.lock);
	return rc;
}

int
vsw_vxlan_neigh_del(const char *tunnel, uint32_t ip)
{
	struct vx_neigh_key k = {.ip = rte_cpu_to_be_32(ip)};
	void *data = NULL;
	int rc;

	rte_spinlock_lock(&nc.lock);
	rc = tunnel_on(tunnel, &k.tunnel);
	if (rc == 0 && rte_hash_lookup_data(vsw_vx.neigh, &k, &data) < 0)
		rc = -ENOENT;
	else if (rc == 0 && ((uintptr_t)data >> 48 & VX_NEIGH_F_STATIC))
		rc = -EPERM;
	if (rc == 0)
		del(&k, (uint8_t)((uintptr_t)data >> 48));
	rte_spinlock_unlock(&nc.lock);
	return rc;
}

static void
info_of(const struct vx_neigh_key *k, uint64_t d, int32_t pos, struct vsw_vxlan_neigh_info *n)
{
	const struct vsw_iface *f = vsw_iface_from_id(k->tunnel);

	memset(n, 0, sizeof(*n));
	snprintf(n->tunnel, sizeof(n->tunnel), "%s", f != NULL ? f->name : "?");
	n->ip = rte_be_to_cpu_32(k->ip);
	memcpy(n->mac, &d, 6);
	n->type = d >> 48 & VX_NEIGH_F_STATIC ? VSW_VXLAN_NEIGH_STATIC :
		  d >> 48 & VX_NEIGH_F_API    ? VSW_VXLAN_NEIGH_API :
						VSW_VXLAN_NEIGH_LEARNED;
	n->age_s = vsw_vx.now - vsw_vx.neigh_seen[pos];
}

int
vsw_vxlan_neigh_get(const char *tunnel, uint32_t ip, struct vsw_vxlan_neigh_info *n)
{
	struct vx_neigh_key k = {.ip = rte_cpu_to_be_32(ip)};
	void *data = NULL;
	int32_t pos = -ENOENT;
	int rc;

	rte_spinlock_lock(&nc.lock);
	rc = tunnel_on(tunnel, &k.tunnel);
	if (rc == 0 && (pos = rte_hash_lookup_data(vsw_vx.neigh, &k, &data)) < 0)
		rc = -ENOENT;
	if (rc == 0)
		info_of(&k, (uintptr_t)data, pos, n);
	rte_spinlock_unlock(&nc.lock);
	return rc;
}

void
vsw_vxlan_neigh_walk(void (*fn)(const struct vsw_vxlan_neigh_info *n, void *arg), void *arg,
		     struct vsw_vxlan_neigh_stats *st)
{
	struct vsw_vxlan_neigh_info n;
	const void *key;
	void *data;
	uint32_t next = 0, count = 0;
	int32_t pos;

	if (vsw_vx.neigh == NULL)
		return;
	rte_spinlock_lock(&nc.lock);
	/* Counted here: rte_hash_count() also counts deleted keys that wait for the workers'
	 * quiescence. */
	while ((pos = rte_hash_iterate(vsw_vx.neigh, &key, &data, &next)) >= 0) {
		count++;
		if (fn != NULL) {
			info_of(key, (uintptr_t)data, pos, &n);
			fn(&n, arg);
		}
	}
	if (st != NULL) {
		*st = nc.st;
		st->bindings = count;
		for (unsigned int w = 0; w < vsw_vx.n_workers; w++) {
			st->snooped += vsw_vx.w[w]->arp_snooped;
			st->ring_full += vsw_vx.w[w]->neigh_ring_full;
			for (unsigned int i = 0; i < VSW_MAX_IFACES; i++)
				st->replied += vsw_vx.w[w]->arp_replied[i];
		}
	}
	rte_spinlock_unlock(&nc.lock);
}
