/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'router' section's policy rules and table numbers (part of l3_conf.c, which is the
 * section; its helpers are in l3_conf_priv.h). Built into the config library.
 */

#include <stdlib.h>
#include <string.h>

#include "l3_conf_priv.h"
#include "vsw_sections.h"

enum { U_PRIORITY, U_VRF, U_FROM, U_TO, U_IIF, U_PROTO, U_SPORT, U_DPORT, U_DSCP, U_TABLE,
       U_ACTION, U_FAMILY, U_COUNT };
static const char *const rule_keys[U_COUNT] = {
    [U_PRIORITY] = "priority", [U_VRF] = "vrf",     [U_FROM] = "from",   [U_TO] = "to",
    [U_IIF] = "iif",           [U_PROTO] = "proto", [U_SPORT] = "sport", [U_DPORT] = "dport",
    [U_DSCP] = "dscp",         [U_TABLE] = "table", [U_ACTION] = "action",
    [U_FAMILY] = "family",
};
static const char *const rule_actions[] = {"blackhole", "prohibit"};

/* A routing table number: 1..65535, not 255 (Linux's local table; 254 is main). */
int
l3_conf_table(const struct vsw_yaml *y, const yaml_node_t *node, uint32_t *out)
{
	int ret = vsw_yaml_uint(y, node, "table", 1, 65535, out);

	if (ret == 0 && *out == 255)
		return vsw_yaml_error(y, node,
				      "table 255 is Linux's local table: the router's own "
				      "addresses are always local");
	return ret;
}

int
l3_conf_ports(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, uint16_t r[2])
{
	char shown[VSW_YAML_SHOW_BUF], *end;
	const char *s;
	unsigned long lo, hi;

	if (node->type != YAML_SCALAR_NODE || vsw_yaml_has_nul(node))
		goto bad;
	s = vsw_yaml_scalar(node);
	if (*s < '0' || *s > '9')
		goto bad;
	lo = hi = strtoul(s, &end, 10);
	if (*end == '-') {
		if (end[1] < '0' || end[1] > '9')
			goto bad;
		hi = strtoul(end + 1, &end, 10);
	}
	if (*end != '\0' || lo > 65535 || hi > 65535 || lo > hi)
		goto bad;
	r[0] = (uint16_t)lo;
	r[1] = (uint16_t)hi;
	return 0;
bad:
	return vsw_yaml_error(y, node, "expected a port or a range like 1024-65535 for '%s', got %s",
			      key, vsw_yaml_show(node, shown));
}

/*
 * The rule's family, as `ip rule` (4) and `ip -6 rule` (6) keep two lists: what its
 * prefixes are (an IPv6 one has a colon), else `family`, else 4. @return 0 or -EINVAL.
 */
static int
rule_family(const struct vsw_yaml *y, const yaml_node_t *map, yaml_node_t *const *vals,
	    uint8_t *family)
{
	bool from6 = vals[U_FROM] != NULL && l3_conf_is_ip6(vals[U_FROM]);
	bool to6 = vals[U_TO] != NULL && l3_conf_is_ip6(vals[U_TO]);
	uint32_t f = 0;
	int ret;

	if (vals[U_FROM] != NULL && vals[U_TO] != NULL && from6 != to6)
		return vsw_yaml_error(y, map, "a rule's 'from' and 'to' are of one family");
	if (vals[U_FAMILY] != NULL) {
		ret = vsw_yaml_uint(y, vals[U_FAMILY], "family", 4, 6, &f);
		if (ret == 0 && f == 5)
			ret = vsw_yaml_error(y, vals[U_FAMILY], "expected 4 or 6 for 'family'");
		if (ret < 0)
			return ret;
	}
	*family = from6 || to6 ? 6 : vals[U_FROM] != NULL || vals[U_TO] != NULL ? 4 :
								       f != 0 ? (uint8_t)f : 4;
	if (f != 0 && f != *family)
		return vsw_yaml_error(y, vals[U_FAMILY], "family %u, but the rule's prefixes are "
				      "IPv%u", f, *family);
	return 0;
}

int
l3_conf_rule(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_l3_conf *l3)
{
	static const char *const protos[] = {"icmp", "tcp", "udp", "icmpv6"};
	static const uint8_t proto_num[] = {1, 6, 17, 58};
	struct vsw_rule_conf *u = &l3->rules[l3->n_rules];
	yaml_node_t *keys[U_COUNT], *vals[U_COUNT];
	char shown[VSW_YAML_SHOW_BUF];
	unsigned int i, e;
	uint32_t v;
	int ret;

	ret = vsw_yaml_want_map(y, map, "rules");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a rule", rule_keys, U_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	memset(u, 0, sizeof(*u));
	u->iif = VSW_RIF_NONE;
	u->sport[1] = u->dport[1] = 65535;
	if (vals[U_PRIORITY] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'priority' in a rule");
	ret = vsw_yaml_uint(y, vals[U_PRIORITY], "priority", 0, 32766, &u->priority);
	if (ret == 0)
		ret = l3_conf_vrf(y, vals[U_VRF], l3, &u->vrf);
	if (ret == 0)
		ret = rule_family(y, map, vals, &u->family);
	if (ret < 0)
		return ret;
	for (i = 0; i < l3->n_rules; i++)
		if (l3->rules[i].vrf == u->vrf && l3->rules[i].family == u->family &&
		    l3->rules[i].priority == u->priority)
			return vsw_yaml_error(y, vals[U_PRIORITY],
					      "two IPv%u rules with priority %u (first at line %u)",
					      u->family, u->priority, l3->rules[i].mark.line);
	if (vals[U_FROM] != NULL) {
		ret = u->family == 6 ? l3_conf_ip6(y, vals[U_FROM], "from", true, &u->from6) :
				       l3_conf_ip4(y, vals[U_FROM], "from", true, &u->from);
		u->has_from = true;
	}
	if (ret == 0 && vals[U_TO] != NULL) {
		ret = u->family == 6 ? l3_conf_ip6(y, vals[U_TO], "to", true, &u->to6) :
				       l3_conf_ip4(y, vals[U_TO], "to", true, &u->to);
		u->has_to = true;
	}
	if (ret == 0 && vals[U_IIF] != NULL) {
		for (i = 0; i < l3->n_rifs; i++)
			if (vals[U_IIF]->type == YAML_SCALAR_NODE && !vsw_yaml_has_nul(vals[U_IIF]) &&
			    strcmp(l3->rifs[i].name, vsw_yaml_scalar(vals[U_IIF])) == 0)
				break;
		if (i == l3->n_rifs)
			return vsw_yaml_error(y, vals[U_IIF], "unknown router interface %s",
					      vsw_yaml_show(vals[U_IIF], shown));
		u->iif = (uint16_t)i;
	}
	if (ret == 0 && vals[U_PROTO] != NULL) {
		if (vsw_yaml_enum(y, vals[U_PROTO], "proto", protos, 4, &e) == 0) {
			u->proto = proto_num[e];
		} else {
			ret = vsw_yaml_uint(y, vals[U_PROTO], "proto", 1, 255, &v);
			if (ret < 0)
				return vsw_yaml_error(y, vals[U_PROTO],
						      "expected tcp, udp, icmp, icmpv6 or a "
						      "protocol number 1..255 for 'proto', got %s",
						      vsw_yaml_show(vals[U_PROTO], shown));
			u->proto = (uint8_t)v;
		}
		/* ICMP is protocol 1 in IPv4 and next header 58 in IPv6: naming the other
		 * family's would never match. */
		if ((u->family == 6 && u->proto == 1) || (u->family != 6 && u->proto == 58))
			return vsw_yaml_error(y, vals[U_PROTO], "an IPv%u rule: 'proto: %s'",
					      u->family, u->family == 6 ? "icmpv6" : "icmp");
	}
	if (ret == 0 && vals[U_SPORT] != NULL)
		ret = l3_conf_ports(y, vals[U_SPORT], "sport", u->sport);
	if (ret == 0 && vals[U_DPORT] != NULL)
		ret = l3_conf_ports(y, vals[U_DPORT], "dport", u->dport);
	if (ret == 0 && (vals[U_SPORT] != NULL || vals[U_DPORT] != NULL) && u->proto != 6 &&
	    u->proto != 17)
		return vsw_yaml_error(y, vals[U_SPORT] != NULL ? vals[U_SPORT] : vals[U_DPORT],
				      "a rule with ports needs 'proto: tcp' or 'proto: udp'");
	if (ret == 0 && vals[U_DSCP] != NULL) {
		ret = vsw_yaml_uint(y, vals[U_DSCP], "dscp", 0, 63, &v);
		u->dscp = (uint8_t)v;
		u->has_dscp = true;
	}
	if (ret < 0)
		return ret;
	if ((vals[U_TABLE] == NULL) == (vals[U_ACTION] == NULL))
		return vsw_yaml_error(y, map,
				      "a rule has either 'table' or 'action' (blackhole, prohibit)");
	if (vals[U_TABLE] != NULL) {
		u->action = VSW_RULE_TABLE;
		ret = l3_conf_table(y, vals[U_TABLE], &u->table);
	} else {
		ret = vsw_yaml_enum(y, vals[U_ACTION], "action", rule_actions, 2, &e);
		u->action = (uint8_t)(e == 0 ? VSW_RULE_BLACKHOLE : VSW_RULE_PROHIBIT);
	}
	if (ret < 0)
		return ret;
	u->mark = vsw_yaml_mark(map);
	l3->n_rules++;
	return 0;
}

