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
	bool known_vteps_only;
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

#ifdef __cplusplus
}
#endif

#endif /* VSW_VXLAN_H */
