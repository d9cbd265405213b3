/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'vxlan' config section: the tunnels, each a member of one bridge.
 *
 *   vxlan:
 *     - name: vx10            # an interface name
 *       vni: 10
 *       bridge: br10          # the bridge it carries
 *       local: 192.0.2.1      # an address of a router interface (of vrf): IPv4 or IPv6
 *       vrf: default          # the underlay's VRF (default: default)
 *       dstport: 4789         # default 4789 (Linux's vxlan device uses 8472 without dstport)
 *       remotes: [192.0.2.2]  # the flood list: where broadcast and unknown frames go
 *                             # (the local address's family)
 *       ttl: 64               # outer TTL, or inherit (the inner packet's)
 *       tos: 0                # outer TOS byte (its DSCP; ECN is the inner's), or inherit
 *       df: false             # DF in the outer header (IPv4 only): true, false, inherit
 *       mtu: 1450             # overlay MTU; default: the local interface's MTU - 50
 *                             # (- 70 over IPv6)
 *       known_vteps_only: false  # drop what comes from a VTEP not in remotes
 *       arp_suppress: false   # answer local ARP requests from the IP-to-MAC bindings
 *       neigh_limit: 1024     # learned (snooped) bindings at most
 *       neighbours:           # static bindings
 *         - {address: 172.16.10.2, mac: "02:00:00:00:00:02"}
 *
 * Part of the DPDK-free config library (config/meson.build). The section comes after bridges
 * and router in the section table, so names are resolved as they are parsed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vsw_sections.h"
#include "../l3/l3_conf_priv.h"

enum {
	K_NAME, K_VNI, K_BRIDGE, K_LOCAL, K_VRF, K_DSTPORT, K_REMOTES, K_TTL, K_TOS, K_DF, K_MTU,
	K_KNOWN, K_SUPPRESS, K_NEIGH_LIMIT, K_NEIGHS, K_COUNT
};
static const char *const tunnel_keys[K_COUNT] = {
    [K_NAME] = "name",   [K_VNI] = "vni",         [K_BRIDGE] = "bridge",
    [K_LOCAL] = "local", [K_VRF] = "vrf",         [K_DSTPORT] = "dstport",
    [K_REMOTES] = "remotes", [K_TTL] = "ttl",     [K_TOS] = "tos",
    [K_DF] = "df",       [K_MTU] = "mtu",         [K_KNOWN] = "known_vteps_only",
    [K_SUPPRESS] = "arp_suppress", [K_NEIGH_LIMIT] = "neigh_limit",
    [K_NEIGHS] = "neighbours",
};

enum { N_ADDRESS, N_MAC, N_COUNT };
static const char *const neigh_keys[N_COUNT] = {[N_ADDRESS] = "address", [N_MAC] = "mac"};

/* Is @p node the scalar "inherit" (ttl, tos, df: from the inner packet)? */
static bool
is_inherit(const yaml_node_t *node)
{
	return node != NULL && node->type == YAML_SCALAR_NODE &&
	       strcmp(vsw_yaml_scalar(node), "inherit") == 0;
}

/* "a.b.c.d" of host-order @p a. */
static const char *
ip_str(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
	return buf;
}

static bool
unicast(uint32_t a)
{
	return (a >> 24) != 0 && (a >> 24) != 127 && (a >> 28) < 0xe;
}

/* A global unicast IPv6 address: not multicast, unspecified, loopback nor link-local (a
 * remote VTEP is reached through the routed underlay, never by scope). */
static bool
unicast6(const uint8_t a[16])
{
	static const uint8_t zero[15];

	if (a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80))
		return false;
	return memcmp(a, zero, 15) != 0 || a[15] > 1;
}

/* The MTU of router interface @p r's IP packets: its own, its port's, or 1500. */
static unsigned int
underlay_mtu(const struct vsw_config *cfg, const struct vsw_rif_conf *r)
{
	if (r->mtu != 0)
		return r->mtu;
	if (r->port != VSW_RIF_NONE && cfg->ports[r->port].mtu != 0)
		return cfg->ports[r->port].mtu;
	return 1500;
}

static bool
name_taken(const struct vsw_config *cfg, const char *name)
{
	unsigned int i;

	if (vsw_config_port_index(cfg, name) >= 0)
		return true;
	for (i = 0; i < cfg->l3.n_rifs; i++)
		if (strcmp(cfg->l3.rifs[i].name, name) == 0)
			return true;
	for (i = 0; i < cfg->vxlan.n_tunnels; i++)
		if (strcmp(cfg->vxlan.tunnels[i].name, name) == 0)
			return true;
	return false;
}

/* The router interface of VRF @p vrf that has @p addr, or -1. */
static int
rif_of(const struct vsw_l3_conf *l3, uint8_t vrf, uint32_t addr)
{
	for (unsigned int i = 0; i < l3->n_rifs; i++)
		for (unsigned int a = 0; a < l3->rifs[i].n_addrs; a++)
			if (l3->rifs[i].vrf == vrf && l3->rifs[i].addrs[a].addr == addr)
				return (int)i;
	return -1;
}

/* The router interface of VRF @p vrf that has IPv6 address @p addr, or -1. */
static int
rif_of6(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t addr[16])
{
	for (unsigned int i = 0; i < l3->n_rifs; i++)
		for (unsigned int a = 0; a < l3->rifs[i].n_addrs6; a++)
			if (l3->rifs[i].vrf == vrf &&
			    memcmp(l3->rifs[i].addrs6[a].addr, addr, 16) == 0)
				return (int)i;
	return -1;
}

/* One IPv6 remote VTEP of an IPv6 tunnel. */
static int
parse_remote6(const struct vsw_yaml *y, const yaml_node_t *item, struct vsw_vxlan_tunnel_conf *t)
{
	struct vsw_ip6_prefix p;
	int ret = l3_conf_ip6(y, item, "remotes", false, &p);

	if (ret == 0 && !unicast6(p.addr))
		ret = vsw_yaml_error(y, item,
				     "remote VTEP is not a global unicast IPv6 address");
	if (ret == 0 && memcmp(p.addr, t->local6, 16) == 0)
		ret = vsw_yaml_error(y, item, "remote VTEP is the local address");
	for (unsigned int j = 0; ret == 0 && j < t->n_remotes; j++)
		if (memcmp(t->remotes6[j], p.addr, 16) == 0)
			ret = vsw_yaml_error(y, item, "remote VTEP given twice");
	if (ret == 0)
		memcpy(t->remotes6[t->n_remotes++], p.addr, 16);
	return ret;
}

static int
parse_remotes(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_vxlan_tunnel_conf *t)
{
	struct vsw_ip4_prefix p;
	int ret = l3_conf_want_seq(y, seq, "remotes", "IP addresses");

	for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);

		if (i >= VSW_VXLAN_MAX_FLOOD)
			return vsw_yaml_error(y, item, "too many remotes (at most %u)",
					      VSW_VXLAN_MAX_FLOOD);
		if (item->type == YAML_SCALAR_NODE && l3_conf_is_ip6(item) != t->v6)
			return vsw_yaml_error(y, item,
					      "remote VTEP is %s but the local address is %s",
					      t->v6 ? "IPv4" : "IPv6", t->v6 ? "IPv6" : "IPv4");
		if (t->v6) {
			ret = parse_remote6(y, item, t);
			continue;
		}
		ret = l3_conf_ip4(y, item, "remotes", false, &p);
		if (ret == 0 && !unicast(p.addr))
			ret = vsw_yaml_error(y, item, "remote VTEP is not a unicast address");
		if (ret == 0 && p.addr == t->local)
			ret = vsw_yaml_error(y, item, "remote VTEP is the local address");
		for (unsigned int j = 0; ret == 0 && j < t->n_remotes; j++)
			if (t->remotes[j] == p.addr)
				ret = vsw_yaml_error(y, item, "remote VTEP given twice");
		if (ret == 0)
			t->remotes[t->n_remotes++] = p.addr;
	}
	return ret;
}

static int
parse_neigh(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_vxlan_tunnel_conf *t)
{
	struct vsw_vxlan_neigh_conf *n = &t->neighs[t->n_neighs];
	yaml_node_t *keys[N_COUNT], *vals[N_COUNT];
	struct vsw_ip4_prefix p;
	int ret = vsw_yaml_want_map(y, map, "neighbours");

	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a VXLAN neighbour", neigh_keys, N_COUNT, keys,
					vals);
	if (ret < 0)
		return ret;
	for (unsigned int k = 0; k < N_COUNT; k++)
		if (vals[k] == NULL)
			return vsw_yaml_error(y, map, "missing required key '%s' in a VXLAN neighbour",
					      neigh_keys[k]);
	memset(n, 0, sizeof(*n));
	ret = l3_conf_ip4(y, vals[N_ADDRESS], "address", false, &p);
	if (ret == 0 && !unicast(p.addr))
		ret = vsw_yaml_error(y, vals[N_ADDRESS], "neighbour is not a unicast address");
	for (unsigned int j = 0; ret == 0 && j < t->n_neighs; j++)
		if (t->neighs[j].ip == p.addr)
			ret = vsw_yaml_error(y, vals[N_ADDRESS], "neighbour address given twice");
	if (ret == 0)
		ret = vsw_yaml_mac(y, vals[N_MAC], n->mac);
	if (ret == 0) {
		n->ip = p.addr;
		t->n_neighs++;
	}
	return ret;
}

static int
parse_neighs(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_vxlan_tunnel_conf *t)
{
	int ret = l3_conf_want_seq(y, seq, "neighbours", "address and MAC pairs");

	for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);

		if (i >= VSW_VXLAN_MAX_NEIGHS)
			return vsw_yaml_error(y, item, "too many neighbours (at most %u)",
					      VSW_VXLAN_MAX_NEIGHS);
		ret = parse_neigh(y, item, t);
	}
	return ret;
}

static int
parse_tunnel(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	struct vsw_vxlan_tunnel_conf *t = &cfg->vxlan.tunnels[cfg->vxlan.n_tunnels];
	yaml_node_t *keys[K_COUNT], *vals[K_COUNT];
	char name[VSW_NAME_MAX], shown[VSW_YAML_SHOW_BUF], a[INET6_ADDRSTRLEN];
	struct vsw_ip4_prefix p;
	struct vsw_ip6_prefix p6;
	uint32_t v;
	int ret, idx;

	ret = vsw_yaml_want_map(y, map, "vxlan");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a VXLAN tunnel", tunnel_keys, K_COUNT, keys,
					vals);
	if (ret < 0)
		return ret;
	for (unsigned int k = 0; k < K_COUNT; k++)
		if (vals[k] == NULL && (k == K_NAME || k == K_VNI || k == K_BRIDGE || k == K_LOCAL))
			return vsw_yaml_error(y, map, "missing required key '%s' in a VXLAN tunnel",
					      tunnel_keys[k]);
	memset(t, 0, sizeof(*t));
	t->mark = vsw_yaml_mark(map);
	t->ttl = VSW_VXLAN_DEF_TTL;
	t->dstport = VSW_VXLAN_DEF_PORT;
	t->neigh_limit = VSW_VXLAN_DEF_NEIGH_LIMIT;
	ret = vsw_yaml_name(y, vals[K_NAME], "VXLAN tunnel", name);
	if (ret < 0)
		return ret;
	if (name_taken(cfg, name))
		return vsw_yaml_error(y, vals[K_NAME],
				      "'%s' is already the name of a port, router interface or tunnel",
				      name);
	snprintf(t->name, sizeof(t->name), "%s", name);
	ret = vsw_yaml_uint(y, vals[K_VNI], "vni", 0, VSW_VXLAN_MAX_VNI, &t->vni);
	if (ret < 0)
		return ret;
	ret = vsw_yaml_name(y, vals[K_BRIDGE], "bridge", name);
	if (ret < 0)
		return ret;
	idx = vsw_config_bridge_index(cfg, name);
	if (idx < 0)
		return vsw_yaml_error(y, vals[K_BRIDGE], "unknown bridge %s in VXLAN tunnel '%s'",
				      vsw_yaml_show(vals[K_BRIDGE], shown), t->name);
	for (unsigned int i = 0; i < cfg->vxlan.n_tunnels; i++)
		if (cfg->vxlan.tunnels[i].bridge == idx)
			return vsw_yaml_error(y, vals[K_BRIDGE],
					      "bridge '%s' already has VXLAN tunnel '%s'", name,
					      cfg->vxlan.tunnels[i].name);
	t->bridge = (uint16_t)idx;
	ret = l3_conf_vrf(y, vals[K_VRF], &cfg->l3, &t->vrf);
	t->v6 = l3_conf_is_ip6(vals[K_LOCAL]);
	if (ret == 0 && t->v6)
		ret = l3_conf_ip6(y, vals[K_LOCAL], "local", false, &p6);
	else if (ret == 0)
		ret = l3_conf_ip4(y, vals[K_LOCAL], "local", false, &p);
	if (ret < 0)
		return ret;
	if (t->v6) {
		memcpy(t->local6, p6.addr, 16);
		idx = rif_of6(&cfg->l3, t->vrf, t->local6);
		inet_ntop(AF_INET6, t->local6, a, sizeof(a));
	} else {
		t->local = p.addr;
		idx = rif_of(&cfg->l3, t->vrf, t->local);
		ip_str(t->local, a);
	}
	if (idx < 0)
		return vsw_yaml_error(y, vals[K_LOCAL],
				      "local VTEP address %s is no address of a router interface of "
				      "vrf '%s'",
				      a, cfg->l3.vrfs[t->vrf]);
	t->rif = (uint16_t)idx;
	if (vals[K_DSTPORT] != NULL &&
	    (ret = vsw_yaml_u16(y, vals[K_DSTPORT], "dstport", 1, 65535, &t->dstport)) < 0)
		return ret;
	for (unsigned int i = 0; i < cfg->vxlan.n_tunnels; i++) {
		const struct vsw_vxlan_tunnel_conf *o = &cfg->vxlan.tunnels[i];

		if (o->vni == t->vni && o->vrf == t->vrf && o->v6 == t->v6 &&
		    o->local == t->local && memcmp(o->local6, t->local6, 16) == 0 &&
		    o->dstport == t->dstport)
			return vsw_yaml_error(y, vals[K_VNI],
					      "VNI %u on %s port %u is already tunnel '%s''s",
					      t->vni, a, t->dstport, o->name);
	}
	if (is_inherit(vals[K_TTL])) {
		t->inherit |= VSW_VXLAN_INHERIT_TTL;
	} else if (vals[K_TTL] != NULL) {
		ret = vsw_yaml_uint(y, vals[K_TTL], "ttl", 1, 255, &v);
		t->ttl = (uint8_t)v;
	}
	if (is_inherit(vals[K_TOS])) {
		t->inherit |= VSW_VXLAN_INHERIT_TOS;
	} else if (ret == 0 && vals[K_TOS] != NULL) {
		ret = vsw_yaml_uint(y, vals[K_TOS], "tos", 0, 255, &v);
		t->tos = (uint8_t)v;
	}
	if (is_inherit(vals[K_DF]))
		t->inherit |= VSW_VXLAN_INHERIT_DF;
	else if (ret == 0 && vals[K_DF] != NULL)
		ret = vsw_yaml_bool(y, vals[K_DF], "df", &t->df);
	if (ret == 0 && (t->inherit & VSW_VXLAN_INHERIT_DF) && t->v6)
		ret = vsw_yaml_error(y, vals[K_DF],
				     "df is the outer IPv4 header's: IPv6 is never fragmented on the "
				     "way");
	if (ret == 0 && t->df && t->v6)
		ret = vsw_yaml_error(y, vals[K_DF],
				     "df is the outer IPv4 header's: IPv6 is never fragmented on the "
				     "way");
	if (ret == 0 && vals[K_KNOWN] != NULL)
		ret = vsw_yaml_bool(y, vals[K_KNOWN], "known_vteps_only", &t->known_vteps_only);
	if (ret == 0 && vals[K_SUPPRESS] != NULL)
		ret = vsw_yaml_bool(y, vals[K_SUPPRESS], "arp_suppress", &t->arp_suppress);
	if (ret == 0 && vals[K_NEIGH_LIMIT] != NULL)
		ret = vsw_yaml_uint(y, vals[K_NEIGH_LIMIT], "neigh_limit", 0, VSW_VXLAN_NEIGH_TABLE,
				    &t->neigh_limit);
	if (ret == 0 && vals[K_NEIGHS] != NULL)
		ret = parse_neighs(y, vals[K_NEIGHS], t);
	if (ret == 0 && vals[K_MTU] != NULL) {
		unsigned int max = underlay_mtu(cfg, &cfg->l3.rifs[t->rif]) -
				   (t->v6 ? VSW_VXLAN_OVERHEAD6 : VSW_VXLAN_OVERHEAD);

		ret = vsw_yaml_u16(y, vals[K_MTU], "mtu", 68, (uint16_t)max, &t->mtu);
	}
	if (ret == 0 && vals[K_REMOTES] != NULL)
		ret = parse_remotes(y, vals[K_REMOTES], t);
	if (ret == 0)
		cfg->vxlan.n_tunnels++;
	return ret;
}

static int
vxlan_parse(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	int ret = l3_conf_want_seq(y, seq, "vxlan", "tunnels");

	for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);

		if (cfg->vxlan.n_tunnels == VSW_VXLAN_MAX_TUNNELS)
			return vsw_yaml_error(y, item, "too many VXLAN tunnels (at most %u)",
					      VSW_VXLAN_MAX_TUNNELS);
		ret = parse_tunnel(y, item, cfg);
	}
	return ret;
}

/* Tunnels are rebuilt whole by the apply: any difference (names compared, not indexes) is a
 * change. */
static int
vxlan_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	   char *err)
{
	const struct vsw_vxlan_conf *a = &o->vxlan, *b = &n->vxlan;

	(void)err;
	d->vxlan_changed = a->n_tunnels != b->n_tunnels;
	for (unsigned int i = 0; i < b->n_tunnels && !d->vxlan_changed; i++) {
		struct vsw_vxlan_tunnel_conf x = a->tunnels[i], z = b->tunnels[i];

		d->vxlan_changed = strcmp(o->bridges[x.bridge].name, n->bridges[z.bridge].name) != 0 ||
				   strcmp(o->l3.rifs[x.rif].name, n->l3.rifs[z.rif].name) != 0 ||
				   strcmp(o->l3.vrfs[x.vrf], n->l3.vrfs[z.vrf]) != 0;
		x.bridge = z.bridge = x.rif = z.rif = 0;
		x.vrf = z.vrf = 0;
		x.mark = z.mark = (struct vsw_conf_mark){0, 0};
		d->vxlan_changed |= memcmp(&x, &z, sizeof(x)) != 0;
	}
	return 0;
}

static void
vxlan_clear(struct vsw_config *cfg)
{
	cfg->vxlan.n_tunnels = 0;
}

const struct vsw_conf_section vsw_vxlan_section = {
    .key = "vxlan",
    .parse = vxlan_parse,
    .diff = vxlan_diff,
    .clear = vxlan_clear,
};
