/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's static routes ('router.routes'): parsed into an array of exactly the list's
 * length (at most router.max_routes), duplicates found through a hash set, so that a config
 * with a million routes parses in linear time. Part of the config library, like l3_conf.c.
 */

#include <stdlib.h>
#include <string.h>

#include "l3_conf_priv.h"
#include "vsw_sections.h"

enum { T_TO, T_VIA, T_TYPE, T_VRF, T_TABLE, T_VIA_VRF, T_DEV, T_COUNT };
static const char *const route_keys[T_COUNT] = {
    [T_TO] = "to", [T_VIA] = "via", [T_TYPE] = "type", [T_VRF] = "vrf", [T_TABLE] = "table",
    [T_VIA_VRF] = "via_vrf", [T_DEV] = "dev"};

static const char *const route_types[] = {
    [VSW_ROUTE_VIA] = "via",
    [VSW_ROUTE_BLACKHOLE] = "blackhole",
    [VSW_ROUTE_UNREACHABLE] = "unreachable",
    [VSW_ROUTE_PROHIBIT] = "prohibit",
};

int
l3_conf_route_type(const struct vsw_yaml *y, const yaml_node_t *node, unsigned int *type)
{
	int ret = vsw_yaml_enum(y, node, "type", route_types + 1,
				sizeof(route_types) / sizeof(route_types[0]) - 1, type);

	if (ret == 0)
		(*type)++;
	return ret;
}

int
l3_conf_route_dev(const struct vsw_yaml *y, const yaml_node_t *dev, const yaml_node_t *type,
		  const yaml_node_t *via, const struct vsw_l3_conf *l3, uint8_t via_vrf, bool v6,
		  unsigned int *kind, uint16_t *out)
{
	char shown[VSW_YAML_SHOW_BUF];
	unsigned int i;

	*out = 0;
	if (dev == NULL)
		return 0;
	if (type != NULL)
		return vsw_yaml_error(y, type, "a route with 'dev' has no 'type' (it forwards)");
	if (*kind == VSW_ROUTE_LOOKUP)
		return vsw_yaml_error(y, dev,
				      "a route with 'via_vrf' and 'dev' needs 'via' (its gateways "
				      "on that interface)");
	for (i = 0; i < l3->n_rifs; i++)
		if (dev->type == YAML_SCALAR_NODE && !vsw_yaml_has_nul(dev) &&
		    strcmp(l3->rifs[i].name, vsw_yaml_scalar(dev)) == 0)
			break;
	if (i == l3->n_rifs)
		return vsw_yaml_error(y, dev, "unknown router interface %s for 'dev'",
				      vsw_yaml_show(dev, shown));
	if (l3->rifs[i].vrf != via_vrf)
		return vsw_yaml_error(y, dev,
				      "router interface '%s' is in vrf '%s', the route's next hops "
				      "in vrf '%s'",
				      l3->rifs[i].name, l3->vrfs[l3->rifs[i].vrf], l3->vrfs[via_vrf]);
	/* Its requests (ARP, neighbour solicitations) speak from one of its addresses. */
	if (v6 ? l3->rifs[i].n_addrs6 == 0 : l3->rifs[i].n_addrs == 0)
		return vsw_yaml_error(y, dev, "router interface '%s' has no IPv%c address",
				      l3->rifs[i].name, v6 ? '6' : '4');
	*out = (uint16_t)(i + 1);
	if (via == NULL)
		*kind = VSW_ROUTE_DEV;
	return 0;
}

int
l3_conf_route_dev_table(const struct vsw_yaml *y, const yaml_node_t *table, unsigned int kind,
			uint32_t t)
{
	/* Neighbours live in their VRF's main table (their /32 or /128 routes): a numbered
	 * table's on-link destination would never find its resolved neighbour. */
	if (kind == VSW_ROUTE_DEV && t != VSW_TABLE_MAIN)
		return vsw_yaml_error(y, table,
				      "an on-link route ('dev' without 'via') is in its vrf's main "
				      "table, not table %u",
				      t);
	return 0;
}

/*
 * Duplicate routes are found with a hash set of route indexes (open addressing, twice the
 * routes' slots): a million routes are checked in linear time.
 */
struct route_set {
	uint32_t *slot; /* route index + 1; 0: empty */
	uint32_t mask;
};

static uint32_t
route_hash(const struct vsw_route_conf *rt)
{
	uint64_t h = (uint64_t)rt->to.addr << 32 | (uint64_t)rt->to.len << 24 |
		     (uint64_t)rt->vrf << 16 | rt->table;

	/* MurmurHash3's finaliser: every key bit reaches the low bits the set uses (the
	 * prefixes of a long route list differ in a few middle bits only). */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (uint32_t)h;
}

/* The route already in @p set with @p rt's VRF, table and prefix, or NULL (then @p rt, route
 * @p idx, is added). */
static const struct vsw_route_conf *
route_set_add(struct route_set *set, const struct vsw_l3_conf *l3, const struct vsw_route_conf *rt,
	      uint32_t idx)
{
	for (uint32_t h = route_hash(rt) & set->mask;; h = (h + 1) & set->mask) {
		const struct vsw_route_conf *o;

		if (set->slot[h] == 0) {
			set->slot[h] = idx + 1;
			return NULL;
		}
		o = &l3->routes[set->slot[h] - 1];
		if (o->vrf == rt->vrf && o->table == rt->table && o->to.addr == rt->to.addr &&
		    o->to.len == rt->to.len)
			return o;
	}
}

static int
parse_route(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_l3_conf *l3,
	    struct route_set *set)
{
	struct vsw_route_conf *rt = &l3->routes[l3->n_routes];
	const struct vsw_route_conf *dup;
	yaml_node_t *keys[T_COUNT], *vals[T_COUNT];
	struct vsw_ip4_prefix via;
	unsigned int type = VSW_ROUTE_VIA;
	int ret;

	ret = vsw_yaml_want_map(y, map, "routes");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a route", route_keys, T_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	if (vals[T_TO] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'to' in a route");
	if (l3_conf_is_ip6(vals[T_TO]))
		return l3_conf6_route(y, map, vals[T_TO], vals[T_VIA], vals[T_TYPE], vals[T_VRF],
				      vals[T_TABLE], vals[T_VIA_VRF], vals[T_DEV], l3);
	ret = l3_conf_ip4(y, vals[T_TO], "to", true, &rt->to);
	if (ret < 0)
		return ret;
	if ((rt->to.addr & ~l3_conf_mask_of(rt->to.len)) != 0)
		return vsw_yaml_error(y, vals[T_TO],
				      "%s has host bits set (invalid prefix for its length)",
				      vsw_yaml_scalar(vals[T_TO]));
	ret = l3_conf_vrf(y, vals[T_VRF], l3, &rt->vrf);
	if (ret < 0)
		return ret;
	if (vals[T_TYPE] != NULL) {
		ret = l3_conf_route_type(y, vals[T_TYPE], &type);
		if (ret < 0)
			return ret;
	}
	rt->via_vrf = rt->vrf;
	if (vals[T_VIA_VRF] != NULL) {
		/* Route leaking: gateways in another VRF, or a lookup in its table. */
		ret = l3_conf_vrf(y, vals[T_VIA_VRF], l3, &rt->via_vrf);
		if (ret < 0)
			return ret;
		if (rt->via_vrf == rt->vrf)
			return vsw_yaml_error(y, vals[T_VIA_VRF],
					      "'via_vrf' names the route's own vrf '%s'",
					      l3->vrfs[rt->vrf]);
		if (vals[T_TYPE] != NULL)
			return vsw_yaml_error(y, vals[T_TYPE],
					      "a route with 'via_vrf' has no 'type' (it forwards)");
		if (vals[T_VIA] == NULL)
			type = VSW_ROUTE_LOOKUP;
	}
	ret = l3_conf_route_dev(y, vals[T_DEV], vals[T_TYPE], vals[T_VIA], l3, rt->via_vrf, false,
				&type, &rt->dev);
	if (ret < 0)
		return ret;
	if (type != VSW_ROUTE_LOOKUP && type != VSW_ROUTE_DEV &&
	    (type == VSW_ROUTE_VIA) != (vals[T_VIA] != NULL))
		return vsw_yaml_error(y, map,
				      "a route has either 'via' (a gateway), 'via_vrf' (a lookup "
				      "in another vrf), 'dev' (on-link) or 'type' (blackhole, "
				      "unreachable, prohibit)");
	if (vals[T_VIA] != NULL && vals[T_VIA]->type == YAML_SEQUENCE_NODE) {
		/* Equal-cost multipath: a flow hash picks one gateway per flow. */
		size_t n = vsw_yaml_seq_len(vals[T_VIA]);

		if (n == 0 || n > VSW_MAX_ECMP)
			return vsw_yaml_error(y, vals[T_VIA],
					      "expected 1 to %u gateways for 'via', got %zu",
					      VSW_MAX_ECMP, n);
		for (size_t i = 0; i < n; i++) {
			const yaml_node_t *g = vsw_yaml_seq_item(y, vals[T_VIA], i);

			ret = l3_conf_ip4(y, g, "via", false, &via);
			if (ret < 0)
				return ret;
			for (unsigned int j = 0; j < rt->n_via; j++)
				if (rt->via[j] == via.addr)
					return vsw_yaml_error(y, g, "gateway %s is listed twice",
							      vsw_yaml_scalar(g));
			rt->via[rt->n_via++] = via.addr;
		}
	} else if (vals[T_VIA] != NULL) {
		ret = l3_conf_ip4(y, vals[T_VIA], "via", false, &via);
		if (ret < 0)
			return ret;
		rt->via[0] = via.addr;
		rt->n_via = 1;
	}
	rt->type = (uint8_t)type;
	rt->table = VSW_TABLE_MAIN;
	if (vals[T_TABLE] != NULL) {
		ret = l3_conf_table(y, vals[T_TABLE], &rt->table);
		if (ret == 0)
			ret = l3_conf_route_dev_table(y, vals[T_TABLE], type, rt->table);
		if (ret < 0)
			return ret;
	}
	dup = route_set_add(set, l3, rt, l3->n_routes);
	if (dup != NULL)
		return vsw_yaml_error(y, vals[T_TO], "duplicate route to %s (first at line %u)",
				      vsw_yaml_scalar(vals[T_TO]), dup->mark.line);
	rt->mark = vsw_yaml_mark(map);
	l3->n_routes++;
	return 0;
}

int
l3_conf_routes(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_l3_conf *l3)
{
	size_t n = seq->type == YAML_SEQUENCE_NODE ? vsw_yaml_seq_len(seq) : 0;
	struct route_set set = {NULL, 0};
	int ret = l3_conf_want_seq(y, seq, "routes", "routes");

	if (ret < 0 || n == 0)
		return ret;
	if (n > l3->max_routes)
		return vsw_yaml_error(y, vsw_yaml_seq_item(y, seq, l3->max_routes),
				      "too many routes (at most %u: router.max_routes)",
				      l3->max_routes);
	for (set.mask = 1; set.mask < 2 * n; set.mask <<= 1)
		;
	l3->routes = calloc(n, sizeof(*l3->routes));
	set.slot = calloc(set.mask, sizeof(*set.slot));
	set.mask--;
	if (l3->routes == NULL || set.slot == NULL)
		ret = vsw_yaml_error(y, seq, "no memory for %zu routes", n);
	for (size_t i = 0; ret == 0 && i < n; i++)
		ret = parse_route(y, vsw_yaml_seq_item(y, seq, i), l3, &set);
	free(set.slot);
	return ret;
}

