/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NAT44 and connection tracking: the data-path tables (docs/architecture.md, "NAT").
 *
 * Sessions live in per-worker tables. Worker w alone writes table w (its rte_hash, its
 * session array, its timer wheel, its free lists): it makes the sessions of the flows it
 * sees first, and expires them. Every worker reads every table, lock-free
 * (RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF: readers never wait for the one writer). A
 * session's outside port is taken from its owner's share of the port space (the ports p
 * with (p - 1024) % workers == its index: every configured range is shared out evenly), so
 * a reply names the table its session is in. A deleted session's hash slots and array entry are
 * reused only after the pipeline's RCU grace period (every worker has finished the walk it
 * was in), so a reader that found it through the hash never reads a reused entry.
 *
 * A session's state byte and last-seen second are written by whichever worker sees its
 * packets (atomic stores, only when they change); everything else by the owner.
 */
#ifndef VSW_NAT_PRIV_H
#define VSW_NAT_PRIV_H

#include <assert.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_hash.h>
#include <rte_ip_frag.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "iface/iface.h"
#include "nat/nat.h"
#include "vsw_config.h"

#define NAT_NONE UINT32_MAX
#define NAT_PORT_LO 1024u     /* outside ports and ICMP ids: 1024..65535 (nat_port_owner()) */
#define NAT_WHEEL 4096u       /* timer wheel slots, one per second */
#define NAT_EXPIRE_BUDGET 256 /* sessions a tick examines at most */
#define NAT_PORT_TRIES 128    /* ports tried for a new session before giving up */
#define NAT_FRAG_MAX 256      /* datagrams a worker reassembles at once (nat_reass.c) */
#define NAT_FRAG_TIMEOUT_S 2  /* to complete one */

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
} __rte_aligned(8); /* rte_hash_crc() reads it 8 bytes at a time: wherever a key sits (in
                       struct nat_quote after a 4-byte field, say), it is 8-byte aligned */
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

#define NAT_F_EIM 0x01     /* holds a reference on its inside endpoint's UDP mapping */
#define NAT_F_DNAT 0x02    /* opened from the outside side: the translation is of the
			      destination the opener sent to (a forward, a floating IP) */
#define NAT_F_FLOAT 0x04   /* a floating IP's translation */
#define NAT_F_HAIRPIN 0x08 /* half of a hairpin pair: its packets are looked up again */

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
	uint8_t flags;      /* NAT_F_*: set by the owner before the session is published */
	uint8_t fin;        /* FIN seen: bit 0 from the opener, bit 1 from the other side; any
	                       worker */
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
	uint16_t index, n_workers; /* its share of outside ports: (p - NAT_PORT_LO) %
				      n_workers == index */
	uint16_t next_port;
	uint32_t flush_gen;     /* the last flush it did */
	struct nat_wstats st;
	struct rte_ip_frag_tbl *frag;      /* datagrams being reassembled (nat_reass.c) */
	struct rte_ip_frag_death_row dr;   /* what it gave up, to the drop nodes */
} __rte_cache_aligned;

enum nat_role { NAT_ROLE_NONE, NAT_ROLE_INSIDE, NAT_ROLE_OUTSIDE };

/* A forward or floating IP, as the data path uses it (nat_rules.c builds them). */
struct nat_rule {
	uint32_t ext, to;          /* network order: outside and inside address */
	uint16_t ext_port, to_port; /* network order; 0: every port, kept */
	uint8_t proto;             /* 6, 17; 0: every protocol the NAT translates */
	uint8_t kind;              /* enum vsw_nat_rule_kind */
	uint8_t vrf;               /* its outside interface's */
	uint8_t pad;
	uint16_t rif;              /* its outside interface's id */
	uint16_t pad2;
};

/* Rule hash keys: an outside address with a port (NAT_RK_PORT) or without (NAT_RK_ADDR),
 * and a floating IP's inside address (NAT_RK_FLOAT), in struct nat_key. */
enum nat_rule_key { NAT_RK_PORT, NAT_RK_ADDR, NAT_RK_FLOAT };

struct nat_out {
	uint8_t n_pool;
	uint16_t port_lo, port_hi;       /* host order: TCP and UDP ports it translates to */
	uint32_t pool[VSW_NAT_MAX_POOL]; /* network order */
};

/* The config's tables: RCU-published, rebuilt whole by each apply. */
struct nat_dp {
	uint8_t role[VSW_MAX_IFACES]; /* by router interface id */
	struct nat_out out[VSW_MAX_IFACES];
	uint32_t timeout[VSW_NAT_T_COUNT];
	uint32_t max_per_host;
	/* Forwards and floating IPs (nat_rules.c): read-only once published. */
	uint32_t n_rules;
	struct nat_rule *rule;    /* n_rules */
	struct rte_hash *rules_h; /* key → index into rule; NULL without rules */
	uint64_t *hits;           /* [worker][n_rules]: sessions each rule made, a row per
	                             worker (written by it alone) */
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
#define NAT_NODE_REASS "nat44_reass"

/* nat_table.c: the owner's operations on its table. */
struct nat_session *nat_lookup(const struct nat_worker *w, const struct nat_key *k, int *dir);
enum nat_err { NAT_E_OK, NAT_E_LIMIT, NAT_E_HOST_LIMIT, NAT_E_NO_PORT };
/* Make a session (@p out) for @p in translated to @p out_addr (port chosen here) in the
 * owner's table @p w. @return NAT_E_OK or why not (also counted). */
/* What a new session translates: the inside source (or for NAT_F_DNAT, the destination the
 * outside side sent to) to addr:port. port 0 without NAT_F_DNAT: chosen here from the
 * owner's slice; else kept (a DNAT session is refused when it is taken; a floating IP's
 * SNAT then gets a chosen one). */
struct nat_xlat {
	uint32_t addr;  /* network order */
	uint16_t port;  /* network order */
	uint8_t vrf;    /* the VRF the outside side's packets arrive in */
	uint8_t flags;  /* NAT_F_DNAT, NAT_F_FLOAT, NAT_F_HAIRPIN */
	uint16_t port_lo, port_hi; /* host order: the TCP and UDP ports a chosen one may be;
				      0, 0: NAT_PORT_LO..65535 */
};
/* Make a session (@p out) for @p in translated as @p x in the owner's table @p w.
 * @return NAT_E_OK or why not (also counted). */
enum nat_err nat_create(struct nat_worker *w, const struct nat_dp *dp, const struct nat_key *in,
			const struct nat_xlat *x, uint8_t state, uint32_t now,
			struct nat_session **out);
void nat_delete(struct nat_worker *w, uint32_t idx);
/* Put session @p idx on the wheel slot of its deadline. Owner. */
void nat_wheel_set(struct nat_worker *w, const struct nat_dp *dp, uint32_t idx);
/* Expire, reclaim, apply posted state changes and flushes: the owner's housekeeping. */
void nat_housekeeping(struct nat_worker *w, const struct nat_dp *dp, uint32_t now);
/* The reply key of session @p s (as the outside sends it). */
void nat_out_key(const struct nat_session *s, struct nat_key *k);

struct rte_ipv4_hdr;
/* nat44.c: vsw_l3_icmp4_unxlat (l3/l3_hook.h). Workers. */
bool nat44_icmp_unxlat(struct rte_ipv4_hdr *ip, uint32_t len, uint8_t vrf);

/* nat_rules.c: the config's forwards and floating IPs into @p dp (hits carried over from
 * @p old's equal rules), and the addresses the router answers ARP for. Control thread. */
int nat_rules_build(struct nat_dp *dp, const struct vsw_nat_conf *nc, const struct nat_dp *old,
		    unsigned int n_workers);
void nat_rules_free(struct nat_dp *dp);
/* Publish the rules' outside addresses that are not the router's own to its ARP (and
 * announce the new ones with a gratuitous ARP). */
int nat_rules_arp(const struct nat_dp *dp);
/* No addresses published any more. */
void nat_rules_fini(void);

/* The rule for a packet the outside side sends to @p dst:@p dport (ICMP: dport 0), or NULL;
 * its index in @p idx. A port forward before an address one. Any thread. */
static inline const struct nat_rule *
nat_rule_in(const struct nat_dp *dp, uint8_t vrf, uint8_t proto, uint32_t dst, uint16_t dport,
	    uint32_t *idx)
{
	struct nat_key k;
	void *data;

	if (likely(dp->rules_h == NULL))
		return NULL;
	memset(&k, 0, sizeof(k));
	k.dst = dst;
	k.dport = dport;
	k.proto = proto;
	k.vrf = vrf;
	k.kind = NAT_RK_PORT;
	if (proto == IPPROTO_ICMP || rte_hash_lookup_data(dp->rules_h, &k, &data) < 0) {
		k.dport = 0;
		k.proto = 0;
		k.kind = NAT_RK_ADDR;
		if (rte_hash_lookup_data(dp->rules_h, &k, &data) < 0)
			return NULL;
	}
	*idx = (uint32_t)(uintptr_t)data;
	return &dp->rule[*idx];
}

/* The floating IP of inside address @p src on outside interface @p rif, or NULL. */
static inline const struct nat_rule *
nat_rule_float(const struct nat_dp *dp, uint8_t vrf, uint16_t rif, uint32_t src, uint32_t *idx)
{
	struct nat_key k;
	void *data;

	if (likely(dp->rules_h == NULL))
		return NULL;
	memset(&k, 0, sizeof(k));
	k.src = src;
	k.vrf = vrf;
	k.kind = NAT_RK_FLOAT;
	if (rte_hash_lookup_data(dp->rules_h, &k, &data) < 0)
		return NULL;
	*idx = (uint32_t)(uintptr_t)data;
	return dp->rule[*idx].rif == rif || rif == VSW_IFACE_NONE ? &dp->rule[*idx] : NULL;
}

/* The worker whose table holds the session a reply to outside port @p port_be names: ports
 * are dealt to workers in turn (1024 to worker 0, 1025 to worker 1, ...), so that any
 * configured range (nat.outside[].ports) is shared out evenly. Below 1024: 0 (none). */
static inline unsigned int
nat_port_owner(uint16_t port_be)
{
	uint32_t p = rte_be_to_cpu_16(port_be);

	if (p < NAT_PORT_LO || vsw_nat.n_workers <= 1)
		return 0;
	return (p - NAT_PORT_LO) % vsw_nat.n_workers;
}

#endif /* VSW_NAT_PRIV_H */
