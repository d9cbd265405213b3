/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the L2 config files (l2_port_conf.c, bridge_conf.c), which are built into the
 * DPDK-free config library.
 */
#ifndef VSW_L2_CONF_H
#define VSW_L2_CONF_H

#include "vsw_sections.h"

/** "none", "access", "trunk" or "dot1q-tunnel"; "unknown" outside the enum. */
const char *vsw_vlan_mode_name(enum vsw_vlan_mode mode);

#define VSW_MAC_LIMIT_MAX 16777216u /**< Highest port and bridge mac_limit. */

/** The bridges section's resolve hook (bridge_check.c). */
int vsw_bridges_resolve(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg);

/** The bridges section's diff hook: bridges and static entries (bridge_check.c). */
int vsw_bridges_diff(const struct vsw_config *o, const struct vsw_config *n,
		     struct vsw_config_diff *d, char *err);

#endif /* VSW_L2_CONF_H */
