/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'bridges' section once parsed: member and static-entry names resolved and checked
 * (resolve), and the bridges and static entries diffed by name (diff).
 *
 * Built into the config library (config/meson.build), which stays free of DPDK.
 */

#include <string.h>

#include "l2_conf.h"

static int
port_index_of(const struct vsw_config *cfg, const yaml_node_t *name)
{
	if (vsw_yaml_has_nul(name))
		return -1;
	return vsw_config_port_index(cfg, vsw_yaml_scalar(name));
}

/* Can @p port carry the VLAN of bridge @p br; reported at the member name @p node. */
static int
check_member_vlan(const struct vsw_yaml *y, const yaml_node_t *node,
		  const struct vsw_bridge_conf *br, const struct vsw_port_conf *port)
{
	if (br->vlan == 0) {
		if (port->vlan_mode == VSW_VLAN_NONE)
			return 0;
		return vsw_yaml_error(y, node,
				      "bridge '%s' is untagged (vlan 0) but port '%s' has "
				      "vlan_mode %s (line %u); untagged bridges take ports without "
				      "vlan_mode",
				      br->name, port->name, vsw_vlan_mode_name(port->vlan_mode),
				      port->vlan_mark.line);
	}
	switch (port->vlan_mode) {
	case VSW_VLAN_ACCESS:
	case VSW_VLAN_DOT1Q_TUNNEL:
		if (port->tag == br->vlan)
			return 0;
		return vsw_yaml_error(y, node,
				      "bridge '%s' has VLAN %u but port '%s' has vlan_mode %s with "
				      "tag %u (line %u)",
				      br->name, br->vlan, port->name,
				      vsw_vlan_mode_name(port->vlan_mode), port->tag,
				      port->vlan_mark.line);
	case VSW_VLAN_TRUNK:
		if (vsw_vlan_bit(port->trunks, br->vlan))
			return 0;
		return vsw_yaml_error(y, node,
				      "bridge '%s' has VLAN %u but trunk port '%s' does not carry "
				      "it (add it to 'trunks', line %u)",
				      br->name, br->vlan, port->name, port->vlan_mark.line);
	case VSW_VLAN_NONE:
	default:
		return vsw_yaml_error(y, node,
				      "bridge '%s' has VLAN %u but port '%s' has no vlan_mode "
				      "(expected access or dot1q-tunnel with tag %u, or trunk "
				      "carrying VLAN %u)",
				      br->name, br->vlan, port->name, br->vlan, br->vlan);
	}
}

/* The bridge before bridge @p i, of the same VLAN, that port @p port is a member of. */
static unsigned int
bridge_of(const struct vsw_config *cfg, unsigned int i, int port)
{
	unsigned int j, k;

	for (j = 0; j < i; j++) {
		const struct vsw_bridge_conf *o = &cfg->bridges[j];

		if (o->vlan != cfg->bridges[i].vlan)
			continue;
		for (k = 0; k < o->n_ports; k++)
			if (o->ports[k] == port)
				return j;
	}
	return i; /* Not reached: the caller knows there is one. */
}

/*
 * Resolve the members of bridge @p i and check each one. @p claimed[port] holds the VLANs the
 * port already carries in bridges before this one (bit 0: an untagged bridge).
 */
static int
check_bridge_ports(const struct vsw_yaml *y, struct vsw_config *cfg, unsigned int i,
		   const yaml_node_t *seq, uint8_t claimed[][VSW_VLAN_BITMAP_BYTES])
{
	struct vsw_bridge_conf *br = &cfg->bridges[i];
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	for (size_t m = 0; m < vsw_yaml_seq_len(seq); m++) {
		const yaml_node_t *name = vsw_yaml_seq_item(y, seq, m);
		const char *s = vsw_yaml_scalar(name);
		int idx = port_index_of(cfg, name);

		if (idx < 0)
			return vsw_yaml_error(y, name, "unknown port %s in bridge '%s'",
					      vsw_yaml_show(name, shown), br->name);
		/* No duplicates and only known names: at most n_ports <= VSW_MAX_PORTS members. */
		for (size_t k = 0; k < m; k++)
			if (br->ports[k] == idx)
				return vsw_yaml_error(y, name,
						      "port '%s' is listed twice in bridge '%s' "
						      "(first at line %u)",
						      s, br->name,
						      vsw_yaml_line(vsw_yaml_seq_item(y, seq, k)));
		for (unsigned int x = 0; x < cfg->n_xconnects; x++)
			if (cfg->xconnects[x].a == idx || cfg->xconnects[x].b == idx)
				return vsw_yaml_error(y, name,
						      "port '%s' is cross-connected (line %u) and "
						      "cannot join bridge '%s'",
						      s, cfg->xconnects[x].mark.line, br->name);
		ret = check_member_vlan(y, name, br, &cfg->ports[idx]);
		if (ret < 0)
			return ret;
		if (vsw_vlan_bit(claimed[idx], br->vlan)) {
			const struct vsw_bridge_conf *o = &cfg->bridges[bridge_of(cfg, i, idx)];

			if (br->vlan == 0)
				return vsw_yaml_error(y, name,
						      "port '%s' is already in untagged bridge "
						      "'%s' (line %u)",
						      s, o->name, o->mark.line);
			return vsw_yaml_error(y, name,
					      "port '%s' already carries VLAN %u in bridge '%s' "
					      "(line %u)",
					      s, br->vlan, o->name, o->mark.line);
		}
		vsw_vlan_set(claimed[idx], br->vlan);
		br->ports[m] = (uint16_t)idx;
		br->n_ports = (uint16_t)(m + 1);
	}
	return 0;
}

/*
 * Resolve the ports of the static entries of bridge @p i, which start at cfg->static_macs[@p
 * first], and check them against its (already resolved) members.
 */
static int
check_static_macs(const struct vsw_yaml *y, struct vsw_config *cfg, unsigned int i,
		  const yaml_node_t *seq, unsigned int first)
{
	const struct vsw_bridge_conf *br = &cfg->bridges[i];
	char shown[VSW_YAML_SHOW_BUF];

	for (size_t e = 0; e < vsw_yaml_seq_len(seq); e++) {
		struct vsw_fdb_static_conf *st = &cfg->static_macs[first + e];
		const yaml_node_t *entry = vsw_yaml_seq_item(y, seq, e);
		const yaml_node_t *name = vsw_yaml_map_get(y, entry, "port");
		unsigned int k;
		int idx;

		idx = port_index_of(cfg, name);
		if (idx < 0)
			return vsw_yaml_error(y, name,
					      "unknown port %s in static_macs of bridge '%s'",
					      vsw_yaml_show(name, shown), br->name);
		for (k = 0; k < br->n_ports; k++)
			if (br->ports[k] == idx)
				break;
		if (k == br->n_ports)
			return vsw_yaml_error(y, name,
					      "port '%s' is not a member of bridge '%s' (a static "
					      "MAC entry must name one of the bridge's ports)",
					      vsw_yaml_scalar(name), br->name);
		for (k = first; k < first + e; k++)
			if (memcmp(cfg->static_macs[k].mac, st->mac, 6) == 0) {
				const yaml_node_t *mac = vsw_yaml_map_get(y, entry, "mac");

				return vsw_yaml_error(y, mac,
						      "MAC %s is listed twice in static_macs of "
						      "bridge '%s' (first at line %u)",
						      vsw_yaml_show(mac, shown), br->name,
						      cfg->static_macs[k].mark.line);
			}
		st->port = (uint16_t)idx;
	}
	return 0;
}

int
vsw_bridges_resolve(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	/* 16 KiB: the VLANs each port already carries in a bridge. */
	uint8_t claimed[VSW_MAX_PORTS][VSW_VLAN_BITMAP_BYTES];
	unsigned int i, j, first = 0;
	int ret;

	if (seq == NULL)
		return 0;

	for (i = 1; i < cfg->n_bridges; i++)
		for (j = 0; j < i; j++)
			if (strcmp(cfg->bridges[i].name, cfg->bridges[j].name) == 0) {
				const yaml_node_t *a = vsw_yaml_seq_item(y, seq, i);
				const yaml_node_t *b = vsw_yaml_seq_item(y, seq, j);

				return vsw_yaml_error(
				    y, vsw_yaml_map_get(y, a, "name"),
				    "duplicate bridge name '%s' (first defined at line %u)",
				    cfg->bridges[i].name,
				    vsw_yaml_line(vsw_yaml_map_get(y, b, "name")));
			}

	memset(claimed, 0, sizeof(claimed));
	for (i = 0; i < cfg->n_bridges; i++) {
		const yaml_node_t *map = vsw_yaml_seq_item(y, seq, i);
		const yaml_node_t *statics = vsw_yaml_map_get(y, map, "static_macs");

		ret = check_bridge_ports(y, cfg, i, vsw_yaml_map_get(y, map, "ports"), claimed);
		if (ret < 0)
			return ret;
		if (statics == NULL)
			continue;
		ret = check_static_macs(y, cfg, i, statics, first);
		if (ret < 0)
			return ret;
		first += (unsigned int)vsw_yaml_seq_len(statics);
	}
	return 0;
}

/* -------------------------------------------------------------------------------------------
 * Diff
 */

/* Is the port called @p name a member of bridge @p br of @p cfg. */
static bool
has_member(const struct vsw_config *cfg, const struct vsw_bridge_conf *br, const char *name)
{
	for (unsigned int k = 0; k < br->n_ports; k++)
		if (strcmp(cfg->ports[br->ports[k]].name, name) == 0)
			return true;
	return false;
}

static uint32_t
bridge_changes(const struct vsw_config *o, const struct vsw_bridge_conf *ob,
	       const struct vsw_config *n, const struct vsw_bridge_conf *nb)
{
	uint32_t mask = 0;

	/* Members are distinct: equal counts and inclusion one way mean equal sets. */
	if (ob->n_ports != nb->n_ports)
		mask |= VSW_BRIDGE_CHG_MEMBERS;
	for (unsigned int k = 0; k < nb->n_ports && !(mask & VSW_BRIDGE_CHG_MEMBERS); k++)
		if (!has_member(o, ob, n->ports[nb->ports[k]].name))
			mask |= VSW_BRIDGE_CHG_MEMBERS;
	if (ob->vlan != nb->vlan)
		mask |= VSW_BRIDGE_CHG_VLAN;
	if (ob->aging_s != nb->aging_s)
		mask |= VSW_BRIDGE_CHG_AGING;
	if (ob->flood_unknown != nb->flood_unknown)
		mask |= VSW_BRIDGE_CHG_FLOOD;
	if (ob->mac_limit != nb->mac_limit)
		mask |= VSW_BRIDGE_CHG_MAC_LIMIT;
	return mask;
}

/* Does @p cfg hold static entry @p st of config @p from (same bridge, MAC and port names). */
static bool
has_static(const struct vsw_config *cfg, const struct vsw_config *from,
	   const struct vsw_fdb_static_conf *st)
{
	const char *bridge = from->bridges[st->bridge].name, *port = from->ports[st->port].name;

	for (unsigned int i = 0; i < cfg->n_static_macs; i++) {
		const struct vsw_fdb_static_conf *s = &cfg->static_macs[i];

		if (memcmp(s->mac, st->mac, sizeof(st->mac)) == 0 &&
		    strcmp(cfg->bridges[s->bridge].name, bridge) == 0 &&
		    strcmp(cfg->ports[s->port].name, port) == 0)
			return true;
	}
	return false;
}

int
vsw_bridges_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
		 char *err)
{
	unsigned int i;

	(void)err;
	for (i = 0; i < n->n_bridges; i++) {
		int oi = vsw_config_bridge_index(o, n->bridges[i].name);
		uint32_t mask;

		if (oi < 0) {
			d->bridges_added[d->n_bridges_added++] = (uint16_t)i;
			continue;
		}
		mask = bridge_changes(o, &o->bridges[oi], n, &n->bridges[i]);
		if (mask != 0)
			d->bridges_changed[d->n_bridges_changed++] = (struct vsw_diff_change){
			    .old_index = (uint16_t)oi, .new_index = (uint16_t)i, .mask = mask};
	}
	for (i = 0; i < o->n_bridges; i++)
		if (vsw_config_bridge_index(n, o->bridges[i].name) < 0)
			d->bridges_removed[d->n_bridges_removed++] = (uint16_t)i;

	for (i = 0; i < n->n_static_macs; i++)
		if (!has_static(o, n, &n->static_macs[i]))
			d->static_added[d->n_static_added++] = (uint16_t)i;
	for (i = 0; i < o->n_static_macs; i++)
		if (!has_static(n, o, &o->static_macs[i]))
			d->static_removed[d->n_static_removed++] = (uint16_t)i;
	return 0;
}
