/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's API requests (api/vsw_api.h): route add and del, IPv4 and IPv6, in batches,
 * and route lookup (the rule and the route a packet would take). Registered by the router's
 * control side (ctl_l3.c). Control thread.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "api.h"
#include "l3/l3.h"
#include "vsw_log.h"
#include "vswd.h"

static void
api_vrf(const char in[VSW_API_NAME_MAX], char out[VSW_API_NAME_MAX])
{
	snprintf(out, VSW_API_NAME_MAX, "%.*s", VSW_API_NAME_MAX - 1, in);
}

_Static_assert(VSW_API_ECMP_MAX == VSW_MAX_ECMP, "API and config ECMP widths differ");
_Static_assert(sizeof(struct vsw_api_req) + sizeof(struct vsw_api_routes_req) <= VSW_API_MSG_MAX,
	       "a route request does not fit a message");

/* Route @p i's interface (@p dev: 0 none, else devs[dev - 1]) into @p out. */
static int
api_dev(const char devs[VSW_API_DEVS_MAX][VSW_API_NAME_MAX], uint8_t dev, unsigned int i,
	char out[VSW_NAME_MAX], char *err)
{
	out[0] = '\0';
	if (dev == 0)
		return 0;
	if (dev > VSW_API_DEVS_MAX || devs[dev - 1][0] == '\0') {
		snprintf(err, VSW_API_ERR_MAX, "route %u: dev %u names no interface of devs[]", i,
			 dev);
		return -EINVAL;
	}
	snprintf(out, VSW_NAME_MAX, "%.*s", VSW_API_NAME_MAX - 1, devs[dev - 1]);
	return 0;
}

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
		if (add && api_dev(q->devs, a->dev, i, spec[i].dev, err) != 0)
			return -EINVAL;
		if (!add)
			spec[i].dev[0] = '\0';
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
static_assert(sizeof(struct vsw_api_routes6_req) == 11952, "docs/api.md says 11,952 bytes");
_Static_assert(VSW_API_ROUTE_DEV == VSW_ROUTE_DEV, "API and config route types differ");
_Static_assert(VSW_API_NAME_MAX <= VSW_NAME_MAX, "an API interface name fits the spec's");

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
		spec[i].dev[0] = '\0';
		if (add && api_dev(q->devs, a->dev, i, spec[i].dev, err) != 0)
			return -EINVAL;
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
		inet_ntop(AF_INET, &q->addr, a, sizeof(a));
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
		inet_ntop(AF_INET6, q->addr, a, sizeof(a));
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

int
vswd_l3_api_init(void)
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
