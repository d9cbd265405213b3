/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A bond's data path on the receive side: bond_input (bond_input.c) takes the frames of a
 * bond's members, drops what a member that does not carry traffic receives and hands the
 * rest to eth_input as the bond's. The send side is the bond's port_tx clone
 * (vsw_port_tx_via_set(), core/core.h). Control: ports/bond.c. See docs/architecture.md,
 * "Bonds".
 */
#ifndef VSW_BOND_DP_H
#define VSW_BOND_DP_H

#include <stdbool.h>
#include <stdint.h>

#include "vsw_feature.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_NODE_BOND_INPUT "bond_input"

/**
 * Say whether member interface @p member carries its bond's traffic (active-backup: the
 * active member). Frames a member receives while it does not are dropped
 * (drop_bond_inactive). Publishes a new version of bond_input's table (waits for the RCU
 * grace period). @return 0, -EINVAL (bad id), -ENOMEM. Control thread.
 */
int vsw_bond_rx_active(uint16_t member, bool active);

/** The bond member interface @p member belongs to in bond_input's table, or
 *  VSW_IFACE_NONE. */
uint16_t vsw_bond_rx_bond_of(uint16_t member);

/**
 * The "bond" forwarding feature (pipeline/vsw_features.c): its apply maps each running
 * bond's running members to the bond in bond_input's table and attaches them to bond_input
 * in eth_input; members that left a bond are detached. It runs after every feature that
 * attaches ports, so that a port moving from a bridge into a bond in one reload ends up
 * attached to bond_input.
 */
extern const struct vsw_feature vsw_bond_feature;

#ifdef __cplusplus
}
#endif

#endif /* VSW_BOND_DP_H */
