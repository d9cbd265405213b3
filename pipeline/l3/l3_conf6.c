/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'router' section's IPv6 parts (l3_conf.c is the section): interface addresses, routes
 * and static neighbours whose address is IPv6. They share the IPv4 keys (an address with a
 * ':' is IPv6, as `ip` tells them apart) and land in their own arrays. Built into the config
 * library.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l3_conf_priv.h"
#include "vsw_sections.h"

bool
l3_conf_is_ip6(const yaml_node_t *node)
{
	return node != NULL && node->type == YAML_SCALAR_NODE &&
	       strchr(vsw_yaml_scalar(node), ':') != NULL;
}

int
l3_conf_ip6(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, bool with_len,
	    struct vsw_ip6_prefix *p)
{
	char shown[VSW_YAML_SHOW_BUF], buf[64], *slash, *end;
	unsigned long len = 128;

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
		if (*end != '\0' || len > 128)
			goto bad;
	}
	if (inet_pton(AF_INET6, buf, p->addr) != 1)
		goto bad;
	p->len = (uint8_t)len;
	return 0;
bad:
	return vsw_yaml_error(y, node, "expected an IPv6 %s like %s for '%s', got %s",
			      with_len ? "prefix" : "address",
			      with_len ? "\"2001:db8::1/64\"" : "2001:db8::1", key,
			      vsw_yaml_show(node, shown));
}

static bool
host_bits_set(const struct vsw_ip6_prefix *p)
{
	for (unsigned int bit = p->len; bit < 128; bit++)
		if (p->addr[bit / 8] & (0x80 >> (bit % 8)))
			return true;
	return false;
}

static bool
is_zero(const uint8_t a[16])
{
	static const uint8_t z[16];

	return memcmp(a, z, 16) == 0;
}

int
l3_conf6_rif_addr(const struct vsw_yaml *y, const yaml_node_t *node, struct vsw_rif_conf *r)
{
	struct vsw_ip6_prefix *p = &r->addrs6[r->n_addrs6];
	int ret;

	if (r->n_addrs6 >= VSW_MAX_RIF_ADDRS)
		return vsw_yaml_error(y, node, "too many IPv6 addresses (at most %u)",
				      VSW_MAX_RIF_ADDRS);
	ret = l3_conf_ip6(y, node, "addresses", true, p);
	if (ret < 0)
		return ret;
	if (p->len == 0 || p->len == 128 || is_zero(p->addr))
		return vsw_yaml_error(y, node, "%s is not an interface address (a /1../127 of a "
				      "global or unique-local address)", vsw_yaml_scalar(node));
	if (p->addr[0] == 0xff || (p->addr[0] == 0xfe && (p->addr[1] & 0xc0) == 0x80))
		return vsw_yaml_error(y, node,
				      "%s: multicast and link-local addresses are not configured "
				      "(the link-local address comes from the interface's MAC)",
				      vsw_yaml_scalar(node));
	for (unsigned int i = 0; i < r->n_addrs6; i++)
		if (memcmp(r->addrs6[i].addr, p->addr, 16) == 0)
			return vsw_yaml_error(y, node, "duplicate address %s",
					      vsw_yaml_scalar(node));
	r->n_addrs6++;
	return 0;
}

static int
via6(const struct vsw_yaml *y, const yaml_node_t *g, struct vsw_route6_conf *rt)
{
	struct vsw_ip6_prefix a;
	int ret = l3_conf_ip6(y, g, "via", false, &a);

	if (ret < 0)
		return ret;
	for (unsigned int j = 0; j < rt->n_via; j++)
		if (memcmp(rt->via[j], a.addr, 16) == 0)
			return vsw_yaml_error(y, g, "gateway %s is listed twice", vsw_yaml_scalar(g));
	memcpy(rt->via[rt->n_via++], a.addr, 16);
	return 0;
}

int
l3_conf6_route(const struct vsw_yaml *y, const yaml_node_t *map, const yaml_node_t *to,
	       const yaml_node_t *via, const yaml_node_t *type_node, const yaml_node_t *vrf,
	       const yaml_node_t *table, const yaml_node_t *via_vrf, const yaml_node_t *dev,
	       struct vsw_l3_conf *l3)
{
	struct vsw_route6_conf *rt = &l3->routes6[l3->n_routes6];
	unsigned int type = VSW_ROUTE_VIA;
	int ret;

	if (l3->n_routes6 >= VSW_MAX_ROUTES6)
		return vsw_yaml_error(y, map, "too many IPv6 routes (at most %u)", VSW_MAX_ROUTES6);
	memset(rt, 0, sizeof(*rt));
	ret = l3_conf_ip6(y, to, "to", true, &rt->to);
	if (ret < 0)
		return ret;
	if (host_bits_set(&rt->to))
		return vsw_yaml_error(y, to, "%s has host bits set (invalid prefix for its length)",
				      vsw_yaml_scalar(to));
	ret = l3_conf_vrf(y, vrf, l3, &rt->vrf);
	if (ret == 0 && type_node != NULL)
		ret = l3_conf_route_type(y, type_node, &type);
	if (ret < 0)
		return ret;
	rt->via_vrf = rt->vrf;
	if (via_vrf != NULL) {
		/* Route leaking, as IPv4's: gateways in another VRF, or a lookup in its table. */
		ret = l3_conf_vrf(y, via_vrf, l3, &rt->via_vrf);
		if (ret < 0)
			return ret;
		if (rt->via_vrf == rt->vrf)
			return vsw_yaml_error(y, via_vrf, "'via_vrf' names the route's own vrf '%s'",
					      l3->vrfs[rt->vrf]);
		if (type_node != NULL)
			return vsw_yaml_error(y, type_node,
					      "a route with 'via_vrf' has no 'type' (it forwards)");
		if (via == NULL)
			type = VSW_ROUTE_LOOKUP;
	}
	ret = l3_conf_route_dev(y, dev, type_node, via, l3, rt->via_vrf, true, &type, &rt->dev);
	if (ret < 0)
		return ret;
	if (type != VSW_ROUTE_LOOKUP && type != VSW_ROUTE_DEV &&
	    (type == VSW_ROUTE_VIA) != (via != NULL))
		return vsw_yaml_error(y, map,
				      "a route has either 'via' (a gateway), 'via_vrf' (a lookup "
				      "in another vrf), 'dev' (on-link) or 'type' (blackhole, "
				      "unreachable, prohibit)");
	if (via != NULL && via->type == YAML_SEQUENCE_NODE) {
		size_t n = vsw_yaml_seq_len(via);

		if (n == 0 || n > VSW_MAX_ECMP)
			return vsw_yaml_error(y, via, "expected 1 to %u gateways for 'via', got %zu",
					      VSW_MAX_ECMP, n);
		for (size_t i = 0; ret == 0 && i < n; i++)
			ret = via6(y, vsw_yaml_seq_item(y, via, i), rt);
	} else if (via != NULL) {
		ret = via6(y, via, rt);
	}
	if (ret < 0)
		return ret;
	rt->type = (uint8_t)type;
	rt->table = VSW_TABLE_MAIN;
	if (table != NULL) {
		/* A numbered table of the VRF, as IPv4's (`ip -6 route add ... table N`). */
		ret = l3_conf_table(y, table, &rt->table);
		if (ret == 0)
			ret = l3_conf_route_dev_table(y, table, type, rt->table);
		if (ret < 0)
			return ret;
	}
	for (unsigned int i = 0; i < l3->n_routes6; i++)
		if (l3->routes6[i].vrf == rt->vrf && l3->routes6[i].table == rt->table &&
		    l3->routes6[i].to.len == rt->to.len &&
		    memcmp(l3->routes6[i].to.addr, rt->to.addr, 16) == 0)
			return vsw_yaml_error(y, to, "duplicate route to %s (first at line %u)",
					      vsw_yaml_scalar(to), l3->routes6[i].mark.line);
	rt->mark = vsw_yaml_mark(map);
	l3->n_routes6++;
	return 0;
}

int
l3_conf6_neigh(const struct vsw_yaml *y, const yaml_node_t *map, uint8_t rif,
	       const yaml_node_t *addr, const yaml_node_t *mac, struct vsw_l3_conf *l3)
{
	struct vsw_neigh6_conf *n = &l3->neighs6[l3->n_neighs6];
	struct vsw_ip6_prefix a;
	int ret;

	if (l3->n_neighs6 >= VSW_MAX_STATIC_NEIGHS)
		return vsw_yaml_error(y, map, "too many IPv6 neighbours (at most %u)",
				      VSW_MAX_STATIC_NEIGHS);
	ret = l3_conf_ip6(y, addr, "address", false, &a);
	if (ret == 0)
		ret = vsw_yaml_mac(y, mac, n->mac);
	if (ret < 0)
		return ret;
	if (!vsw_l3_on_subnet6(&l3->rifs[rif], a.addr))
		return vsw_yaml_error(y, addr, "%s is not on a subnet of router interface '%s'",
				      vsw_yaml_scalar(addr), l3->rifs[rif].name);
	n->rif = rif;
	memcpy(n->addr, a.addr, 16);
	n->mark = vsw_yaml_mark(map);
	l3->n_neighs6++;
	return 0;
}

int
l3_conf6_validate(const struct vsw_yaml *y, const struct vsw_config *cfg)
{
	const struct vsw_l3_conf *l3 = &cfg->l3;
	char a[INET6_ADDRSTRLEN];

	for (unsigned int i = 0; i < l3->n_routes6; i++) {
		const struct vsw_route6_conf *rt = &l3->routes6[i];

		/* With 'dev' a gateway may be anywhere (onlink). */
		for (unsigned int g = 0; rt->dev == 0 && g < rt->n_via; g++) {
			bool ok = false;

			for (unsigned int p = 0; p < l3->n_rifs && !ok; p++)
				ok = l3->rifs[p].vrf == rt->via_vrf &&
				     vsw_l3_on_subnet6(&l3->rifs[p], rt->via[g]);
			if (ok)
				continue;
			inet_ntop(AF_INET6, rt->via[g], a, sizeof(a));
			return vsw_conf_error_at(y->err, y->name, rt->mark.line, rt->mark.column,
						 "gateway %s is not on a connected subnet of vrf "
						 "'%s'",
						 a, l3->vrfs[rt->via_vrf]);
		}
	}
	return 0;
}

bool
l3_conf6_changed(const struct vsw_l3_conf *a, const struct vsw_l3_conf *b)
{
	unsigned int i;

	if (a->n_routes6 != b->n_routes6 || a->n_neighs6 != b->n_neighs6)
		return true;
	for (i = 0; i < b->n_routes6; i++) {
		struct vsw_route6_conf x = a->routes6[i], z = b->routes6[i];

		x.mark = z.mark = (struct vsw_conf_mark){0, 0};
		if (memcmp(&x, &z, sizeof(x)) != 0)
			return true;
	}
	for (i = 0; i < b->n_neighs6; i++) {
		struct vsw_neigh6_conf x = a->neighs6[i], z = b->neighs6[i];

		x.mark = z.mark = (struct vsw_conf_mark){0, 0};
		if (memcmp(&x, &z, sizeof(x)) != 0)
			return true;
	}
	return false;
}
