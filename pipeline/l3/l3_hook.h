/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 input hooks: another feature's node (NAT) that sees the IPv4 packets of chosen router
 * interfaces before ip4_input, as a VPP ip4-unicast feature does. l3_input sends an
 * interface's IPv4 packets to its hook instead of ip4_input; the hook hands them on to
 * ip4_input (L3_NODE_IP4_INPUT) or drops them. The hook node may read the router's tables
 * (l3_priv.h) but never writes them.
 */
#ifndef VSW_L3_HOOK_H
#define VSW_L3_HOOK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define L3_HOOK_MAX 4

/**
 * Make node @p node an IPv4 input hook: an edge of l3_input. Before the graphs are made
 * (a feature's init); calling it again with the same node returns the same id.
 * @return the hook's id (1..L3_HOOK_MAX), -ENOSPC, or -errno from rte_graph. Control thread.
 */
int vsw_l3_ip4_hook_add(const char *node);

/**
 * Publish the hook of each router interface, indexed by interface id (VSW_MAX_IFACES
 * entries; 0: none): copied, published through RCU, the old table freed after the grace
 * period. NULL: no hooks. @return 0 or -ENOMEM. Control thread.
 */
int vsw_l3_ip4_hook_set(const uint8_t *hook_of_rif);

#ifdef __cplusplus
}
#endif

#endif /* VSW_L3_HOOK_H */
