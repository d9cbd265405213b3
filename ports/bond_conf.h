/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The keys of a port of kind 'bond' (members, bond_mode), for the ports section
 * (ports/port_conf.c). DPDK-free: built into the config library.
 */
#ifndef VSW_BOND_CONF_H
#define VSW_BOND_CONF_H

#include "vsw_config.h"
#include "vsw_yaml.h"

/**
 * Parse a bond's @p members (required: a sequence of 1..VSW_BOND_MAX_MEMBERS distinct port
 * names) and @p mode (NULL: active-backup) into @p port; @p map is the port's mapping.
 * @return 0 or -EINVAL with the error at the offending node.
 */
int vsw_bond_conf_parse(const struct vsw_yaml *y, const yaml_node_t *map,
			const yaml_node_t *members, const yaml_node_t *mode,
			struct vsw_port_conf *port);

/**
 * Resolve every bond's member names into port indexes and check them: a member is a port
 * of the file, not a bond, in one bond only, and not used by anything else (bridge,
 * cross-connect, router interface): its frames are the bond's. @p seq is the ports
 * sequence. @return 0 or -EINVAL with the error at the member's name.
 */
int vsw_bond_conf_validate(const struct vsw_yaml *y, const yaml_node_t *seq,
			   struct vsw_config *cfg);

/** True when a bond's mode or members (by name, in order) differ from @p o to @p n. */
bool vsw_bond_conf_changed(const struct vsw_port_conf *o, const struct vsw_port_conf *n);

/** "active-backup". */
const char *vsw_bond_mode_name(enum vsw_bond_mode mode);

#endif /* VSW_BOND_CONF_H */
