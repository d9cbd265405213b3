/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the files of the 'router' config section (l3_conf.c, l3_rules_conf.c).
 */
#ifndef VSW_L3_CONF_PRIV_H
#define VSW_L3_CONF_PRIV_H

#include "vsw_yaml.h"

/** The netmask of a prefix length, host byte order. */
uint32_t l3_conf_mask_of(uint8_t len);
/** "a.b.c.d" (@p with_len false) or "a.b.c.d/len" for key @p key. */
int l3_conf_ip4(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		bool with_len, struct vsw_ip4_prefix *p);
/** -EINVAL unless @p node is a sequence ("expected a sequence of @p what for '@p key'"). */
int l3_conf_want_seq(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		     const char *what);
/** The index of the VRF @p node names ("default" when @p node is NULL). */
int l3_conf_vrf(const struct vsw_yaml *y, const yaml_node_t *node, const struct vsw_l3_conf *l3,
		uint8_t *out);
/** A routing table number: 1..65535, not 255. */
/** "N" or "N-M" (or an integer) into an inclusive port range @p r. */
int l3_conf_ports(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		  uint16_t r[2]);
int l3_conf_table(const struct vsw_yaml *y, const yaml_node_t *node, uint32_t *out);
/** One item of 'rules' into l3->rules[l3->n_rules++]. */
int l3_conf_rule(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_l3_conf *l3);

/** A route's 'type' (blackhole, unreachable, prohibit) as enum vsw_route_type. */
int l3_conf_route_type(const struct vsw_yaml *y, const yaml_node_t *node, unsigned int *type);

/**
 * A route's 'dev' (@p dev, may be NULL: *out 0) as 1 + its index: a router interface of VRF
 * @p via_vrf with an address of the route's family (IPv6 if @p v6), no 'type', not a lookup
 * in another VRF; without @p via *kind becomes
 * VSW_ROUTE_DEV (on-link). @return 0 or -EINVAL (reported).
 */
int l3_conf_route_dev(const struct vsw_yaml *y, const yaml_node_t *dev, const yaml_node_t *type,
		      const yaml_node_t *via, const struct vsw_l3_conf *l3, uint8_t via_vrf,
		      bool v6, unsigned int *kind, uint16_t *out);
/** An on-link route (@p kind VSW_ROUTE_DEV) is in the main table: -EINVAL (at @p table)
 *  when table @p t is another. */
int l3_conf_route_dev_table(const struct vsw_yaml *y, const yaml_node_t *table, unsigned int kind,
			    uint32_t t);

/* IPv6 (l3_conf6.c). */
/** Is @p node a scalar that reads as IPv6 (it has a ':'). */
bool l3_conf_is_ip6(const yaml_node_t *node);
/** "2001:db8::1" (@p with_len false) or "2001:db8::1/64" for key @p key. */
int l3_conf_ip6(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		bool with_len, struct vsw_ip6_prefix *p);
/** One IPv6 address of router interface @p r. */
int l3_conf6_rif_addr(const struct vsw_yaml *y, const yaml_node_t *node, struct vsw_rif_conf *r);
/** A route whose 'to' is IPv6, into l3->routes6. */
int l3_conf6_route(const struct vsw_yaml *y, const yaml_node_t *map, const yaml_node_t *to,
		   const yaml_node_t *via, const yaml_node_t *type, const yaml_node_t *vrf,
		   const yaml_node_t *table, const yaml_node_t *via_vrf, const yaml_node_t *dev,
		   struct vsw_l3_conf *l3);
/** A static neighbour whose address is IPv6, on interface index @p rif. */
int l3_conf6_neigh(const struct vsw_yaml *y, const yaml_node_t *map, uint8_t rif,
		   const yaml_node_t *addr, const yaml_node_t *mac, struct vsw_l3_conf *l3);
/** IPv6 gateways on a connected subnet of their VRF. @return 0 or -EINVAL (reported). */
int l3_conf6_validate(const struct vsw_yaml *y, const struct vsw_config *cfg);
/** Do the IPv6 routes or neighbours of @p a and @p b differ. */
bool l3_conf6_changed(const struct vsw_l3_conf *a, const struct vsw_l3_conf *b);
/** The sequence 'routes' into l3->routes (malloc'd, exactly its length; at most
 *  l3->max_routes). */
int l3_conf_routes(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_l3_conf *l3);

/** One item of 'host_path' into l3->host_paths[l3->n_host_paths++] (l3_host_conf.c). */
int l3_conf_host_path(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg);

#endif /* VSW_L3_CONF_PRIV_H */
