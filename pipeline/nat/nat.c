/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NAT's control side: the feature's hooks (vsw_feature.h) — the per-worker tables made
 * at init, the config's interfaces, addresses, timeouts and rules (nat_rules.c) published
 * by apply — and what the daemon reads: sessions, counters, the clock, flush. Control
 * thread unless said.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "l3/l3_hook.h"
#include "nat/nat_priv.h"
#include "vsw_feature.h"
#include "vsw_pipeline.h"
#include "vsw_rcu.h"

struct nat_shared vsw_nat;

static int in_hook, out_hook; /* l3_input's hooks (l3_hook.h) */

static const char *const state_names[NAT_S_COUNT] = {
    [NAT_S_FREE] = "free",
    [NAT_S_TCP_SYN_SENT] = "syn_sent",
    [NAT_S_TCP_SYN_RECV] = "syn_recv",
    [NAT_S_TCP_ESTABLISHED] = "established",
    [NAT_S_TCP_FIN_WAIT] = "fin_wait",
    [NAT_S_TCP_TIME_WAIT] = "time_wait",
    [NAT_S_TCP_CLOSE] = "close",
    [NAT_S_UDP] = "udp",
    [NAT_S_UDP_STREAM] = "udp_stream",
    [NAT_S_ICMP] = "icmp",
};

const char *
vsw_nat_state_name(unsigned int i)
{
	return i < NAT_S_COUNT ? state_names[i] : "unknown";
}

static uint32_t
clock_s(void)
{
	return (uint32_t)(rte_get_tsc_cycles() / rte_get_tsc_hz());
}

static void
worker_free(struct nat_worker *w)
{
	if (w == NULL)
		return;
	if (w->frag != NULL)
		rte_ip_frag_table_destroy(w->frag);
	rte_ip_frag_free_death_row(&w->dr, 0);
	rte_hash_free(w->h);
	rte_ring_free(w->reclass);
	rte_free(w->s);
	rte_free(w->free);
	rte_free(w->pend);
	rte_free(w);
}

static struct nat_worker *
worker_make(unsigned int i, unsigned int n, uint32_t cap, int socket)
{
	struct rte_hash_parameters hp = {0};
	struct nat_worker *w;
	char name[RTE_HASH_NAMESIZE];
	uint32_t entries = cap * 4 + 1024, k;

	w = rte_zmalloc_socket("nat_worker", sizeof(*w), RTE_CACHE_LINE_SIZE, socket);
	if (w == NULL)
		return NULL;
	snprintf(name, sizeof(name), "nat_w%u", i);
	hp.name = name;
	hp.entries = entries;
	hp.key_len = sizeof(struct nat_key);
	hp.hash_func = rte_hash_crc;
	hp.socket_id = socket;
	hp.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF | RTE_HASH_EXTRA_FLAGS_EXT_TABLE |
			RTE_HASH_EXTRA_FLAGS_NO_FREE_ON_DEL;
	w->h = rte_hash_create(&hp);
	snprintf(name, sizeof(name), "nat_rc%u", i);
	w->reclass = rte_ring_create(name, 4096, socket, RING_F_SC_DEQ);
	w->s = rte_zmalloc_socket("nat_sessions", sizeof(*w->s) * cap, RTE_CACHE_LINE_SIZE,
				  socket);
	w->free = rte_malloc_socket("nat_free", sizeof(*w->free) * cap, 0, socket);
	w->pend_cap = entries;
	w->pend = rte_malloc_socket("nat_pending", sizeof(*w->pend) * entries, 0, socket);
	/* Timed in the NAT's seconds (vsw_nat.now_s), as its sessions are. */
	w->frag = rte_ip_frag_table_create(NAT_FRAG_MAX, 16, NAT_FRAG_MAX, NAT_FRAG_TIMEOUT_S,
					   socket);
	if (w->h == NULL || w->reclass == NULL || w->s == NULL || w->free == NULL ||
	    w->pend == NULL || w->frag == NULL) {
		worker_free(w);
		return NULL;
	}
	w->cap = cap;
	for (k = 0; k < cap; k++)
		w->free[k] = cap - 1 - k;
	w->n_free = cap;
	for (k = 0; k < NAT_WHEEL; k++)
		w->wheel[k] = NAT_NONE;
	w->wheel_now = vsw_nat.now_s;
	w->index = (uint16_t)i;
	w->n_workers = (uint16_t)n;
	return w;
}

static void nat_fini(void);

static void
dp_free(void *p)
{
	struct nat_dp *dp = p;

	nat_rules_free(dp);
	rte_free(dp);
}

static int
nat_init(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu, char *err,
	 size_t err_len)
{
	uint32_t max = conf->sizing != NULL && conf->sizing->nat.max_sessions != 0 ?
			       conf->sizing->nat.max_sessions :
			       65536;
	unsigned int n = RTE_MAX(conf->n_workers, 1u), i;

	memset(&vsw_nat, 0, sizeof(vsw_nat));
	vsw_nat.rcu = rcu;
	vsw_nat.now_s = clock_s();
	in_hook = vsw_l3_ip4_hook_add(NAT_NODE_IN2OUT);
	out_hook = vsw_l3_ip4_hook_add(NAT_NODE_OUT2IN);
	vsw_l3_icmp4_unxlat = nat44_icmp_unxlat;
	if (in_hook < 0 || out_hook < 0) {
		snprintf(err, err_len, "nat: cannot hook into l3_input: %s",
			 strerror(-RTE_MIN(in_hook, out_hook)));
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		int socket = i < conf->n_workers && conf->worker_lcores != NULL ?
				     (int)rte_lcore_to_socket_id(conf->worker_lcores[i]) :
				     SOCKET_ID_ANY;

		vsw_nat.w[i] = worker_make(i, n, (max + n - 1) / n, socket);
		if (vsw_nat.w[i] == NULL) {
			snprintf(err, err_len,
				 "nat: no memory for worker %u's session table (%u sessions)", i,
				 (max + n - 1) / n);
			nat_fini();
			return -ENOMEM;
		}
	}
	vsw_nat.n_workers = n;
	return 0;
}

static int
nat_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	const struct vsw_nat_conf *nc = &cfg->nat;
	uint8_t hook[VSW_MAX_IFACES] = {0};
	struct nat_dp *dp;
	unsigned int i, j;
	int rc;

	(void)ids;
	dp = rte_zmalloc("nat_dp", sizeof(*dp), RTE_CACHE_LINE_SIZE);
	if (dp == NULL) {
		snprintf(err, err_len, "nat: no memory for its tables");
		return -ENOMEM;
	}
	memcpy(dp->timeout, nc->timeout_s, sizeof(dp->timeout));
	dp->max_per_host = nc->max_sessions_per_host;
	for (i = 0; i < nc->n_ifs; i++) {
		const struct vsw_nat_if_conf *f = &nc->ifs[i];
		const struct vsw_iface *ifc = vsw_iface_from_name(f->rif);

		if (ifc == NULL || ifc->type != VSW_IFACE_RIF)
			continue; /* not running: nothing reaches it */
		dp->role[ifc->id] = f->outside ? NAT_ROLE_OUTSIDE : NAT_ROLE_INSIDE;
		hook[ifc->id] = (uint8_t)(f->outside ? out_hook : in_hook);
		dp->out[ifc->id].n_pool = f->n_pool;
		dp->out[ifc->id].port_lo = f->ports[0];
		dp->out[ifc->id].port_hi = f->ports[1];
		for (j = 0; j < f->n_pool; j++)
			dp->out[ifc->id].pool[j] = rte_cpu_to_be_32(f->pool[j]);
	}
	rc = nat_rules_build(dp, nc, vsw_nat.dp, vsw_nat.n_workers);
	if (rc < 0) {
		snprintf(err, err_len, "nat: no memory for its %u forwards and floating IPs",
			 nc->n_rules);
		dp_free(dp);
		return rc;
	}
	/* The tables first, then the hooks that send packets to the nodes reading them, and
	 * the rules' addresses to ARP last. A rule gone leaves its sessions (Linux's
	 * conntrack entries outlive the iptables rule that made them). */
	vsw_rcu_publish((void **)&vsw_nat.dp, dp, dp_free);
	if (vsw_l3_ip4_hook_set(nc->n_ifs > 0 ? hook : NULL) != 0 || nat_rules_arp(dp) != 0) {
		snprintf(err, err_len, "nat: no memory for the router's hook and ARP tables");
		return -ENOMEM;
	}
	return 0;
}

static void
nat_fini(void)
{
	vsw_l3_icmp4_unxlat = NULL;
	vsw_l3_ip4_hook_set(NULL);
	nat_rules_fini();
	vsw_rcu_publish((void **)&vsw_nat.dp, NULL, dp_free);
	for (unsigned int i = 0; i < VSW_MAX_WORKERS; i++) {
		worker_free(vsw_nat.w[i]);
		vsw_nat.w[i] = NULL;
	}
	vsw_nat.n_workers = 0;
}

const struct vsw_feature vsw_nat_feature = {
    .name = "nat",
    .source_node = NAT_NODE_TICK,
    .init = nat_init,
    .apply = nat_apply,
    .fini = nat_fini,
};

/* ---- What the daemon reads ---------------------------------------------------------------- */

void
vsw_nat_poll(void)
{
	__atomic_store_n(&vsw_nat.now_s, clock_s(), __ATOMIC_RELAXED);
}

void
vsw_nat_flush(void)
{
	__atomic_add_fetch(&vsw_nat.flush_gen, 1, __ATOMIC_RELEASE);
}

void
vsw_nat_frag_flush(void)
{
	for (unsigned int i = 0; i < vsw_nat.n_workers; i++) {
		struct nat_worker *w = vsw_nat.w[i];
		uint32_t n;

		if (w == NULL || w->frag == NULL)
			continue;
		do { /* the death row takes a few datagrams at a time */
			rte_ip_frag_table_del_expired_entries(w->frag, &w->dr, UINT64_MAX);
			n = w->dr.cnt;
			rte_ip_frag_free_death_row(&w->dr, 0);
		} while (n != 0);
	}
}

unsigned int
vsw_nat_session_walk(uint32_t addr, unsigned int max,
		     void (*fn)(const struct vsw_nat_session_info *s, void *arg), void *arg)
{
	const struct nat_dp *dp = VSW_RCU_LOAD(vsw_nat.dp);
	uint32_t a = rte_cpu_to_be_32(addr), now = vsw_nat.now_s;
	unsigned int n = 0;

	for (unsigned int i = 0; i < vsw_nat.n_workers; i++) {
		const struct nat_worker *w = vsw_nat.w[i];

		for (uint32_t k = 0; k < w->cap; k++) {
			struct nat_session s = w->s[k]; /* a snapshot: workers write it */
			struct vsw_nat_session_info info;
			uint32_t left;

			if (s.state == NAT_S_FREE || s.state >= NAT_S_COUNT)
				continue;
			if (addr != 0 && s.in.src != a && s.in.dst != a && s.out_addr != a)
				continue;
			if (n++ >= max)
				continue;
			memset(&info, 0, sizeof(info));
			info.worker = i;
			info.proto = s.in.proto;
			info.state = state_names[s.state];
			info.kind = s.flags & NAT_F_HAIRPIN ? "hairpin" :
				    s.flags & NAT_F_FLOAT   ? "floating" :
				    s.flags & NAT_F_DNAT    ? "dnat" :
							      "snat";
			info.in_src = rte_be_to_cpu_32(s.in.src);
			info.in_dst = rte_be_to_cpu_32(s.in.dst);
			info.in_sport = rte_be_to_cpu_16(s.in.sport);
			info.in_dport = rte_be_to_cpu_16(s.in.dport);
			info.out_addr = rte_be_to_cpu_32(s.out_addr);
			info.out_port = rte_be_to_cpu_16(s.out_port);
			info.idle_s = now - s.last_s;
			left = dp != NULL ? s.last_s + dp->timeout[NAT_TIMEOUT_OF(s.state)] - now : 0;
			info.expires_s = (int32_t)left > 0 ? left : 0;
			fn(&info, arg);
		}
	}
	return n;
}

void
vsw_nat_stats_get(struct vsw_nat_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned int i = 0; i < vsw_nat.n_workers; i++) {
		const struct nat_worker *w = vsw_nat.w[i];

		st->capacity += w->cap;
		st->created += w->st.created;
		st->expired += w->st.expired;
		st->flushed += w->st.flushed;
		st->limit += w->st.limit;
		st->host_limit += w->st.host_limit;
		st->no_port += w->st.no_port;
		for (uint32_t k = 0; k < w->cap; k++) {
			uint8_t s = __atomic_load_n(&w->s[k].state, __ATOMIC_RELAXED);

			if (s != NAT_S_FREE && s < NAT_S_COUNT) {
				st->by_state[s]++;
				st->sessions++;
			}
		}
	}
}
