/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NAT's control side (feature_ctl.h): its tick (the NAT's seconds clock), its API
 * request (nat flush) and its telemetry, read-only: /vsw/nat/sessions[,ADDRESS],
 * /vsw/nat/rules and /vsw/nat/stats. Telemetry handlers hold vswd.lock (vswd_read_begin());
 * sessions are a snapshot read while workers write them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "api.h"
#include "feature_ctl.h"
#include "nat/nat.h"
#include "vswd.h"

#define NAT_PAGE 100 /* sessions a reply lists at most (telemetry replies are 16 KiB) */

struct page {
	struct rte_tel_data *list;
	unsigned int n;
};

static void
ip_str(uint32_t host, char buf[INET_ADDRSTRLEN])
{
	struct in_addr a = {.s_addr = htonl(host)};

	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void
add_session(const struct vsw_nat_session_info *s, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e = rte_tel_data_alloc();
	char a[INET_ADDRSTRLEN], key[16];

	if (e == NULL)
		return;
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_u64(e, "worker", s->worker);
	rte_tel_data_add_dict_string(e, "proto",
				     s->proto == 6 ? "tcp" : s->proto == 17 ? "udp" : "icmp");
	rte_tel_data_add_dict_string(e, "state", s->state);
	rte_tel_data_add_dict_string(e, "kind", s->kind);
	ip_str(s->in_src, a);
	rte_tel_data_add_dict_string(e, "inside", a);
	rte_tel_data_add_dict_u64(e, "inside_port", s->in_sport);
	ip_str(s->in_dst, a);
	rte_tel_data_add_dict_string(e, "remote", a);
	rte_tel_data_add_dict_u64(e, "remote_port", s->in_dport);
	ip_str(s->out_addr, a);
	rte_tel_data_add_dict_string(e, "outside", a);
	rte_tel_data_add_dict_u64(e, "outside_port", s->out_port);
	rte_tel_data_add_dict_u64(e, "idle_s", s->idle_s);
	rte_tel_data_add_dict_u64(e, "expires_s", s->expires_s);
	snprintf(key, sizeof(key), "%u", pg->n);
	if (rte_tel_data_add_dict_container(pg->list, key, e, 0) != 0)
		rte_tel_data_free(e);
	else
		pg->n++;
}

static int
cmd_sessions(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct page pg = {.list = rte_tel_data_alloc()};
	struct in_addr a = {0};
	unsigned int total;

	RTE_SET_USED(cmd);
	if (pg.list == NULL)
		return -ENOMEM;
	if (params != NULL && *params != '\0' && inet_pton(AF_INET, params, &a) != 1) {
		rte_tel_data_free(pg.list);
		return -EINVAL;
	}
	if (!vswd_read_begin()) {
		rte_tel_data_free(pg.list);
		return -ENODEV;
	}
	rte_tel_data_start_dict(pg.list);
	total = vsw_nat_session_walk(ntohl(a.s_addr), NAT_PAGE, add_session, &pg);
	vswd_read_end();
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "total", total);
	rte_tel_data_add_dict_u64(d, "shown", pg.n);
	if (rte_tel_data_add_dict_container(d, "sessions", pg.list, 0) != 0)
		rte_tel_data_free(pg.list);
	return 0;
}

static void
add_rule(const struct vsw_nat_rule_info *r, void *arg)
{
	struct page *pg = arg;
	struct rte_tel_data *e = rte_tel_data_alloc();
	char a[INET_ADDRSTRLEN], key[16];

	if (e == NULL)
		return;
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "kind", r->kind);
	rte_tel_data_add_dict_string(e, "interface", r->interface);
	rte_tel_data_add_dict_string(e, "proto", r->proto == 6 ? "tcp" : r->proto == 17 ? "udp" :
										    "all");
	ip_str(r->addr, a);
	rte_tel_data_add_dict_string(e, "address", a);
	rte_tel_data_add_dict_u64(e, "port", r->port);
	ip_str(r->to, a);
	rte_tel_data_add_dict_string(e, "to", a);
	rte_tel_data_add_dict_u64(e, "to_port", r->to_port);
	rte_tel_data_add_dict_u64(e, "hits", r->hits);
	rte_tel_data_add_dict_u64(e, "sessions", r->sessions);
	snprintf(key, sizeof(key), "%u", pg->n);
	if (pg->n >= NAT_PAGE || rte_tel_data_add_dict_container(pg->list, key, e, 0) != 0)
		rte_tel_data_free(e);
	else
		pg->n++;
}

static int
cmd_rules(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct page pg = {.list = rte_tel_data_alloc()};
	unsigned int total;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (pg.list == NULL)
		return -ENOMEM;
	if (!vswd_read_begin()) {
		rte_tel_data_free(pg.list);
		return -ENODEV;
	}
	rte_tel_data_start_dict(pg.list);
	total = vsw_nat_rule_walk(add_rule, &pg);
	vswd_read_end();
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "total", total);
	rte_tel_data_add_dict_u64(d, "shown", pg.n);
	if (rte_tel_data_add_dict_container(d, "rules", pg.list, 0) != 0)
		rte_tel_data_free(pg.list);
	return 0;
}

static int
cmd_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vsw_nat_stats st;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	vsw_nat_stats_get(&st);
	vswd_read_end();
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "sessions", st.sessions);
	rte_tel_data_add_dict_u64(d, "capacity", st.capacity);
	rte_tel_data_add_dict_u64(d, "created", st.created);
	rte_tel_data_add_dict_u64(d, "expired", st.expired);
	rte_tel_data_add_dict_u64(d, "flushed", st.flushed);
	rte_tel_data_add_dict_u64(d, "refused_table_full", st.limit);
	rte_tel_data_add_dict_u64(d, "refused_host_limit", st.host_limit);
	rte_tel_data_add_dict_u64(d, "refused_no_port", st.no_port);
	for (unsigned int i = 1; i < RTE_DIM(st.by_state); i++)
		rte_tel_data_add_dict_u64(d, vsw_nat_state_name(i), st.by_state[i]);
	return 0;
}

static int
nat_telemetry_init(void)
{
	int rc = rte_telemetry_register_cmd("/vsw/nat/sessions", cmd_sessions,
					    "NAT sessions (first 100); param: an address to "
					    "filter by (inside, remote or outside).");

	rc |= rte_telemetry_register_cmd("/vsw/nat/rules", cmd_rules,
					 "NAT forwards and floating IPs (first 100): sessions made "
					 "(hits) and now.");
	rc |= rte_telemetry_register_cmd("/vsw/nat/stats", cmd_stats,
					 "NAT counters: sessions, per state, made, expired, refused.");
	return rc;
}

static int
api_nat_flush(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	struct vsw_api_nat_flush_resp *r = resp;
	struct vsw_nat_stats st;

	RTE_SET_USED(req);
	vsw_nat_stats_get(&st);
	if (st.capacity == 0) {
		snprintf(err, VSW_API_ERR_MAX, "the NAT is not running");
		return -ENODEV;
	}
	vsw_nat_flush();
	memset(r, 0, sizeof(*r));
	r->sessions = (uint32_t)st.sessions;
	*resp_len = sizeof(*r);
	return 0;
}

static int
nat_api_init(void)
{
	static const struct vsw_api_handler h = {VSW_API_NAT_FLUSH, "nat flush", 0,
						 api_nat_flush, false};

	return vsw_api_register(&h);
}

static void
nat_tick(void *arg)
{
	RTE_SET_USED(arg);
	vsw_nat_poll();
}

const struct vswd_feature vswd_nat_control = {
    .name = "nat",
    .api_init = nat_api_init,
    .telemetry_init = nat_telemetry_init,
    .tick = nat_tick,
    .tick_ns = 1000 * 1000,
};
