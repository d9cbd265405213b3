/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'bridges' and 'fdb' config sections: parse, check and diff.
 *
 * Built into the config library (config/meson.build), which stays free of DPDK. Bridges name
 * their member ports and the ports of their static MAC entries; the names are resolved once
 * every section is parsed (resolve), in file order, so each error points at the name at
 * fault. The diff matches bridges and static entries by name, never by index.
 */

#include <string.h>

#include "l2_conf.h"
#include "vsw_sections.h"

enum { B_NAME, B_VLAN, B_PORTS, B_AGING_S, B_FLOOD_UNKNOWN, B_MAC_LIMIT, B_STATIC_MACS, B_COUNT };
static const char *const bridge_keys[B_COUNT] = {
    [B_NAME] = "name",
    [B_VLAN] = "vlan",
    [B_PORTS] = "ports",
    [B_AGING_S] = "aging_s",
    [B_FLOOD_UNKNOWN] = "flood_unknown",
    [B_MAC_LIMIT] = "mac_limit",
    [B_STATIC_MACS] = "static_macs",
};

enum { S_MAC, S_PORT, S_COUNT };
static const char *const static_keys[S_COUNT] = {
    [S_MAC] = "mac",
    [S_PORT] = "port",
};

/* -------------------------------------------------------------------------------------------
 * Parse
 */

/* Static entries of bridge @p bridge; the port names are resolved later. */
static int
parse_static_macs(const struct vsw_yaml *y, const yaml_node_t *seq, unsigned int bridge,
		  struct vsw_config *cfg)
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	if (seq->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, seq,
				      "expected a sequence of {mac, port} mappings for "
				      "'static_macs', got %s",
				      vsw_yaml_show(seq, shown));
	for (size_t i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);
		yaml_node_t *keys[S_COUNT], *vals[S_COUNT];
		struct vsw_fdb_static_conf *st;

		if (item->type != YAML_MAPPING_NODE)
			return vsw_yaml_error(y, item,
					      "expected a mapping like {mac: "
					      "\"02:00:00:00:00:01\", port: vm0} in 'static_macs', "
					      "got %s",
					      vsw_yaml_show(item, shown));
		if (cfg->n_static_macs >= VSW_MAX_STATIC_MACS)
			return vsw_yaml_error(y, item,
					      "too many static MAC entries (at most %u over all "
					      "bridges)",
					      VSW_MAX_STATIC_MACS);
		ret = vsw_yaml_map_keys(y, item, "in static_macs entry", static_keys, S_COUNT, keys,
					vals);
		if (ret < 0)
			return ret;
		for (unsigned int k = 0; k < S_COUNT; k++)
			if (vals[k] == NULL)
				return vsw_yaml_error(y, item,
						      "missing required key '%s' in static_macs "
						      "entry",
						      static_keys[k]);
		st = &cfg->static_macs[cfg->n_static_macs];
		ret = vsw_yaml_mac(y, vals[S_MAC], st->mac);
		if (ret < 0)
			return ret;
		if (vals[S_PORT]->type != YAML_SCALAR_NODE || vsw_yaml_is_null(vals[S_PORT]))
			return vsw_yaml_error(y, vals[S_PORT],
					      "expected a port name for 'port' in 'static_macs', "
					      "got %s",
					      vsw_yaml_show(vals[S_PORT], shown));
		st->bridge = (uint16_t)bridge;
		st->mark = vsw_yaml_mark(item);
		cfg->n_static_macs++;
	}
	return 0;
}

/* Shape only for 'ports' and the static entries' ports: resolved later. */
static int
parse_bridge(const struct vsw_yaml *y, const yaml_node_t *map, unsigned int index,
	     struct vsw_config *cfg)
{
	struct vsw_bridge_conf *br = &cfg->bridges[index];
	yaml_node_t *keys[B_COUNT], *vals[B_COUNT];
	char shown[VSW_YAML_SHOW_BUF];
	const yaml_node_t *ports;
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return vsw_yaml_error(y, map, "expected a mapping for a bridge, got %s",
				      vsw_yaml_show(map, shown));
	ret = vsw_yaml_map_keys(y, map, "in bridge", bridge_keys, B_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	br->mark = vsw_yaml_mark(map);

	if (vals[B_NAME] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'name' in bridge");
	ret = vsw_yaml_name(y, vals[B_NAME], "bridge", br->name);
	if (ret < 0)
		return ret;

	if (vals[B_VLAN] != NULL) {
		ret = vsw_yaml_u16(y, vals[B_VLAN], "vlan", 0, VSW_VLAN_MAX, &br->vlan);
		if (ret < 0)
			return ret;
	}

	ports = vals[B_PORTS];
	if (ports == NULL)
		return vsw_yaml_error(y, map, "missing required key 'ports' in bridge '%s'",
				      br->name);
	if (ports->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, ports,
				      "expected a sequence of port names for 'ports' in bridge "
				      "'%s', got %s",
				      br->name, vsw_yaml_show(ports, shown));
	if (vsw_yaml_seq_len(ports) == 0)
		return vsw_yaml_error(y, ports,
				      "expected a non-empty sequence of port names for 'ports' in "
				      "bridge '%s'",
				      br->name);
	for (size_t i = 0; i < vsw_yaml_seq_len(ports); i++) {
		const yaml_node_t *name = vsw_yaml_seq_item(y, ports, i);

		if (name->type != YAML_SCALAR_NODE || vsw_yaml_is_null(name))
			return vsw_yaml_error(y, name,
					      "expected a port name in 'ports' of bridge '%s', got "
					      "%s",
					      br->name, vsw_yaml_show(name, shown));
	}

	br->aging_s = VSW_DEF_AGING_S;
	if (vals[B_AGING_S] != NULL) {
		ret = vsw_yaml_uint(y, vals[B_AGING_S], "aging_s", 0, 1000000, &br->aging_s);
		if (ret < 0)
			return ret;
	}
	br->flood_unknown = true;
	if (vals[B_FLOOD_UNKNOWN] != NULL) {
		ret = vsw_yaml_bool(y, vals[B_FLOOD_UNKNOWN], "flood_unknown", &br->flood_unknown);
		if (ret < 0)
			return ret;
	}
	if (vals[B_MAC_LIMIT] != NULL) {
		ret = vsw_yaml_uint(y, vals[B_MAC_LIMIT], "mac_limit", 0, VSW_MAC_LIMIT_MAX,
				    &br->mac_limit);
		if (ret < 0)
			return ret;
	}
	if (vals[B_STATIC_MACS] != NULL)
		return parse_static_macs(y, vals[B_STATIC_MACS], index, cfg);
	return 0;
}

static int
bridges_parse(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	if (seq->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, seq,
				      "expected a sequence of bridges for 'bridges', got %s",
				      vsw_yaml_show(seq, shown));
	for (size_t i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);

		if (i >= VSW_MAX_BRIDGES)
			return vsw_yaml_error(y, item, "too many bridges (at most %u)",
					      VSW_MAX_BRIDGES);
		ret = parse_bridge(y, item, (unsigned int)i, cfg);
		if (ret < 0)
			return ret;
		cfg->n_bridges = (unsigned int)i + 1;
	}
	return 0;
}

static void
bridges_clear(struct vsw_config *cfg)
{
	cfg->n_bridges = 0;
	cfg->n_static_macs = 0;
}

const struct vsw_conf_section vsw_bridges_section = {
    .key = "bridges",
    .parse = bridges_parse,
    .resolve = vsw_bridges_resolve,
    .diff = vsw_bridges_diff,
    .clear = bridges_clear,
};

/* -------------------------------------------------------------------------------------------
 * fdb
 */

enum { F_SIZE, F_COUNT };
static const char *const fdb_keys[F_COUNT] = {
    [F_SIZE] = "size",
};

static void
fdb_defaults(struct vsw_config *cfg)
{
	cfg->fdb_size = VSW_DEF_FDB_SIZE;
}

static int
fdb_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	yaml_node_t *keys[F_COUNT], *vals[F_COUNT];
	int ret;

	ret = vsw_yaml_want_map(y, map, "fdb");
	if (ret < 0)
		return ret;
	ret = vsw_yaml_map_keys(y, map, "in fdb", fdb_keys, F_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	cfg->fdb_mark = vsw_yaml_mark(map);
	if (vals[F_SIZE] != NULL) {
		ret = vsw_yaml_uint(y, vals[F_SIZE], "size", 1024, 16777216, &cfg->fdb_size);
		if (ret < 0)
			return ret;
		cfg->fdb_size_mark = vsw_yaml_mark(vals[F_SIZE]);
	}
	return 0;
}

/* The default FDB always holds every static entry: only an explicit fdb.size can be short. */
_Static_assert(VSW_MAX_STATIC_MACS <= VSW_DEF_FDB_SIZE, "default FDB smaller than static MACs");

static int
fdb_validate(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	if (cfg->n_static_macs > cfg->fdb_size)
		return vsw_yaml_error(y, vsw_yaml_map_get(y, map, "size"),
				      "fdb 'size' %u is smaller than the %u static MAC entries of "
				      "the bridges",
				      cfg->fdb_size, cfg->n_static_macs);
	return 0;
}

/* The FDB is one rte_hash sized at start-up. */
static int
fdb_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	 char *err)
{
	(void)d;
	if (o->fdb_size != n->fdb_size)
		return vsw_conf_restart_error(err, n, n->fdb_size_mark, n->fdb_mark, "fdb.size",
					      "changed from %u to %u", o->fdb_size, n->fdb_size);
	return 0;
}

const struct vsw_conf_section vsw_fdb_section = {
    .key = "fdb",
    .defaults = fdb_defaults,
    .parse = fdb_parse,
    .validate = fdb_validate,
    .diff = fdb_diff,
};
