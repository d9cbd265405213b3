/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NAT44 and connection tracking: the data-path tables (docs/architecture.md, "NAT").
 *
 * Sessions live in per-worker tables. Worker w alone writes table w (its rte_hash, its
 * session array, its timer wheel, its free lists): it makes the sessions of the flows it
 * sees first, and expires them. Every worker reads every table, lock-free
 * (RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF: readers never wait for the one writer). A
 * session's outside port is taken from its owner's slice of the port range, so a reply
 * names the table its session is in. A deleted session's hash slots and array entry are
 * reused only after the pipeline's RCU grace period (every worker has finished the walk it
 * was in), so a reader that found it through the hash never reads a reused entry.
 *
 * A session's state byte and last-seen second are written by whichever worker sees its
 * packets (atomic stores, only when they change); everything else by the owner.
 */
#ifndef VSW_NAT_PRIV_H
#define VSW_NAT_PRIV_H

#include <assert.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_hash.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "iface/iface.h"
#include "nat/nat.h"
#include "vsw_config.h"

#define NAT_NONE UINT32_MAX
#define NAT_PORT_LO 1024u     /* outside ports and ICMP ids: 1024..65535, sliced by worker */
#define NAT_WHEEL 4096u       /* timer wheel slots, one per second */
#define NAT_EXPIRE_BUDGET 256 /* sessions a tick examines at most */
#define NAT_PORT_TRIES 128    /* ports tried for a new session before giving up */

/* Hash key kinds: a flow as one side sends it; an inside endpoint's UDP mapping
 * (endpoint-independent, RFC 4787); an outside port a mapping holds; an inside host's
 * session count. */
enum nat_key_kind { NAT_K_FLOW, NAT_K_EIM, NAT_K_PORT, NAT_K_HOST };

struct nat_key {
	uint32_t src, dst;     /* network order */
	uint16_t sport, dport; /* network order; ICMP echo: the id, in sport for a request
	                          and in dport for a reply */
	uint8_t proto;
	uint8_t vrf;
	uint8_t kind;
	uint8_t pad;
};
static_assert(sizeof(struct nat_key) == 16, "NAT key is 16 bytes");

enum nat_state {
	NAT_S_FREE,
	NAT_S_TCP_SYN_SENT,
	NAT_S_TCP_SYN_RECV,
	NAT_S_TCP_ESTABLISHED,
	NAT_S_TCP_FIN_WAIT,
	NAT_S_TCP_TIME_WAIT,
	NAT_S_TCP_CLOSE,
	NAT_S_UDP,
	NAT_S_UDP_STREAM,
	NAT_S_ICMP,
	NAT_S_COUNT,
};
/* The state's timeout: enum vsw_nat_timeout is in the same order. */
#define NAT_TIMEOUT_OF(state) ((state) - 1)

#define NAT_F_EIM 0x01 /* holds a reference on its inside endpoint's UDP mapping */

struct nat_session {
	struct nat_key in;  /* the flow as the inside host sends it (kind NAT_K_FLOW) */
	uint32_t out_addr;  /* network order: the inside source's translation */
	uint16_t out_port;  /* network order */
	uint8_t out_vrf;    /* the outside interface's VRF */
	uint8_t state;      /* enum nat_state; any worker */
	uint32_t last_s;    /* last packet, seconds; any worker */
	uint32_t prev, next; /* owner: its wheel slot's list */
	int32_t pos_in, pos_out; /* owner: hash positions of its two keys */
	uint16_t slot;      /* owner: wheel slot */
	uint8_t flags;      /* owner: NAT_F_* */
	uint8_t fin;        /* FIN seen: bit 0 from inside, bit 1 from outside; any worker */
	uint32_t pad[4];
};
static_assert(sizeof(struct nat_session) == RTE_CACHE_LINE_SIZE, "a session is a line");

/* A deletion waiting for the grace period: hash positions to free and a session entry. */
struct nat_pending {
	uint64_t token;
	int32_t pos[2];
	uint32_t idx; /* session, or NAT_NONE */
	uint32_t pad;
};

struct nat_wstats {
	uint64_t created, expired, flushed;
	uint64_t limit, host_limit, no_port; /* new sessions refused */
	uint64_t reclass_lost;               /* state changes not posted: ring full */
};

struct nat_worker {
	struct rte_hash *h;
	struct nat_session *s;  /* cap entries */
	uint32_t cap, used;
	uint32_t *free;         /* stack of free entries */
	uint32_t n_free;
	uint32_t wheel[NAT_WHEEL]; /* list heads, by deadline second mod NAT_WHEEL */
	uint32_t wheel_now;     /* the second being expired */
	struct nat_pending *pend; /* FIFO */
	uint32_t pend_cap, pend_head, pend_n;
	struct rte_ring *reclass; /* other workers → owner: sessions whose state changed */
	uint16_t port_lo, port_n; /* its slice of outside ports */
	uint16_t next_port;
	uint32_t flush_gen;     /* the last flush it did */
	struct nat_wstats st;
} __rte_cache_aligned;

enum nat_role { NAT_ROLE_NONE, NAT_ROLE_INSIDE, NAT_ROLE_OUTSIDE };

struct nat_out {
	uint8_t n_pool;
	uint32_t pool[VSW_NAT_MAX_POOL]; /* network order */
};

/* The config's tables: RCU-published, rebuilt whole by each apply. */
struct nat_dp {
	uint8_t role[VSW_MAX_IFACES]; /* by router interface id */
	struct nat_out out[VSW_MAX_IFACES];
	uint32_t timeout[VSW_NAT_T_COUNT];
	uint32_t max_per_host;
};

struct nat_shared {
	struct nat_dp *dp;      /* RCU-published */
	struct nat_worker *w[VSW_MAX_WORKERS];
	unsigned int n_workers;
	struct rte_rcu_qsbr *rcu;
	uint32_t now_s;         /* the control thread's seconds clock */
	uint32_t flush_gen;     /* bumped by a flush: each owner empties its table */
};
extern struct nat_shared vsw_nat;

#define NAT_NODE_IN2OUT "nat44_in2out"
#define NAT_NODE_OUT2IN "nat44_out2in"
#define NAT_NODE_TICK "nat_tick"

/* nat_table.c: the owner's operations on its table. */
struct nat_session *nat_lookup(const struct nat_worker *w, const struct nat_key *k, int *dir);
enum nat_err { NAT_E_OK, NAT_E_LIMIT, NAT_E_HOST_LIMIT, NAT_E_NO_PORT };
/* Make a session (@p out) for @p in translated to @p out_addr (port chosen here) in the
 * owner's table @p w. @return NAT_E_OK or why not (also counted). */
enum nat_err nat_create(struct nat_worker *w, const struct nat_dp *dp, const struct nat_key *in,
			uint32_t out_addr, uint8_t out_vrf, uint8_t state, uint32_t now,
			struct nat_session **out);
void nat_delete(struct nat_worker *w, uint32_t idx);
/* Put session @p idx on the wheel slot of its deadline. Owner. */
void nat_wheel_set(struct nat_worker *w, const struct nat_dp *dp, uint32_t idx);
/* Expire, reclaim, apply posted state changes and flushes: the owner's housekeeping. */
void nat_housekeeping(struct nat_worker *w, const struct nat_dp *dp, uint32_t now);
/* The reply key of session @p s (as the outside sends it). */
void nat_out_key(const struct nat_session *s, struct nat_key *k);

static inline unsigned int
nat_port_owner(uint16_t port_be)
{
	uint32_t p = rte_be_to_cpu_16(port_be);
	const struct nat_worker *w0 = vsw_nat.w[0];

	if (p < NAT_PORT_LO || w0 == NULL || vsw_nat.n_workers == 1)
		return 0;
	return RTE_MIN((p - NAT_PORT_LO) / w0->port_n, vsw_nat.n_workers - 1);
}

#endif /* VSW_NAT_PRIV_H */
