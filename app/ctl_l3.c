/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's control side (feature_ctl.h): its tick (neighbours the workers saw, aging),
 * its API requests (route add, del, lookup: api/vsw_api.h) and its telemetry, read-only:
 * /vsw/l3/routes, /vsw/l3/neighbours, /vsw/l3/interfaces, /vsw/l3/rules, /vsw/l3/stats,
 * /vsw/l3/host_path. Telemetry handlers hold vswd.lock
 * (vswd_read_begin()) then the router's lock.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "api.h"
#include "feature_ctl.h"
#include "l3/l3.h"
#include "vsw_log.h"
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
api_vrf(const char in[VSW_API_NAME_MAX], char out[VSW_API_NAME_MAX])
{
	snprintf(out, VSW_API_NAME_MAX, "%.*s", VSW_API_NAME_MAX - 1, in);
}

_Static_assert(VSW_API_ECMP_MAX == VSW_MAX_ECMP, "API and config ECMP widths differ");
_Static_assert(sizeof(struct vsw_api_req) + sizeof(struct vsw_api_routes_req) <= VSW_API_MSG_MAX,
	       "a route request does not fit a message");

static int
api_routes(bool add, const void *req, void *resp, uint32_t *resp_len, char *err)
{
	static struct vsw_l3_route_spec spec[VSW_API_ROUTES_MAX];
	const struct vsw_api_routes_req *q = req;
	struct vsw_api_routes_resp *r = resp;
	char vrf[VSW_API_NAME_MAX];
	unsigned int i, total = 0;
	int rc;

	if (q->n == 0 || q->n > VSW_API_ROUTES_MAX) {
		snprintf(err, VSW_API_ERR_MAX, "n must be 1..%u, got %u", VSW_API_ROUTES_MAX, q->n);
		return -EINVAL;
	}
	for (i = 0; i < q->n; i++) {
		const struct vsw_api_route *a = &q->routes[i];

		spec[i].prefix = ntohl(a->prefix);
		spec[i].len = a->len;
		spec[i].type = a->type; /* VSW_API_ROUTE_* is enum vsw_route_type */
		spec[i].n_via = a->n_via == 0 ? 1 : a->n_via;
		if (add && a->type == VSW_API_ROUTE_VIA && spec[i].n_via > VSW_API_ECMP_MAX) {
			snprintf(err, VSW_API_ERR_MAX, "route %u: 1..%u gateways, got %u", i,
				 VSW_API_ECMP_MAX, a->n_via);
			return -EINVAL;
		}
		for (unsigned int g = 0; g < VSW_API_ECMP_MAX; g++)
			spec[i].via[g] = ntohl(a->via[g]);
	}
	api_vrf(q->vrf, vrf);
	rc = vsw_l3_routes_change(add, vrf, q->table, spec, q->n, &total, err, VSW_API_ERR_MAX);
	VSW_LOG(DEBUG, L3, "API: route %s of %u IPv4 routes in %s table %u: %s; %u API routes\n",
		add ? "add" : "del", q->n, vrf[0] ? vrf : "default", q->table,
		rc == 0 ? "done" : err, total);
	memset(r, 0, sizeof(*r));
	r->done = rc == 0 ? q->n : 0;
	r->api_routes = total;
	*resp_len = sizeof(*r);
	return rc;
}

static_assert(sizeof(struct vsw_api_route6) == 28, "docs/api.md says 28 bytes");
static_assert(sizeof(struct vsw_api_routes6_req) == 11824, "docs/api.md says 11,824 bytes");

static int
api_routes6(bool add, const void *req, void *resp, uint32_t *resp_len, char *err)
{
	static struct vsw_l3_route6_spec spec[VSW_API_ROUTES6_MAX];
	const struct vsw_api_routes6_req *q = req;
	struct vsw_api_routes_resp *r = resp;
	char vrf[VSW_API_NAME_MAX];
	unsigned int i, total = 0;
	int rc;

	if (q->n == 0 || q->n > VSW_API_ROUTES6_MAX || q->n_gw > VSW_API_GW6_MAX) {
		snprintf(err, VSW_API_ERR_MAX, "n must be 1..%u (got %u), n_gw 0..%u (got %u)",
			 VSW_API_ROUTES6_MAX, q->n, VSW_API_GW6_MAX, q->n_gw);
		return -EINVAL;
	}
	for (i = 0; i < q->n; i++) {
		const struct vsw_api_route6 *a = &q->routes[i];

		memcpy(spec[i].prefix, a->prefix, 16);
		spec[i].len = a->len;
		spec[i].type = a->type; /* VSW_API_ROUTE_* is enum vsw_route_type */
		spec[i].n_via = a->n_via == 0 ? 1 : a->n_via;
		if (!add || a->type != VSW_API_ROUTE_VIA)
			continue;
		if (spec[i].n_via > VSW_API_ECMP_MAX) {
			snprintf(err, VSW_API_ERR_MAX, "route %u: 1..%u gateways, got %u", i,
				 VSW_API_ECMP_MAX, a->n_via);
			return -EINVAL;
		}
		for (unsigned int g = 0; g < spec[i].n_via; g++) {
			if (a->via[g] >= q->n_gw) {
				snprintf(err, VSW_API_ERR_MAX, "route %u: gateway index %u, n_gw %u",
					 i, a->via[g], q->n_gw);
				return -EINVAL;
			}
			memcpy(spec[i].via[g], q->gw[a->via[g]], 16);
		}
	}
	api_vrf(q->vrf, vrf);
	rc = vsw_l3_routes6_change(add, vrf, q->table, spec, q->n, &total, err, VSW_API_ERR_MAX);
	VSW_LOG(DEBUG, L3, "API: route %s of %u IPv6 routes in %s table %u: %s; %u API routes\n",
		add ? "add" : "del", q->n, vrf[0] ? vrf : "default", q->table,
		rc == 0 ? "done" : err, total);
	memset(r, 0, sizeof(*r));
	r->done = rc == 0 ? q->n : 0;
	r->api_routes = total;
	*resp_len = sizeof(*r);
	return rc;
}

static int
api_route6_add(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	return api_routes6(true, req, resp, resp_len, err);
}

static int
api_route6_del(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	return api_routes6(false, req, resp, resp_len, err);
}

static int
api_route_add(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	return api_routes(true, req, resp, resp_len, err);
}

static int
api_route_del(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	return api_routes(false, req, resp, resp_len, err);
}

static int
api_route_lookup(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_route_lookup_req *q = req;
	struct vsw_api_route_lookup_resp *r = resp;
	struct vsw_l3_rule_match rule;
	struct vsw_l3_route_info ri;
	struct vsw_l3_flow flow;
	char vrf[VSW_API_NAME_MAX];
	uint8_t mac[6];
	bool resolved;
	char a[INET_ADDRSTRLEN];
	int rc;

	api_vrf(q->vrf, vrf);
	memset(&flow, 0, sizeof(flow));
	flow.src = ntohl(q->from);
	snprintf(flow.iif, sizeof(flow.iif), "%.*s", VSW_API_NAME_MAX - 1, q->iif);
	flow.proto = q->proto;
	flow.dscp = q->dscp & 63;
	flow.sport = ntohs(q->sport);
	flow.dport = ntohs(q->dport);
	rc = vsw_l3_route_lookup(vrf, &flow, ntohl(q->addr), &ri, mac, &resolved, &rule);
	if (rc == -EINVAL) {
		snprintf(err, VSW_API_ERR_MAX, "no router interface '%s' in vrf '%s'", flow.iif,
			 vrf[0] != '\0' ? vrf : "default");
		return rc;
	}
	if (rc != 0) {
		ip_str(ntohl(q->addr), a);
		snprintf(err, VSW_API_ERR_MAX, "no route to %s in vrf '%s'", a,
			 vrf[0] != '\0' ? vrf : "default");
		return -ENOENT;
	}
	memset(r, 0, sizeof(*r));
	r->prefix = htonl(ri.prefix);
	r->len = ri.len;
	r->via = htonl(ri.via);
	snprintf(r->type, sizeof(r->type), "%s", ri.type);
	snprintf(r->interface, sizeof(r->interface), "%s", ri.rif);
	if (resolved)
		snprintf(r->mac, sizeof(r->mac), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
			 mac[2], mac[3], mac[4], mac[5]);
	r->table = rule.table;
	r->rule_matched = rule.matched;
	r->rule_priority = rule.priority;
	snprintf(r->rule_match, sizeof(r->rule_match), "%s", rule.match);
	snprintf(r->rule_action, sizeof(r->rule_action), "%s", rule.action);
	*resp_len = sizeof(*r);
	return 0;
}

static_assert(sizeof(struct vsw_api_route_lookup6_req) == 104, "docs/api.md says 104 bytes");
static_assert(sizeof(struct vsw_api_route_lookup6_resp) == 308, "docs/api.md says 308 bytes");

static int
api_route_lookup6(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_route_lookup6_req *q = req;
	struct vsw_api_route_lookup6_resp *r = resp;
	struct vsw_l3_rule_match rule;
	struct vsw_l3_route_info ri;
	struct vsw_l3_flow flow;
	char vrf[VSW_API_NAME_MAX], a[INET6_ADDRSTRLEN];
	uint8_t mac[6];
	bool resolved;
	int rc;

	api_vrf(q->vrf, vrf);
	memset(&flow, 0, sizeof(flow));
	memcpy(flow.src6, q->from, 16);
	snprintf(flow.iif, sizeof(flow.iif), "%.*s", VSW_API_NAME_MAX - 1, q->iif);
	flow.proto = q->proto;
	flow.dscp = q->dscp & 63;
	flow.sport = ntohs(q->sport);
	flow.dport = ntohs(q->dport);
	rc = vsw_l3_route_lookup6(vrf, &flow, q->addr, &ri, mac, &resolved, &rule);
	if (rc == -EINVAL) {
		snprintf(err, VSW_API_ERR_MAX, "no router interface '%s' in vrf '%s'", flow.iif,
			 vrf[0] != '\0' ? vrf : "default");
		return rc;
	}
	if (rc != 0) {
		ip6_str(q->addr, a);
		snprintf(err, VSW_API_ERR_MAX, "no route to %s in vrf '%s'", a,
			 vrf[0] != '\0' ? vrf : "default");
		return -ENOENT;
	}
	memset(r, 0, sizeof(*r));
	memcpy(r->prefix, ri.prefix6, 16);
	memcpy(r->via, ri.via6, 16);
	r->len = ri.len;
	snprintf(r->type, sizeof(r->type), "%s", ri.type);
	snprintf(r->interface, sizeof(r->interface), "%s", ri.rif);
	if (resolved)
		snprintf(r->mac, sizeof(r->mac), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
			 mac[2], mac[3], mac[4], mac[5]);
	r->table = rule.table;
	r->rule_matched = rule.matched;
	r->rule_priority = rule.priority;
	snprintf(r->rule_match, sizeof(r->rule_match), "%s", rule.match);
	snprintf(r->rule_action, sizeof(r->rule_action), "%s", rule.action);
	*resp_len = sizeof(*r);
	return 0;
}

static int
l3_api_init(void)
{
	static const struct vsw_api_handler h[] = {
	    {VSW_API_ROUTE_ADD, "route add", sizeof(struct vsw_api_routes_req), api_route_add, false},
	    {VSW_API_ROUTE_DEL, "route del", sizeof(struct vsw_api_routes_req), api_route_del, false},
	    {VSW_API_ROUTE_LOOKUP, "route lookup", sizeof(struct vsw_api_route_lookup_req),
	     api_route_lookup, true},
	    {VSW_API_ROUTE_LOOKUP6, "route lookup (IPv6)",
	     sizeof(struct vsw_api_route_lookup6_req), api_route_lookup6, true},
	    {VSW_API_ROUTE6_ADD, "route add (IPv6)", sizeof(struct vsw_api_routes6_req),
	     api_route6_add, false},
	    {VSW_API_ROUTE6_DEL, "route del (IPv6)", sizeof(struct vsw_api_routes6_req),
	     api_route6_del, false},
	};
	int rc = 0;

	for (unsigned int i = 0; i < RTE_DIM(h) && rc == 0; i++)
		rc = vsw_api_register(&h[i]);
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
    .api_init = l3_api_init,
    .telemetry_init = l3_telemetry_init,
    .tick = l3_tick,
    .tick_ns = 1000 * 1000,
};
