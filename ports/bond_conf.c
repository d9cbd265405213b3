/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A bond's keys in its port mapping: which ports are its members and how it uses them.
 * Built into the config library (config/meson.build), free of DPDK.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bond_conf.h"

static const char *const mode_names[] = {
    [VSW_BOND_ACTIVE_BACKUP] = "active-backup",
};

const char *
vsw_bond_mode_name(enum vsw_bond_mode mode)
{
	return (unsigned int)mode < sizeof(mode_names) / sizeof(mode_names[0]) ?
		       mode_names[mode] :
		       "unknown";
}

int
vsw_bond_conf_parse(const struct vsw_yaml *y, const yaml_node_t *map, const yaml_node_t *members,
		    const yaml_node_t *mode, struct vsw_port_conf *port)
{
	char shown[VSW_YAML_SHOW_BUF];
	unsigned int m = 0;
	size_t n, i, j;
	int ret;

	if (mode != NULL) {
		ret = vsw_yaml_enum(y, mode, "bond_mode", mode_names,
				    sizeof(mode_names) / sizeof(mode_names[0]), &m);
		if (ret < 0)
			return ret;
	}
	port->bond_mode = (enum vsw_bond_mode)m;
	if (members == NULL)
		return vsw_yaml_error(y, map, "missing required key 'members' for kind 'bond'");
	n = members->type == YAML_SEQUENCE_NODE ? vsw_yaml_seq_len(members) : 0;
	if (n == 0 || n > VSW_BOND_MAX_MEMBERS)
		return vsw_yaml_error(y, members,
				      "expected a sequence of 1 to %u port names for 'members', "
				      "got %s",
				      VSW_BOND_MAX_MEMBERS, vsw_yaml_show(members, shown));
	for (i = 0; i < n; i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, members, i);

		ret = vsw_yaml_name(y, item, "port", port->member_names[i]);
		if (ret < 0)
			return ret;
		for (j = 0; j < i; j++)
			if (strcmp(port->member_names[i], port->member_names[j]) == 0)
				return vsw_yaml_error(y, item, "port '%s' is twice in 'members'",
						      port->member_names[i]);
	}
	port->n_members = (uint16_t)n;
	port->members_mark = vsw_yaml_mark(members);
	return 0;
}

/* What else uses port @p idx, or NULL. */
static const char *
port_user(const struct vsw_config *cfg, unsigned int idx, char *buf, size_t len)
{
	unsigned int b, p;

	for (b = 0; b < cfg->n_bridges; b++)
		for (p = 0; p < cfg->bridges[b].n_ports; p++)
			if (cfg->bridges[b].ports[p] == idx) {
				snprintf(buf, len, "bridge '%s'", cfg->bridges[b].name);
				return buf;
			}
	for (p = 0; p < cfg->n_xconnects; p++)
		if (cfg->xconnects[p].a == idx || cfg->xconnects[p].b == idx)
			return "a cross-connect";
	for (p = 0; p < cfg->l3.n_rifs; p++)
		if (cfg->l3.rifs[p].port == idx) {
			snprintf(buf, len, "router interface '%s'", cfg->l3.rifs[p].name);
			return buf;
		}
	return NULL;
}

int
vsw_bond_conf_validate(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	int owner[VSW_MAX_PORTS];
	char buf[VSW_NAME_MAX + 32];
	unsigned int i, k;

	for (i = 0; i < VSW_MAX_PORTS; i++)
		owner[i] = -1;
	for (i = 0; i < cfg->n_ports; i++) {
		struct vsw_port_conf *b = &cfg->ports[i];
		const yaml_node_t *members;

		if (b->kind != VSW_PORT_BOND)
			continue;
		members = vsw_yaml_map_get(y, vsw_yaml_seq_item(y, seq, i), "members");
		for (k = 0; k < b->n_members; k++) {
			const yaml_node_t *item = vsw_yaml_seq_item(y, members, k);
			int m = vsw_config_port_index(cfg, b->member_names[k]);
			const char *user;

			if (m < 0)
				return vsw_yaml_error(y, item, "unknown port '%s' in 'members' of "
							       "bond '%s'",
						      b->member_names[k], b->name);
			if (cfg->ports[m].kind == VSW_PORT_BOND)
				return vsw_yaml_error(y, item,
						      "port '%s' is a bond: a bond's members are "
						      "ports with a device",
						      b->member_names[k]);
			if (owner[m] >= 0)
				return vsw_yaml_error(y, item,
						      "port '%s' is already a member of bond '%s'",
						      b->member_names[k], cfg->ports[owner[m]].name);
			user = port_user(cfg, (unsigned int)m, buf, sizeof(buf));
			if (user != NULL)
				return vsw_yaml_error(y, item,
						      "port '%s' is a member of bond '%s' and cannot "
						      "also be used by %s (use the bond)",
						      b->member_names[k], b->name, user);
			owner[m] = (int)i;
			b->members[k] = (uint16_t)m;
		}
	}
	return 0;
}

bool
vsw_bond_conf_changed(const struct vsw_port_conf *o, const struct vsw_port_conf *n)
{
	unsigned int k;

	if (o->kind != VSW_PORT_BOND || n->kind != VSW_PORT_BOND)
		return false; /* a kind change is a device change by itself */
	if (o->bond_mode != n->bond_mode || o->n_members != n->n_members)
		return true;
	for (k = 0; k < n->n_members; k++)
		if (strcmp(o->member_names[k], n->member_names[k]) != 0)
			return true;
	return false;
}
