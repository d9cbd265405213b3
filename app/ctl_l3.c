/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's control side (feature_ctl.h): its tick (neighbours the workers saw, aging)
 * and its telemetry, read-only: /vsw/l3/routes, /vsw/l3/neighbours. Handlers hold
 * vswd.lock (vswd_read_begin()) then the router's lock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

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
add_route(const struct vsw_l3_route_info *r, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e;
	char a[INET_ADDRSTRLEN], s[64];

	pg->total++;
	if (pg->n >= L3_PAGE || (e = rte_tel_data_alloc()) == NULL)
		return;
	rte_tel_data_start_dict(e);
	ip_str(r->prefix, a);
	snprintf(s, sizeof(s), "%s/%u", a, r->len);
	rte_tel_data_add_dict_string(e, "vrf", r->vrf);
	rte_tel_data_add_dict_string(e, "prefix", s);
	rte_tel_data_add_dict_string(e, "type", r->type);
	ip_str(r->via, a);
	rte_tel_data_add_dict_string(e, "via", r->via != 0 ? a : "");
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
	char a[INET_ADDRSTRLEN], mac[24];

	pg->total++;
	if (pg->n >= L3_PAGE || (e = rte_tel_data_alloc()) == NULL)
		return;
	rte_tel_data_start_dict(e);
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

static int
listing(struct rte_tel_data *d, bool routes)
{
	struct page pg = {.list = rte_tel_data_alloc()};

	if (pg.list == NULL)
		return -ENOMEM;
	if (!vswd_read_begin()) {
		rte_tel_data_free(pg.list);
		return -ENODEV;
	}
	rte_tel_data_start_dict(pg.list);
	vsw_l3_lock();
	if (routes)
		vsw_l3_route_walk(add_route, &pg);
	else
		vsw_l3_neigh_walk(add_neigh, &pg);
	vsw_l3_unlock();
	vswd_read_end();
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "total", pg.total);
	rte_tel_data_add_dict_u64(d, "shown", pg.n);
	if (rte_tel_data_add_dict_container(d, routes ? "routes" : "neighbours", pg.list, 0) != 0)
		rte_tel_data_free(pg.list);
	return 0;
}

static int
cmd_routes(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	return listing(d, true);
}

static int
cmd_neighbours(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	return listing(d, false);
}

static int
l3_telemetry_init(void)
{
	int rc = rte_telemetry_register_cmd("/vsw/l3/routes", cmd_routes,
					    "Installed IPv4 routes, all VRFs (first 100).");

	rc |= rte_telemetry_register_cmd("/vsw/l3/neighbours", cmd_neighbours,
					 "ARP neighbours: address, MAC, state (first 100).");
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
    .telemetry_init = l3_telemetry_init,
    .tick = l3_tick,
    .tick_ns = 1000 * 1000,
};
