/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ICMP error nodes' rate limit (icmp4_error, icmp6_error), as Linux's icmp_ratelimit.
 */
#ifndef VSW_L3_ICMP_RL_H
#define VSW_L3_ICMP_RL_H

#include <rte_graph.h>

#include "l3/l3_priv.h"

/*
 * Rate limit per destination, as Linux's icmp_ratelimit: a burst of 6, then one per
 * interval (GCRA on a theoretical arrival time per bucket; 256 buckets per worker, by a
 * hash of the destination, so two destinations may share one).
 */
#define ICMP_RL_BUCKETS 256
#define ICMP_RL_BURST 6

struct icmp_err_ctx {
	uint64_t *tat; /* per bucket */
};

struct icmp_err_run {
	const struct l3_dp *dp;
	uint64_t *tat;
	uint64_t now;
};

static __rte_always_inline bool
icmp_rate_ok(const struct icmp_err_run *run, uint32_t dst)
{
	uint64_t iv = vsw_l3.icmp_interval_tsc, *tat;

	if (iv == 0 || run->tat == NULL)
		return true;
	tat = &run->tat[rte_hash_crc_4byte(dst, 0) & (ICMP_RL_BUCKETS - 1)];
	if (*tat < run->now)
		*tat = run->now;
	if (*tat - run->now > (ICMP_RL_BURST - 1) * iv)
		return false;
	*tat += iv;
	return true;
}

/* The node's init and fini: its buckets (without them, errors are not limited). */
int l3_icmp_rl_init(const struct rte_graph *graph, struct rte_node *node);
void l3_icmp_rl_fini(const struct rte_graph *graph, struct rte_node *node);

#endif /* VSW_L3_ICMP_RL_H */
