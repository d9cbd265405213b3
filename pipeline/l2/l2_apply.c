/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2 apply: make a config's bridges, VLAN settings and static MACs the running ones, under
 * traffic (vsw_l2_apply(), called at start-up and by every reload).
 *
 * The forwarding tables the nodes read (struct l2_dp) are rebuilt whole from the config on
 * every apply and published through RCU: at 4096 bridges and 32 ports a version is under
 * 600 KiB and builds in well under a millisecond, so there is no per-change patching to get
 * wrong. What must survive an apply is elsewhere: the FDB (learned entries) and the bridge
 * ids it is keyed by. This file keeps what it applied last (bridge names and VLANs, the
 * (bridge, port) memberships, the static entries) and, after the publish, removes from the
 * FDB exactly what the change made wrong.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "core/core.h"
#include "l2/l2_priv.h"
#include "vsw_err.h"
#include "vsw_feature.h"
#include "vsw_node.h"
#include "vsw_pipeline.h"
#include "vsw_rcu.h"
#include "vsw_sections.h"

#define MAP_SIZE 4096 /* bridge_of entries: one per VID */
#define WORDS (VSW_MAX_IFACES / 64)

struct l2_static {
	uint16_t bridge; /* id */
	uint16_t port;   /* interface id */
	struct rte_ether_addr mac;
};

/* What the last apply made running. Control thread only. */
static struct {
	struct rte_hash *names;                  /* bridge name -> id */
	char name[VSW_MAX_BRIDGES][VSW_NAME_MAX]; /* "": free id */
	uint16_t vlan[VSW_MAX_BRIDGES];
	uint64_t member[VSW_MAX_BRIDGES][WORDS]; /* (bridge, port) memberships */
	bool l2_port[VSW_MAX_IFACES];            /* Attached to vlan_input */
	struct l2_static statics[VSW_MAX_STATIC_MACS];
	unsigned int n_statics;
} st;

/* An interface attached to a bridge besides the config's ports (a router interface, a
 * VXLAN tunnel). */
struct l2_attached {
	uint16_t id;
	uint16_t bridge; /* config index */
	bool tunnel;
	char node[64];
	struct rte_ether_addr mac; /* all zero: none (a tunnel) */
};

/* Scratch of one apply: too big for the stack. */
static struct {
	struct l2_attached att[VSW_MAX_IFACES];
	unsigned int n_att;
	uint64_t member[VSW_MAX_BRIDGES][WORDS];
	bool reset[VSW_MAX_BRIDGES]; /* Removed, or its VLAN changed: forget all it learned */
	uint16_t bid[VSW_MAX_BRIDGES]; /* Config index -> id */
	bool fresh[VSW_MAX_BRIDGES];   /* Id taken by this apply */
	bool l2_port[VSW_MAX_IFACES];
	struct l2_static statics[VSW_MAX_STATIC_MACS];
	unsigned int n_statics;
} nx;

static inline bool
bit(const uint64_t *w, uint16_t i)
{
	return (w[i / 64] >> (i % 64)) & 1;
}

static inline void
set_bit(uint64_t *w, uint16_t i)
{
	w[i / 64] |= 1ull << (i % 64);
}

static void
dp_free(void *p)
{
	rte_free(p);
}

/* A version where no port is in a bridge. Its one map (all L2_NONE) follows the struct. */
static struct l2_dp *
dp_alloc(unsigned int n_maps)
{
	size_t sz = sizeof(struct l2_dp) + (size_t)(1 + n_maps) * MAP_SIZE * sizeof(uint16_t);
	struct l2_dp *dp = rte_zmalloc("vsw_l2_dp", sz, RTE_CACHE_LINE_SIZE);
	uint16_t *none;
	unsigned int i;

	if (dp == NULL)
		return NULL;
	none = (uint16_t *)(dp + 1);
	for (i = 0; i < MAP_SIZE; i++)
		none[i] = L2_NONE;
	for (i = 0; i < VSW_MAX_IFACES; i++) {
		dp->ports[i].bridge_of = none;
		dp->ports[i].tx_edge = L2_TX_PORT_GONE;
	}
	return dp;
}

int
vsw_l2_tables_init(char *err, size_t err_len)
{
	struct rte_hash_parameters hp = {
		.name = "vsw_l2_names",
		.entries = VSW_MAX_BRIDGES,
		.key_len = VSW_NAME_MAX,
		.hash_func = rte_hash_crc,
		.socket_id = (int)rte_socket_id(),
	};
	struct l2_dp *dp;

	vsw_l2_tables_fini();
	st.names = rte_hash_create(&hp);
	dp = dp_alloc(0);
	if (st.names == NULL || dp == NULL) {
		rte_free(dp);
		return vsw_err(err, err_len, -ENOMEM, "no memory for the L2 tables");
	}
	vsw_rcu_publish((void **)&vsw_l2.dp, dp, dp_free);
	return 0;
}

void
vsw_l2_tables_fini(void)
{
	rte_free(vsw_l2.dp);
	vsw_l2.dp = NULL;
	rte_hash_free(st.names);
	memset(&st, 0, sizeof(st));
}

int
vsw_l2_bridge_name(uint16_t id, char name[VSW_NAME_MAX])
{
	if (id >= VSW_MAX_BRIDGES || st.name[id][0] == '\0' || st.name[id][0] == '\1')
		return -ENOENT;
	memcpy(name, st.name[id], VSW_NAME_MAX);
	return 0;
}

int
vsw_l2_bridge_id(const char *name)
{
	char key[VSW_NAME_MAX] = {0};
	void *data;

	if (st.names == NULL)
		return -1;
	snprintf(key, sizeof(key), "%s", name);
	if (rte_hash_lookup_data(st.names, key, &data) < 0)
		return -1;
	return (int)(uintptr_t)data;
}

/* Ids for the config's bridges: a running name keeps its id; a new one takes the lowest id
 * that is neither running nor taken by this apply. */
static int
assign_ids(const struct vsw_config *cfg, char *err, size_t err_len)
{
	unsigned int b, next = 0;

	for (b = 0; b < cfg->n_bridges; b++) {
		int id = vsw_l2_bridge_id(cfg->bridges[b].name);

		nx.fresh[b] = id < 0;
		if (id >= 0) {
			nx.bid[b] = (uint16_t)id;
			continue;
		}
		while (next < VSW_MAX_BRIDGES && st.name[next][0] != '\0')
			next++;
		if (next == VSW_MAX_BRIDGES)
			return vsw_err(err, err_len, -ENOSPC, "no free bridge id");
		nx.bid[b] = (uint16_t)next;
		/* Held until the commit names it, so the next new bridge does not take it. */
		st.name[next][0] = '\1';
	}
	return 0;
}

static void
release_fresh(const struct vsw_config *cfg)
{
	unsigned int b;

	for (b = 0; b < cfg->n_bridges; b++)
		if (nx.fresh[b])
			st.name[nx.bid[b]][0] = '\0';
}

/* The ports' tx edges from vlan_output (a new one remakes the running graphs first). */
static int
add_tx_edges(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	rte_node_t vlan_out = rte_node_from_name(VSW_NODE_VLAN_OUTPUT);
	char tx[RTE_NODE_NAMESIZE];
	unsigned int b, i;

	for (b = 0; b < cfg->n_bridges; b++) {
		for (i = 0; i < cfg->bridges[b].n_ports; i++) {
			uint16_t id = ids[cfg->bridges[b].ports[i]];
			const char *name = id == VSW_IFACE_NONE ? NULL : vsw_pipeline_port_name(id);

			if (id == VSW_IFACE_NONE)
				continue;
			if (name == NULL)
				return vsw_err(err, err_len, -ENOENT, "no port with id %u", id);
			snprintf(tx, sizeof(tx), "%s-%s", VSW_NODE_PORT_TX, name);
			if (vsw_node_edge_get_or_add(vlan_out, tx) == RTE_EDGE_ID_INVALID)
				return vsw_err(err, err_len, -ENOENT, "no node %s", tx);
		}
	}
	return 0;
}

static void
port_init(struct l2_port *lp, const struct vsw_port_conf *pc, uint16_t *map, uint16_t id)
{
	rte_node_t vlan_out = rte_node_from_name(VSW_NODE_VLAN_OUTPUT);
	char tx[RTE_NODE_NAMESIZE];
	unsigned int vid;

	for (vid = 0; vid < MAP_SIZE; vid++)
		map[vid] = pc->vlan_mode == VSW_VLAN_TRUNK && vsw_vlan_bit(pc->trunks, vid) ?
				   L2_NO_BRIDGE :
				   L2_NONE;
	lp->bridge_of = map;
	lp->mode = (uint8_t)pc->vlan_mode;
	lp->tag = pc->tag;
	lp->native = pc->native_vlan;
	lp->native_tagged = pc->native_tagged;
	lp->tpid = rte_cpu_to_be_16(pc->tpid ? pc->tpid : VSW_DEF_TPID);
	snprintf(tx, sizeof(tx), "%s-%s", VSW_NODE_PORT_TX, vsw_pipeline_port_name(id));
	lp->tx_edge = vsw_node_edge_get_or_add(vlan_out, tx); /* added by add_tx_edges() */
}

/* The interfaces attached to one of @p cfg's bridges (vsw_iface_bridge_attach()). */
static void
collect_attached(const struct vsw_config *cfg)
{
	char bridge[VSW_NAME_MAX];
	struct vsw_iface *f;

	nx.n_att = 0;
	VSW_IFACE_FOREACH(f, VSW_IFACE_TYPE_COUNT) {
		struct l2_attached *a = &nx.att[nx.n_att];
		int b;

		if (f->type == VSW_IFACE_PORT ||
		    vsw_iface_bridge_attach(f, bridge, a->node, a->mac.addr_bytes) != 0)
			continue;
		b = vsw_config_bridge_index(cfg, bridge);
		if (b < 0)
			continue;
		a->id = f->id;
		a->bridge = (uint16_t)b;
		a->tunnel = f->type == VSW_IFACE_VXLAN;
		nx.n_att++;
	}
}

/* An attached interface's L2 side: untagged in its bridge's VLAN, frames to its node. */
static int
attached_init(struct l2_port *lp, const struct l2_attached *a, uint16_t vlan)
{
	rte_edge_t e = vsw_node_edge_get_or_add(rte_node_from_name(VSW_NODE_VLAN_OUTPUT), a->node);

	if (e == RTE_EDGE_ID_INVALID)
		return -ENOENT;
	lp->mode = vlan != 0 ? VSW_VLAN_ACCESS : VSW_VLAN_NONE;
	lp->tag = vlan;
	lp->tx_edge = e;
	lp->tunnel = a->tunnel;
	lp->own_mac = !rte_is_zero_ether_addr(&a->mac);
	return 0;
}

/* The new version, and the memberships it makes (nx.member, nx.l2_port). */
static struct l2_dp *
build(const struct vsw_config *cfg, const uint16_t *ids)
{
	unsigned int b, i, n_maps = 0, used = 0;
	struct l2_dp *dp;
	uint16_t *maps;

	memset(nx.member, 0, sizeof(nx.member));
	memset(nx.l2_port, 0, sizeof(nx.l2_port));
	for (b = 0; b < cfg->n_bridges; b++)
		for (i = 0; i < cfg->bridges[b].n_ports; i++) {
			uint16_t id = ids[cfg->bridges[b].ports[i]];

			if (id != VSW_IFACE_NONE && !nx.l2_port[id]) {
				nx.l2_port[id] = true;
				n_maps++;
			}
		}
	dp = dp_alloc(n_maps);
	if (dp == NULL)
		return NULL;
	maps = (uint16_t *)(dp + 1) + MAP_SIZE;
	memset(nx.l2_port, 0, sizeof(nx.l2_port));
	for (b = 0; b < cfg->n_bridges; b++) {
		const struct vsw_bridge_conf *bc = &cfg->bridges[b];
		struct l2_bridge *lb = &dp->bridges[nx.bid[b]];

		lb->vlan = bc->vlan;
		lb->flood_unknown = bc->flood_unknown;
		for (i = 0; i < cfg->vxlan.n_tunnels; i++)
			if (cfg->vxlan.tunnels[i].bridge == b && cfg->vxlan.tunnels[i].arp_suppress)
				lb->arp_suppress = 1;
		for (i = 0; i < bc->n_ports; i++) {
			uint16_t id = ids[bc->ports[i]];
			struct l2_port *lp;

			if (id == VSW_IFACE_NONE)
				continue;
			lp = &dp->ports[id];
			if (!nx.l2_port[id]) {
				port_init(lp, &cfg->ports[bc->ports[i]], maps + used * MAP_SIZE, id);
				used++;
				nx.l2_port[id] = true;
			}
			/* The parser made sure a (port, VLAN) pair is in one bridge at most. */
			((uint16_t *)(uintptr_t)lp->bridge_of)[bc->vlan] = nx.bid[b];
			lb->ports[lb->n_ports++] = id;
			set_bit(nx.member[nx.bid[b]], id);
		}
	}
	for (i = 0; i < nx.n_att; i++) {
		const struct l2_attached *a = &nx.att[i];
		struct l2_bridge *lb = &dp->bridges[nx.bid[a->bridge]];

		if (lb->n_ports >= VSW_MAX_PORTS ||
		    attached_init(&dp->ports[a->id], a, cfg->bridges[a->bridge].vlan) != 0)
			continue;
		lb->ports[lb->n_ports++] = a->id;
		set_bit(nx.member[nx.bid[a->bridge]], a->id);
	}
	return dp;
}

static int
static_cmp(const void *a, const void *b)
{
	const struct l2_static *x = a, *y = b;

	if (x->bridge != y->bridge)
		return x->bridge < y->bridge ? -1 : 1;
	return memcmp(&x->mac, &y->mac, sizeof(x->mac));
}

/* The config's static entries whose port exists, sorted by (bridge, MAC). */
static void
collect_statics(const struct vsw_config *cfg, const uint16_t *ids)
{
	unsigned int i;

	nx.n_statics = 0;
	for (i = 0; i < cfg->n_static_macs; i++) {
		const struct vsw_fdb_static_conf *s = &cfg->static_macs[i];
		struct l2_static *e = &nx.statics[nx.n_statics];

		if (ids[s->port] == VSW_IFACE_NONE)
			continue;
		e->bridge = nx.bid[s->bridge];
		e->port = ids[s->port];
		memcpy(e->mac.addr_bytes, s->mac, sizeof(e->mac.addr_bytes));
		nx.n_statics++;
	}
	/* Frames to an attached interface's MAC go to it. */
	for (i = 0; i < nx.n_att && nx.n_statics < VSW_MAX_STATIC_MACS; i++) {
		struct l2_static *e = &nx.statics[nx.n_statics];

		if (rte_is_zero_ether_addr(&nx.att[i].mac))
			continue;
		nx.n_statics++;
		e->bridge = nx.bid[nx.att[i].bridge];
		e->port = nx.att[i].id;
		e->mac = nx.att[i].mac;
	}
	qsort(nx.statics, nx.n_statics, sizeof(nx.statics[0]), static_cmp);
}

/* What the FDB must forget: everything of a reset bridge, and of an ended membership. */
static bool
stale(const struct vsw_fdb_key *k, uint16_t port, void *arg)
{
	RTE_SET_USED(arg);
	if (nx.reset[k->bridge])
		return true;
	return port < VSW_MAX_IFACES && bit(st.member[k->bridge], port) &&
	       !bit(nx.member[k->bridge], port);
}

/* Under the FDB lock: forget what is stale, then make the static entries the config's. */
static bool
update_fdb(struct vsw_fdb *fdb)
{
	unsigned int i, j = 0;
	bool purge = false;
	uint16_t b;

	for (b = 0; b < VSW_MAX_BRIDGES && !purge; b++) {
		purge |= nx.reset[b];
		for (i = 0; i < WORDS && !purge; i++)
			purge |= (st.member[b][i] & ~nx.member[b][i]) != 0;
	}
	if (purge)
		vsw_fdb_purge(fdb, stale, NULL);
	/* Both lists are sorted: an old entry not in the new list is removed (a moved one is
	 * removed, then added on its new port). */
	for (i = 0; i < st.n_statics; i++) {
		while (j < nx.n_statics && static_cmp(&nx.statics[j], &st.statics[i]) < 0)
			j++;
		if (j < nx.n_statics && static_cmp(&nx.statics[j], &st.statics[i]) == 0 &&
		    nx.statics[j].port == st.statics[i].port)
			continue;
		vsw_fdb_del_static(fdb, st.statics[i].bridge, &st.statics[i].mac);
	}
	for (i = 0; i < nx.n_statics; i++)
		if (vsw_fdb_add_static(fdb, nx.statics[i].bridge, &nx.statics[i].mac,
				       nx.statics[i].port) != 0)
			fprintf(stderr, "vswd: L2: FDB full adding a static MAC\n");
	return purge;
}

/* Record the running names: new bridges are found by name from now on, removed ones are
 * forgotten and their ids free (no worker can hold them any more: the publish waited). */
static void
commit_names(const struct vsw_config *cfg)
{
	static bool keep[VSW_MAX_BRIDGES];
	char key[VSW_NAME_MAX];
	unsigned int b;

	memset(keep, 0, sizeof(keep));
	for (b = 0; b < cfg->n_bridges; b++) {
		uint16_t id = nx.bid[b];

		keep[id] = true;
		st.vlan[id] = cfg->bridges[b].vlan;
		if (!nx.fresh[b])
			continue;
		memset(key, 0, sizeof(key));
		snprintf(key, sizeof(key), "%s", cfg->bridges[b].name);
		memcpy(st.name[id], key, sizeof(key));
		rte_hash_add_key_data(st.names, key, (void *)(uintptr_t)id);
	}
	for (b = 0; b < VSW_MAX_BRIDGES; b++) {
		if (keep[b] || st.name[b][0] == '\0')
			continue;
		memcpy(key, st.name[b], sizeof(key));
		rte_hash_del_key(st.names, key);
		st.name[b][0] = '\0';
	}
}

int
vsw_l2_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	struct vsw_fdb *fdb = vsw_l2_fdb();
	struct l2_dp *dp;
	unsigned int b, i;
	bool purged;
	int rc;

	if (fdb == NULL || st.names == NULL)
		return vsw_err(err, err_len, -EINVAL, "L2 is not initialised");
	collect_attached(cfg);
	rc = assign_ids(cfg, err, err_len);
	if (rc == 0)
		rc = add_tx_edges(cfg, ids, err, err_len);
	dp = rc == 0 ? build(cfg, ids) : NULL;
	if (rc == 0 && dp == NULL)
		rc = vsw_err(err, err_len, -ENOMEM, "no memory for the L2 tables");
	if (rc != 0) {
		release_fresh(cfg);
		return rc;
	}

	/* Nothing can fail from here on. */
	memset(nx.reset, 0, sizeof(nx.reset));
	for (b = 0; b < VSW_MAX_BRIDGES; b++)
		nx.reset[b] = st.name[b][0] != '\0';
	for (b = 0; b < cfg->n_bridges; b++) {
		uint16_t id = nx.bid[b];

		/* A kept bridge that moved to another VLAN is another network: start afresh. */
		nx.reset[id] = !nx.fresh[b] && st.vlan[id] != cfg->bridges[b].vlan;
	}
	collect_statics(cfg, ids);

	vsw_l2_lock();
	for (b = 0; b < cfg->n_bridges; b++) {
		vsw_fdb_set_bridge_limit(fdb, nx.bid[b], cfg->bridges[b].mac_limit);
		vsw_fdb_set_aging(fdb, nx.bid[b], cfg->bridges[b].aging_s);
	}
	for (i = 0; i < VSW_MAX_IFACES; i++)
		vsw_fdb_set_port_limit(fdb, (uint16_t)i, 0);
	for (i = 0; i < cfg->n_ports; i++)
		if (ids[i] != VSW_IFACE_NONE)
			vsw_fdb_set_port_limit(fdb, ids[i], cfg->ports[i].mac_limit);
	vsw_l2_unlock();

	/* A port leaving L2 stops reaching vlan_input before the tables forget it; one
	 * joining does after the tables know it. */
	for (i = 0; i < VSW_MAX_IFACES; i++)
		if (st.l2_port[i] && !nx.l2_port[i])
			vsw_eth_input_detach((uint16_t)i);
	vsw_rcu_publish((void **)&vsw_l2.dp, dp, dp_free);
	for (i = 0; i < VSW_MAX_IFACES; i++)
		if (nx.l2_port[i] && !st.l2_port[i] &&
		    vsw_eth_input_attach((uint16_t)i, VSW_NODE_VLAN_INPUT) != 0)
			fprintf(stderr, "vswd: L2: cannot attach interface %u\n", i);

	/* No worker holds the old tables any more: what the FDB learned from them that the
	 * change made wrong goes, and learn events still in the rings from before are
	 * discarded (a new flush generation). */
	vsw_l2_lock();
	purged = update_fdb(fdb);
	if (purged)
		vsw_l2.flush_gen++;
	vsw_l2_unlock();

	commit_names(cfg);
	memcpy(st.member, nx.member, sizeof(st.member));
	memcpy(st.l2_port, nx.l2_port, sizeof(st.l2_port));
	memcpy(st.statics, nx.statics, nx.n_statics * sizeof(nx.statics[0]));
	st.n_statics = nx.n_statics;
	return 0;
}

/* ---- The feature's hooks (vsw_feature.h) ------------------------------------------------- */

static int
l2_init(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu, char *err,
	size_t err_len)
{
	uint32_t size = conf->fdb_size != 0 ? conf->fdb_size :
			conf->l2 != NULL   ? conf->l2->fdb_size :
					     VSW_DEF_FDB_SIZE;

	return vsw_l2_init(conf->n_workers, size, rcu, err, err_len);
}

static int
l2_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	char msg[VSW_ERR_MAX];
	int rc = vsw_l2_apply(cfg, ids, msg, sizeof(msg));

	if (rc != 0)
		snprintf(err, err_len, "%.200s: bridges: %s", cfg->path, msg);
	return rc;
}

const struct vsw_feature vsw_l2_feature = {
    .name = "l2",
    .init = l2_init,
    .apply = l2_apply,
    .port_down = vsw_l2_port_down,
    .fini = vsw_l2_fini,
};
