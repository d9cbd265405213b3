/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The L2 keys of a port (vlan_mode, tag, trunks, native_vlan, native_tagged, tpid, mac_limit):
 * parsed for the ports section through vsw_conf_port_keys[] (config/vsw_sections.c), and
 * diffed as VSW_PORT_CHG_VLAN and VSW_PORT_CHG_MAC_LIMIT.
 *
 * Built into the config library (config/meson.build), which stays free of DPDK.
 */

#include <string.h>
#include <strings.h>

#include "l2_conf.h"
#include "vsw_sections.h"

enum { L_VLAN_MODE, L_TAG, L_TRUNKS, L_NATIVE_VLAN, L_NATIVE_TAGGED, L_TPID, L_MAC_LIMIT, L_COUNT };
static const char *const l2_keys[L_COUNT] = {
    [L_VLAN_MODE] = "vlan_mode",
    [L_TAG] = "tag",
    [L_TRUNKS] = "trunks",
    [L_NATIVE_VLAN] = "native_vlan",
    [L_NATIVE_TAGGED] = "native_tagged",
    [L_TPID] = "tpid",
    [L_MAC_LIMIT] = "mac_limit",
};
_Static_assert(L_COUNT <= VSW_CONF_PORT_KEYS_MAX, "too many L2 port keys");

#define MODE_BIT(m) (1u << (m))

/* VLAN modes each key is valid with, and how to say so; no text: valid with all. */
static const struct {
	unsigned int modes;
	const char *text;
} key_modes[L_COUNT] = {
    [L_TAG] = {MODE_BIT(VSW_VLAN_ACCESS) | MODE_BIT(VSW_VLAN_DOT1Q_TUNNEL),
	       "vlan_mode access or dot1q-tunnel"},
    [L_TRUNKS] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
    [L_NATIVE_VLAN] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
    [L_NATIVE_TAGGED] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
    [L_TPID] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
};

const char *
vsw_vlan_mode_name(enum vsw_vlan_mode mode)
{
	switch (mode) {
	case VSW_VLAN_NONE:
		return "none";
	case VSW_VLAN_ACCESS:
		return "access";
	case VSW_VLAN_TRUNK:
		return "trunk";
	case VSW_VLAN_DOT1Q_TUNNEL:
		return "dot1q-tunnel";
	}
	return "unknown";
}

/* "none" is not accepted: a port without VLAN handling simply has no vlan_mode. */
static int
get_vlan_mode(const struct vsw_yaml *y, const yaml_node_t *v, enum vsw_vlan_mode *mode)
{
	static const enum vsw_vlan_mode modes[] = {VSW_VLAN_ACCESS, VSW_VLAN_TRUNK,
						   VSW_VLAN_DOT1Q_TUNNEL};
	const char *names[] = {"access", "trunk", "dot1q-tunnel"};
	unsigned int i = 0;
	int ret;

	ret = vsw_yaml_enum(y, v, "vlan_mode", names, 3, &i);
	if (ret == 0)
		*mode = modes[i];
	return ret;
}

/* 0x8100 or 0x88a8, written in hex (any case, quoted or not) or as a plain decimal integer. */
static int
get_tpid(const struct vsw_yaml *y, const yaml_node_t *v, uint16_t *tpid)
{
	char shown[VSW_YAML_SHOW_BUF];
	bool quoted = false;

	if (v->type == YAML_SCALAR_NODE && !vsw_yaml_has_nul(v)) {
		const char *s = vsw_yaml_scalar(v);
		bool plain = v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

		if (strcasecmp(s, "0x8100") == 0 || (plain && strcmp(s, "33024") == 0)) {
			*tpid = 0x8100;
			return 0;
		}
		if (strcasecmp(s, "0x88a8") == 0 || (plain && strcmp(s, "34984") == 0)) {
			*tpid = 0x88a8;
			return 0;
		}
		quoted = !plain;
	}
	return vsw_yaml_error(y, v,
			      "expected 0x8100 or 0x88a8 (or 33024, 34984) for 'tpid', got %s%s",
			      quoted ? "the quoted string " : "", vsw_yaml_show(v, shown));
}

/* The trunk keys, once vlan_mode is known to be trunk. */
static int
parse_trunk(const struct vsw_yaml *y, const yaml_node_t *map, yaml_node_t *const vals[],
	    struct vsw_port_conf *port)
{
	int ret;

	if (vals[L_TRUNKS] == NULL)
		return vsw_yaml_error(
		    y, map, "missing required key 'trunks' for vlan_mode trunk in port '%s'",
		    port->name);
	ret = vsw_yaml_vlan_list(y, vals[L_TRUNKS], "trunks", port->trunks);
	if (ret < 0)
		return ret;
	if (vals[L_NATIVE_VLAN] != NULL) {
		ret = vsw_yaml_u16(y, vals[L_NATIVE_VLAN], "native_vlan", 0, VSW_VLAN_MAX,
				   &port->native_vlan);
		if (ret < 0)
			return ret;
		/* The native VLAN is carried whether or not 'trunks' names it. */
		if (port->native_vlan != 0)
			vsw_vlan_set(port->trunks, port->native_vlan);
	}
	port->n_trunks = (uint16_t)vsw_vlan_count(port->trunks);
	if (vals[L_NATIVE_TAGGED] != NULL) {
		ret =
		    vsw_yaml_bool(y, vals[L_NATIVE_TAGGED], "native_tagged", &port->native_tagged);
		if (ret < 0)
			return ret;
	}
	if (vals[L_TPID] != NULL)
		return get_tpid(y, vals[L_TPID], &port->tpid);
	return 0;
}

static int
l2_port_parse(const struct vsw_yaml *y, const yaml_node_t *map, yaml_node_t *const keys[],
	      yaml_node_t *const vals[], struct vsw_port_conf *port)
{
	unsigned int mode_bit;
	int ret;

	if (vals[L_MAC_LIMIT] != NULL) {
		ret = vsw_yaml_uint(y, vals[L_MAC_LIMIT], "mac_limit", 0, VSW_MAC_LIMIT_MAX,
				    &port->mac_limit);
		if (ret < 0)
			return ret;
	}

	port->vlan_mode = VSW_VLAN_NONE;
	port->vlan_mark = vsw_yaml_mark(map);
	port->tpid = VSW_DEF_TPID;
	if (vals[L_VLAN_MODE] != NULL) {
		ret = get_vlan_mode(y, vals[L_VLAN_MODE], &port->vlan_mode);
		if (ret < 0)
			return ret;
		port->vlan_mark = vsw_yaml_mark(vals[L_VLAN_MODE]);
	}

	mode_bit = MODE_BIT(port->vlan_mode);
	for (unsigned int i = 0; i < L_COUNT; i++)
		if (keys[i] != NULL && key_modes[i].text != NULL &&
		    !(key_modes[i].modes & mode_bit))
			return vsw_yaml_error(
			    y, keys[i], "'%s' is only valid with %s (port '%s' has %s%s)",
			    l2_keys[i], key_modes[i].text, port->name,
			    port->vlan_mode == VSW_VLAN_NONE ? "no vlan_mode" : "vlan_mode ",
			    port->vlan_mode == VSW_VLAN_NONE ? ""
							     : vsw_vlan_mode_name(port->vlan_mode));

	switch (port->vlan_mode) {
	case VSW_VLAN_ACCESS:
	case VSW_VLAN_DOT1Q_TUNNEL:
		if (vals[L_TAG] == NULL)
			return vsw_yaml_error(
			    y, map, "missing required key 'tag' for vlan_mode %s in port '%s'",
			    vsw_vlan_mode_name(port->vlan_mode), port->name);
		return vsw_yaml_u16(y, vals[L_TAG], "tag", 1, VSW_VLAN_MAX, &port->tag);
	case VSW_VLAN_TRUNK:
		return parse_trunk(y, map, vals, port);
	case VSW_VLAN_NONE:
	default:
		return 0;
	}
}

static uint32_t
l2_port_diff(const struct vsw_port_conf *o, const struct vsw_port_conf *n)
{
	uint32_t mask = 0;

	if (o->vlan_mode != n->vlan_mode || o->tag != n->tag ||
	    memcmp(o->trunks, n->trunks, sizeof(n->trunks)) != 0 ||
	    o->native_vlan != n->native_vlan || o->native_tagged != n->native_tagged ||
	    o->tpid != n->tpid)
		mask |= VSW_PORT_CHG_VLAN;
	if (o->mac_limit != n->mac_limit)
		mask |= VSW_PORT_CHG_MAC_LIMIT;
	return mask;
}

const struct vsw_conf_port_keys vsw_l2_port_keys = {
    .keys = l2_keys,
    .n_keys = L_COUNT,
    .parse = l2_port_parse,
    .diff = l2_port_diff,
};
