/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VTEP (issue 9): VXLAN tunnels as bridge members over a routed IPv4 underlay. A tunnel
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

/** A remote VTEP of a tunnel, and what went to and came from it (all workers). */
struct vsw_vxlan_remote_info {
	uint32_t ip;           /**< Host order. */
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
	uint32_t local;            /**< Host order. */
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

#ifdef __cplusplus
}
#endif

#endif /* VSW_VXLAN_H */
