/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VTEP (issue 9): VXLAN tunnels as bridge members over a routed IPv4 or IPv6 underlay. A tunnel
 * is an interface (iface.h, type vxlan) in one bridge; frames the bridge sends it leave as
 * VXLAN to the remote VTEP their destination MAC was learned behind, or to every VTEP of
 * its flood list; VXLAN to the local VTEP address and port comes in through the router's
 * local delivery and enters the bridge, its inner source learned behind the remote VTEP it
 * came from. Nodes: vxlan_encap.c, vxlan_decap.c; control: vxlan.c; config: vxlan_conf.c.
 * See docs/architecture.md, "VXLAN".
 */
#ifndef VSW_VXLAN_H
#define VSW_VXLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_VXLAN_ADDR_STR 46 /**< An address as text, IPv6 included (INET6_ADDRSTRLEN). */

/** A remote VTEP of a tunnel, and what went to and came from it (all workers). */
struct vsw_vxlan_remote_info {
	uint32_t ip;           /**< Host order (IPv4; 0 for IPv6). */
	uint8_t ip6[16];       /**< IPv6 (when the tunnel's v6). */
	uint64_t rx_packets;   /**< Frames decapsulated from it. */
	uint64_t rx_bytes;     /**< Their inner bytes. */
	uint64_t tx_packets;   /**< Frames encapsulated to it (unicast and replicated). */
	uint64_t tx_bytes;     /**< Their inner bytes. */
	bool api;              /**< Added through the API (else from the config). */
};

/** A running tunnel, as vsw_vxlan_tunnel_walk() gives it. */
struct vsw_vxlan_tunnel_info {
	char name[VSW_NAME_MAX];
	uint16_t id;               /**< Its interface id. */
	uint32_t vni;
	char bridge[VSW_NAME_MAX];
	char rif[VSW_NAME_MAX];    /**< The underlay interface with the local address. */
	bool v6;                   /**< An IPv6 underlay: local6 and the remotes' ip6. */
	uint32_t local;            /**< Host order (IPv4). */
	uint8_t local6[16];        /**< IPv6. */
	uint16_t dstport;
	uint16_t mtu;              /**< Overlay MTU. */
	uint8_t ttl;
	uint8_t tos;
	bool df;
	uint8_t inherit;           /**< VSW_VXLAN_INHERIT_* (vxlan_conf.h). */
	bool known_vteps_only;
	bool arp_suppress;
	uint64_t arp_replied;      /**< ARP requests answered from the bindings (all workers). */
	uint64_t rx_unlisted;      /**< Frames from VTEPs not in the flood list (delivered, not
	                                learned; dropped with known_vteps_only). */
	unsigned int n_remotes;
	struct vsw_vxlan_remote_info remotes[VSW_VXLAN_MAX_FLOOD];
};

/** Call @p fn for each running tunnel, in interface id order. Control thread or telemetry
 *  (under vswd's lock). */
void vsw_vxlan_tunnel_walk(void (*fn)(const struct vsw_vxlan_tunnel_info *t, void *arg),
			   void *arg);

/**
 * The tunnel name and address of the remote VTEP that FDB port @p fdb_port
 * (VSW_FDB_REMOTE_BASE + index) names. @return 0, or -ENOENT.
 */
int vsw_vxlan_remote_name(uint16_t fdb_port, char tunnel[VSW_NAME_MAX], uint32_t *ip);

/**
 * As vsw_vxlan_remote_name(), the address as text of either family ("2001:db8::2").
 * @return 0, or -ENOENT.
 */
int vsw_vxlan_remote_vtep(uint16_t fdb_port, char tunnel[VSW_NAME_MAX],
			  char vtep[VSW_VXLAN_ADDR_STR]);

/**
 * Add (@p add) or remove remote VTEP @p ip (host order) to or from the flood list of tunnel
 * @p tunnel, live: the tables are rebuilt from @p cfg (the running config) with the remotes
 * the API added so far, which stay across reloads for as long as the tunnel exists. A remote
 * removed takes what the FDB learned behind it.
 *
 * @return 0; -ENOENT (no such tunnel; del: no such API remote), -EEXIST (already listed),
 *         -EINVAL (not a unicast address, or the local one), -ENOSPC (the flood list is
 *         full), -EPERM (del of a remote the config lists), or an apply's -errno; @p err
 *         says why. Control thread.
 */
int vsw_vxlan_remote_change(const struct vsw_config *cfg, bool add, const char *tunnel,
			    uint32_t ip, char *err, size_t err_len);

/**
 * Control thread, often (every millisecond): set the clock to @p now_s, apply the bindings
 * the workers snooped, and once a second age the learned ones.
 * @return snoop events received.
 */
unsigned int vsw_vxlan_poll(uint32_t now_s);

enum vsw_vxlan_neigh_type {
	VSW_VXLAN_NEIGH_LEARNED, /**< Snooped from an ARP reply or gratuitous ARP; aged. */
	VSW_VXLAN_NEIGH_STATIC,  /**< From the config's neighbours. */
	VSW_VXLAN_NEIGH_API,     /**< Added through the API; stays until deleted. */
};

/** An IPv4 -> MAC binding that ARP suppression answers from. */
struct vsw_vxlan_neigh_info {
	char tunnel[VSW_NAME_MAX];
	uint32_t ip;               /**< Host order. */
	uint8_t mac[6];
	uint8_t type;              /**< enum vsw_vxlan_neigh_type */
	uint32_t age_s;            /**< Seconds since a frame last confirmed it. */
};

/** The bindings' counters, since start. */
struct vsw_vxlan_neigh_stats {
	uint32_t bindings;         /**< In the table now, all tunnels. */
	uint64_t learned;          /**< New bindings from snooping. */
	uint64_t moved;            /**< Learned bindings whose MAC changed. */
	uint64_t aged;             /**< Learned bindings removed by aging. */
	uint64_t limit;            /**< Snooped bindings refused: the tunnel's neigh_limit. */
	uint64_t full;             /**< Refused: the table is full. */
	uint64_t snooped;          /**< Snoop events the workers sent. */
	uint64_t ring_full;        /**< Snoop events lost: a ring was full. */
	uint64_t replied;          /**< ARP requests answered. */
};

/**
 * Add or replace binding @p ip (host order) -> @p mac in tunnel @p tunnel (an API binding:
 * never aged, never changed by snooping). @return 0; -ENOENT (no such tunnel),
 * -EOPNOTSUPP (it does not suppress), -EEXIST (the config binds the address), -ENOSPC.
 */
int vsw_vxlan_neigh_add(const char *tunnel, uint32_t ip, const uint8_t mac[6]);

/** Remove the learned or API binding of @p ip. @return 0, -ENOENT, -EOPNOTSUPP, -EPERM (a
 *  config binding). */
int vsw_vxlan_neigh_del(const char *tunnel, uint32_t ip);

/** The binding of @p ip in @p tunnel. @return 0, -ENOENT, -EOPNOTSUPP. */
int vsw_vxlan_neigh_get(const char *tunnel, uint32_t ip, struct vsw_vxlan_neigh_info *n);

/** Call @p fn (may be NULL) for every binding, then fill @p st (may be NULL). Any thread. */
void vsw_vxlan_neigh_walk(void (*fn)(const struct vsw_vxlan_neigh_info *n, void *arg), void *arg,
			  struct vsw_vxlan_neigh_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* VSW_VXLAN_H */
