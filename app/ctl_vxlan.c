/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VTEP's control side in the daemon (feature_ctl.h): its telemetry, read-only.
 * /vsw/vxlan lists the tunnels and, apart (DPDK 22.11's telemetry nests containers two
 * levels deep at most), their remote VTEPs with per-remote counters; /vsw/vxlan/neigh ARP
 * suppression's bindings and counters. Handlers hold vswd.lock (vswd_read_begin()); counters
 * are read while workers write them. Its API requests (api/vsw_api.h: flood lists, bindings)
 * and its tick (snooped bindings, aging) run on the control loop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

#include <pthread.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_telemetry.h>

#include "api.h"
#include "feature_ctl.h"
#include "vswd.h"
#include "iface/iface.h"
#include "vxlan/vxlan.h"

struct vx_page {
	struct rte_tel_data *tunnels, *remotes;
	int rc;
};

/* An address as text: IPv4 @p host (host order), or IPv6 @p a6 when @p v6. */
static void
ip_str(bool v6, uint32_t host, const uint8_t a6[16], char buf[INET6_ADDRSTRLEN])
{
	struct in_addr a = {.s_addr = htonl(host)};

	if (v6)
		inet_ntop(AF_INET6, a6, buf, INET6_ADDRSTRLEN);
	else
		inet_ntop(AF_INET, &a, buf, INET6_ADDRSTRLEN);
}

static void
add_tunnel(const struct vsw_vxlan_tunnel_info *t, void *arg)
{
	struct vx_page *pg = arg;
	struct rte_tel_data *e = rte_tel_data_alloc();
	char a[INET6_ADDRSTRLEN], key[VSW_NAME_MAX + INET6_ADDRSTRLEN + 2];
	char inh[16];

	if (e == NULL) {
		pg->rc = -ENOMEM;
		return;
	}
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "name", t->name);
	rte_tel_data_add_dict_u64(e, "vni", t->vni);
	rte_tel_data_add_dict_string(e, "bridge", t->bridge);
	ip_str(t->v6, t->local, t->local6, a);
	rte_tel_data_add_dict_string(e, "local", a);
	rte_tel_data_add_dict_u64(e, "family", t->v6 ? 6 : 4);
	rte_tel_data_add_dict_string(e, "interface", t->rif);
	rte_tel_data_add_dict_u64(e, "dstport", t->dstport);
	rte_tel_data_add_dict_u64(e, "mtu", t->mtu);
	rte_tel_data_add_dict_u64(e, "ttl", t->ttl);
	rte_tel_data_add_dict_u64(e, "tos", t->tos);
	rte_tel_data_add_dict_u64(e, "df", t->df);
	snprintf(inh, sizeof(inh), "%s%s%s", t->inherit & VSW_VXLAN_INHERIT_TTL ? "ttl " : "",
		 t->inherit & VSW_VXLAN_INHERIT_TOS ? "tos " : "",
		 t->inherit & VSW_VXLAN_INHERIT_DF ? "df " : "");
	if (inh[0] != '\0')
		inh[strlen(inh) - 1] = '\0';
	rte_tel_data_add_dict_string(e, "inherit", inh);
	rte_tel_data_add_dict_u64(e, "known_vteps_only", t->known_vteps_only);
	rte_tel_data_add_dict_u64(e, "arp_suppress", t->arp_suppress);
	rte_tel_data_add_dict_u64(e, "arp_replied", t->arp_replied);
	rte_tel_data_add_dict_u64(e, "remotes", t->n_remotes);
	rte_tel_data_add_dict_u64(e, "rx_unlisted", t->rx_unlisted);
	pg->rc |= vswd_tel_add_named(pg->tunnels, t->name, e);
	for (unsigned int i = 0; i < t->n_remotes; i++) {
		const struct vsw_vxlan_remote_info *r = &t->remotes[i];

		e = rte_tel_data_alloc();
		if (e == NULL) {
			pg->rc = -ENOMEM;
			return;
		}
		ip_str(t->v6, r->ip, r->ip6, a);
		rte_tel_data_start_dict(e);
		rte_tel_data_add_dict_string(e, "tunnel", t->name);
		rte_tel_data_add_dict_string(e, "vtep", a);
		rte_tel_data_add_dict_string(e, "from", r->api ? "api" : "config");
		rte_tel_data_add_dict_u64(e, "rx_packets", r->rx_packets);
		rte_tel_data_add_dict_u64(e, "rx_bytes", r->rx_bytes);
		rte_tel_data_add_dict_u64(e, "tx_packets", r->tx_packets);
		rte_tel_data_add_dict_u64(e, "tx_bytes", r->tx_bytes);
		snprintf(key, sizeof(key), "%s_%s", t->name, a);
		pg->rc |= vswd_tel_add_named(pg->remotes, key, e);
	}
}

struct remote_count {
	uint16_t id;
	uint32_t n;
};

static void
count_remotes(const struct vsw_vxlan_tunnel_info *t, void *arg)
{
	struct remote_count *w = arg;

	if (t->id == w->id)
		w->n = t->n_remotes;
}

/* /vsw/vxlan: {tunnels: {NAME: {...}}, remotes: {NAME_VTEP: {tunnel, vtep, counters}}} */
static int
cmd_vxlan(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vx_page pg = {.tunnels = rte_tel_data_alloc(), .remotes = rte_tel_data_alloc()};

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (pg.tunnels == NULL || pg.remotes == NULL || !vswd_read_begin()) {
		rte_tel_data_free(pg.tunnels);
		rte_tel_data_free(pg.remotes);
		return pg.tunnels == NULL || pg.remotes == NULL ? -ENOMEM : -ENODEV;
	}
	rte_tel_data_start_dict(pg.tunnels);
	rte_tel_data_start_dict(pg.remotes);
	vsw_vxlan_tunnel_walk(add_tunnel, &pg);
	vswd_read_end();
	rte_tel_data_start_dict(d);
	vswd_tel_add_dict(d, "tunnels", pg.tunnels);
	vswd_tel_add_dict(d, "remotes", pg.remotes);
	return pg.rc != 0 ? -ENOSPC : 0;
}

/* Bindings shown at most: a telemetry reply holds about 16 kB. */
#define NEIGH_SHOWN 64

struct neigh_page {
	struct rte_tel_data *list;
	char tunnel[VSW_NAME_MAX]; /* "": all */
	unsigned int n, total;
	int rc;
};

static void
add_neigh(const struct vsw_vxlan_neigh_info *n, void *arg)
{
	static const char *const types[] = {"learned", "static", "api"};
	struct neigh_page *pg = arg;
	struct rte_tel_data *e;
	char a[INET6_ADDRSTRLEN], mac[18], key[VSW_NAME_MAX + INET6_ADDRSTRLEN + 2];

	if (pg->tunnel[0] != '\0' && strcmp(pg->tunnel, n->tunnel) != 0)
		return;
	if (pg->total++ >= NEIGH_SHOWN)
		return;
	e = rte_tel_data_alloc();
	if (e == NULL) {
		pg->rc = -ENOMEM;
		return;
	}
	ip_str(false, n->ip, NULL, a);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0], n->mac[1],
		 n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "tunnel", n->tunnel);
	rte_tel_data_add_dict_string(e, "address", a);
	rte_tel_data_add_dict_string(e, "mac", mac);
	rte_tel_data_add_dict_string(e, "type", types[n->type]);
	rte_tel_data_add_dict_u64(e, "age_s", n->age_s);
	snprintf(key, sizeof(key), "%s_%s", n->tunnel, a);
	pg->rc |= vswd_tel_add_named(pg->list, key, e);
	pg->n++;
}

/* /vsw/vxlan/neigh[,TUNNEL]: {bindings: {TUNNEL_IP: {...}}, stats: {...}} (the first 64). */
static int
cmd_neigh(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct neigh_page pg = {.list = rte_tel_data_alloc()};
	struct vsw_vxlan_neigh_stats st;

	RTE_SET_USED(cmd);
	if (params != NULL)
		snprintf(pg.tunnel, sizeof(pg.tunnel), "%s", params);
	if (pg.list == NULL || !vswd_read_begin()) {
		rte_tel_data_free(pg.list);
		return pg.list == NULL ? -ENOMEM : -ENODEV;
	}
	rte_tel_data_start_dict(pg.list);
	memset(&st, 0, sizeof(st));
	vsw_vxlan_neigh_walk(add_neigh, &pg, &st);
	vswd_read_end();
	rte_tel_data_start_dict(d);
	vswd_tel_add_dict(d, "bindings", pg.list);
	rte_tel_data_add_dict_u64(d, "shown", pg.n);
	rte_tel_data_add_dict_u64(d, "matching", pg.total);
	rte_tel_data_add_dict_u64(d, "total", st.bindings);
	rte_tel_data_add_dict_u64(d, "learned", st.learned);
	rte_tel_data_add_dict_u64(d, "moved", st.moved);
	rte_tel_data_add_dict_u64(d, "aged", st.aged);
	rte_tel_data_add_dict_u64(d, "limit", st.limit);
	rte_tel_data_add_dict_u64(d, "full", st.full);
	rte_tel_data_add_dict_u64(d, "snooped", st.snooped);
	rte_tel_data_add_dict_u64(d, "ring_full", st.ring_full);
	rte_tel_data_add_dict_u64(d, "replied", st.replied);
	return pg.rc != 0 ? -ENOSPC : 0;
}

static int
vxlan_telemetry_init(void)
{
	return rte_telemetry_register_cmd("/vsw/vxlan", cmd_vxlan,
					  "VXLAN tunnels, and their remote VTEPs with counters.") |
	       rte_telemetry_register_cmd("/vsw/vxlan/neigh", cmd_neigh,
					  "ARP suppression's bindings (the first 64) and counters. "
					  "Parameter: a tunnel name.");
}

/* ---- The API -------------------------------------------------------------------------- */

static void
tunnel_name(const char in[VSW_API_NAME_MAX], char out[VSW_API_NAME_MAX])
{
	snprintf(out, VSW_API_NAME_MAX, "%.*s", VSW_API_NAME_MAX - 1, in);
}

static int
api_remote(bool add, const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_vxlan_remote_req *q = req;
	struct vsw_api_vxlan_remote_resp *r = resp;
	char name[VSW_API_NAME_MAX];
	struct vsw_iface *f;
	int rc;

	tunnel_name(q->tunnel, name);
	/* Telemetry reads what the apply rewrites. */
	pthread_mutex_lock(&vswd.lock);
	rc = vsw_vxlan_remote_change(&vswd.cfg, add, name, ntohl(q->ip), err, VSW_API_ERR_MAX);
	pthread_mutex_unlock(&vswd.lock);
	memset(r, 0, sizeof(*r));
	f = vsw_iface_from_name(name);
	if (rc == 0 && f != NULL) {
		struct remote_count w = {f->id, 0};

		vsw_vxlan_tunnel_walk(count_remotes, &w);
		r->remotes = w.n;
	}
	*resp_len = sizeof(*r);
	return rc;
}

static int
api_remote_add(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	return api_remote(true, req, resp, resp_len, err);
}

static int
api_remote_del(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	return api_remote(false, req, resp, resp_len, err);
}

static int
neigh_err(int rc, const char *name, char *err)
{
	const char *why = rc == -ENOENT	     ? "no such tunnel or binding" :
			  rc == -EOPNOTSUPP  ? "the tunnel does not suppress ARP (arp_suppress)" :
			  rc == -EEXIST	     ? "the config binds the address" :
			  rc == -EPERM	     ? "the binding is in the config file" :
			  rc == -ENOSPC	     ? "the bindings table is full" :
					       strerror(-rc);

	if (rc != 0)
		snprintf(err, VSW_API_ERR_MAX, "%s: %s", name, why);
	return rc;
}

static int
api_neigh_add(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_vxlan_neigh_req *q = req;
	char name[VSW_API_NAME_MAX];

	RTE_SET_USED(resp);
	tunnel_name(q->tunnel, name);
	*resp_len = 0;
	if ((q->mac[0] & 1) || memcmp(q->mac, "\0\0\0\0\0\0", 6) == 0) {
		snprintf(err, VSW_API_ERR_MAX, "%s: the MAC must be unicast and not zero", name);
		return -EINVAL;
	}
	return neigh_err(vsw_vxlan_neigh_add(name, ntohl(q->ip), q->mac), name, err);
}

static int
api_neigh_del(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_vxlan_neigh_req *q = req;
	char name[VSW_API_NAME_MAX];

	RTE_SET_USED(resp);
	tunnel_name(q->tunnel, name);
	*resp_len = 0;
	return neigh_err(vsw_vxlan_neigh_del(name, ntohl(q->ip)), name, err);
}

static int
api_neigh_get(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_vxlan_neigh_req *q = req;
	struct vsw_api_vxlan_neigh_resp *r = resp;
	struct vsw_vxlan_neigh_info n;
	char name[VSW_API_NAME_MAX];
	int rc;

	tunnel_name(q->tunnel, name);
	rc = vsw_vxlan_neigh_get(name, ntohl(q->ip), &n);
	memset(r, 0, sizeof(*r));
	if (rc == 0) {
		memcpy(r->mac, n.mac, 6);
		r->type = n.type;
		r->age_s = n.age_s;
	}
	*resp_len = sizeof(*r);
	return neigh_err(rc, name, err);
}

static int
vxlan_api_init(void)
{
	static const struct vsw_api_handler h[] = {
	    {VSW_API_VXLAN_REMOTE_ADD, "vxlan remote add",
	     sizeof(struct vsw_api_vxlan_remote_req), api_remote_add, false},
	    {VSW_API_VXLAN_REMOTE_DEL, "vxlan remote del",
	     sizeof(struct vsw_api_vxlan_remote_req), api_remote_del, false},
	    {VSW_API_VXLAN_NEIGH_ADD, "vxlan neigh add", sizeof(struct vsw_api_vxlan_neigh_req),
	     api_neigh_add, false},
	    {VSW_API_VXLAN_NEIGH_DEL, "vxlan neigh del", sizeof(struct vsw_api_vxlan_neigh_req),
	     api_neigh_del, false},
	    {VSW_API_VXLAN_NEIGH_GET, "vxlan neigh get", sizeof(struct vsw_api_vxlan_neigh_req),
	     api_neigh_get, true},
	};
	int rc = 0;

	for (unsigned int i = 0; i < RTE_DIM(h) && rc == 0; i++)
		rc = vsw_api_register(&h[i]);
	return rc;
}

/* Every millisecond: apply the bindings the workers snooped (and age them once a second). */
static void
vxlan_tick(void *arg)
{
	RTE_SET_USED(arg);
	vsw_vxlan_poll((uint32_t)((rte_rdtsc() - vswd.start_tsc) / rte_get_tsc_hz()));
}

const struct vswd_feature vswd_vxlan_control = {
    .name = "vxlan",
    .api_init = vxlan_api_init,
    .telemetry_init = vxlan_telemetry_init,
    .tick = vxlan_tick,
    .tick_ns = 1000 * 1000,
};
