/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router (IPv4): router interfaces on routed ports and bridges, VRFs and routing tables
 * (two rte_fib copies each), connected, static, ECMP and API routes, policy rules
 * (rte_acl), neighbours (ARP, hold queue), ICMP. Control side: l3.c, l3_apply.c, l3_rif.c,
 * l3_routes.c, l3_rules.c, l3_nh.c; nodes: l3_input.c, ip4.c, l3_hold.c, l3_frag.c. See
 * docs/architecture.md, "The router".
 */
#ifndef VSW_L3_H
#define VSW_L3_H

#include <stdbool.h>
#include <stdint.h>

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A neighbour, as vsw_l3_neigh_walk() gives it. */
struct vsw_l3_neigh_info {
	char vrf[VSW_NAME_MAX];
	char rif[VSW_NAME_MAX];
	uint32_t ip;      /**< Host byte order (IPv4). */
	bool v6;          /**< An IPv6 neighbour: ip6. */
	uint8_t ip6[16];
	uint8_t mac[6];
	bool resolved;
	bool is_static;
	uint32_t age_s;   /**< Since the last confirmation. */
};

/** A route, as vsw_l3_route_walk() gives it. */
struct vsw_l3_route_info {
	char vrf[VSW_NAME_MAX];
	uint32_t prefix;  /**< Host byte order (IPv4). */
	bool v6;          /**< An IPv6 route: prefix6, via6. */
	uint8_t prefix6[16];
	uint8_t via6[16]; /**< Zero: none. */
	uint8_t len;
	const char *type; /**< "local", "connected", "via", "neighbour", "blackhole", ... */
	uint32_t via;     /**< Gateway or neighbour address, host byte order; 0: none. */
	char rif[VSW_NAME_MAX]; /**< Egress interface, "" for none. */
};

/** Apply learn events (ARP) and age neighbours (on its own clock; the argument is unused).
 *  Control thread, every millisecond. */
void vsw_l3_poll(uint32_t unused);

/** Call @p fn for each neighbour (resolved or pending). Control thread or under the lock. */
void vsw_l3_neigh_walk(void (*fn)(const struct vsw_l3_neigh_info *n, void *arg), void *arg);

/** A router interface, as vsw_l3_rif_walk() gives it. */
struct vsw_l3_rif_info {
	char name[VSW_NAME_MAX];
	char vrf[VSW_NAME_MAX];
	char on[VSW_NAME_MAX];     /**< Its routed port or bridge. */
	bool bridge;               /**< on names a bridge. */
	uint8_t mac[6];
	uint16_t mtu;
	unsigned int n_addrs;
	uint32_t addr[VSW_MAX_RIF_ADDRS]; /**< Host byte order. */
	uint8_t len[VSW_MAX_RIF_ADDRS];
	unsigned int n_addrs6;
	uint8_t addr6[VSW_MAX_RIF_ADDRS][16];
	uint8_t len6[VSW_MAX_RIF_ADDRS];
	uint8_t ll[16];            /**< Its link-local address; zero: no IPv6. */
	bool ra;                   /**< Sends router advertisements. */
};

/** Call @p fn for each running router interface. */
void vsw_l3_rif_walk(void (*fn)(const struct vsw_l3_rif_info *r, void *arg), void *arg);

/** Call @p fn for each installed route. */
void vsw_l3_route_walk(void (*fn)(const struct vsw_l3_route_info *r, void *arg), void *arg);

/** A policy rule, as vsw_l3_rule_walk() gives it. */
struct vsw_l3_rule_info {
	char vrf[VSW_NAME_MAX];
	uint32_t priority;
	uint8_t family;   /**< 4 (`ip rule`) or 6 (`ip -6 rule`): the packets it matches. */
	char match[160];  /**< "from 10.0.1.128/25 proto 17 dport 5353", or "all". */
	char action[24];  /**< "table 100", "table main", "blackhole", "prohibit". */
	uint64_t hits;    /**< Packets it matched (all workers) since it was configured. */
};

/** Call @p fn for each policy rule (both families) of a VRF with interfaces, in the
 *  config's order. */
void vsw_l3_rule_walk(void (*fn)(const struct vsw_l3_rule_info *r, void *arg), void *arg);

/** A route given through the API. */
struct vsw_l3_route_spec {
	uint32_t prefix; /**< Host byte order, host bits zero. */
	uint8_t len;     /**< 0..32 */
	uint8_t type;    /**< enum vsw_route_type (not VSW_ROUTE_LOOKUP) */
	uint8_t n_via;   /**< VSW_ROUTE_VIA: 1..VSW_MAX_ECMP gateways (equal-cost multipath). */
	uint32_t via[VSW_MAX_ECMP]; /**< The gateways, host byte order, distinct. */
	char dev[VSW_NAME_MAX]; /**< A router interface of the VRF: VSW_ROUTE_DEV's link (main
	                             table only), or the one the gateways are on, wherever their
	                             addresses are (Linux's onlink); "": none. */
};

/**
 * Add (or replace) or delete API routes of table @p table (VSW_TABLE_MAIN or 0: the main
 * one) of VRF @p vrf ("" = default): all checked first, none applied if one is wrong (the
 * message names it by index). A route with a dev follows its interface: gone (inactive)
 * while a reload has removed it, back when it returns. @p api_routes: the API routes now held. Control thread.
 * @return 0, -EINVAL, -ENOENT (no such VRF or table, or no such API route), -EEXIST,
 * -ENOSPC.
 */
int vsw_l3_routes_change(bool add, const char *vrf, uint32_t table,
			 const struct vsw_l3_route_spec *r, unsigned int n,
			 unsigned int *api_routes, char *err, size_t err_len);

/** An IPv6 route given through the API. */
struct vsw_l3_route6_spec {
	uint8_t prefix[16]; /**< Host bits zero. */
	uint8_t len;        /**< 0..128 */
	uint8_t type;       /**< enum vsw_route_type (not VSW_ROUTE_LOOKUP) */
	uint8_t n_via;      /**< VSW_ROUTE_VIA: 1..VSW_MAX_ECMP gateways (equal-cost multipath). */
	uint8_t via[VSW_MAX_ECMP][16]; /**< The gateways, distinct, on a connected subnet (any
	                                    address with dev). */
	char dev[VSW_NAME_MAX]; /**< As vsw_l3_route_spec's. */
};

/**
 * vsw_l3_routes_change() for IPv6 routes: table @p table (0 or VSW_TABLE_MAIN: the main one)
 * of VRF @p vrf, which must have IPv6 interfaces (and the table: a rule or a config route
 * names it). @p api_routes: the API routes now held, both families. Control thread.
 * @return 0, -EINVAL, -ENOENT (no such VRF with IPv6 interfaces, no such table in it, or no
 * such API route), -EEXIST, -ENOSPC.
 */
int vsw_l3_routes6_change(bool add, const char *vrf, uint32_t table,
			  const struct vsw_l3_route6_spec *r, unsigned int n,
			  unsigned int *api_routes, char *err, size_t err_len);

/** What a lookup knows of a packet besides its destination, for the policy rules; zero
 *  (or NULL) for each field not given. */
struct vsw_l3_flow {
	uint32_t src;            /**< Source address, host order. */
	uint8_t src6[16];        /**< IPv6 lookups (vsw_l3_route_lookup6()): the source. */
	char iif[VSW_NAME_MAX];  /**< Ingress router interface; "": none (rules with iif miss). */
	uint8_t proto;           /**< IP protocol. */
	uint8_t dscp;            /**< 0..63 (IPv6: the traffic class's top 6 bits) */
	uint16_t sport, dport;   /**< TCP/UDP ports (proto 6 or 17 only, as the data path). */
};

/** The policy rule a lookup met, and the table its route came from. */
struct vsw_l3_rule_match {
	bool matched;     /**< A rule matched: priority, match and action are set. */
	uint32_t priority;
	char match[160];
	char action[24];
	uint32_t table;   /**< The table the route was found in (254: main). */
};

/**
 * What ip4_input does with a packet to @p addr (host order) in @p vrf ("" default): the
 * policy rules first (@p flow, may be NULL), then the installed route in the table they
 * chose (the VRF's main table when that one has none, or no rule matched), its next hop's
 * MAC and whether it is resolved. A blackhole or prohibit rule is the answer itself:
 * out->type "blackhole" or "prohibit", prefix 0/0, no interface.
 * @return 0; -ENOENT (no route, or no such VRF); -EINVAL (flow->iif is no running router
 * interface of the VRF). Takes the router's lock.
 */
int vsw_l3_route_lookup(const char *vrf, const struct vsw_l3_flow *flow, uint32_t addr,
			struct vsw_l3_route_info *out, uint8_t mac[6], bool *resolved,
			struct vsw_l3_rule_match *rule);

/** vsw_l3_route_lookup() for IPv6 address @p addr: what ip6_input does, the VRF's IPv6
 *  rules (`ip -6 rule`) met with @p flow (its src6; may be NULL) first. */
int vsw_l3_route_lookup6(const char *vrf, const struct vsw_l3_flow *flow, const uint8_t addr[16],
			 struct vsw_l3_route_info *out, uint8_t mac[6], bool *resolved,
			 struct vsw_l3_rule_match *rule);

/** A VRF's host path (router.host_path), as vsw_l3_host_walk() gives it. */
struct vsw_l3_host_info {
	char vrf[VSW_NAME_MAX];
	char iface[16];
	char netns[VSW_NAME_MAX]; /**< "": vswd's namespace. */
	unsigned int n_addrs;     /**< Addresses given to it. */
	uint32_t mtu;
	uint64_t to_host;         /**< Packets written into it. */
	uint64_t to_host_errors;  /**< Not written: the kernel's queue was full. */
	uint64_t from_host;       /**< Packets the kernel sent, handed to the workers. */
	uint64_t from_host_dropped; /**< Not IPv4, no mbuf, or the inject ring full. */
	uint64_t lost;            /**< All VRFs: queued just as their host path went. */
};

/** Call @p fn for each running host path. Control thread or under the lock. */
void vsw_l3_host_walk(void (*fn)(const struct vsw_l3_host_info *h, void *arg), void *arg);
/** The router's control-side counters, as vsw_l3_stats_get() gives them. */
struct vsw_l3_stats {
	uint64_t hold_sent;    /**< Held packets sent once their neighbour answered. */
	uint64_t hold_expired; /**< Held packets unanswered for 3 s: ICMP host unreachable. */
	uint64_t hold_lost;    /**< Held packets lost: the hold queue or the inject ring full. */
	uint32_t held;         /**< Packets waiting for a neighbour now. */
	uint64_t nh_full;      /**< Neighbours not made: no free next hop. */
	uint64_t neigh_limit;  /**< Neighbours not learned: router.max_neighbours reached. */
	uint32_t nh_used;      /**< Next hops in use (neighbours, subnets, ECMP groups, shared). */
	uint32_t nh_free;      /**< Next hops free, reclaimed ones included. */
	uint32_t nh_pending;   /**< Next hops released, waiting for the workers' grace period. */
	uint32_t groups;       /**< ECMP groups in use. */
};

/** The router's counters. Control thread or under the lock. */
void vsw_l3_stats_get(struct vsw_l3_stats *st);

/** The control state's lock, for readers outside the control thread (telemetry). */
void vsw_l3_lock(void);
void vsw_l3_unlock(void);

#ifdef __cplusplus
}
#endif

#endif /* VSW_L3_H */
