/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control API of the core nodes: port_rx, eth_input, port_tx.
 *
 * All functions here are for the control thread, before the graphs that use the result are
 * created: rte_graph copies node edges and contexts when a graph is made.
 */
#ifndef VSW_CORE_H
#define VSW_CORE_H

#include <stdint.h>

#include <rte_graph.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_NODE_PORT_RX "port_rx"
#define VSW_NODE_PORT_TX "port_tx"
#define VSW_NODE_ETH_INPUT "eth_input"

/**
 * Make (or find) the port_rx clone polling rx @p queue of ethdev @p eth_port, which is vsw
 * port @p port named @p port_name.
 *
 * @param name  Receives the clone's full node name ("port_rx-<port_name>-q<queue>").
 * @return 0, or -ENOMEM / -EINVAL when the clone cannot be made.
 */
int vsw_port_rx_clone(uint16_t port, const char *port_name, uint16_t eth_port, uint16_t queue,
		      uint16_t burst, char name[RTE_NODE_NAMESIZE]);

/**
 * Make (or find) the port_tx clone sending on ethdev @p eth_port, which is vsw port @p port.
 * Each graph's instance of it sends on the tx queue equal to its worker's index, and drops
 * (mtu_exceeded) a frame whose payload after its L2 header is longer than @p mtu (0: no
 * limit). Graphs made from now on get the new values.
 *
 * @param name  Receives the clone's full node name ("port_tx-<port_name>").
 * @return 0, or -ENOMEM / -EINVAL.
 */
int vsw_port_tx_clone(uint16_t port, const char *port_name, uint16_t eth_port, uint16_t mtu,
		      char name[RTE_NODE_NAMESIZE]);

/** vsw_port_tx_clone()'s @p eth_port for a port without a device of its own (a bond): the
 *  clone sends on the ethdev vsw_port_tx_via_set() gives it. */
#define VSW_PORT_TX_INDIRECT (UINT16_MAX - 1)

/**
 * Make port @p port's clone (made with VSW_PORT_TX_INDIRECT) send on ethdev @p eth_port,
 * on the tx queue numbered by the worker, from its next burst on; UINT16_MAX: on none (its
 * frames go to drop_bond_no_member). One atomic store: running graphs see it at once; a
 * worker may send one more burst on the previous ethdev, so that device must stay up for
 * a grace period. Control thread.
 */
void vsw_port_tx_via_set(uint16_t port, uint16_t eth_port);

/**
 * The port called @p port_name is going away: graphs made from now on hold a port_tx clone
 * for it (edges are never removed) that drops whatever reaches it (as tx_full) instead of
 * sending on an ethdev id another port may get.
 */
void vsw_port_tx_gone(const char *port_name);

/**
 * Send what eth_input classifies on vsw port @p port to node @p next_node.
 *
 * @return 0, or -ENOENT when no node has that name, -EINVAL for a bad port.
 */
int vsw_eth_input_attach(uint16_t port, const char *next_node);

/** Send what arrives on vsw port @p port to drop_port_unbound again. */
void vsw_eth_input_detach(uint16_t port);

/** vsw_eth_input_detach() if @p port is attached to @p node (another feature may own it now). */
void vsw_eth_input_detach_from(uint16_t port, const char *node);

/** Detach every port from eth_input (their traffic goes to drop_port_unbound). */
void vsw_eth_input_reset(void);

/** Node ids are small and dense; clone tables are indexed by them. */
#define VSW_MAX_NODES 1024

/**
 * The clone of node @p parent called "<parent_name>-<suffix>", made if it does not exist
 * yet. Nodes live as long as the process, so a clone from an earlier configuration is
 * reused.
 *
 * @param name  Receives the clone's full name.
 * @return the clone's id (< VSW_MAX_NODES), or RTE_NODE_ID_INVALID: name too long, no
 *         memory, or too many nodes.
 */
rte_node_t vsw_node_clone_get(rte_node_t parent, const char *parent_name, const char *suffix,
			      char name[RTE_NODE_NAMESIZE]);

/**
 * Edge index from @p from to the node called @p to, adding the edge if it is missing. A new
 * edge is in every worker's graph when this returns (vsw_pipeline_edges_changed()), so a
 * table naming it may be published at once.
 *
 * @return the edge, or RTE_EDGE_ID_INVALID (no such node, or no memory).
 */
rte_edge_t vsw_node_edge_get_or_add(rte_node_t from, const char *to);

#ifdef __cplusplus
}
#endif

#endif /* VSW_CORE_H */
