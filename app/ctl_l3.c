/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's control side (feature_ctl.h): its tick (neighbours the workers saw, aging),
 * its API requests (api_l3.c) and its telemetry, read-only:
 * /vsw/l3/routes, /vsw/l3/neighbours, /vsw/l3/interfaces, /vsw/l3/rules, /vsw/l3/stats,
 * /vsw/l3/host_path. Telemetry handlers hold vswd.lock
 * (vswd_read_begin()) then the router's lock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "feature_ctl.h"
#include "l3/l3.h"
#include "vswd.h"

/* DPDK's telemetry replies are at most 16 KiB: each reply lists this many at most. */
#define L3_PAGE 100

/* Entries are a dict keyed "0", "1", ...: DPDK 22.11 nests only arrays in arrays. */
struct page {
	struct rte_tel_data *list;
	unsigned int n;
	unsigned int total;
};

static int
add_entry(struct page *pg, struct rte_tel_data *e)
{
	char key[16];

	snprintf(key, sizeof(key), "%u", pg->n);
	return rte_tel_data_add_dict_container(pg->list, key, e, 0);
}

static void
ip_str(uint32_t host, char buf[INET_ADDRSTRLEN])
{
	struct in_addr a = {.s_addr = htonl(host)};

	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void
ip6_str(const uint8_t *a, char buf[INET6_ADDRSTRLEN])
{
	inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static bool
is_zero6(const uint8_t *a)
{
	static const uint8_t z[16];

	return memcmp(a, z, 16) == 0;
}

static void
add_route(const struct vsw_l3_route_info *r, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e;
	char a[INET6_ADDRSTRLEN], s[64];

	pg->total++;
	if (pg->n >= L3_PAGE || (e = rte_tel_data_alloc()) == NULL)
		return;
	rte_tel_data_start_dict(e);
	if (r->v6)
		ip6_str(r->prefix6, a);
	else
		ip_str(r->prefix, a);
	snprintf(s, sizeof(s), "%s/%u", a, r->len);
	rte_tel_data_add_dict_string(e, "vrf", r->vrf);
	rte_tel_data_add_dict_string(e, "prefix", s);
	rte_tel_data_add_dict_string(e, "type", r->type);
	if (r->v6)
		ip6_str(r->via6, a);
	else
		ip_str(r->via, a);
	rte_tel_data_add_dict_string(e, "via", (r->v6 ? !is_zero6(r->via6) : r->via != 0) ? a : "");
	rte_tel_data_add_dict_string(e, "interface", r->rif);
	if (add_entry(pg, e) != 0)
		rte_tel_data_free(e);
	else
		pg->n++;
}

static void
add_neigh(const struct vsw_l3_neigh_info *n, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e;
	char a[INET6_ADDRSTRLEN], mac[24];

	pg->total++;
	if (pg->n >= L3_PAGE || (e = rte_tel_data_alloc()) == NULL)
		return;
	rte_tel_data_start_dict(e);
	if (n->v6)
		ip6_str(n->ip6, a);
	else
		ip_str(n->ip, a);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0], n->mac[1],
		 n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	rte_tel_data_add_dict_string(e, "vrf", n->vrf);
	rte_tel_data_add_dict_string(e, "address", a);
	rte_tel_data_add_dict_string(e, "interface", n->rif);
	rte_tel_data_add_dict_string(e, "mac", n->resolved ? mac : "");
	rte_tel_data_add_dict_string(e, "state", n->is_static ? "permanent" :
						 n->resolved ? "reachable" : "incomplete");
	rte_tel_data_add_dict_u64(e, "age_s", n->age_s);
	if (add_entry(pg, e) != 0)
		rte_tel_data_free(e);
	else
		pg->n++;
}

static void
add_rif(const struct vsw_l3_rif_info *r, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e, *addrs;
	char a[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN + 8], mac[24];

	pg->total++;
	if (pg->n >= L3_PAGE || (e = rte_tel_data_alloc()) == NULL)
		return;
	addrs = rte_tel_data_alloc();
	if (addrs == NULL) {
		rte_tel_data_free(e);
		return;
	}
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "name", r->name);
	rte_tel_data_add_dict_string(e, "vrf", r->vrf);
	rte_tel_data_add_dict_string(e, r->bridge ? "bridge" : "port", r->on);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", r->mac[0], r->mac[1],
		 r->mac[2], r->mac[3], r->mac[4], r->mac[5]);
	rte_tel_data_add_dict_string(e, "mac", mac);
	rte_tel_data_add_dict_u64(e, "mtu", r->mtu);
	rte_tel_data_add_dict_u64(e, "ra", r->ra);
	rte_tel_data_start_array(addrs, RTE_TEL_STRING_VAL);
	for (unsigned int i = 0; i < r->n_addrs; i++) {
		ip_str(r->addr[i], a);
		snprintf(s, sizeof(s), "%s/%u", a, r->len[i]);
		rte_tel_data_add_array_string(addrs, s);
	}
	for (unsigned int i = 0; i < r->n_addrs6; i++) {
		ip6_str(r->addr6[i], a);
		snprintf(s, sizeof(s), "%s/%u", a, r->len6[i]);
		rte_tel_data_add_array_string(addrs, s);
	}
	if (!is_zero6(r->ll)) {
		ip6_str(r->ll, a);
		snprintf(s, sizeof(s), "%s/64", a);
		rte_tel_data_add_array_string(addrs, s);
	}
	if (rte_tel_data_add_dict_container(e, "addresses", addrs, 0) != 0)
		rte_tel_data_free(addrs);
	if (add_entry(pg, e) != 0)
		rte_tel_data_free(e);
	else
		pg->n++;
}

static void
add_host(const struct vsw_l3_host_info *h, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e;

	pg->total++;
	if (pg->n >= L3_PAGE || (e = rte_tel_data_alloc()) == NULL)
		return;
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "vrf", h->vrf);
	rte_tel_data_add_dict_string(e, "iface", h->iface);
	rte_tel_data_add_dict_string(e, "netns", h->netns);
	rte_tel_data_add_dict_u64(e, "addresses", h->n_addrs);
	rte_tel_data_add_dict_u64(e, "mtu", h->mtu);
	rte_tel_data_add_dict_u64(e, "to_host", h->to_host);
	rte_tel_data_add_dict_u64(e, "to_host_errors", h->to_host_errors);
	rte_tel_data_add_dict_u64(e, "from_host", h->from_host);
	rte_tel_data_add_dict_u64(e, "from_host_dropped", h->from_host_dropped);
	rte_tel_data_add_dict_u64(e, "lost", h->lost);
	if (add_entry(pg, e) != 0)
		rte_tel_data_free(e);
	else
		pg->n++;
}

static void
add_rule(const struct vsw_l3_rule_info *r, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e;

	pg->total++;
	if (pg->n >= L3_PAGE || (e = rte_tel_data_alloc()) == NULL)
		return;
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "vrf", r->vrf);
	rte_tel_data_add_dict_u64(e, "priority", r->priority);
	rte_tel_data_add_dict_u64(e, "family", r->family);
	rte_tel_data_add_dict_string(e, "match", r->match);
	rte_tel_data_add_dict_string(e, "action", r->action);
	rte_tel_data_add_dict_u64(e, "hits", r->hits);
	if (add_entry(pg, e) != 0)
		rte_tel_data_free(e);
	else
		pg->n++;
}

enum listing_kind { LIST_ROUTES, LIST_NEIGHS, LIST_RIFS, LIST_HOST, LIST_RULES };

static int
listing(struct rte_tel_data *d, enum listing_kind kind)
{
	static const char *const keys[] = {"routes", "neighbours", "interfaces", "host_paths",
					   "rules"};
	struct page pg = {.list = rte_tel_data_alloc()};

	if (pg.list == NULL)
		return -ENOMEM;
	if (!vswd_read_begin()) {
		rte_tel_data_free(pg.list);
		return -ENODEV;
	}
	rte_tel_data_start_dict(pg.list);
	vsw_l3_lock();
	if (kind == LIST_ROUTES)
		vsw_l3_route_walk(add_route, &pg);
	else if (kind == LIST_NEIGHS)
		vsw_l3_neigh_walk(add_neigh, &pg);
	else if (kind == LIST_RIFS)
		vsw_l3_rif_walk(add_rif, &pg);
	else if (kind == LIST_HOST)
		vsw_l3_host_walk(add_host, &pg);
	else
		vsw_l3_rule_walk(add_rule, &pg);
	vsw_l3_unlock();
	vswd_read_end();
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "total", pg.total);
	rte_tel_data_add_dict_u64(d, "shown", pg.n);
	if (rte_tel_data_add_dict_container(d, keys[kind], pg.list, 0) != 0)
		rte_tel_data_free(pg.list);
	return 0;
}

static int
cmd_routes(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	return listing(d, LIST_ROUTES);
}

static int
cmd_neighbours(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	return listing(d, LIST_NEIGHS);
}

static int
cmd_interfaces(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	return listing(d, LIST_RIFS);
}

static int
cmd_host_path(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	return listing(d, LIST_HOST);
}

static int
cmd_rules(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	return listing(d, LIST_RULES);
}

static int
cmd_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vsw_l3_stats st;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	vsw_l3_lock();
	vsw_l3_stats_get(&st);
	vsw_l3_unlock();
	vswd_read_end();
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "hold_sent", st.hold_sent);
	rte_tel_data_add_dict_u64(d, "hold_expired", st.hold_expired);
	rte_tel_data_add_dict_u64(d, "hold_lost", st.hold_lost);
	rte_tel_data_add_dict_u64(d, "held", st.held);
	rte_tel_data_add_dict_u64(d, "nh_used", st.nh_used);
	rte_tel_data_add_dict_u64(d, "nh_free", st.nh_free);
	rte_tel_data_add_dict_u64(d, "nh_pending", st.nh_pending);
	rte_tel_data_add_dict_u64(d, "nh_full", st.nh_full);
	rte_tel_data_add_dict_u64(d, "neigh_limit", st.neigh_limit);
	rte_tel_data_add_dict_u64(d, "ecmp_groups", st.groups);
	return 0;
}

static int
l3_telemetry_init(void)
{
	int rc = rte_telemetry_register_cmd("/vsw/l3/routes", cmd_routes,
					    "Installed IPv4 routes, all VRFs (first 100).");

	rc |= rte_telemetry_register_cmd("/vsw/l3/neighbours", cmd_neighbours,
					 "ARP neighbours: address, MAC, state (first 100).");
	rc |= rte_telemetry_register_cmd("/vsw/l3/interfaces", cmd_interfaces,
					 "Router interfaces: VRF, port or bridge, MAC, MTU, addresses.");
	rc |= rte_telemetry_register_cmd("/vsw/l3/host_path", cmd_host_path,
					 "Host paths: per VRF, its TUN, namespace and counters.");
	rc |= rte_telemetry_register_cmd("/vsw/l3/rules", cmd_rules,
					 "Policy rules: VRF, priority, match, action, hits (first 100).");
	rc |= rte_telemetry_register_cmd("/vsw/l3/stats", cmd_stats,
					 "Router counters: hold queue (sent, expired, lost, held), "
					 "next hops (used, free, pending, full), ECMP groups.");
	return rc;
}

static void
l3_tick(void *arg)
{
	RTE_SET_USED(arg);
	vsw_l3_poll(0);
}

const struct vswd_feature vswd_l3_control = {
    .name = "router",
    .api_init = vswd_l3_api_init,
    .telemetry_init = l3_telemetry_init,
    .tick = l3_tick,
    .tick_ns = 1000 * 1000,
};
