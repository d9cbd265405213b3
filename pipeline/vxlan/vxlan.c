/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VTEP's control side: tunnels as interfaces of the registry (type vxlan), the remote
 * VTEPs' indexes, and the two halves of the feature's apply (vsw_feature.h):
 *
 *  - "vxlan tunnels", before the bridges' apply: make the config's tunnels and say which
 *    bridge each joins (vsw_iface_ops.bridge_attach), so that the L2 apply makes them members
 *    whose frames go to vxlan_encap; tunnels leaving say none;
 *  - "vxlan", after the router's: give each (tunnel, bridge, remote address) an index (kept
 *    for as long as the config names it), publish the tables the nodes read, the remotes'
 *    tunnels to L2 (vsw_l2_remotes_set()) and the UDP listeners to the router
 *    (vsw_l3_udp_listen_set()); then forget what the FDB learned behind remotes that went,
 *    and destroy the tunnels that left.
 *
 * Control thread unless said.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_graph_worker.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "l2/l2.h"
#include "l3/l3_priv.h"
#include "vsw_err.h"
#include "vsw_feature.h"
#include "vsw_pipeline.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"
#include "vxlan/vxlan.h"
#include "vxlan/vxlan_priv.h"

struct vx_shared vsw_vx;

/* A tunnel object (the registry's priv). */
struct vx_obj {
	char bridge[VSW_NAME_MAX]; /* "": leaving */
	struct vsw_vxlan_tunnel_info info; /* as last applied (remote counters: see walk) */
	uint16_t flood[VSW_VXLAN_MAX_FLOOD];
	bool flood_api[VSW_VXLAN_MAX_FLOOD];
};

/* A remote VTEP's index: who holds it. Control thread only. */
struct vx_rem {
	bool used;
	uint16_t tunnel;  /* interface id */
	uint16_t bridge;  /* bridge id */
	uint32_t ip;      /* host order (0 for IPv6) */
	bool v6;
	uint8_t ip6[16];
	struct vx_counters base; /* the counters when it was made (they are never reset) */
};

/* A remote VTEP the API added to a tunnel's flood list (it outlives reloads). */
struct vx_api_remote {
	char tunnel[VSW_NAME_MAX];
	uint32_t ip;      /* host order */
};
#define API_REMOTES_MAX (VSW_VXLAN_MAX_TUNNELS * 4)

static struct {
	struct vx_rem rem[VSW_FDB_MAX_REMOTES];
	struct vx_api_remote api[API_REMOTES_MAX];
	unsigned int n_api;
	bool keep[VSW_FDB_MAX_REMOTES]; /* scratch of one apply */
	int decap_hook;
} ctl;

struct vx_worker *
vx_worker_of(const struct rte_graph *graph)
{
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	return vsw_vx.w[w != NULL ? w->index : 0];
}

/* ---- Tunnels as interfaces ---------------------------------------------------------------- */

static int
tun_create(struct vsw_iface *f, const void *conf, char *err, size_t err_len)
{
	(void)conf;
	f->priv = calloc(1, sizeof(struct vx_obj));
	return f->priv != NULL ? 0 : vsw_err(err, err_len, -ENOMEM, "no memory");
}

static void
tun_destroy(struct vsw_iface *f)
{
	free(f->priv);
}

static int
tun_bridge_attach(const struct vsw_iface *f, char bridge[VSW_NAME_MAX], char node[64],
		  uint8_t mac[6])
{
	const struct vx_obj *o = f->priv;

	if (o->bridge[0] == '\0')
		return -ENOENT;
	memcpy(bridge, o->bridge, VSW_NAME_MAX);
	snprintf(node, 64, "%s", VX_NODE_ENCAP);
	memset(mac, 0, 6); /* no MAC of its own: the bridge learns what is behind it */
	return 0;
}

static const struct vsw_iface_ops vx_ops = {
    .name = "vxlan",
    .create = tun_create,
    .destroy = tun_destroy,
    .bridge_attach = tun_bridge_attach,
};

/* Before the bridges' apply: the config's tunnels exist and name their bridges. */
static int
tunnels_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	bool keep[VSW_MAX_IFACES] = {false};
	struct vsw_iface *f;
	unsigned int i;
	int rc;

	(void)ids;
	rc = vsw_iface_type_register(VSW_IFACE_VXLAN, &vx_ops);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot register VXLAN tunnels");
	for (i = 0; i < cfg->vxlan.n_tunnels; i++) {
		const struct vsw_vxlan_tunnel_conf *t = &cfg->vxlan.tunnels[i];

		f = vsw_iface_from_name(t->name);
		if (f == NULL)
			f = vsw_iface_create(VSW_IFACE_VXLAN, t->name, t, err, err_len);
		if (f == NULL)
			return -ENOMEM;
		if (f->type != VSW_IFACE_VXLAN)
			return vsw_err(err, err_len, -EEXIST, "'%s' is another interface", t->name);
		snprintf(((struct vx_obj *)f->priv)->bridge, VSW_NAME_MAX, "%s",
			 cfg->bridges[t->bridge].name);
		keep[f->id] = true;
	}
	VSW_IFACE_FOREACH(f, VSW_IFACE_VXLAN)
		if (!keep[f->id])
			((struct vx_obj *)f->priv)->bridge[0] = '\0';
	return 0;
}

const struct vsw_feature vsw_vxlan_if_feature = {
    .name = "vxlan tunnels",
    .apply = tunnels_apply,
};

/* ---- Remote VTEPs ----------------------------------------------------------------------- */

static void
counters_sum(unsigned int idx, struct vx_counters *c)
{
	memset(c, 0, sizeof(*c));
	for (unsigned int w = 0; w < vsw_vx.n_workers; w++) {
		const struct vx_counters *x = &vsw_vx.w[w]->remote[idx];

		c->rx_packets += x->rx_packets;
		c->rx_bytes += x->rx_bytes;
		c->tx_packets += x->tx_packets;
		c->tx_bytes += x->tx_bytes;
	}
}

/* The index of remote @p ip (IPv4) or @p ip6 (IPv6: not NULL) of tunnel @p id in bridge
 * @p bridge: the running one, or the lowest neither running nor taken by this apply. -1:
 * none free. */
static int
remote_index(uint16_t id, uint16_t bridge, uint32_t ip, const uint8_t *ip6)
{
	static const uint8_t zero[16];
	unsigned int i;

	for (i = 0; i < VSW_FDB_MAX_REMOTES; i++)
		if (ctl.rem[i].used && ctl.rem[i].tunnel == id && ctl.rem[i].bridge == bridge &&
		    ctl.rem[i].ip == ip && ctl.rem[i].v6 == (ip6 != NULL) &&
		    memcmp(ctl.rem[i].ip6, ip6 != NULL ? ip6 : zero, 16) == 0)
			goto found;
	for (i = 0; i < VSW_FDB_MAX_REMOTES && (ctl.rem[i].used || ctl.keep[i]); i++)
		;
	if (i == VSW_FDB_MAX_REMOTES)
		return -1;
found:
	ctl.keep[i] = true;
	return (int)i;
}

/* ---- The tables ------------------------------------------------------------------------- */

/* Whether the config's flood list of @p tc has @p ip. */
static bool
conf_lists(const struct vsw_vxlan_tunnel_conf *tc, uint32_t ip)
{
	for (unsigned int i = 0; i < tc->n_remotes; i++)
		if (tc->remotes[i] == ip)
			return true;
	return false;
}

/* One tunnel into @p dp (its remotes get indexes), its listener into @p ls. */
static int
tunnel_build(const struct vsw_config *cfg, const struct vsw_vxlan_tunnel_conf *tc,
	     struct vx_dp *dp, struct vsw_l3_udp_listener *ls, unsigned int *n_ls, char *err,
	     size_t err_len)
{
	const struct l3_dp *l3 = vsw_l3.dp;
	struct vsw_iface *f = vsw_iface_from_name(tc->name);
	struct vsw_iface *rf = vsw_iface_from_name(cfg->l3.rifs[tc->rif].name);
	int bridge = vsw_l2_bridge_id(cfg->bridges[tc->bridge].name);
	struct vx_obj *o;
	struct vx_tunnel *t;
	unsigned int i;

	if (f == NULL || f->type != VSW_IFACE_VXLAN || bridge < 0)
		return vsw_err(err, err_len, -ENOENT, "tunnel '%s' is not made", tc->name);
	o = f->priv;
	if (rf == NULL || rf->type != VSW_IFACE_RIF || l3 == NULL || !l3->rif[rf->id].present) {
		o->info.name[0] = '\0'; /* its underlay interface is not running: nothing comes
					   or goes, nothing to show */
		return 0;
	}
	t = &dp->tun[f->id];
	t->present = 1;
	t->vrf = l3->rif[rf->id].vrf;
	t->ttl = tc->ttl;
	t->tos = tc->tos;
	t->df = tc->df;
	t->inherit = tc->inherit;
	t->known_only = tc->known_vteps_only;
	t->rif = rf->id;
	t->bridge = (uint16_t)bridge;
	t->vlan = cfg->bridges[tc->bridge].vlan;
	t->mtu = tc->mtu != 0 ? tc->mtu :
				(uint16_t)(l3->rif[rf->id].mtu -
					   (tc->v6 ? VSW_VXLAN_OVERHEAD6 : VSW_VXLAN_OVERHEAD));
	t->dstport = rte_cpu_to_be_16(tc->dstport);
	t->vni = rte_cpu_to_be_32(tc->vni << 8);
	t->v6 = tc->v6;
	t->local = rte_cpu_to_be_32(tc->local);
	memcpy(t->local6, tc->local6, 16);
	t->suppress = tc->arp_suppress;
	dp->bridge_tun[bridge] = f->id;
	/* The config's flood list, then what the API added (while there is room; the API's
	 * remotes are IPv4). */
	for (i = 0; i < tc->n_remotes + ctl.n_api && t->n_flood < VSW_VXLAN_MAX_FLOOD; i++) {
		bool api = i >= tc->n_remotes;
		uint32_t ip = api ? ctl.api[i - tc->n_remotes].ip : tc->remotes[i];
		const uint8_t *ip6 = !api && tc->v6 ? tc->remotes6[i] : NULL;
		int r;

		if (api && (tc->v6 || strcmp(ctl.api[i - tc->n_remotes].tunnel, tc->name) != 0 ||
			    conf_lists(tc, ip)))
			continue;
		r = remote_index(f->id, (uint16_t)bridge, ip, ip6);
		if (r < 0)
			return vsw_err(err, err_len, -ENOSPC, "no free remote VTEP index (%u)",
				       VSW_FDB_MAX_REMOTES);
		o->flood_api[t->n_flood] = api;
		t->flood[t->n_flood++] = (uint16_t)r;
		dp->remote[r] = (struct vx_remote){.ip = rte_cpu_to_be_32(ip), .tunnel = f->id,
						   .present = 1, .v6 = tc->v6};
		if (ip6 != NULL)
			memcpy(dp->remote[r].ip6, ip6, 16);
	}
	dp->vni[dp->n_vni] = (struct vx_vni){.vni = t->vni, .local = t->local,
					     .port = t->dstport, .vrf = t->vrf, .v6 = t->v6,
					     .id = f->id};
	memcpy(dp->vni[dp->n_vni++].local6, t->local6, 16);
	for (i = 0; i < *n_ls; i++)
		if (ls[i].addr == t->local && ls[i].port == t->dstport && ls[i].vrf == t->vrf &&
		    ls[i].v6 == t->v6 && memcmp(ls[i].addr6, t->local6, 16) == 0)
			break;
	if (i == *n_ls) {
		ls[*n_ls] = (struct vsw_l3_udp_listener){.addr = t->local, .port = t->dstport,
							 .vrf = t->vrf,
							 .hook = (uint8_t)ctl.decap_hook,
							 .v6 = t->v6};
		memcpy(ls[(*n_ls)++].addr6, t->local6, 16);
	}
	/* What vswctl shows. */
	memset(&o->info, 0, sizeof(o->info));
	snprintf(o->info.name, sizeof(o->info.name), "%s", tc->name);
	o->info.id = f->id;
	o->info.vni = tc->vni;
	snprintf(o->info.bridge, sizeof(o->info.bridge), "%s", cfg->bridges[tc->bridge].name);
	snprintf(o->info.rif, sizeof(o->info.rif), "%s", cfg->l3.rifs[tc->rif].name);
	o->info.local = tc->local;
	o->info.v6 = tc->v6;
	memcpy(o->info.local6, tc->local6, 16);
	o->info.dstport = tc->dstport;
	o->info.mtu = t->mtu;
	o->info.ttl = tc->ttl;
	o->info.tos = tc->tos;
	o->info.df = tc->df;
	o->info.inherit = tc->inherit;
	o->info.known_vteps_only = tc->known_vteps_only;
	o->info.arp_suppress = tc->arp_suppress;
	o->info.n_remotes = t->n_flood;
	memcpy(o->flood, t->flood, sizeof(o->flood));
	return 0;
}

static void
dp_free(void *p)
{
	rte_free(p);
}

/* The API's remotes of tunnels the config no longer has go. */
static void
api_prune(const struct vsw_config *cfg)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < ctl.n_api; i++) {
		for (j = 0; j < cfg->vxlan.n_tunnels; j++)
			if (strcmp(cfg->vxlan.tunnels[j].name, ctl.api[i].tunnel) == 0)
				break;
		if (j < cfg->vxlan.n_tunnels)
			ctl.api[n++] = ctl.api[i];
	}
	ctl.n_api = n;
}

static int
vxlan_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	static struct vsw_l3_udp_listener ls[L3_UDP_MAX_LISTENERS];
	static uint16_t remote_if[VSW_FDB_MAX_REMOTES];
	unsigned int i, n_ls = 0;
	struct vsw_iface *f, *next;
	struct vx_dp *dp;
	int rc = 0;

	(void)ids;
	dp = rte_zmalloc("vxlan_dp", sizeof(*dp), RTE_CACHE_LINE_SIZE);
	if (dp == NULL)
		return vsw_err(err, err_len, -ENOMEM, "vxlan: no memory for its tables");
	memset(ctl.keep, 0, sizeof(ctl.keep));
	for (i = 0; i < VSW_MAX_BRIDGES; i++)
		dp->bridge_tun[i] = VSW_IFACE_NONE;
	api_prune(cfg);
	for (i = 0; i < cfg->vxlan.n_tunnels && rc == 0; i++)
		rc = tunnel_build(cfg, &cfg->vxlan.tunnels[i], dp, ls, &n_ls, err, err_len);
	if (rc != 0) {
		rte_free(dp);
		return rc;
	}
	/* Remotes new to this apply start their counters from where they are. */
	for (i = 0; i < VSW_FDB_MAX_REMOTES; i++) {
		remote_if[i] = dp->remote[i].present ? dp->remote[i].tunnel : VSW_IFACE_NONE;
		if (ctl.keep[i] && !ctl.rem[i].used) {
			ctl.rem[i].used = true;
			ctl.rem[i].tunnel = dp->remote[i].tunnel;
			ctl.rem[i].ip = rte_be_to_cpu_32(dp->remote[i].ip);
			ctl.rem[i].v6 = dp->remote[i].v6;
			memcpy(ctl.rem[i].ip6, dp->remote[i].ip6, 16);
			ctl.rem[i].bridge = dp->tun[dp->remote[i].tunnel].bridge;
			counters_sum(i, &ctl.rem[i].base);
		}
	}
	/* The tables before what sends packets to the nodes reading them. */
	vsw_rcu_publish((void **)&vsw_vx.dp, dp, dp_free);
	if (vsw_l2_remotes_set(remote_if) != 0 || vsw_l3_udp_listen_set(ls, n_ls) != 0)
		return vsw_err(err, err_len, -ENOMEM, "vxlan: no memory for the listeners");
	/* Nothing points at the remotes that went any more (the publishes waited for the
	 * workers): what the FDB learned behind them goes. */
	for (i = 0; i < VSW_FDB_MAX_REMOTES; i++)
		if (ctl.rem[i].used && !ctl.keep[i]) {
			vsw_l2_port_down((uint16_t)(VSW_FDB_REMOTE_BASE + i));
			ctl.rem[i].used = false;
		}
	for (f = vsw_iface_next(VSW_IFACE_VXLAN, NULL); f != NULL; f = next) {
		next = vsw_iface_next(VSW_IFACE_VXLAN, f);
		if (((struct vx_obj *)f->priv)->bridge[0] == '\0')
			vsw_iface_destroy(f);
	}
	vx_neigh_apply(cfg);
	return 0;
}

static void vxlan_fini(void);

static int
vxlan_init(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu, char *err,
	   size_t err_len)
{
	unsigned int n = RTE_MAX(conf->n_workers, 1u), i;

	memset(&ctl, 0, sizeof(ctl));
	ctl.decap_hook = vsw_l3_udp_hook_add(VX_NODE_DECAP);
	if (ctl.decap_hook < 0)
		return vsw_err(err, err_len, ctl.decap_hook,
			       "vxlan: cannot listen in ip4_local: %s", strerror(-ctl.decap_hook));
	for (i = 0; i < n; i++) {
		int socket = i < conf->n_workers && conf->worker_lcores != NULL ?
				     (int)rte_lcore_to_socket_id(conf->worker_lcores[i]) :
				     SOCKET_ID_ANY;

		vsw_vx.w[i] = rte_zmalloc_socket("vxlan_worker", sizeof(struct vx_worker),
						 RTE_CACHE_LINE_SIZE, socket);
		if (vsw_vx.w[i] == NULL) {
			vxlan_fini();
			return vsw_err(err, err_len, -ENOMEM, "vxlan: no memory for counters");
		}
	}
	vsw_vx.n_workers = n;
	if (vx_neigh_init(n, rcu, err, err_len) != 0) {
		vxlan_fini();
		return -ENOMEM;
	}
	/* Empty tables: a tunnel joins its bridge (the L2 apply) before this feature's apply
	 * fills them, and vxlan_encap finds it absent until then. */
	vsw_vx.dp = rte_zmalloc("vxlan_dp", sizeof(*vsw_vx.dp), RTE_CACHE_LINE_SIZE);
	if (vsw_vx.dp == NULL) {
		vxlan_fini();
		return vsw_err(err, err_len, -ENOMEM, "vxlan: no memory for its tables");
	}
	return 0;
}

static void
vxlan_fini(void)
{
	struct vsw_iface *f;

	vsw_l3_udp_listen_set(NULL, 0);
	vsw_l2_remotes_set(NULL);
	while ((f = vsw_iface_next(VSW_IFACE_VXLAN, NULL)) != NULL)
		vsw_iface_destroy(f);
	vsw_rcu_publish((void **)&vsw_vx.dp, NULL, dp_free);
	vx_neigh_fini();
	for (unsigned int i = 0; i < VSW_MAX_WORKERS; i++) {
		rte_free(vsw_vx.w[i]);
		vsw_vx.w[i] = NULL;
	}
	vsw_vx.n_workers = 0;
	memset(&ctl, 0, sizeof(ctl));
}

const struct vsw_feature vsw_vxlan_feature = {
    .name = "vxlan",
    .init = vxlan_init,
    .apply = vxlan_apply,
    .fini = vxlan_fini,
};

/* ---- What the daemon reads ---------------------------------------------------------------- */

void
vsw_vxlan_tunnel_walk(void (*fn)(const struct vsw_vxlan_tunnel_info *t, void *arg), void *arg)
{
	struct vsw_vxlan_tunnel_info info;
	struct vx_counters c;
	struct vsw_iface *f;

	VSW_IFACE_FOREACH(f, VSW_IFACE_VXLAN) {
		const struct vx_obj *o = f->priv;

		if (o->info.name[0] == '\0')
			continue; /* never applied */
		info = o->info;
		for (unsigned int w = 0; w < vsw_vx.n_workers; w++) {
			info.rx_unlisted += vsw_vx.w[w]->rx_unlisted[f->id];
			info.arp_replied += vsw_vx.w[w]->arp_replied[f->id];
		}
		for (unsigned int r = 0; r < info.n_remotes; r++) {
			const struct vx_rem *x = &ctl.rem[o->flood[r]];

			counters_sum(o->flood[r], &c);
			info.remotes[r].ip = x->ip;
			memcpy(info.remotes[r].ip6, x->ip6, 16);
			info.remotes[r].api = o->flood_api[r];
			info.remotes[r].rx_packets = c.rx_packets - x->base.rx_packets;
			info.remotes[r].rx_bytes = c.rx_bytes - x->base.rx_bytes;
			info.remotes[r].tx_packets = c.tx_packets - x->base.tx_packets;
			info.remotes[r].tx_bytes = c.tx_bytes - x->base.tx_bytes;
		}
		fn(&info, arg);
	}
}

int
vsw_vxlan_remote_name(uint16_t fdb_port, char tunnel[VSW_NAME_MAX], uint32_t *ip)
{
	unsigned int i = (unsigned int)fdb_port - VSW_FDB_REMOTE_BASE;
	const struct vsw_iface *f;

	if (fdb_port < VSW_FDB_REMOTE_BASE || i >= VSW_FDB_MAX_REMOTES || !ctl.rem[i].used)
		return -ENOENT;
	f = vsw_iface_from_id(ctl.rem[i].tunnel);
	snprintf(tunnel, VSW_NAME_MAX, "%s", f != NULL ? f->name : "?");
	*ip = ctl.rem[i].ip;
	return 0;
}

int
vsw_vxlan_remote_vtep(uint16_t fdb_port, char tunnel[VSW_NAME_MAX], char vtep[VSW_VXLAN_ADDR_STR])
{
	unsigned int i = (unsigned int)fdb_port - VSW_FDB_REMOTE_BASE;
	struct in_addr a;
	uint32_t ip;
	int rc = vsw_vxlan_remote_name(fdb_port, tunnel, &ip);

	if (rc != 0)
		return rc;
	a.s_addr = htonl(ip);
	if (ctl.rem[i].v6)
		inet_ntop(AF_INET6, ctl.rem[i].ip6, vtep, VSW_VXLAN_ADDR_STR);
	else
		inet_ntop(AF_INET, &a, vtep, VSW_VXLAN_ADDR_STR);
	return 0;
}

/* ---- The API's flood lists ---------------------------------------------------------------- */

int
vsw_vxlan_remote_change(const struct vsw_config *cfg, bool add, const char *tunnel, uint32_t ip,
			char *err, size_t err_len)
{
	const struct vsw_vxlan_tunnel_conf *tc = NULL;
	unsigned int i, n = 0;
	char a[16];
	int rc;

	snprintf(a, sizeof(a), "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255,
		 ip & 255);
	for (i = 0; i < cfg->vxlan.n_tunnels && tc == NULL; i++)
		if (strcmp(cfg->vxlan.tunnels[i].name, tunnel) == 0)
			tc = &cfg->vxlan.tunnels[i];
	if (tc == NULL)
		return vsw_err(err, err_len, -ENOENT, "no such VXLAN tunnel: %s", tunnel);
	if (tc->v6)
		return vsw_err(err, err_len, -EAFNOSUPPORT,
			       "%s: an IPv6 underlay's flood list is the config's (the API adds "
			       "IPv4 remotes)", tunnel);
	for (i = 0; i < ctl.n_api; i++)
		if (strcmp(ctl.api[i].tunnel, tunnel) == 0) {
			if (ctl.api[i].ip == ip)
				break;
			n++;
		}
	if (!add) {
		if (i == ctl.n_api)
			return conf_lists(tc, ip) ?
				       vsw_err(err, err_len, -EPERM,
					       "%s: remote %s is in the config file (reload without it)",
					       tunnel, a) :
				       vsw_err(err, err_len, -ENOENT, "%s: no API remote %s", tunnel, a);
		ctl.api[i] = ctl.api[--ctl.n_api];
	} else {
		if (i < ctl.n_api || conf_lists(tc, ip))
			return vsw_err(err, err_len, -EEXIST, "%s: remote %s is listed already",
				       tunnel, a);
		if ((ip >> 24) == 0 || (ip >> 24) == 127 || (ip >> 28) >= 0xe || ip == tc->local)
			return vsw_err(err, err_len, -EINVAL,
				       "%s: remote %s is not a unicast address or is the local one",
				       tunnel, a);
		if (tc->n_remotes + n >= VSW_VXLAN_MAX_FLOOD || ctl.n_api == API_REMOTES_MAX)
			return vsw_err(err, err_len, -ENOSPC, "%s: the flood list is full (%u)",
				       tunnel, VSW_VXLAN_MAX_FLOOD);
		ctl.api[ctl.n_api].ip = ip;
		snprintf(ctl.api[ctl.n_api++].tunnel, VSW_NAME_MAX, "%s", tunnel);
	}
	rc = vxlan_apply(cfg, NULL, err, err_len);
	if (rc != 0 && add)
		ctl.n_api--; /* as it was (the tables were left as they were) */
	return rc;
}
