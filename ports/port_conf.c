/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'ports' config section: parse, check and diff.
 *
 * Built into the config library (config/meson.build), which stays free of DPDK. The ports
 * section knows the device keys of a port; keys that other features own inside a port's
 * mapping (the L2 keys) are accepted here and handed to their owner through
 * vsw_conf_port_keys[] (config/vsw_sections.c).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bond_conf.h"
#include "vsw_sections.h"

enum {
	P_NAME,
	P_KIND,
	P_DEVARGS,
	P_IFACE,
	P_PATH,
	P_MODE,
	P_MAC,
	P_RX_QUEUES,
	P_RX_DESC,
	P_TX_DESC,
	P_MTU,
	P_RSS,
	P_RX_AFFINITY,
	P_MEMBERS,
	P_BOND_MODE,
	P_COUNT
};
static const char *const port_keys[P_COUNT] = {
    [P_NAME] = "name",
    [P_KIND] = "kind",
    [P_DEVARGS] = "devargs",
    [P_IFACE] = "iface",
    [P_PATH] = "path",
    [P_MODE] = "mode",
    [P_MAC] = "mac",
    [P_RX_QUEUES] = "rx_queues",
    [P_RX_DESC] = "rx_desc",
    [P_TX_DESC] = "tx_desc",
    [P_MTU] = "mtu",
    [P_RSS] = "rss",
    [P_RX_AFFINITY] = "rx_affinity",
    [P_MEMBERS] = "members",
    [P_BOND_MODE] = "bond_mode",
};

/* Own keys, then the keys of each port-key extension. */
#define ALL_KEYS_MAX (P_COUNT + 4 * VSW_CONF_PORT_KEYS_MAX)

#define KIND_BIT(k) (1u << (k))
/* Kinds with a device (queues, rings); a bond has none. */
#define DEV_KINDS (KIND_BIT(VSW_PORT_DPDK) | KIND_BIT(VSW_PORT_VHOST) | KIND_BIT(VSW_PORT_TAP))
#define ALL_KINDS (DEV_KINDS | KIND_BIT(VSW_PORT_BOND))
#define DEV_TEXT "kinds 'dpdk', 'vhost-user' and 'tap'"

/* Kinds each port key is valid for, and how to say so. */
static const struct {
	unsigned int kinds;
	const char *text;
} port_key_kinds[P_COUNT] = {
    [P_NAME] = {ALL_KINDS, NULL},
    [P_KIND] = {ALL_KINDS, NULL},
    [P_DEVARGS] = {KIND_BIT(VSW_PORT_DPDK), "kind 'dpdk'"},
    [P_IFACE] = {KIND_BIT(VSW_PORT_TAP), "kind 'tap'"},
    [P_PATH] = {KIND_BIT(VSW_PORT_VHOST), "kind 'vhost-user'"},
    [P_MODE] = {KIND_BIT(VSW_PORT_VHOST), "kind 'vhost-user'"},
    [P_MAC] = {KIND_BIT(VSW_PORT_DPDK) | KIND_BIT(VSW_PORT_TAP), "kinds 'dpdk' and 'tap'"},
    [P_RX_QUEUES] = {DEV_KINDS, DEV_TEXT},
    [P_RX_DESC] = {DEV_KINDS, DEV_TEXT},
    [P_TX_DESC] = {DEV_KINDS, DEV_TEXT},
    [P_MTU] = {ALL_KINDS, NULL},
    [P_RSS] = {DEV_KINDS, DEV_TEXT},
    [P_RX_AFFINITY] = {DEV_KINDS, DEV_TEXT},
    [P_MEMBERS] = {KIND_BIT(VSW_PORT_BOND), "kind 'bond'"},
    [P_BOND_MODE] = {KIND_BIT(VSW_PORT_BOND), "kind 'bond'"},
};

/* The names of every key a port's mapping may hold; returns their number. */
static unsigned int
all_port_keys(const char *names[ALL_KEYS_MAX])
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < P_COUNT; i++)
		names[n++] = port_keys[i];
	for (unsigned int e = 0; e < vsw_conf_n_port_keys; e++)
		for (unsigned int i = 0; i < vsw_conf_port_keys[e]->n_keys && n < ALL_KEYS_MAX; i++)
			names[n++] = vsw_conf_port_keys[e]->keys[i];
	return n;
}

static int
get_kind(const struct vsw_yaml *y, const yaml_node_t *v, enum vsw_port_kind *kind)
{
	static const enum vsw_port_kind kinds[] = {VSW_PORT_DPDK, VSW_PORT_VHOST, VSW_PORT_TAP,
						   VSW_PORT_BOND};
	const char *names[] = {vsw_port_kind_name(kinds[0]), vsw_port_kind_name(kinds[1]),
			       vsw_port_kind_name(kinds[2]), vsw_port_kind_name(kinds[3])};
	unsigned int i = 0;
	int ret;

	ret = vsw_yaml_enum(y, v, "kind", names, 4, &i);
	if (ret == 0)
		*kind = kinds[i];
	return ret;
}

/* A Linux interface name: what the kernel's dev_valid_name() accepts. */
static int
get_iface(const struct vsw_yaml *y, const yaml_node_t *v, char iface[VSW_IFNAME_MAX])
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	ret = vsw_yaml_str(y, v, "iface", iface, VSW_IFNAME_MAX);
	if (ret < 0)
		return ret;
	if (strcmp(iface, ".") == 0 || strcmp(iface, "..") == 0 || strpbrk(iface, "/:") != NULL ||
	    vsw_has_space(iface))
		return vsw_yaml_error(y, v,
				      "invalid interface name %s for 'iface' (no '/', ':' or "
				      "whitespace; not '.' or '..')",
				      vsw_yaml_show(v, shown));
	return 0;
}

/*
 * MTUs a kind of device cannot take, known before start (vswd --check); the rest only the
 * device can say, at start-up (ports/port_mtu.c). net_af_packet receives a frame into one
 * ring frame of its framesz devarg (default 2048), after 66 bytes of headers, so the MTU's
 * frame (MTU + 14) must fit in framesz - 66.
 */
#define AF_PACKET_MAC_OFF 66
#define AF_PACKET_DEF_FRAMESZ 2048

static int
check_mtu(const struct vsw_yaml *y, const yaml_node_t *v, const struct vsw_port_conf *port)
{
	static const char *const af_packet[] = {"net_af_packet", "eth_af_packet"};
	unsigned long framesz = AF_PACKET_DEF_FRAMESZ;
	const char *s;

	if (port->kind != VSW_PORT_DPDK)
		return 0;
	for (unsigned int i = 0; i < 2; i++) {
		if (strncmp(port->devargs, af_packet[i], strlen(af_packet[i])) != 0)
			continue;
		s = strstr(port->devargs, ",framesz=");
		if (s != NULL)
			framesz = strtoul(s + strlen(",framesz="), NULL, 0);
		if ((unsigned long)port->mtu + 14 + AF_PACKET_MAC_OFF > framesz)
			return vsw_yaml_error(y, v,
					      "'mtu' %u needs framesz=%u or more in the devargs of "
					      "a net_af_packet port (framesz is %lu)",
					      port->mtu, port->mtu + 14 + AF_PACKET_MAC_OFF,
					      framesz);
	}
	return 0;
}

/* The device keys after name and kind; @p vals as vsw_yaml_map_keys() returned them. */
static int
parse_device(const struct vsw_yaml *y, yaml_node_t *const vals[], struct vsw_port_conf *port)
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	if (vals[P_DEVARGS] != NULL) {
		ret = vsw_yaml_str(y, vals[P_DEVARGS], "devargs", port->devargs,
				   sizeof(port->devargs));
		if (ret < 0)
			return ret;
		if (vsw_has_space(port->devargs))
			return vsw_yaml_error(y, vals[P_DEVARGS],
					      "'devargs' must not contain whitespace");
		port->devargs_mark = vsw_yaml_mark(vals[P_DEVARGS]);
	}

	if (port->kind == VSW_PORT_TAP) {
		if (vals[P_IFACE] != NULL) {
			ret = get_iface(y, vals[P_IFACE], port->iface);
			if (ret < 0)
				return ret;
		} else {
			/* Port names are valid interface names, but may be too long for one. */
			if (strlen(port->name) >= sizeof(port->iface))
				return vsw_yaml_error(y, vals[P_NAME],
						      "port name '%s' is too long for a tap "
						      "interface name (max %zu characters); set "
						      "'iface'",
						      port->name, sizeof(port->iface) - 1);
			memcpy(port->iface, port->name, strlen(port->name) + 1);
		}
	}

	if (vals[P_PATH] != NULL) {
		ret = vsw_yaml_str(y, vals[P_PATH], "path", port->path, sizeof(port->path));
		if (ret < 0)
			return ret;
		if (port->path[0] != '/')
			return vsw_yaml_error(y, vals[P_PATH],
					      "'path' must be an absolute path, got %s",
					      vsw_yaml_show(vals[P_PATH], shown));
		port->path_mark = vsw_yaml_mark(vals[P_PATH]);
	}

	if (vals[P_MODE] != NULL) {
		const yaml_node_t *v = vals[P_MODE];
		const char *s = vsw_yaml_scalar(v);

		if (v->type == YAML_SCALAR_NODE && strcmp(s, "server") == 0 && !vsw_yaml_has_nul(v))
			port->vhost_client = false;
		else if (v->type == YAML_SCALAR_NODE && strcmp(s, "client") == 0 &&
			 !vsw_yaml_has_nul(v))
			port->vhost_client = true;
		else
			return vsw_yaml_error(y, v,
					      "expected 'server' or 'client' for 'mode', got %s",
					      vsw_yaml_show(v, shown));
	}

	if (vals[P_MAC] != NULL) {
		ret = vsw_yaml_mac(y, vals[P_MAC], port->mac);
		if (ret < 0)
			return ret;
		port->has_mac = true;
	}

	port->rx_queues = 1;
	if (vals[P_RX_QUEUES] != NULL) {
		ret = vsw_yaml_u16(y, vals[P_RX_QUEUES], "rx_queues", 1, VSW_MAX_QUEUES,
				   &port->rx_queues);
		if (ret < 0)
			return ret;
	}

	port->rx_desc = VSW_DEF_RX_DESC;
	port->tx_desc = VSW_DEF_TX_DESC;
	for (unsigned int i = P_RX_DESC; i <= P_TX_DESC; i++) {
		uint16_t *desc = i == P_RX_DESC ? &port->rx_desc : &port->tx_desc;

		if (vals[i] == NULL)
			continue;
		ret = vsw_yaml_u16(y, vals[i], port_keys[i], 64, 32768, desc);
		if (ret < 0)
			return ret;
		if ((*desc & (*desc - 1)) != 0)
			return vsw_yaml_error(y, vals[i],
					      "'%s' must be a power of two in 64..32768, got %s",
					      port_keys[i], vsw_yaml_show(vals[i], shown));
	}

	if (vals[P_MTU] != NULL) {
		ret = vsw_yaml_u16(y, vals[P_MTU], "mtu", 68, 9600, &port->mtu);
		if (ret < 0)
			return ret;
		port->mtu_mark = vsw_yaml_mark(vals[P_MTU]);
		ret = check_mtu(y, vals[P_MTU], port);
		if (ret < 0)
			return ret;
	}

	port->rss = port->rx_queues > 1;
	if (vals[P_RSS] != NULL) {
		ret = vsw_yaml_bool(y, vals[P_RSS], "rss", &port->rss);
		if (ret < 0)
			return ret;
	}

	if (vals[P_RX_AFFINITY] != NULL) {
		unsigned int n;

		ret = vsw_yaml_lcores(y, vals[P_RX_AFFINITY], "rx_affinity", VSW_MAX_QUEUES,
				      port->rx_affinity, NULL, &n);
		if (ret < 0)
			return ret;
		port->n_rx_affinity = (uint16_t)n;
		port->affinity_mark = vsw_yaml_mark(vals[P_RX_AFFINITY]);
	}
	return 0;
}

static int
parse_port(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_port_conf *port)
{
	yaml_node_t *keys[ALL_KEYS_MAX], *vals[ALL_KEYS_MAX];
	const char *names[ALL_KEYS_MAX];
	char shown[VSW_YAML_SHOW_BUF];
	unsigned int n_names, kind_bit, i, first = P_COUNT;
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return vsw_yaml_error(y, map, "expected a mapping for a port, got %s",
				      vsw_yaml_show(map, shown));
	n_names = all_port_keys(names);
	ret = vsw_yaml_map_keys(y, map, "in port", names, n_names, keys, vals);
	if (ret < 0)
		return ret;
	port->mark = vsw_yaml_mark(map);

	if (vals[P_NAME] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'name' in port");
	ret = vsw_yaml_name(y, vals[P_NAME], "port", port->name);
	if (ret < 0)
		return ret;
	port->name_mark = vsw_yaml_mark(vals[P_NAME]);

	if (vals[P_KIND] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'kind' in port '%s'",
				      port->name);
	ret = get_kind(y, vals[P_KIND], &port->kind);
	if (ret < 0)
		return ret;

	kind_bit = KIND_BIT(port->kind);
	for (i = 0; i < P_COUNT; i++)
		if (keys[i] != NULL && !(port_key_kinds[i].kinds & kind_bit))
			return vsw_yaml_error(y, keys[i], "'%s' is only valid for %s", port_keys[i],
					      port_key_kinds[i].text);
	if (port->kind == VSW_PORT_DPDK && vals[P_DEVARGS] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'devargs' for kind 'dpdk'");
	if (port->kind == VSW_PORT_VHOST && vals[P_PATH] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'path' for kind 'vhost-user'");
	if (port->kind == VSW_PORT_BOND) {
		ret = vsw_bond_conf_parse(y, map, vals[P_MEMBERS], vals[P_BOND_MODE], port);
		if (ret < 0)
			return ret;
	}

	ret = parse_device(y, vals, port);
	if (ret < 0)
		return ret;

	for (unsigned int e = 0; e < vsw_conf_n_port_keys; e++) {
		const struct vsw_conf_port_keys *ext = vsw_conf_port_keys[e];

		ret = ext->parse(y, map, &keys[first], &vals[first], port);
		if (ret < 0)
			return ret;
		first += ext->n_keys;
	}
	return 0;
}

static int
ports_parse(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	if (seq->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, seq, "expected a sequence of ports for 'ports', got %s",
				      vsw_yaml_show(seq, shown));
	if (vsw_yaml_seq_len(seq) == 0)
		return vsw_yaml_error(y, seq, "expected a non-empty sequence of ports for 'ports'");
	for (size_t i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);

		if (i >= VSW_MAX_PORTS)
			return vsw_yaml_error(y, item, "too many ports (at most %u)",
					      VSW_MAX_PORTS);
		ret = parse_port(y, item, &cfg->ports[i]);
		if (ret < 0)
			return ret;
		cfg->n_ports = (unsigned int)i + 1;
	}
	return 0;
}

/* Names are unique, so that other sections can name ports. */
static int
ports_resolve(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	for (unsigned int i = 1; i < cfg->n_ports; i++)
		for (unsigned int j = 0; j < i; j++)
			if (strcmp(cfg->ports[i].name, cfg->ports[j].name) == 0) {
				const yaml_node_t *a = vsw_yaml_seq_item(y, seq, i);

				return vsw_yaml_error(y, vsw_yaml_map_get(y, a, "name"),
						      "duplicate port name '%s' (first defined "
						      "at line %u)",
						      cfg->ports[i].name,
						      cfg->ports[j].name_mark.line);
			}
	return 0;
}

static bool
is_worker(const struct vsw_config *cfg, uint16_t lcore)
{
	for (unsigned int i = 0; i < cfg->n_workers; i++)
		if (cfg->worker_lcores[i] == lcore)
			return true;
	return false;
}

/* The tap interface of port @p i: its iface value, or its name when iface defaulted. */
static const yaml_node_t *
iface_node(const struct vsw_yaml *y, const yaml_node_t *seq, unsigned int i)
{
	const yaml_node_t *map = vsw_yaml_seq_item(y, seq, i);
	const yaml_node_t *v = vsw_yaml_map_get(y, map, "iface");

	return v != NULL ? v : vsw_yaml_map_get(y, map, "name");
}

/* rx_affinity against the workers; vhost-user paths and tap interfaces used once. */
static int
ports_validate(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	unsigned int i, j, q;
	int ret;

	for (i = 0; i < cfg->n_ports; i++) {
		const struct vsw_port_conf *port = &cfg->ports[i];
		const yaml_node_t *aff;

		if (port->n_rx_affinity == 0 && port->affinity_mark.line == 0)
			continue;
		aff = vsw_yaml_map_get(y, vsw_yaml_seq_item(y, seq, i), "rx_affinity");
		for (q = 0; q < port->n_rx_affinity; q++)
			if (!is_worker(cfg, port->rx_affinity[q]))
				return vsw_yaml_error(y, vsw_yaml_seq_item(y, aff, q),
						      "lcore %u in 'rx_affinity' is not one of "
						      "workers.lcores",
						      port->rx_affinity[q]);
	}

	for (i = 0; i < cfg->n_ports; i++) {
		const struct vsw_port_conf *port = &cfg->ports[i];

		if (port->affinity_mark.line != 0 && port->n_rx_affinity != port->rx_queues)
			return vsw_yaml_error(
			    y, vsw_yaml_map_get(y, vsw_yaml_seq_item(y, seq, i), "rx_affinity"),
			    "'rx_affinity' has %u entries but port '%s' has %u rx_queues "
			    "(expected one lcore per rx queue)",
			    port->n_rx_affinity, port->name, port->rx_queues);
	}

	ret = vsw_bond_conf_validate(y, seq, cfg);
	if (ret < 0)
		return ret;

	for (i = 1; i < cfg->n_ports; i++) {
		if (cfg->ports[i].kind != VSW_PORT_VHOST)
			continue;
		for (j = 0; j < i; j++)
			if (cfg->ports[j].kind == VSW_PORT_VHOST &&
			    strcmp(cfg->ports[i].path, cfg->ports[j].path) == 0)
				return vsw_yaml_error(
				    y, vsw_yaml_map_get(y, vsw_yaml_seq_item(y, seq, i), "path"),
				    "vhost-user path '%s' is already used by port '%s' (line %u)",
				    cfg->ports[i].path, cfg->ports[j].name,
				    cfg->ports[j].path_mark.line);
	}

	for (i = 1; i < cfg->n_ports; i++) {
		if (cfg->ports[i].kind != VSW_PORT_TAP)
			continue;
		for (j = 0; j < i; j++)
			if (cfg->ports[j].kind == VSW_PORT_TAP &&
			    strcmp(cfg->ports[i].iface, cfg->ports[j].iface) == 0)
				return vsw_yaml_error(
				    y, iface_node(y, seq, i),
				    "tap interface '%s' is already used by port '%s' (line %u)",
				    cfg->ports[i].iface, cfg->ports[j].name,
				    vsw_yaml_line(iface_node(y, seq, j)));
	}
	return 0;
}

/* Everything that needs the port closed and opened again. */
static bool
device_changed(const struct vsw_port_conf *o, const struct vsw_port_conf *n)
{
	return o->kind != n->kind || strcmp(o->devargs, n->devargs) != 0 ||
	       strcmp(o->iface, n->iface) != 0 || strcmp(o->path, n->path) != 0 ||
	       o->vhost_client != n->vhost_client || o->has_mac != n->has_mac ||
	       (n->has_mac && memcmp(o->mac, n->mac, sizeof(n->mac)) != 0) ||
	       o->rx_queues != n->rx_queues || o->rx_desc != n->rx_desc ||
	       o->tx_desc != n->tx_desc || o->mtu != n->mtu || o->rss != n->rss ||
	       vsw_bond_conf_changed(o, n);
}

static int
ports_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	   char *err)
{
	(void)err;
	for (unsigned int i = 0; i < n->n_ports; i++) {
		const struct vsw_port_conf *np = &n->ports[i], *op;
		int oi = vsw_config_port_index(o, np->name);
		uint32_t mask = 0;

		if (oi < 0) {
			d->ports_added[d->n_ports_added++] = (uint16_t)i;
			continue;
		}
		op = &o->ports[oi];
		if (device_changed(op, np))
			mask |= VSW_PORT_CHG_DEVICE;
		if (op->n_rx_affinity != np->n_rx_affinity ||
		    memcmp(op->rx_affinity, np->rx_affinity,
			   np->n_rx_affinity * sizeof(np->rx_affinity[0])) != 0)
			mask |= VSW_PORT_CHG_AFFINITY;
		for (unsigned int e = 0; e < vsw_conf_n_port_keys; e++)
			mask |= vsw_conf_port_keys[e]->diff(op, np);
		if (mask != 0)
			d->ports_changed[d->n_ports_changed++] = (struct vsw_diff_change){
			    .old_index = (uint16_t)oi, .new_index = (uint16_t)i, .mask = mask};
	}
	for (unsigned int i = 0; i < o->n_ports; i++)
		if (vsw_config_port_index(n, o->ports[i].name) < 0)
			d->ports_removed[d->n_ports_removed++] = (uint16_t)i;
	return 0;
}

static void
ports_clear(struct vsw_config *cfg)
{
	cfg->n_ports = 0;
}

const struct vsw_conf_section vsw_ports_section = {
    .key = "ports",
    .required = true,
    .parse = ports_parse,
    .resolve = ports_resolve,
    .validate = ports_validate,
    .diff = ports_diff,
    .clear = ports_clear,
};
