/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NAT44 with connection tracking (issue 8): source NAT of what inside router interfaces
 * send out of outside ones (masquerade, or an address pool), sessions found from both
 * directions, only replies let in on the outside; port forwards, address DNAT and floating
 * IPs (1:1 both ways), hairpinning. Nodes: nat44.c, nat_pkt.h; tables: nat_table.c;
 * control: nat.c, nat_rules.c; config: nat_conf.c, nat_conf_dnat.c. See
 * docs/architecture.md, "NAT".
 */
#ifndef VSW_NAT_H
#define VSW_NAT_H

#include <stdbool.h>
#include <stdint.h>

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A session, as vsw_nat_session_walk() gives it. Addresses and ports in host order. */
struct vsw_nat_session_info {
	unsigned int worker;    /**< The worker whose table holds it. */
	uint8_t proto;          /**< 6, 17 or 1. */
	const char *state;      /**< "established", "syn_sent", "udp", "icmp", ... */
	const char *kind;       /**< "snat" (opened from inside), "dnat" (from outside, by a
	                             forward), "floating" (a floating IP's, either way),
	                             "hairpin" (half of a hairpin pair). */
	uint32_t in_src, in_dst; /**< The flow as the inside host sends it. */
	uint16_t in_sport, in_dport; /**< ICMP: the echo id in in_sport. */
	uint32_t out_addr;      /**< The inside source's translation. */
	uint16_t out_port;      /**< ICMP: the translated echo id. */
	uint32_t idle_s;        /**< Since its last packet. */
	uint32_t expires_s;     /**< Left before it expires. */
};

/**
 * Call @p fn for each session whose inside source, destination or outside address is
 * @p addr (host order; 0: every session), at most @p max. A snapshot read while workers
 * write: a session made or gone during the walk may be missed. Control thread or telemetry.
 * @return the number of sessions that matched (all of them, not just the first @p max).
 */
unsigned int vsw_nat_session_walk(uint32_t addr, unsigned int max,
				  void (*fn)(const struct vsw_nat_session_info *s, void *arg),
				  void *arg);

/** A forward or floating IP, as vsw_nat_rule_walk() gives it. Host order. */
struct vsw_nat_rule_info {
	const char *kind;       /**< "forward" or "floating". */
	char interface[32];     /**< Its outside interface. */
	uint8_t proto;          /**< 6, 17; 0: every protocol (ports kept). */
	uint32_t addr, to;      /**< Outside and inside address. */
	uint16_t port, to_port; /**< 0: every port. */
	uint64_t hits;          /**< Sessions it made (kept across reloads that keep it). */
	uint64_t sessions;      /**< Its sessions now. */
};

/**
 * Call @p fn for each forward and floating IP running, in config order. Counts sessions
 * with a walk of every table. Control thread or telemetry.
 * @return the number of rules.
 */
unsigned int vsw_nat_rule_walk(void (*fn)(const struct vsw_nat_rule_info *r, void *arg),
			       void *arg);

/** The NAT's counters, summed over workers. */
struct vsw_nat_stats {
	uint64_t sessions;       /**< Now. */
	uint64_t capacity;       /**< nat.max_sessions, as the workers' tables hold it. */
	uint64_t created, expired, flushed;
	uint64_t limit;          /**< New sessions refused: the worker's table full. */
	uint64_t host_limit;     /**< Refused: the inside host at max_sessions_per_host. */
	uint64_t no_port;        /**< Refused: no free outside port. */
	uint64_t by_state[10];   /**< Sessions now per state (index: vsw_nat_state_name()). */
};

/** Fill @p st. Control thread or telemetry. */
void vsw_nat_stats_get(struct vsw_nat_stats *st);

/** The name of state @p i (0..9; 0 "free"). */
const char *vsw_nat_state_name(unsigned int i);

/** Advance the NAT's seconds clock. Control thread, every millisecond. */
void vsw_nat_poll(void);

/** Ask every worker to delete all its sessions (done within milliseconds). Control thread. */
void vsw_nat_flush(void);

/** Free the fragments the workers hold for reassembly (nat44_reass: each is freed when its
 *  datagram completes or after NAT_FRAG_TIMEOUT_S anyway). Workers stopped: tests. */
void vsw_nat_frag_flush(void);

#ifdef __cplusplus
}
#endif

#endif /* VSW_NAT_H */
