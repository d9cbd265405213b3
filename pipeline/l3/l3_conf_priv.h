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
int l3_conf_table(const struct vsw_yaml *y, const yaml_node_t *node, uint32_t *out);
/** One item of 'rules' into l3->rules[l3->n_rules++]. */
int l3_conf_rule(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_l3_conf *l3);

#endif /* VSW_L3_CONF_PRIV_H */
