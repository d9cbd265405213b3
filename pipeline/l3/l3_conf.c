/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'router' config section: parse, check and diff.
 *
 * Built into the config library (config/meson.build), which stays free of DPDK. The section
 * comes after ports, bridges and xconnect in the section table, so port names are known when
 * it is parsed; the checks that need the bridges and cross-connects resolved run in validate.
 * Every route's gateway must lie on a connected subnet of its VRF, as Linux requires
 * ("Nexthop has invalid gateway").
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l3_conf_priv.h"
#include "vsw_sections.h"

enum {
	R_VRFS, R_INTERFACES, R_ROUTES, R_NEIGHBOURS, R_RULES, R_NEIGH_TIMEOUT_S, R_MAX_ROUTES,
	R_ICMP_RATELIMIT_MS, R_HOST_PATH, R_MAX_NEIGHBOURS, R_COUNT
};
static const char *const router_keys[R_COUNT] = {
    [R_ICMP_RATELIMIT_MS] = "icmp_ratelimit_ms",
    [R_HOST_PATH] = "host_path",
    [R_RULES] = "rules",
    [R_MAX_ROUTES] = "max_routes",
    [R_VRFS] = "vrfs",
    [R_INTERFACES] = "interfaces",
    [R_ROUTES] = "routes",
    [R_NEIGHBOURS] = "neighbours",
    [R_NEIGH_TIMEOUT_S] = "neigh_timeout_s",
    [R_MAX_NEIGHBOURS] = "max_neighbours",
};

enum { I_NAME, I_PORT, I_BRIDGE, I_ADDRESSES, I_VRF, I_MAC, I_MTU, I_PROXY_ARP, I_PROXY_ND, I_RA, I_COUNT };
static const char *const rif_keys[I_COUNT] = {
    [I_NAME] = "name", [I_PORT] = "port", [I_BRIDGE] = "bridge",
    [I_ADDRESSES] = "addresses", [I_VRF] = "vrf", [I_MAC] = "mac", [I_MTU] = "mtu",
    [I_PROXY_ARP] = "proxy_arp", [I_PROXY_ND] = "proxy_nd", [I_RA] = "ra",
};

enum { N_INTERFACE, N_ADDRESS, N_MAC, N_COUNT };
static const char *const neigh_keys[N_COUNT] = {
    [N_INTERFACE] = "interface", [N_ADDRESS] = "address", [N_MAC] = "mac"};

#define DEF_NEIGH_TIMEOUT_S 300

uint32_t
l3_conf_mask_of(uint8_t len)
{
	return len == 0 ? 0 : ~0u << (32 - len);
}

/* "a.b.c.d" (@p with_len false) or "a.b.c.d/len" into @p p. */
int
l3_conf_ip4(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, bool with_len,
	  struct vsw_ip4_prefix *p)
{
	char shown[VSW_YAML_SHOW_BUF], buf[32], *slash, *end;
	struct in_addr a;
	unsigned long len = 32;

	if (node->type != YAML_SCALAR_NODE || vsw_yaml_has_nul(node) ||
	    strlen(vsw_yaml_scalar(node)) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", vsw_yaml_scalar(node));
	slash = strchr(buf, '/');
	if ((slash != NULL) != with_len)
		goto bad;
	if (slash != NULL) {
		*slash = '\0';
		if (slash[1] < '0' || slash[1] > '9' || (slash[1] == '0' && slash[2] != '\0'))
			goto bad;
		len = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || len > 32)
			goto bad;
	}
	if (inet_pton(AF_INET, buf, &a) != 1)
		goto bad;
	p->addr = ntohl(a.s_addr);
	p->len = (uint8_t)len;
	return 0;
bad:
	return vsw_yaml_error(y, node, "expected an IPv4 %s like %s for '%s', got %s",
			      with_len ? "prefix" : "address",
			      with_len ? "\"192.0.2.1/24\"" : "192.0.2.1", key,
			      vsw_yaml_show(node, shown));
}

int
l3_conf_want_seq(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, const char *what)
{
	char shown[VSW_YAML_SHOW_BUF];

	if (node->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, node, "expected a sequence of %s for '%s', got %s", what,
				      key, vsw_yaml_show(node, shown));
	return 0;
}

int
l3_conf_vrf(const struct vsw_yaml *y, const yaml_node_t *node, const struct vsw_l3_conf *l3,
	  uint8_t *out)
{
	char shown[VSW_YAML_SHOW_BUF];

	if (node == NULL) {
		*out = VSW_VRF_DEFAULT;
		return 0;
	}
	for (unsigned int i = 0; i < l3->n_vrfs; i++)
		if (node->type == YAML_SCALAR_NODE && !vsw_yaml_has_nul(node) &&
		    strcmp(l3->vrfs[i], vsw_yaml_scalar(node)) == 0) {
			*out = (uint8_t)i;
			return 0;
		}
	return vsw_yaml_error(y, node, "unknown vrf %s", vsw_yaml_show(node, shown));
}

static int
parse_vrfs(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_l3_conf *l3)
{
	int ret = l3_conf_want_seq(y, seq, "vrfs", "VRF names");

	for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);
		char name[VSW_NAME_MAX];

		if (l3->n_vrfs >= VSW_MAX_VRFS)
			return vsw_yaml_error(y, item, "too many vrfs (at most %u besides default)",
					      VSW_MAX_VRFS - 1);
		ret = vsw_yaml_name(y, item, "vrf", name);
		if (ret < 0)
			return ret;
		for (unsigned int j = 0; j < l3->n_vrfs; j++)
			if (strcmp(l3->vrfs[j], name) == 0)
				return vsw_yaml_error(y, item,
						      j == 0 ? "vrf 'default' exists without config"
							     : "duplicate vrf '%s'",
						      name);
		snprintf(l3->vrfs[l3->n_vrfs++], sizeof(l3->vrfs[0]), "%s", name);
	}
	return ret;
}

static int
parse_rif(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	struct vsw_l3_conf *l3 = &cfg->l3;
	struct vsw_rif_conf *r = &l3->rifs[l3->n_rifs];
	yaml_node_t *keys[I_COUNT], *vals[I_COUNT];
	char shown[VSW_YAML_SHOW_BUF], port[VSW_NAME_MAX];
	int ret, idx;

	ret = vsw_yaml_want_map(y, map, "interfaces");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a router interface", rif_keys, I_COUNT, keys,
					vals);
	if (ret < 0)
		return ret;
	if (vals[I_NAME] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'name' in a router interface");
	ret = vsw_yaml_name(y, vals[I_NAME], "router interface", r->name);
	if (ret < 0)
		return ret;
	if (vsw_config_port_index(cfg, r->name) >= 0)
		return vsw_yaml_error(y, vals[I_NAME], "'%s' is already a port's name", r->name);
	for (unsigned int i = 0; i < l3->n_rifs; i++)
		if (strcmp(l3->rifs[i].name, r->name) == 0)
			return vsw_yaml_error(y, vals[I_NAME], "duplicate router interface '%s'",
					      r->name);
	if ((vals[I_PORT] == NULL) == (vals[I_BRIDGE] == NULL))
		return vsw_yaml_error(y, map,
				      "router interface '%s' needs either 'port' (a routed port) or "
				      "'bridge' (the bridge's gateway)",
				      r->name);
	r->port = r->bridge = VSW_RIF_NONE;
	if (vals[I_BRIDGE] != NULL) {
		ret = vsw_yaml_name(y, vals[I_BRIDGE], "bridge", port);
		if (ret < 0)
			return ret;
		idx = vsw_config_bridge_index(cfg, port);
		if (idx < 0)
			return vsw_yaml_error(y, vals[I_BRIDGE],
					      "unknown bridge %s in router interface '%s'",
					      vsw_yaml_show(vals[I_BRIDGE], shown), r->name);
		for (unsigned int i = 0; i < l3->n_rifs; i++)
			if (l3->rifs[i].bridge == idx)
				return vsw_yaml_error(y, vals[I_BRIDGE],
						      "bridge '%s' already has router interface '%s'",
						      port, l3->rifs[i].name);
		r->bridge = (uint16_t)idx;
		goto port_done;
	}
	ret = vsw_yaml_name(y, vals[I_PORT], "port", port);
	if (ret < 0)
		return ret;
	idx = vsw_config_port_index(cfg, port);
	if (idx < 0)
		return vsw_yaml_error(y, vals[I_PORT], "unknown port %s in router interface '%s'",
				      vsw_yaml_show(vals[I_PORT], shown), r->name);
	for (unsigned int i = 0; i < l3->n_rifs; i++)
		if (l3->rifs[i].port == idx)
			return vsw_yaml_error(y, vals[I_PORT],
					      "port '%s' already has router interface '%s'", port,
					      l3->rifs[i].name);
	r->port = (uint16_t)idx;
port_done:
	ret = l3_conf_vrf(y, vals[I_VRF], l3, &r->vrf);
	if (ret < 0)
		return ret;
	if (vals[I_PROXY_ARP] != NULL) {
		ret = vsw_yaml_bool(y, vals[I_PROXY_ARP], "proxy_arp", &r->proxy_arp);
		if (ret < 0)
			return ret;
	}
	if (vals[I_PROXY_ND] != NULL) {
		ret = vsw_yaml_bool(y, vals[I_PROXY_ND], "proxy_nd", &r->proxy_nd);
		if (ret < 0)
			return ret;
	}
	if (vals[I_MTU] != NULL) {
		ret = vsw_yaml_u16(y, vals[I_MTU], "mtu", 576, 9600, &r->mtu);
		if (ret < 0)
			return ret;
	}
	if (vals[I_MAC] != NULL) {
		ret = vsw_yaml_mac(y, vals[I_MAC], r->mac);
		if (ret < 0)
			return ret;
		r->has_mac = true;
	}
	if (vals[I_ADDRESSES] == NULL)
		return vsw_yaml_error(y, map,
				      "missing required key 'addresses' in router interface '%s'",
				      r->name);
	ret = l3_conf_want_seq(y, vals[I_ADDRESSES], "addresses", "IPv4 or IPv6 prefixes");
	for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(vals[I_ADDRESSES]); i++) {
		const yaml_node_t *a = vsw_yaml_seq_item(y, vals[I_ADDRESSES], i);
		struct vsw_ip4_prefix *p = &r->addrs[r->n_addrs];

		if (l3_conf_is_ip6(a)) {
			ret = l3_conf6_rif_addr(y, a, r);
			continue;
		}
		if (r->n_addrs >= VSW_MAX_RIF_ADDRS)
			return vsw_yaml_error(y, a, "too many addresses (at most %u)",
					      VSW_MAX_RIF_ADDRS);
		ret = l3_conf_ip4(y, a, "addresses", true, p);
		if (ret == 0 && p->len == 0)
			ret = vsw_yaml_error(y, a, "a /0 address is not an interface address");
		if (ret == 0 && p->len < 31 &&
		    ((p->addr & ~l3_conf_mask_of(p->len)) == 0 ||
		     (p->addr & ~l3_conf_mask_of(p->len)) == ~l3_conf_mask_of(p->len)))
			ret = vsw_yaml_error(y, a,
					     "%s is the network or broadcast address of its subnet",
					     vsw_yaml_scalar(a));
		r->n_addrs++;
	}
	if (ret == 0 && vals[I_RA] != NULL)
		ret = vsw_yaml_bool(y, vals[I_RA], "ra", &r->ra);
	if (ret == 0 && r->ra && r->n_addrs6 == 0)
		ret = vsw_yaml_error(y, vals[I_RA], "router interface '%s' sends router "
				     "advertisements but has no IPv6 address", r->name);
	if (ret == 0 && r->n_addrs + r->n_addrs6 == 0)
		ret = vsw_yaml_error(y, vals[I_ADDRESSES],
				     "router interface '%s' needs at least one address", r->name);
	r->mark = vsw_yaml_mark(map);
	l3->n_rifs++;
	return ret;
}

static int
parse_neigh(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_l3_conf *l3)
{
	struct vsw_neigh_conf *n = &l3->neighs[l3->n_neighs];
	yaml_node_t *keys[N_COUNT], *vals[N_COUNT];
	char shown[VSW_YAML_SHOW_BUF];
	struct vsw_ip4_prefix a;
	unsigned int i;
	int ret;

	ret = vsw_yaml_want_map(y, map, "neighbours");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a neighbour", neigh_keys, N_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	for (i = 0; i < N_COUNT; i++)
		if (vals[i] == NULL)
			return vsw_yaml_error(y, map, "missing required key '%s' in a neighbour",
					      neigh_keys[i]);
	for (i = 0; i < l3->n_rifs; i++)
		if (vals[N_INTERFACE]->type == YAML_SCALAR_NODE &&
		    !vsw_yaml_has_nul(vals[N_INTERFACE]) &&
		    strcmp(l3->rifs[i].name, vsw_yaml_scalar(vals[N_INTERFACE])) == 0)
			break;
	if (i == l3->n_rifs)
		return vsw_yaml_error(y, vals[N_INTERFACE], "unknown router interface %s",
				      vsw_yaml_show(vals[N_INTERFACE], shown));
	n->rif = (uint8_t)i;
	if (l3_conf_is_ip6(vals[N_ADDRESS]))
		return l3_conf6_neigh(y, map, (uint8_t)i, vals[N_ADDRESS], vals[N_MAC], l3);
	ret = l3_conf_ip4(y, vals[N_ADDRESS], "address", false, &a);
	if (ret == 0)
		ret = vsw_yaml_mac(y, vals[N_MAC], n->mac);
	if (ret < 0)
		return ret;
	n->addr = a.addr;
	if (!vsw_l3_on_subnet(&l3->rifs[n->rif], n->addr))
		return vsw_yaml_error(y, vals[N_ADDRESS],
				      "%s is not on a subnet of router interface '%s'",
				      vsw_yaml_scalar(vals[N_ADDRESS]), l3->rifs[n->rif].name);
	n->mark = vsw_yaml_mark(map);
	l3->n_neighs++;
	return 0;
}

static void
router_defaults(struct vsw_config *cfg)
{
	cfg->l3.n_vrfs = 1;
	snprintf(cfg->l3.vrfs[0], sizeof(cfg->l3.vrfs[0]), "%s", VSW_VRF_DEFAULT_NAME);
	cfg->l3.neigh_timeout_s = DEF_NEIGH_TIMEOUT_S;
	cfg->l3.max_neighbours = VSW_DEF_MAX_NEIGHBOURS;
	cfg->l3.max_routes = VSW_DEF_MAX_ROUTES;
	cfg->l3.icmp_ratelimit_ms = 1000;
}

/* Each sequence of @p map's key @p k, with @p max items, through @p one. */
#define PARSE_SEQ(k, key, what, max, one)                                                  \
	do {                                                                               \
		if (vals[k] == NULL)                                                       \
			break;                                                             \
		ret = l3_conf_want_seq(y, vals[k], key, what);                                     \
		for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(vals[k]); i++) {       \
			const yaml_node_t *item = vsw_yaml_seq_item(y, vals[k], i);         \
			if (i >= (max))                                                    \
				return vsw_yaml_error(y, item, "too many %s (at most %u)", \
						      key, (unsigned int)(max));           \
			ret = one;                                                         \
		}                                                                          \
		if (ret < 0)                                                               \
			return ret;                                                        \
	} while (0)

static int
router_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	yaml_node_t *keys[R_COUNT], *vals[R_COUNT];
	int ret;

	ret = vsw_yaml_want_map(y, map, "router");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in 'router'", router_keys, R_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	cfg->l3_mark = vsw_yaml_mark(map);
	if (vals[R_NEIGH_TIMEOUT_S] != NULL) {
		ret = vsw_yaml_uint(y, vals[R_NEIGH_TIMEOUT_S], "neigh_timeout_s", 1, 86400,
				    &cfg->l3.neigh_timeout_s);
		if (ret < 0)
			return ret;
	}
	if (vals[R_MAX_NEIGHBOURS] != NULL) {
		ret = vsw_yaml_uint(y, vals[R_MAX_NEIGHBOURS], "max_neighbours", 16,
				    VSW_MAX_NEIGHBOURS, &cfg->l3.max_neighbours);
		if (ret < 0)
			return ret;
	}
	if (vals[R_ICMP_RATELIMIT_MS] != NULL) {
		ret = vsw_yaml_uint(y, vals[R_ICMP_RATELIMIT_MS], "icmp_ratelimit_ms", 0, 60000,
				    &cfg->l3.icmp_ratelimit_ms);
		if (ret < 0)
			return ret;
	}
	if (vals[R_MAX_ROUTES] != NULL) {
		ret = vsw_yaml_uint(y, vals[R_MAX_ROUTES], "max_routes", 1024, VSW_MAX_MAX_ROUTES,
				    &cfg->l3.max_routes);
		if (ret < 0)
			return ret;
		cfg->l3.max_routes_mark = vsw_yaml_mark(vals[R_MAX_ROUTES]);
	}
	if (vals[R_VRFS] != NULL) {
		ret = parse_vrfs(y, vals[R_VRFS], &cfg->l3);
		if (ret < 0)
			return ret;
	}
	PARSE_SEQ(R_INTERFACES, "interfaces", "router interfaces", VSW_MAX_RIFS,
		  parse_rif(y, item, cfg));
	if (vals[R_ROUTES] != NULL) {
		ret = l3_conf_routes(y, vals[R_ROUTES], &cfg->l3);
		if (ret < 0)
			return ret;
	}
	PARSE_SEQ(R_NEIGHBOURS, "neighbours", "neighbours", VSW_MAX_STATIC_NEIGHS,
		  parse_neigh(y, item, &cfg->l3));
	PARSE_SEQ(R_RULES, "rules", "rules", VSW_MAX_RULES, l3_conf_rule(y, item, &cfg->l3));
	PARSE_SEQ(R_HOST_PATH, "host_path", "host paths", VSW_MAX_VRFS,
		  l3_conf_host_path(y, item, cfg));
	return 0;
}

/* Routed ports belong to the router alone; gateways must be on a connected subnet. */
static int
router_validate(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	const struct vsw_l3_conf *l3 = &cfg->l3;
	struct vsw_conf_mark m;
	unsigned int i, b, p;
	char a[INET_ADDRSTRLEN];

	(void)y;
	(void)map;
	for (i = 0; i < l3->n_rifs; i++) {
		const struct vsw_rif_conf *r = &l3->rifs[i];
		const char *port;

		if (r->port == VSW_RIF_NONE)
			continue;
		port = cfg->ports[r->port].name;
		for (b = 0; b < cfg->n_bridges; b++)
			for (p = 0; p < cfg->bridges[b].n_ports; p++)
				if (cfg->bridges[b].ports[p] == r->port)
					return vsw_conf_error_at(
					    y->err, y->name, r->mark.line, r->mark.column,
					    "port '%s' of router interface '%s' is also a member of "
					    "bridge '%s'",
					    port, r->name, cfg->bridges[b].name);
		for (p = 0; p < cfg->n_xconnects; p++)
			if (cfg->xconnects[p].a == r->port || cfg->xconnects[p].b == r->port)
				return vsw_conf_error_at(y->err, y->name, r->mark.line,
							 r->mark.column,
							 "port '%s' of router interface '%s' is also "
							 "cross-connected",
							 port, r->name);
	}
	if (l3_conf6_validate(y, cfg) != 0)
		return -EINVAL;
	for (i = 0; i < l3->n_routes; i++) {
		const struct vsw_route_conf *rt = &l3->routes[i];

		/* With 'dev' a gateway may be anywhere (onlink). */
		for (unsigned int g = 0; rt->dev == 0 && g < rt->n_via; g++) {
			bool ok = false;

			for (p = 0; p < l3->n_rifs && !ok; p++)
				ok = l3->rifs[p].vrf == rt->via_vrf &&
				     vsw_l3_on_subnet(&l3->rifs[p], rt->via[g]);
			if (ok)
				continue;
			m = rt->mark;
			snprintf(a, sizeof(a), "%u.%u.%u.%u", rt->via[g] >> 24,
				 (rt->via[g] >> 16) & 255, (rt->via[g] >> 8) & 255, rt->via[g] & 255);
			return vsw_conf_error_at(y->err, y->name, m.line, m.column,
						 "gateway %s is not on a connected subnet of vrf "
						 "'%s'",
						 a, l3->vrfs[rt->via_vrf]);
		}
	}
	return 0;
}

/* The router's tables are rebuilt whole by its apply: any difference is a change. Ports are
 * compared by name (a reordered ports list is no change). */
static int
router_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	    char *err)
{
	const struct vsw_l3_conf *a = &o->l3, *b = &n->l3;
	unsigned int i;

	if (a->max_routes != b->max_routes)
		return vsw_conf_restart_error(err, n, b->max_routes_mark, n->l3_mark,
					      "router.max_routes", "from %u to %u", a->max_routes,
					      b->max_routes);
	d->router_changed = a->n_vrfs != b->n_vrfs || a->n_rifs != b->n_rifs ||
			    a->n_rules != b->n_rules ||
			    a->n_routes != b->n_routes || a->n_neighs != b->n_neighs ||
			    a->neigh_timeout_s != b->neigh_timeout_s ||
			    a->max_neighbours != b->max_neighbours ||
			    a->icmp_ratelimit_ms != b->icmp_ratelimit_ms ||
			    memcmp(a->vrfs, b->vrfs, sizeof(a->vrfs[0]) * a->n_vrfs) != 0;
	for (i = 0; i < b->n_rifs && !d->router_changed; i++) {
		struct vsw_rif_conf x = a->rifs[i], z = b->rifs[i];

		d->router_changed = (x.port == VSW_RIF_NONE) != (z.port == VSW_RIF_NONE) ||
				    (x.bridge == VSW_RIF_NONE) != (z.bridge == VSW_RIF_NONE) ||
				    (x.port != VSW_RIF_NONE &&
				     strcmp(o->ports[x.port].name, n->ports[z.port].name) != 0) ||
				    (x.bridge != VSW_RIF_NONE &&
				     strcmp(o->bridges[x.bridge].name, n->bridges[z.bridge].name) != 0);
		x.port = z.port = x.bridge = z.bridge = 0;
		x.mark = z.mark = (struct vsw_conf_mark){0, 0};
		d->router_changed |= memcmp(&x, &z, sizeof(x)) != 0;
	}
	d->router_changed |= a->n_host_paths != b->n_host_paths;
	for (i = 0; i < b->n_host_paths && !d->router_changed; i++)
		d->router_changed = a->host_paths[i].vrf != b->host_paths[i].vrf ||
				    strcmp(a->host_paths[i].iface, b->host_paths[i].iface) != 0 ||
				    strcmp(a->host_paths[i].netns, b->host_paths[i].netns) != 0;
	for (i = 0; i < b->n_rules && !d->router_changed; i++) {
		struct vsw_rule_conf x = a->rules[i], z = b->rules[i];

		x.mark = z.mark = (struct vsw_conf_mark){0, 0};
		d->router_changed = memcmp(&x, &z, sizeof(x)) != 0;
	}
	for (i = 0; i < b->n_routes && !d->router_changed; i++)
		d->router_changed = a->routes[i].table != b->routes[i].table ||
				    a->routes[i].vrf != b->routes[i].vrf ||
				    a->routes[i].type != b->routes[i].type ||
				    a->routes[i].to.addr != b->routes[i].to.addr ||
				    a->routes[i].to.len != b->routes[i].to.len ||
				    a->routes[i].n_via != b->routes[i].n_via ||
				    a->routes[i].via_vrf != b->routes[i].via_vrf ||
				    a->routes[i].dev != b->routes[i].dev ||
				    memcmp(a->routes[i].via, b->routes[i].via,
					   sizeof(a->routes[i].via[0]) * b->routes[i].n_via) != 0;
	d->router_changed |= l3_conf6_changed(a, b);
	for (i = 0; i < b->n_neighs && !d->router_changed; i++)
		d->router_changed = a->neighs[i].rif != b->neighs[i].rif ||
				    a->neighs[i].addr != b->neighs[i].addr ||
				    memcmp(a->neighs[i].mac, b->neighs[i].mac, 6) != 0;
	return 0;
}

/* The copy keeps no routes: the original still owns them. */
static void
router_clear(struct vsw_config *cfg)
{
	cfg->l3.n_rifs = 0;
	cfg->l3.n_routes = 0;
	cfg->l3.routes = NULL;
	cfg->l3.n_neighs = 0;
	cfg->l3.n_rules = 0;
	cfg->l3.n_routes6 = 0;
	cfg->l3.n_neighs6 = 0;
	cfg->l3.n_host_paths = 0;
}

static void
router_release(struct vsw_config *cfg)
{
	free(cfg->l3.routes);
	cfg->l3.routes = NULL;
	cfg->l3.n_routes = 0;
}

const struct vsw_conf_section vsw_router_section = {
    .key = "router",
    .defaults = router_defaults,
    .parse = router_parse,
    .validate = router_validate,
    .diff = router_diff,
    .clear = router_clear,
    .release = router_release,
};
