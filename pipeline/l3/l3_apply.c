/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Make the router's running tables the config's, under traffic (the feature's apply).
 *
 * 1. VRFs get a slot by name (a slot keeps its FIBs across reloads); router interfaces are
 *    interfaces of the registry (type rif, made by the apply's first half: l3_rif.c),
 *    matched by name.
 * 2. A new struct l3_dp (interfaces, port → interface, the LPM of each VRF) is built and
 *    published; the old one is freed after the grace period.
 * 3. The routes the config asks for (local /32s, connected subnets, static routes, and /32s
 *    of the neighbours still on a subnet) are compared with the installed ones: only those
 *    new or with another next hop are written, then those no longer wanted are deleted, in
 *    the FIB copy workers do not read; l3_fib_commit() swaps the copies. A route that did not
 *    change is never absent.
 * 4. Routed ports are attached to l3_input; removed interfaces destroyed; LPMs of removed
 *    VRFs freed after a grace period.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_malloc.h>

#include "core/core.h"
#include "l2/l2.h"
#include "l3/l3_ctl6.h"
#include "l3/l3_host.h"
#include "vsw_err.h"
#include "vsw_feature.h"
#include "vsw_pipeline.h"
#include "vsw_rcu.h"
#include "l3/l3_rules.h"

rte_node_t l3_output_node_id(void);


#define NO_SLOT UINT8_MAX /* a VRF without interfaces: nothing of it is installed */

static int
want_add(uint8_t vrf, uint32_t prefix, uint8_t len, uint32_t nh, uint8_t kind)
{
	struct l3_route_key k;

	memset(&k, 0, sizeof(k));
	k.prefix = prefix & (len == 0 ? 0 : ~0u << (32 - len));
	k.len = len;
	k.vrf = vrf;
	return l3_fam_want(&l3c.f4, &k, nh, kind);
}

/* The slot of table @p table of VRF @p name, or -1. */
int
slot_of_table(const char *name, uint32_t table)
{
	for (int s = 0; s < L3_MAX_SLOTS; s++)
		if (strcmp(l3c.vrf_name[s], name) == 0 && l3c.slot_table[s] == table)
			return s;
	return -1;
}

/* The slot of table @p table of VRF @p name, made if new (with its two FIB copies). */
static int
vrf_slot(const char *name, uint32_t table, struct l3_dp *dp, char *err, size_t err_len)
{
	int s = slot_of_table(name, table), i;

	if (s < 0 && table == VSW_TABLE_MAIN && strcmp(name, VSW_VRF_DEFAULT_NAME) == 0)
		s = 0;
	for (i = 1; s < 0 && i < L3_MAX_SLOTS; i++)
		if (l3c.vrf_name[i][0] == '\0')
			s = i;
	if (s < 0)
		return vsw_err(err, err_len, -ENOSPC,
			       "no free routing table for vrf '%s' table %u (%u tables in all)", name,
			       table, L3_MAX_SLOTS);
	if (l3_fam_make(&l3c.f4, (uint8_t)s, dp) != 0)
		return vsw_err(err, err_len, -ENOMEM,
			       "no memory for the routes of vrf '%s' (%u routes)", name,
			       l3c.max_routes);
	snprintf(l3c.vrf_name[s], sizeof(l3c.vrf_name[s]), "%s", name);
	l3c.slot_table[s] = table;
	return s;
}

uint32_t
l3_neigh_get(uint8_t vrf, uint32_t ip_be, uint16_t rif)
{
	struct l3_neigh_key nk;
	void *data;
	uint32_t id;

	memset(&nk, 0, sizeof(nk));
	nk.ip = ip_be;
	nk.vrf = vrf;
	if (rte_hash_lookup_data(l3c.f4.neigh, &nk, &data) >= 0) {
		id = (uint32_t)(uintptr_t)data;
		vsw_l3.nh[id].rif = rif;
		return id;
	}
	id = l3_nh_alloc(NH_NEIGH);
	if (id == UINT32_MAX)
		return id;
	vsw_l3.nh[id].ip = ip_be;
	vsw_l3.nh[id].rif = rif;
	vsw_l3.nh[id].vrf = vrf;
	vsw_l3.nh[id].seen_s = vsw_l3_now(); /* asked for from now (l3_nh_sweep()) */
	rte_hash_add_key_data(l3c.f4.neigh, &nk, (void *)(uintptr_t)id);
	return id;
}

uint32_t
l3_vrf_nh(uint8_t vrf)
{
	if (l3c.vrf_nh[vrf] == UINT32_MAX) {
		l3c.vrf_nh[vrf] = l3_nh_alloc(NH_VRF);
		if (l3c.vrf_nh[vrf] != UINT32_MAX)
			vsw_l3.nh[l3c.vrf_nh[vrf]].vrf = vrf;
	}
	return l3c.vrf_nh[vrf];
}

/* The interface of @p vrf with @p ip (host order) on one of its subnets, or NONE. */
uint16_t
l3_rif_on_subnet(const struct l3_dp *dp, uint8_t vrf, uint32_t ip_be)
{
	unsigned int id, i;

	for (id = 0; id < VSW_MAX_IFACES; id++) {
		const struct l3_rif *r = &dp->rif[id];

		if (!r->present || r->vrf != vrf)
			continue;
		for (i = 0; i < r->n_addrs; i++)
			if ((ip_be & r->mask[i]) == (r->addr[i] & r->mask[i]))
				return (uint16_t)id;
	}
	return VSW_IFACE_NONE;
}

/* The version an apply replaced: its rules too (every apply builds them anew). */
static void
dp_free_rules(void *p)
{
	struct l3_dp *old = p;

	for (unsigned int i = 0; i < L3_MAX_SLOTS; i++) {
		if (old->acl[i] != vsw_l3.dp->acl[i])
			rte_acl_free(old->acl[i]);
		if (old->acl6[i] != vsw_l3.dp->acl6[i])
			rte_acl_free(old->acl6[i]);
	}
	rte_free(old);
}

/* The routes @p cfg wants, into want (slots in @p slot, interfaces in @p dp). */
static int
collect(const struct vsw_config *cfg, const uint8_t *slot, const uint16_t *rif_id,
	struct l3_dp *dp)
{
	const struct vsw_l3_conf *l3 = &cfg->l3;
	const void *key;
	void *data;
	uint32_t it = 0, nh;
	unsigned int i, a;
	int rc = 0;

	l3_fam_want_reset(&l3c.f4);
	/* Neighbours first: a config route to the same /32 replaces theirs. Those a dev route
	 * covers are judged by the routes installed so far: one the apply removes loses its
	 * /32 with the next sweep (l3_nh_sweep()). */
	while (rte_hash_iterate(l3c.f4.neigh, &key, &data, &it) >= 0) {
		const struct l3_neigh_key *nk = key;
		struct l3_nh *n = &vsw_l3.nh[(uint32_t)(uintptr_t)data];

		if (n->rif < VSW_MAX_IFACES && dp->rif[n->rif].present &&
		    dp->rif[n->rif].vrf == nk->vrf && l3_on_link(dp, nk->vrf, nk->ip, n->rif))
			rc |= want_add(nk->vrf, rte_be_to_cpu_32(nk->ip), 32,
				       (uint32_t)(uintptr_t)data, L3_RT_NEIGH);
	}
	for (i = 0; i < l3->n_rifs; i++) {
		uint16_t id = rif_id[i];

		if (id == VSW_IFACE_NONE)
			continue;
		if (l3c.glean[id] == UINT32_MAX)
			l3c.glean[id] = l3_nh_alloc(NH_GLEAN);
		if (l3c.glean[id] == UINT32_MAX)
			return -ENOSPC;
		vsw_l3.nh[l3c.glean[id]].rif = id;
		vsw_l3.nh[l3c.glean[id]].vrf = slot[l3->rifs[i].vrf];
		for (a = 0; a < l3->rifs[i].n_addrs; a++)
			rc |= want_add(slot[l3->rifs[i].vrf], l3->rifs[i].addrs[a].addr,
				       l3->rifs[i].addrs[a].len, l3c.glean[id], L3_RT_CONNECTED);
	}
	for (i = 0; i < l3->n_routes; i++) {
		const struct vsw_route_conf *rt = &l3->routes[i];
		/* Gateways are neighbours of via_vrf (the route's own VRF unless leaked). */
		uint8_t v = slot[rt->vrf], gw_vrf = slot[rt->via_vrf];
		uint16_t out;

		if (v == NO_SLOT)
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
			if (gw_vrf == NO_SLOT)
				continue; /* that VRF has no interface: nothing to look up */
			nh = l3_vrf_nh(gw_vrf);
			if (nh == UINT32_MAX)
				return -ENOSPC;
			break;
		case VSW_ROUTE_DEV:
			/* On-link: the destination is resolved on the interface itself, as a
			 * host of its subnets is (its glean next hop). */
			if (rif_id[rt->dev - 1] == VSW_IFACE_NONE)
				continue; /* its port is not running */
			/* A /32's one host is its next hop (its neighbour, resolved and aged
			 * as a gateway is): a glean would ask for it at every packet. */
			nh = rt->to.len == 32 ?
				     l3_neigh_get(gw_vrf, rte_cpu_to_be_32(rt->to.addr),
						  rif_id[rt->dev - 1]) :
				     l3c.glean[rif_id[rt->dev - 1]];
			if (nh == UINT32_MAX)
				return -ENOSPC;
			break;
		default: {
			uint32_t gw[VSW_MAX_ECMP];
			unsigned int n = 0, g;

			if (gw_vrf == NO_SLOT)
				continue;
			for (g = 0; g < rt->n_via; g++) {
				/* `via G dev IF`: G on IF, wherever its address is. */
				out = rt->dev != 0 ?
					      rif_id[rt->dev - 1] :
					      l3_rif_on_subnet(dp, gw_vrf, rte_cpu_to_be_32(rt->via[g]));
				if (out == VSW_IFACE_NONE)
					continue; /* its interface's port is not running */
				gw[n] = l3_neigh_get(gw_vrf, rte_cpu_to_be_32(rt->via[g]), out);
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
		rc |= want_add(v, rt->to.addr, rt->to.len, nh, L3_RT_STATIC);
	}
	for (i = 0; i < l3->n_neighs; i++) {
		const struct vsw_neigh_conf *sn = &l3->neighs[i];
		uint16_t id = rif_id[sn->rif];
		uint64_t mac = 0;

		if (id == VSW_IFACE_NONE || slot[l3->rifs[sn->rif].vrf] == NO_SLOT)
			continue;
		nh = l3_neigh_get(slot[l3->rifs[sn->rif].vrf], rte_cpu_to_be_32(sn->addr), id);
		if (nh == UINT32_MAX)
			return -ENOSPC;
		memcpy(&mac, sn->mac, 6);
		__atomic_store_n(&vsw_l3.nh[nh].mac, mac | NH_MAC_VALID | NH_MAC_STATIC,
				 __ATOMIC_RELEASE);
		rc |= want_add(slot[l3->rifs[sn->rif].vrf], sn->addr, 32, nh, L3_RT_NEIGH);
	}
	/* The API's routes outrank the config's. */
	rc |= l3_fam_want_api(&l3c.f4, dp);
	/* Our own addresses last: nothing replaces them, in every table of their VRF (Linux
	 * looks its local table up before any rule). */
	for (i = 0; i < l3->n_rifs; i++)
		for (int s = 0; s < L3_MAX_SLOTS; s++) {
			if (rif_id[i] == VSW_IFACE_NONE || dp->fib[s] == NULL ||
			    strcmp(l3c.vrf_name[s], l3->vrfs[l3->rifs[i].vrf]) != 0)
				continue;
			for (a = 0; a < l3->rifs[i].n_addrs; a++)
				rc |= want_add((uint8_t)s, l3->rifs[i].addrs[a].addr, 32,
					       L3_NH_LOCAL, L3_RT_LOCAL);
		}
	return rc;
}

/* The addresses that come up with an apply (new, or with a new MAC): announced once the
 * new version runs. */
static struct {
	uint16_t rif[VSW_MAX_RIFS * VSW_MAX_RIF_ADDRS];
	uint32_t addr[VSW_MAX_RIFS * VSW_MAX_RIF_ADDRS];
	unsigned int n;
} news;

static void
collect_news(const struct l3_dp *old, const struct l3_dp *dp)
{
	unsigned int id, a, b;

	news.n = 0;
	for (id = 0; id < VSW_MAX_IFACES; id++) {
		const struct l3_rif *r = &dp->rif[id], *o = &old->rif[id];

		for (a = 0; r->present && a < r->n_addrs; a++) {
			bool was = false;

			for (b = 0; o->present && b < o->n_addrs && !was; b++)
				was = o->addr[b] == r->addr[a] &&
				      rte_is_same_ether_addr(&o->mac, &r->mac);
			if (!was && news.n < RTE_DIM(news.addr)) {
				news.rif[news.n] = (uint16_t)id;
				news.addr[news.n++] = r->addr[a];
			}
		}
	}
}

/* A gratuitous ARP for each of them, through the running version. */
static void
announce(void)
{
	for (unsigned int i = 0; i < news.n; i++)
		l3_garp(&vsw_l3.dp->rif[news.rif[i]], news.rif[i], news.addr[i]);
}

/* Interface @p f's data-path entry: on routed port @p port, or on bridge @p bridge (id). */
static void
rif_fill(struct l3_rif *r, const struct vsw_rif_conf *rc, const struct vsw_iface *f,
	 uint8_t slot, uint16_t port, int bridge, uint16_t vlan)
{
	char tx[RTE_NODE_NAMESIZE];
	unsigned int a;

	memset(r, 0, sizeof(*r));
	r->present = 1;
	r->vrf = slot;
	r->port = port;
	r->bridge = bridge >= 0 ? (uint16_t)bridge : VSW_IFACE_NONE;
	r->vlan = vlan;
	r->proxy_arp = rc->proxy_arp;
	r->proxy_nd = rc->proxy_nd;
	r->mtu = rc->mtu != 0 ? rc->mtu :
		 port != VSW_IFACE_NONE && vsw_pipeline_port_mtu(port) != 0 ?
					  vsw_pipeline_port_mtu(port) :
					  RTE_ETHER_MTU;
	memcpy(r->mac.addr_bytes, l3_rif_mac(f), 6);
	r->n_addrs = rc->n_addrs;
	for (a = 0; a < rc->n_addrs; a++) {
		uint32_t m = rc->addrs[a].len == 0 ? 0 : ~0u << (32 - rc->addrs[a].len);

		r->addr[a] = rte_cpu_to_be_32(rc->addrs[a].addr);
		r->mask[a] = rte_cpu_to_be_32(m);
	}
	l3_rif_fill6(r, rc);
	if (bridge >= 0)
		snprintf(tx, sizeof(tx), "%s", VSW_NODE_BRIDGE_INPUT);
	else
		snprintf(tx, sizeof(tx), "%s-%s", VSW_NODE_PORT_TX, vsw_pipeline_port_name(port));
	r->tx_edge = vsw_node_edge_get_or_add(l3_output_node_id(), tx);
}

int
vsw_l3_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	const struct vsw_l3_conf *l3 = &cfg->l3;
	uint16_t rif_id[VSW_MAX_RIFS];
	uint8_t slot[VSW_MAX_VRFS];
	bool keep_vrf[L3_MAX_SLOTS], routed[VSW_MAX_IFACES];
	struct vsw_iface *f, *next;
	struct l3_dp *dp, *old = vsw_l3.dp;
	unsigned int i;
	int s, rc;

	if (old == NULL || vsw_iface_type_register(VSW_IFACE_RIF, &l3_rif_ops) != 0)
		return vsw_err(err, err_len, -EINVAL, "the router is not initialised");
	memset(keep_vrf, 0, sizeof(keep_vrf));
	memset(routed, 0, sizeof(routed));
	memset(slot, NO_SLOT, sizeof(slot));
	dp = rte_zmalloc("vsw_l3_dp", sizeof(*dp), RTE_CACHE_LINE_SIZE);
	if (dp == NULL)
		return vsw_err(err, err_len, -ENOMEM, "no memory for the router's tables");
	memcpy(dp->fib, old->fib, sizeof(dp->fib));
	memcpy(dp->fib6, old->fib6, sizeof(dp->fib6));
	for (i = 0; i < VSW_MAX_IFACES; i++)
		dp->port_rif[i] = VSW_IFACE_NONE;
	pthread_mutex_lock(&l3c.lock);
	l3c.neigh_timeout_s = l3->neigh_timeout_s;
	l3c.max_neigh = l3->max_neighbours != 0 ? l3->max_neighbours : VSW_DEF_MAX_NEIGHBOURS;
	vsw_l3.icmp_interval_tsc = rte_get_tsc_hz() / 1000 * l3->icmp_ratelimit_ms;
	for (i = 0; i < l3->n_vrfs && i < VSW_MAX_VRFS; i++) {
		bool used = false;

		for (unsigned int j = 0; j < l3->n_rifs && !used; j++)
			used = l3->rifs[j].vrf == i;
		s = used ? vrf_slot(l3->vrfs[i], VSW_TABLE_MAIN, dp, err, err_len) : -1;
		if (used && s < 0) {
			rc = s;
			goto fail;
		}
		slot[i] = s < 0 ? NO_SLOT : (uint8_t)s;
		if (s >= 0)
			keep_vrf[s] = true;
	}
	/* The other tables routes (both families) and rules name, in VRFs that have interfaces. */
	for (i = 0; i < l3->n_routes + l3->n_rules + l3->n_routes6; i++) {
		uint8_t vrf;
		uint32_t table;

		if (i < l3->n_routes) {
			vrf = l3->routes[i].vrf;
			table = l3->routes[i].table;
		} else if (i < l3->n_routes + l3->n_rules) {
			const struct vsw_rule_conf *u = &l3->rules[i - l3->n_routes];

			vrf = u->vrf;
			table = u->action == VSW_RULE_TABLE ? u->table : VSW_TABLE_MAIN;
		} else {
			vrf = l3->routes6[i - l3->n_routes - l3->n_rules].vrf;
			table = l3->routes6[i - l3->n_routes - l3->n_rules].table;
		}

		if (slot[vrf] == NO_SLOT || table == VSW_TABLE_MAIN)
			continue;
		s = vrf_slot(l3->vrfs[vrf], table, dp, err, err_len);
		if (s < 0) {
			rc = s;
			goto fail;
		}
		keep_vrf[s] = true;
	}
	for (i = 0; i < l3->n_rifs; i++) {
		const struct vsw_rif_conf *rc_ = &l3->rifs[i];
		uint16_t port = l3_rif_port(rc_, ids);
		int bridge = -1;

		rif_id[i] = VSW_IFACE_NONE;
		f = vsw_iface_from_name(rc_->name); /* made by rifs_apply() */
		if (f == NULL || f->type != VSW_IFACE_RIF)
			continue;
		if (rc_->bridge != VSW_RIF_NONE) {
			bridge = vsw_l2_bridge_id(cfg->bridges[rc_->bridge].name);
			if (bridge < 0)
				continue;
		} else if (port == VSW_IFACE_NONE) {
			continue;
		}
		rif_id[i] = f->id;
		rif_fill(&dp->rif[f->id], rc_, f, slot[rc_->vrf], port, bridge,
			 bridge >= 0 ? cfg->bridges[rc_->bridge].vlan : 0);
		if (port != VSW_IFACE_NONE) {
			dp->port_rif[port] = f->id;
			routed[port] = true;
		}
	}
	l3_rules_assign(l3, slot);
	for (i = 0; i < l3->n_vrfs && i < VSW_MAX_VRFS; i++)
		if (slot[i] != NO_SLOT && l3_rules_build(l3, (uint8_t)i, slot, rif_id, dp) != 0) {
			rc = vsw_err(err, err_len, -ENOMEM, "%s: router: cannot build the rules of "
				     "vrf '%s'", cfg->path, l3->vrfs[i]);
			goto fail;
		}
	/* Ports no longer routed stop reaching l3_input first. */
	for (i = 0; i < VSW_MAX_IFACES; i++)
		if (old->port_rif[i] != VSW_IFACE_NONE && !routed[i])
			vsw_eth_input_detach_from((uint16_t)i, L3_NODE_INPUT);
	collect_news(old, dp);
	rc = l3_apply6_prepare(cfg, slot, dp, err, err_len);
	if (rc != 0)
		goto fail;
	vsw_rcu_publish((void **)&vsw_l3.dp, dp, dp_free_rules); /* old is gone after this */
	l3_rules_commit();
	rc = collect(cfg, slot, rif_id, dp);
	if (rc != 0) {
		pthread_mutex_unlock(&l3c.lock);
		return vsw_err(err, err_len, rc, "%s: router: no room for the routes",
			       cfg->path);
	}
	if (l3_fam_sync(&l3c.f4) != 0)
		fprintf(stderr, "vswd: router: no memory to compare the routes\n");
	rc = l3_apply6(cfg, slot, rif_id);
	if (rc != 0)
		fprintf(stderr, "vswd: router: IPv6 routes not all installed (%d)\n", rc);
	l3_fib_commit();
	for (i = 0; i < VSW_MAX_IFACES; i++)
		if (routed[i] && vsw_eth_input_attach((uint16_t)i, L3_NODE_INPUT) != 0)
			fprintf(stderr, "vswd: router: cannot attach port %u\n", i);
	announce();
	l3_announce6();
	l3_host_apply(cfg, slot);
	/* Interfaces and VRFs that went. */
	for (f = vsw_iface_next(VSW_IFACE_RIF, NULL); f != NULL; f = next) {
		bool keep = false;

		next = vsw_iface_next(VSW_IFACE_RIF, f);
		for (i = 0; i < l3->n_rifs && !keep; i++)
			keep = rif_id[i] == f->id;
		/* Its glean next hop stays with its interface id (no route points at it any
		 * more; held packets may still count on it) and serves the next interface that
		 * gets the id: at most one per id, so nothing leaks. */
		if (!keep)
			vsw_iface_destroy(f);
	}
	/* A removed VRF's routes are gone with it (sync_routes); its slot and its (empty) LPM
	 * are reused by the next new VRF. */
	for (s = 1; s < L3_MAX_SLOTS; s++)
		if (!keep_vrf[s] && l3c.vrf_name[s][0] != '\0') {
			l3c.vrf_name[s][0] = '\0';
			l3_fam_api_forget(&l3c.f4, (uint8_t)s);
			l3_fam_api_forget(&l3c.f6, (uint8_t)s);
		}
	pthread_mutex_unlock(&l3c.lock);
	return 0;
fail:
	pthread_mutex_unlock(&l3c.lock);
	for (i = 0; i < L3_MAX_SLOTS; i++) {
		rte_acl_free(dp->acl[i]);
		rte_acl_free(dp->acl6[i]);
	}
	rte_free(dp);
	return rc;
}
