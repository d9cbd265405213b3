/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'nat' config section: the router interfaces on each side of the NAT, the outside's
 * addresses, limits and timeouts.
 *
 *   nat:
 *     inside: [gw100, gw101]
 *     outside:
 *       - {interface: ext}                        # masquerade: to its own address
 *       - {interface: ext2, pool: [10.10.10.2, 10.10.10.3], ports: 20000-29999}
 *     forwards: [...]      # nat_conf_dnat.c
 *     floating_ips: [...]
 *     max_sessions: 65536
 *     max_sessions_per_host: 8192
 *     timeouts: {udp: 30, tcp_established: 432000}
 *
 * Part of the DPDK-free config library (config/meson.build), like the router's section.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vsw_sections.h"
#include "nat_conf_priv.h"
#include "../l3/l3_conf_priv.h"

const char *const vsw_nat_timeout_names[VSW_NAT_T_COUNT] = {
    [VSW_NAT_T_TCP_SYN_SENT] = "tcp_syn_sent",   [VSW_NAT_T_TCP_SYN_RECV] = "tcp_syn_recv",
    [VSW_NAT_T_TCP_ESTABLISHED] = "tcp_established", [VSW_NAT_T_TCP_FIN_WAIT] = "tcp_fin_wait",
    [VSW_NAT_T_TCP_TIME_WAIT] = "tcp_time_wait", [VSW_NAT_T_TCP_CLOSE] = "tcp_close",
    [VSW_NAT_T_UDP] = "udp",                     [VSW_NAT_T_UDP_STREAM] = "udp_stream",
    [VSW_NAT_T_ICMP] = "icmp",
};

/* Linux's nf_conntrack defaults. */
static const uint32_t default_timeout[VSW_NAT_T_COUNT] = {
    [VSW_NAT_T_TCP_SYN_SENT] = 120, [VSW_NAT_T_TCP_SYN_RECV] = 60,
    [VSW_NAT_T_TCP_ESTABLISHED] = 432000, [VSW_NAT_T_TCP_FIN_WAIT] = 120,
    [VSW_NAT_T_TCP_TIME_WAIT] = 120, [VSW_NAT_T_TCP_CLOSE] = 10,
    [VSW_NAT_T_UDP] = 30, [VSW_NAT_T_UDP_STREAM] = 120, [VSW_NAT_T_ICMP] = 30,
};

#define NAT_MAX_SESSIONS (64u << 20)

enum {
	N_INSIDE,
	N_OUTSIDE,
	N_FORWARDS,
	N_FLOATING,
	N_MAX_SESSIONS,
	N_MAX_PER_HOST,
	N_TIMEOUTS,
	N_COUNT
};
static const char *const nat_keys[N_COUNT] = {
    [N_INSIDE] = "inside", [N_OUTSIDE] = "outside", [N_FORWARDS] = "forwards",
    [N_FLOATING] = "floating_ips", [N_MAX_SESSIONS] = "max_sessions",
    [N_MAX_PER_HOST] = "max_sessions_per_host", [N_TIMEOUTS] = "timeouts"};

enum { O_INTERFACE, O_POOL, O_PORTS, O_COUNT };
static const char *const out_keys[O_COUNT] = {[O_INTERFACE] = "interface", [O_POOL] = "pool",
					      [O_PORTS] = "ports"};

static void
nat_defaults(struct vsw_config *cfg)
{
	cfg->nat.max_sessions = 65536;
	cfg->nat.max_sessions_per_host = 8192;
	memcpy(cfg->nat.timeout_s, default_timeout, sizeof(default_timeout));
}

static struct vsw_nat_if_conf *
new_if(const struct vsw_yaml *y, const yaml_node_t *at, struct vsw_nat_conf *nat)
{
	struct vsw_nat_if_conf *f;

	if (nat->n_ifs == VSW_NAT_MAX_IFS) {
		vsw_yaml_error(y, at, "too many NAT interfaces (at most %u)", VSW_NAT_MAX_IFS);
		return NULL;
	}
	f = &nat->ifs[nat->n_ifs++];
	memset(f, 0, sizeof(*f));
	f->mark = vsw_yaml_mark(at);
	return f;
}

static int
parse_outside(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_nat_conf *nat)
{
	yaml_node_t *keys[O_COUNT], *vals[O_COUNT];
	struct vsw_nat_if_conf *f;
	struct vsw_ip4_prefix p;
	int ret;

	ret = vsw_yaml_want_map(y, map, "outside");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a NAT outside interface", out_keys, O_COUNT,
					keys, vals);
	if (ret < 0)
		return ret;
	if (vals[O_INTERFACE] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'interface' in a NAT outside "
					      "interface");
	f = new_if(y, map, nat);
	if (f == NULL)
		return -EINVAL;
	f->outside = 1;
	ret = vsw_yaml_name(y, vals[O_INTERFACE], "interface", f->rif);
	if (ret == 0 && vals[O_PORTS] != NULL) {
		/* Below 1024 are the well-known ports (and the workers' shares of the port
		 * space start there: nat_port_owner()). */
		ret = l3_conf_ports(y, vals[O_PORTS], "ports", f->ports);
		if (ret == 0 && f->ports[0] < 1024)
			ret = vsw_yaml_error(y, vals[O_PORTS],
					     "'ports' must be within 1024-65535");
	}
	if (ret < 0 || vals[O_POOL] == NULL)
		return ret;
	ret = l3_conf_want_seq(y, vals[O_POOL], "pool", "IPv4 addresses");
	for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(vals[O_POOL]); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, vals[O_POOL], i);

		if (i >= VSW_NAT_MAX_POOL)
			return vsw_yaml_error(y, item, "too many pool addresses (at most %u)",
					      VSW_NAT_MAX_POOL);
		ret = l3_conf_ip4(y, item, "pool", false, &p);
		if (ret == 0 && ((p.addr >> 24) == 0 || (p.addr >> 24) == 127 ||
				 (p.addr >> 28) >= 0xe))
			ret = vsw_yaml_error(y, item, "pool address is not a unicast address");
		for (unsigned int j = 0; ret == 0 && j < f->n_pool; j++)
			if (f->pool[j] == p.addr)
				ret = vsw_yaml_error(y, item, "pool address given twice");
		if (ret == 0)
			f->pool[f->n_pool++] = p.addr;
	}
	return ret;
}

static int
parse_timeouts(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_nat_conf *nat)
{
	yaml_node_t *keys[VSW_NAT_T_COUNT], *vals[VSW_NAT_T_COUNT];
	int ret;

	ret = vsw_yaml_want_map(y, map, "timeouts");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in NAT timeouts", vsw_nat_timeout_names,
					VSW_NAT_T_COUNT, keys, vals);
	for (unsigned int t = 0; ret == 0 && t < VSW_NAT_T_COUNT; t++)
		if (vals[t] != NULL)
			ret = vsw_yaml_uint(y, vals[t], vsw_nat_timeout_names[t], 1, 30 * 86400,
					    &nat->timeout_s[t]);
	return ret;
}

static int
nat_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	struct vsw_nat_conf *nat = &cfg->nat;
	yaml_node_t *keys[N_COUNT], *vals[N_COUNT];
	int ret;

	ret = vsw_yaml_want_map(y, map, "nat");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in nat", nat_keys, N_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	cfg->nat_mark = vsw_yaml_mark(map);
	if (vals[N_INSIDE] != NULL) {
		ret = l3_conf_want_seq(y, vals[N_INSIDE], "inside", "router interface names");
		for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(vals[N_INSIDE]); i++) {
			const yaml_node_t *item = vsw_yaml_seq_item(y, vals[N_INSIDE], i);
			struct vsw_nat_if_conf *f = new_if(y, item, nat);

			ret = f == NULL ? -EINVAL : vsw_yaml_name(y, item, "inside", f->rif);
		}
	}
	if (ret == 0 && vals[N_OUTSIDE] != NULL) {
		ret = l3_conf_want_seq(y, vals[N_OUTSIDE], "outside", "outside interfaces");
		for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(vals[N_OUTSIDE]); i++)
			ret = parse_outside(y, vsw_yaml_seq_item(y, vals[N_OUTSIDE], i), nat);
	}
	if (ret == 0 && vals[N_FORWARDS] != NULL)
		ret = nat_conf_rules(y, vals[N_FORWARDS], VSW_NAT_FORWARD, nat);
	if (ret == 0 && vals[N_FLOATING] != NULL)
		ret = nat_conf_rules(y, vals[N_FLOATING], VSW_NAT_FLOATING, nat);
	if (ret == 0 && vals[N_MAX_SESSIONS] != NULL) {
		ret = vsw_yaml_uint(y, vals[N_MAX_SESSIONS], "max_sessions", 1024, NAT_MAX_SESSIONS,
				    &nat->max_sessions);
		nat->max_sessions_mark = vsw_yaml_mark(vals[N_MAX_SESSIONS]);
	}
	if (ret == 0 && vals[N_MAX_PER_HOST] != NULL)
		ret = vsw_yaml_uint(y, vals[N_MAX_PER_HOST], "max_sessions_per_host", 1,
				    NAT_MAX_SESSIONS, &nat->max_sessions_per_host);
	if (ret == 0 && vals[N_TIMEOUTS] != NULL)
		ret = parse_timeouts(y, vals[N_TIMEOUTS], nat);
	return ret;
}

/* Interface names into router interfaces; each on one side only. Then the rules'. */
static int
nat_resolve(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	struct vsw_nat_conf *nat = &cfg->nat;
	unsigned int i, j;

	(void)map;
	for (i = 0; i < nat->n_ifs; i++) {
		struct vsw_nat_if_conf *f = &nat->ifs[i];

		for (j = 0; j < cfg->l3.n_rifs; j++)
			if (strcmp(cfg->l3.rifs[j].name, f->rif) == 0)
				break;
		if (j == cfg->l3.n_rifs)
			return vsw_conf_error_at(y->err, y->name, f->mark.line, f->mark.column, "'%s' is not a router interface",
						 f->rif);
		f->rif_idx = (uint16_t)j;
		for (j = 0; j < i; j++)
			if (nat->ifs[j].rif_idx == f->rif_idx)
				return vsw_conf_error_at(y->err, y->name, f->mark.line, f->mark.column,
							 "router interface '%s' is already a NAT "
							 "interface (line %u)",
							 f->rif, nat->ifs[j].mark.line);
		/* Each worker takes its share of the range (nat_port_owner()): one at least. */
		if (f->ports[1] != 0 && f->ports[1] - f->ports[0] + 1u < cfg->n_workers)
			return vsw_conf_error_at(y->err, y->name, f->mark.line, f->mark.column,
						 "outside interface '%s': 'ports' has fewer ports "
						 "than there are workers (%u)",
						 f->rif, cfg->n_workers);
		if (f->outside && f->n_pool == 0 && cfg->l3.rifs[f->rif_idx].n_addrs == 0)
			return vsw_conf_error_at(y->err, y->name, f->mark.line, f->mark.column,
						 "outside interface '%s' has no IPv4 address and "
						 "no pool",
						 f->rif);
	}
	return nat_conf_rules_resolve(y, cfg);
}

/* Did anything but marks (and resolved indexes) change in the section. */
static bool
nat_conf_changed(const struct vsw_nat_conf *a, const struct vsw_nat_conf *b)
{
	unsigned int i;

	if (a->n_ifs != b->n_ifs || a->n_rules != b->n_rules ||
	    a->max_sessions_per_host != b->max_sessions_per_host ||
	    memcmp(a->timeout_s, b->timeout_s, sizeof(a->timeout_s)) != 0)
		return true;
	for (i = 0; i < a->n_ifs; i++) {
		struct vsw_nat_if_conf x = a->ifs[i], z = b->ifs[i];

		x.mark = z.mark = (struct vsw_conf_mark){0, 0};
		x.rif_idx = z.rif_idx = 0;
		if (memcmp(&x, &z, sizeof(x)) != 0)
			return true;
	}
	for (i = 0; i < a->n_rules; i++) {
		struct vsw_nat_rule_conf x = a->rules[i], z = b->rules[i];

		x.mark = z.mark = (struct vsw_conf_mark){0, 0};
		x.rif_idx = z.rif_idx = 0;
		if (memcmp(&x, &z, sizeof(x)) != 0)
			return true;
	}
	return false;
}

static int
nat_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	 char *err)
{
	if (o->nat.max_sessions != n->nat.max_sessions)
		return vsw_conf_restart_error(err, n, n->nat.max_sessions_mark, n->nat_mark,
					      "nat.max_sessions", "from %u to %u",
					      o->nat.max_sessions, n->nat.max_sessions);
	d->nat_changed = nat_conf_changed(&o->nat, &n->nat);
	return 0;
}

static void
nat_clear(struct vsw_config *cfg)
{
	cfg->nat.n_ifs = 0;
	cfg->nat.n_rules = 0;
}

const struct vsw_conf_section vsw_nat_section = {
    .key = "nat",
    .defaults = nat_defaults,
    .parse = nat_parse,
    .resolve = nat_resolve,
    .diff = nat_diff,
    .clear = nat_clear,
};
