/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Routes from the API (vswctl route add/del, other programs): kept apart from the config's
 * so that a reload keeps them, installed above the config's routes to the same prefix, and a
 * deleted one uncovers the config's route again (l3c.wanted). And the lookup operators use
 * to ask which route a packet takes: the policy rules, then the route, as ip4_input does.
 * Control thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l3/l3.h"
#include "l3/l3_ctl.h"
#include "l3/l3_rules.h"
#include "vsw_err.h"

/* An API route's hash data (l3c.f4.api): malloc'd, freed when it is deleted or replaced. */
struct api_route {
	uint8_t type;
	uint8_t n_via;
	uint8_t has_dev;            /* dev[] follows: an on-link route, or gateways pinned */
	uint8_t reserved;
	uint32_t via[VSW_MAX_ECMP]; /* host order */
	char dev[];                 /* has_dev: the interface's name (VSW_NAME_MAX), found
				       again at each apply: a reload may remove or renumber it */
};

uint16_t
l3_dev_rif(const struct l3_dp *dp, uint8_t vrf, const char *name)
{
	struct vsw_iface *f = vsw_iface_from_name(name);

	if (f == NULL || f->type != VSW_IFACE_RIF || f->id >= VSW_MAX_IFACES ||
	    !dp->rif[f->id].present || dp->rif[f->id].vrf != vrf)
		return VSW_IFACE_NONE;
	return f->id;
}

static int
vrf_slot_of(const char *name)
{
	const char *n = name[0] != '\0' ? name : VSW_VRF_DEFAULT_NAME;

	for (int s = 0; s < L3_MAX_SLOTS; s++)
		if (strcmp(l3c.vrf_name[s], n) == 0 && l3c.slot_table[s] == VSW_TABLE_MAIN &&
		    vsw_l3.dp->fib[s] != NULL)
			return s;
	return -1;
}

/* The main table slot of the VRF of table slot @p s: where its interfaces and neighbours
 * are. */
static uint8_t
main_slot(uint8_t s)
{
	int m = l3c.slot_table[s] == VSW_TABLE_MAIN ? s : slot_of_table(l3c.vrf_name[s],
									   VSW_TABLE_MAIN);

	return m < 0 ? s : (uint8_t)m;
}

uint32_t
l3_api_route_nh(const struct l3_dp *dp, uint8_t vrf, const void *spec)
{
	const struct api_route *ar = spec;
	uint32_t gw[VSW_MAX_ECMP];
	uint8_t m = main_slot(vrf);
	uint16_t dev = ar->has_dev ? l3_dev_rif(dp, m, ar->dev) : VSW_IFACE_NONE;
	unsigned int n = 0;
	uint16_t rif;

	switch (ar->type) {
	case VSW_ROUTE_BLACKHOLE:
		return L3_NH_BLACKHOLE;
	case VSW_ROUTE_UNREACHABLE:
		return L3_NH_UNREACHABLE;
	case VSW_ROUTE_PROHIBIT:
		return L3_NH_PROHIBIT;
	case VSW_ROUTE_DEV:
		/* On-link: resolved on the interface (its glean next hop); gone with it. */
		return dev != VSW_IFACE_NONE ? l3c.glean[dev] : UINT32_MAX;
	default:
		if (ar->has_dev && dev == VSW_IFACE_NONE)
			return UINT32_MAX; /* the interface its gateways are pinned to is gone */
		for (unsigned int g = 0; g < ar->n_via; g++) {
			rif = ar->has_dev ? dev :
					    l3_rif_on_subnet(dp, m, rte_cpu_to_be_32(ar->via[g]));
			if (rif == VSW_IFACE_NONE)
				continue; /* its interface is gone: the others carry the route */
			gw[n] = l3_neigh_get(m, rte_cpu_to_be_32(ar->via[g]), rif);
			if (gw[n++] == UINT32_MAX)
				return UINT32_MAX;
		}
		if (n == 0)
			return UINT32_MAX;
		return n == 1 ? gw[0] : l3_group_get(m, gw, n);
	}
}

int
l3_check_dev(const struct l3_dp *dp, int slot, uint8_t m, uint8_t type, const char *dev, bool v6,
	     unsigned int i, char *err, size_t err_len)
{
	uint16_t rif;

	if (dev[0] == '\0')
		return type != VSW_ROUTE_DEV ?
			       0 :
			       vsw_err(err, err_len, -EINVAL,
				       "route %u: an on-link route names its interface (dev)", i);
	if (type != VSW_ROUTE_VIA && type != VSW_ROUTE_DEV)
		return vsw_err(err, err_len, -EINVAL,
			       "route %u: only a route via gateways or on-link has a dev", i);
	rif = l3_dev_rif(dp, m, dev);
	if (rif == VSW_IFACE_NONE)
		return vsw_err(err, err_len, -EINVAL,
			       "route %u: dev '%s' is no running router interface of vrf '%s'", i,
			       dev, l3c.vrf_name[m]);
	if (v6 ? dp->rif[rif].n_addrs6 == 0 : dp->rif[rif].n_addrs == 0)
		return vsw_err(err, err_len, -EINVAL,
			       "route %u: router interface '%s' has no IPv%c address", i, dev,
			       v6 ? '6' : '4');
	if (type == VSW_ROUTE_DEV && slot != m)
		return vsw_err(err, err_len, -EINVAL,
			       "route %u: an on-link route (dev without via) is in its vrf's main "
			       "table, not table %u",
			       i, l3c.slot_table[slot]);
	return 0;
}

static void
ip_str(uint32_t host, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", host >> 24, (host >> 16) & 255, (host >> 8) & 255,
		 host & 255);
}

/* Check route @p r (index @p i) of a request for table slot @p vrf. The addresses are
 * formatted only for an error: snprintf() per route was 6 % of an insertion. */
static int
check(bool add, int vrf, const struct vsw_l3_route_spec *r, unsigned int i, char *err,
      size_t err_len)
{
	struct l3_route_key k = {.prefix = r->prefix, .len = r->len, .vrf = (uint8_t)vrf};
	uint8_t m = main_slot((uint8_t)vrf);
	char a[16];
	void *data;
	int rc;

	if (r->len > 32 || (r->len < 32 && (r->prefix & (UINT32_MAX >> r->len)) != 0)) {
		ip_str(r->prefix, a);
		return vsw_err(err, err_len, -EINVAL, "route %u: %s/%u: host bits set", i, a,
			       r->len);
	}
	if (!add) {
		if (rte_hash_lookup(l3c.f4.api, &k) >= 0)
			return 0;
		ip_str(r->prefix, a);
		return vsw_err(err, err_len, -ENOENT, "route %u: %s/%u is no API route", i, a,
			       r->len);
	}
	if (r->type > VSW_ROUTE_DEV || r->type == VSW_ROUTE_LOOKUP)
		return vsw_err(err, err_len, -EINVAL, "route %u: unknown type %u", i, r->type);
	if (rte_hash_lookup_data(l3c.f4.routes, &k, &data) >= 0 &&
	    (uint32_t)(uintptr_t)data >> 24 == L3_RT_LOCAL) {
		ip_str(r->prefix, a);
		return vsw_err(err, err_len, -EEXIST, "route %u: %s/%u is a local address", i, a,
			       r->len);
	}
	rc = l3_check_dev(vsw_l3.dp, vrf, m, r->type, r->dev, false, i, err, err_len);
	if (rc != 0 || r->type != VSW_ROUTE_VIA)
		return rc;
	if (r->n_via == 0 || r->n_via > VSW_MAX_ECMP)
		return vsw_err(err, err_len, -EINVAL, "route %u: 1..%u gateways, got %u", i,
			       VSW_MAX_ECMP, r->n_via);
	for (unsigned int g = 0; g < r->n_via; g++) {
		for (unsigned int h = 0; h < g; h++)
			if (r->via[h] == r->via[g]) {
				ip_str(r->via[g], a);
				return vsw_err(err, err_len, -EINVAL,
					       "route %u: gateway %s is listed twice", i, a);
			}
		if (r->dev[0] == '\0' &&
		    l3_rif_on_subnet(vsw_l3.dp, m, rte_cpu_to_be_32(r->via[g])) ==
			    VSW_IFACE_NONE) {
			ip_str(r->via[g], a);
			return vsw_err(err, err_len, -EINVAL,
				       "route %u: gateway %s is not on a connected subnet of vrf "
				       "'%s'",
				       i, a, l3c.vrf_name[vrf]);
		}
	}
	return 0;
}

/* Warm the hashes for a request's keys (l3_fam_warm()). */
static void
warm(int vrf, const struct vsw_l3_route_spec *r, unsigned int n)
{
	struct l3_route_key k[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int c = 0;

	for (unsigned int i = 0; i < n; i++) {
		k[c++] = (struct l3_route_key){
		    .prefix = r[i].prefix, .len = r[i].len, .vrf = (uint8_t)vrf};
		if (c == RTE_DIM(k) || i == n - 1) {
			l3_fam_warm(&l3c.f4, k, c);
			c = 0;
		}
	}
}

/* The table slot of table @p table of VRF @p name, or -ENOENT with the reason. */
static int
table_slot_of(const char *name, uint32_t table, char *err, size_t err_len)
{
	const char *n = name[0] != '\0' ? name : VSW_VRF_DEFAULT_NAME;
	int s = vrf_slot_of(name);

	if (s < 0)
		return vsw_err(err, err_len, -ENOENT, "no vrf '%s' with interfaces", n);
	if (table == 0 || table == VSW_TABLE_MAIN)
		return s;
	s = slot_of_table(n, table);
	if (s < 0 || vsw_l3.dp->fib[s] == NULL)
		return vsw_err(err, err_len, -ENOENT,
			       "vrf '%s' has no table %u (a rule or a config route must name it)",
			       n, table);
	return s;
}

int
vsw_l3_routes_change(bool add, const char *vrf_name, uint32_t table,
		     const struct vsw_l3_route_spec *r, unsigned int n, unsigned int *api_routes,
		     char *err, size_t err_len)
{
	unsigned int i;
	int vrf, rc = 0;

	if (vsw_l3.dp == NULL)
		return vsw_err(err, err_len, -ENODEV, "the router is not running");
	pthread_mutex_lock(&l3c.lock);
	vrf = table_slot_of(vrf_name, table, err, err_len);
	if (vrf < 0) {
		rc = vrf;
		goto out;
	}
	if (add && rte_hash_count(l3c.f4.api) + n > l3c.max_routes) {
		rc = vsw_err(err, err_len, -ENOSPC, "at most %u API routes (router.max_routes)",
			     l3c.max_routes);
		goto out;
	}
	warm(vrf, r, n);
	for (i = 0; i < n && rc == 0; i++)
		rc = check(add, vrf, &r[i], i, err, err_len);
	for (i = 0; i < n && rc == 0; i++) {
		struct l3_route_key k = {.prefix = r[i].prefix, .len = r[i].len, .vrf = (uint8_t)vrf};
		uint32_t buf[(sizeof(struct api_route) + VSW_NAME_MAX) / 4];
		struct api_route *ar = (struct api_route *)buf;
		size_t len = sizeof(*ar);

		memset(buf, 0, sizeof(buf));
		ar->type = r[i].type;
		ar->n_via = r[i].type == VSW_ROUTE_VIA ? r[i].n_via : 0;
		memcpy(ar->via, r[i].via, sizeof(ar->via[0]) * ar->n_via);
		if (r[i].type == VSW_ROUTE_DEV && r[i].len == 32) {
			/* A /32's one host is its next hop (`via H dev IF`), resolved and aged
			 * as a gateway: a glean would ask for it at every packet. */
			ar->type = VSW_ROUTE_VIA;
			ar->n_via = 1;
			ar->via[0] = r[i].prefix;
		}
		if (r[i].dev[0] != '\0') {
			ar->has_dev = 1;
			len += (size_t)snprintf(ar->dev, VSW_NAME_MAX, "%s", r[i].dev) + 1;
		}
		rc = l3_fam_api_put(&l3c.f4, &k, add ? ar : NULL, len, i, err, err_len);
	}
	l3_fib_commit(); /* what was written, even on a failure half-way (all checked first) */
out:
	*api_routes = l3c.f4.api != NULL ?
			      (unsigned int)(rte_hash_count(l3c.f4.api) + rte_hash_count(l3c.f6.api)) :
			      0;
	pthread_mutex_unlock(&l3c.lock);
	return rc;
}

/* The installed route to @p addr (host order) in table slot @p slot (longest match). */
static int
lookup_in(int slot, uint32_t addr, struct vsw_l3_route_info *out, uint8_t mac[6],
	  bool *resolved)
{
	static const char *const kinds[] = {
	    [L3_RT_LOCAL] = "local",   [L3_RT_CONNECTED] = "connected", [L3_RT_STATIC] = "static",
	    [L3_RT_NEIGH] = "neighbour", [L3_RT_API] = "api",
	};

	for (int len = 32; len >= 0; len--) {
		struct l3_route_key k = {.prefix = len == 0 ? 0 : addr & (UINT32_MAX << (32 - len)),
					 .len = (uint8_t)len,
					 .vrf = (uint8_t)slot};
		const struct l3_nh *nh;
		void *data;
		uint32_t v, kind;
		uint64_t m;

		if (rte_hash_lookup_data(l3c.f4.routes, &k, &data) < 0)
			continue;
		v = (uint32_t)(uintptr_t)data;
		kind = v >> 24;
		nh = &vsw_l3.nh[v & 0xffffff];
		out->prefix = k.prefix;
		out->len = k.len;
		out->type = kind < 6 && kinds[kind] != NULL ? kinds[kind] : "?";
		if (nh->type == NH_BLACKHOLE)
			out->type = "blackhole";
		else if (nh->type == NH_UNREACHABLE)
			out->type = "unreachable";
		else if (nh->type == NH_PROHIBIT)
			out->type = "prohibit";
		if (nh->type == NH_NEIGH)
			out->via = rte_be_to_cpu_32(nh->ip);
		if (nh->type == NH_NEIGH || nh->type == NH_GLEAN) {
			struct vsw_iface *f = vsw_iface_from_id(nh->rif);

			snprintf(out->rif, sizeof(out->rif), "%s", f != NULL ? f->name : "");
		}
		if (nh->type == NH_VRF)
			snprintf(out->rif, sizeof(out->rif), "vrf:%.27s", l3c.vrf_name[nh->vrf]);
		m = nh->mac;
		memcpy(mac, &m, 6);
		*resolved = nh->type == NH_NEIGH && (m & NH_MAC_VALID);
		return 0;
	}
	return -ENOENT;
}

/* What the rules see of a lookup's packet, as of a packet (l3_rules_key4()). */
static int
flow_hdr(int vrf, const struct vsw_l3_flow *flow, uint32_t addr, struct l3_rules_hdr4 *h,
	 uint16_t *iif)
{
	memset(h, 0, sizeof(*h));
	h->ip.version_ihl = RTE_IPV4_VHL_DEF;
	h->ip.dst_addr = rte_cpu_to_be_32(addr);
	*iif = VSW_IFACE_NONE;
	if (flow == NULL)
		return 0;
	if (flow->iif[0] != '\0') {
		struct vsw_iface *f = vsw_iface_from_name(flow->iif);

		if (f == NULL || f->type != VSW_IFACE_RIF || !vsw_l3.dp->rif[f->id].present ||
		    vsw_l3.dp->rif[f->id].vrf != vrf)
			return -EINVAL;
		*iif = f->id;
	}
	h->ip.src_addr = rte_cpu_to_be_32(flow->src);
	h->ip.next_proto_id = flow->proto;
	h->ip.type_of_service = (uint8_t)(flow->dscp << 2);
	if (flow->proto == IPPROTO_TCP || flow->proto == IPPROTO_UDP) {
		h->sport = rte_cpu_to_be_16(flow->sport);
		h->dport = rte_cpu_to_be_16(flow->dport);
	}
	return 0;
}

int
vsw_l3_route_lookup(const char *vrf_name, const struct vsw_l3_flow *flow, uint32_t addr,
		    struct vsw_l3_route_info *out, uint8_t mac[6], bool *resolved,
		    struct vsw_l3_rule_match *rule)
{
	const struct l3_rule *r;
	struct l3_rules_hdr4 h;
	uint16_t iif;
	uint32_t act;
	int vrf, slot, rc = -ENOENT;

	if (vsw_l3.dp == NULL)
		return -ENODEV;
	memset(out, 0, sizeof(*out));
	memset(rule, 0, sizeof(*rule));
	memset(mac, 0, 6);
	*resolved = false;
	pthread_mutex_lock(&l3c.lock);
	vrf = vrf_slot_of(vrf_name);
	if (vrf < 0)
		goto out;
	snprintf(out->vrf, sizeof(out->vrf), "%s", l3c.vrf_name[vrf]);
	rc = flow_hdr(vrf, flow, addr, &h, &iif);
	if (rc != 0)
		goto out;
	act = L3_RULE_ACTION(l3_rules_decide((uint8_t)vrf, &h, iif, &r));
	if (r != NULL) {
		rule->matched = true;
		rule->priority = r->c.priority;
		l3_rule_describe(r, rule->match, sizeof(rule->match), rule->action,
				 sizeof(rule->action));
	}
	if (act == L3_RULE_BLACKHOLE || act == L3_RULE_PROHIBIT) {
		out->type = act == L3_RULE_BLACKHOLE ? "blackhole" : "prohibit";
		goto out; /* rc 0 */
	}
	slot = act != 0 ? (int)act - 1 : vrf;
	rc = lookup_in(slot, addr, out, mac, resolved);
	if (rc != 0 && slot != vrf) {
		slot = vrf; /* the rule's table has no route: the main table's */
		rc = lookup_in(slot, addr, out, mac, resolved);
	}
	rule->table = l3c.slot_table[slot];
out:
	pthread_mutex_unlock(&l3c.lock);
	return rc;
}
