/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'nat' section's destination NAT keys: port forwards, address DNAT and floating IPs.
 *
 *   nat:
 *     forwards:
 *       - {proto: tcp, port: 8080, to: 172.16.100.5, to_port: 80}  # the interface's address
 *       - {address: 10.10.10.60, proto: udp, port: 5000, to: 172.16.100.6}
 *       - {address: 10.10.10.61, to: 172.16.100.7}                 # address only: every port
 *     floating_ips:
 *       - {address: 10.10.10.50, to: 172.16.100.5}
 *
 * Each may name its outside 'interface' (needed when there are several). Parsed into
 * vsw_nat_conf.rules (forwards first); resolved once the router's interfaces are known.
 * Part of the DPDK-free config library, like nat_conf.c.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nat_conf_priv.h"
#include "../l3/l3_conf_priv.h"

enum { R_INTERFACE, R_ADDRESS, R_PROTO, R_PORT, R_TO, R_TO_PORT, R_COUNT };
static const char *const rule_keys[R_COUNT] = {
    [R_INTERFACE] = "interface", [R_ADDRESS] = "address", [R_PROTO] = "proto",
    [R_PORT] = "port",           [R_TO] = "to",           [R_TO_PORT] = "to_port"};

/* A floating IP has no ports: its keys are the first three of a forward's, and 'to'. */
static const char *const fip_keys[] = {"interface", "address", "to"};

static const char *const where[] = {[VSW_NAT_FORWARD] = "a NAT forward",
				    [VSW_NAT_FLOATING] = "a floating IP"};

/* A unicast address a host may have: not 0/8, 127/8, multicast, reserved or broadcast. */
static int
unicast(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, uint32_t *out)
{
	struct vsw_ip4_prefix p = {0};
	int ret = l3_conf_ip4(y, node, key, false, &p);

	if (ret == 0 && ((p.addr >> 24) == 0 || (p.addr >> 24) == 127 || (p.addr >> 28) >= 0xe))
		ret = vsw_yaml_error(y, node, "'%s' is not a unicast address", key);
	*out = p.addr;
	return ret;
}

static int
parse_rule(const struct vsw_yaml *y, const yaml_node_t *map, uint8_t kind,
	   struct vsw_nat_conf *nat)
{
	static const char *const protos[] = {"tcp", "udp"};
	yaml_node_t *keys[R_COUNT] = {0}, *vals[R_COUNT] = {0};
	struct vsw_nat_rule_conf *r;
	unsigned int e = 0;
	int ret;

	ret = vsw_yaml_want_map(y, map, kind == VSW_NAT_FORWARD ? "forwards" : "floating_ips");
	if (ret == 0 && kind == VSW_NAT_FORWARD)
		ret = vsw_yaml_map_keys(y, map, "in a NAT forward", rule_keys, R_COUNT, keys, vals);
	else if (ret == 0) {
		yaml_node_t *k[3], *v[3];

		ret = vsw_yaml_map_keys(y, map, "in a floating IP", fip_keys, 3, k, v);
		vals[R_INTERFACE] = v[0];
		vals[R_ADDRESS] = v[1];
		vals[R_TO] = v[2];
	}
	if (ret < 0)
		return ret;
	if (nat->n_rules == VSW_NAT_MAX_RULES)
		return vsw_yaml_error(y, map, "too many NAT forwards and floating IPs (at most %u)",
				      VSW_NAT_MAX_RULES);
	if (vals[R_TO] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'to' in %s", where[kind]);
	if (kind == VSW_NAT_FLOATING && vals[R_ADDRESS] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'address' in a floating IP");
	r = &nat->rules[nat->n_rules];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->mark = vsw_yaml_mark(map);
	if (vals[R_INTERFACE] != NULL)
		ret = vsw_yaml_name(y, vals[R_INTERFACE], "interface", r->rif);
	if (ret == 0 && vals[R_ADDRESS] != NULL)
		ret = unicast(y, vals[R_ADDRESS], "address", &r->addr);
	if (ret == 0)
		ret = unicast(y, vals[R_TO], "to", &r->to);
	if (ret == 0 && vals[R_PROTO] != NULL && vals[R_PORT] == NULL)
		ret = vsw_yaml_error(y, vals[R_PROTO], "'proto' needs a 'port' (or leave both out "
						       "to forward every port)");
	if (ret == 0 && vals[R_PORT] != NULL && vals[R_PROTO] == NULL)
		ret = vsw_yaml_error(y, vals[R_PORT], "'port' needs a 'proto' (tcp or udp)");
	if (ret == 0 && vals[R_TO_PORT] != NULL && vals[R_PORT] == NULL)
		ret = vsw_yaml_error(y, vals[R_TO_PORT], "'to_port' needs a 'port' and a 'proto'");
	if (ret == 0 && vals[R_PROTO] != NULL) {
		ret = vsw_yaml_enum(y, vals[R_PROTO], "proto", protos, 2, &e);
		r->proto = e == 0 ? 6 : 17;
	}
	if (ret == 0 && vals[R_PORT] != NULL)
		ret = vsw_yaml_u16(y, vals[R_PORT], "port", 1, 65535, &r->port);
	r->to_port = r->port;
	if (ret == 0 && vals[R_TO_PORT] != NULL)
		ret = vsw_yaml_u16(y, vals[R_TO_PORT], "to_port", 1, 65535, &r->to_port);
	if (ret == 0)
		nat->n_rules++;
	return ret;
}

int
nat_conf_rules(const struct vsw_yaml *y, const yaml_node_t *seq, uint8_t kind,
	       struct vsw_nat_conf *nat)
{
	const char *key = kind == VSW_NAT_FORWARD ? "forwards" : "floating_ips";
	int ret = l3_conf_want_seq(y, seq, key, kind == VSW_NAT_FORWARD ? "forwards" :
									   "floating IPs");

	for (size_t i = 0; ret == 0 && i < vsw_yaml_seq_len(seq); i++)
		ret = parse_rule(y, vsw_yaml_seq_item(y, seq, i), kind, nat);
	return ret;
}

/* An error at rule @p r. @return -EINVAL. */
static int __attribute__((format(printf, 3, 4)))
rule_error(const struct vsw_yaml *y, const struct vsw_nat_rule_conf *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsw_conf_verror_at(y->err, y->name, r->mark.line, r->mark.column, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void
ip_str(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

/* Does rule @p b clash with the earlier rule @p a: one outside address, port and protocol
 * translated twice, or one inside address with two floating IPs. */
static int
clash(const struct vsw_yaml *y, const struct vsw_config *cfg, const struct vsw_nat_rule_conf *a,
      const struct vsw_nat_rule_conf *b)
{
	char s[16];

	if (cfg->l3.rifs[a->rif_idx].vrf != cfg->l3.rifs[b->rif_idx].vrf)
		return 0;
	if (a->kind == VSW_NAT_FLOATING && b->kind == VSW_NAT_FLOATING && a->to == b->to) {
		ip_str(b->to, s);
		return rule_error(y, b, "inside address %s already has a floating IP (line %u)", s,
				  a->mark.line);
	}
	if (a->addr != b->addr)
		return 0;
	ip_str(b->addr, s);
	if (a->kind == VSW_NAT_FLOATING || b->kind == VSW_NAT_FLOATING)
		return rule_error(y, b, "%s is already translated whole, as a floating IP or an "
					"address forward (line %u)", s, a->mark.line);
	if (a->proto == 0 || b->proto == 0) {
		if (a->proto == b->proto)
			return rule_error(y, b, "address %s is forwarded twice (line %u)", s,
					  a->mark.line);
		return 0; /* an address forward beside port forwards: the ports win */
	}
	if (a->proto == b->proto && a->port == b->port)
		return rule_error(y, b, "this port of %s is forwarded twice (line %u)", s,
				  a->mark.line);
	return 0;
}

int
nat_conf_rules_resolve(const struct vsw_yaml *y, struct vsw_config *cfg)
{
	struct vsw_nat_conf *nat = &cfg->nat;
	unsigned int i, j, n_out = 0, out = 0;

	for (i = 0; i < nat->n_ifs; i++)
		if (nat->ifs[i].outside) {
			n_out++;
			out = i;
		}
	for (i = 0; i < nat->n_rules; i++) {
		struct vsw_nat_rule_conf *r = &nat->rules[i];
		const struct vsw_rif_conf *rif;
		char s[16];
		int ret;

		if (r->rif[0] == '\0') {
			if (n_out != 1)
				return rule_error(y, r, "%s needs its outside 'interface' (there "
							"are %u outside interfaces)",
						  where[r->kind], n_out);
			r->rif_idx = nat->ifs[out].rif_idx;
			/* Both are char[32] of one struct: snprintf's restrict says they may
			 * overlap (gcc -O2 -Werror=restrict); they never do. */
			static_assert(sizeof(r->rif) == sizeof(nat->ifs[out].rif), "same size");
			memcpy(r->rif, nat->ifs[out].rif, sizeof(r->rif));
		} else {
			for (j = 0; j < nat->n_ifs; j++)
				if (nat->ifs[j].outside && strcmp(nat->ifs[j].rif, r->rif) == 0)
					break;
			if (j == nat->n_ifs)
				return rule_error(y, r, "'%s' is not a NAT outside interface",
						  r->rif);
			r->rif_idx = nat->ifs[j].rif_idx;
		}
		rif = &cfg->l3.rifs[r->rif_idx];
		if (r->addr == 0) {
			if (rif->n_addrs == 0)
				return rule_error(y, r, "outside interface '%s' has no IPv4 address: "
							"give the forward an 'address'",
						  r->rif);
			r->addr = rif->addrs[0].addr;
		}
		for (j = 0; r->kind == VSW_NAT_FLOATING && j < rif->n_addrs; j++)
			if (rif->addrs[j].addr == r->addr) {
				ip_str(r->addr, s);
				return rule_error(y, r, "floating IP %s is an address of its "
							"interface", s);
			}
		for (j = 0; j < i; j++) {
			ret = clash(y, cfg, &nat->rules[j], r);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}
