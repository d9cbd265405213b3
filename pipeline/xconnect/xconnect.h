/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cross-connect (scenario 1, "the cable"): everything received on one port leaves on its
 * peer, unchanged, and the reverse.
 */
#ifndef VSW_XCONNECT_H
#define VSW_XCONNECT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_NODE_XCONNECT "xconnect"

/**
 * Join ports @p a and @p b (interface ids). @p tx_a and @p tx_b are the names of their
 * port_tx nodes. Takes effect at once, also under traffic (the table is published through
 * RCU); a new edge reaches running graphs at the next vsw_pipeline_rebuild().
 *
 * Control thread.
 * @return 0; -EINVAL for a bad or already joined port; -ENOENT when a node is missing;
 *         -ENOMEM.
 */
int vsw_xconnect_add(uint16_t a, const char *tx_a, uint16_t b, const char *tx_b);

/**
 * Separate @p port from its peer; both go back to eth_input's "unbound" drop.
 * @return 0, -ENOENT when the port is not cross-connected. Control thread.
 */
int vsw_xconnect_del(uint16_t port);

/** Remove every cross-connect. Control thread. */
void vsw_xconnect_reset(void);

/** The peer of @p port, or VSW_PORT_NONE. */
uint16_t vsw_xconnect_peer(uint16_t port);

#ifdef __cplusplus
}
#endif

#endif /* VSW_XCONNECT_H */
