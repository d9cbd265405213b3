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
 * Join ports @p a and @p b. @p tx_a and @p tx_b are the names of their port_tx nodes.
 *
 * Control thread, before graphs are made.
 * @return 0; -EINVAL for a bad or already joined port; -ENOENT when a node is missing.
 */
int vsw_xconnect_add(uint16_t a, const char *tx_a, uint16_t b, const char *tx_b);

/** Remove every cross-connect. Control thread, before graphs are remade. */
void vsw_xconnect_reset(void);

/** The peer of @p port, or VSW_PORT_NONE. */
uint16_t vsw_xconnect_peer(uint16_t port);

#ifdef __cplusplus
}
#endif

#endif /* VSW_XCONNECT_H */
