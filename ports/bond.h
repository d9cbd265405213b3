/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bonds: the "bond" type of the interface registry (VSW_IFACE_BOND), a port of kind 'bond'
 * made of member ports (see docs/architecture.md, "Bonds").
 *
 * A bond has no device. Creating one finds its members (ports that exist: the apply makes
 * plain ports before bonds), gives the pipeline a port without rx queues whose port_tx clone
 * sends on a member (vsw_port_tx_via_set()), and picks the member that carries the traffic.
 * Which member frames are received from is bond_input's table (pipeline/bond/), whose
 * member -> bond part the "bond" feature's apply writes.
 *
 * Control thread only, except vsw_bond_info() (telemetry, under vsw_iface_lock()).
 */
#ifndef VSW_BOND_H
#define VSW_BOND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iface/iface.h"
#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Register the bond type. @return 0 or -errno. Once, after vsw_port_iface_init(). */
int vsw_bond_init(void);

/** Create the bond described by @p conf. @return the interface, or NULL with @p err. */
struct vsw_iface *vsw_bond_iface_create(const struct vsw_port_conf *conf, char *err,
					size_t err_len);

/**
 * Look at the members' links (vsw_port.link_up, as the link watch last saw them) and move
 * each bond's traffic to another member when the one it uses went down. Active-backup keeps
 * its member while it is up (no fail-back, as Linux's bond without 'primary'); when it goes
 * down, the first member in 'members' order whose link is up takes over. Called by the link
 * watch every 100 ms.
 */
void vsw_bond_tick(void);

/** One member as vswctl and telemetry show it. */
struct vsw_bond_member_info {
	char name[VSW_NAME_MAX];
	bool link_up;
	bool active;            /**< Carries the bond's traffic. */
	uint64_t failovers_to;  /**< Times it became the active member after another. */
};

struct vsw_bond_info {
	char name[VSW_NAME_MAX];
	enum vsw_bond_mode mode;
	bool up;                /**< A member carries traffic. */
	uint64_t failovers;     /**< Active member changes since the bond was made. */
	unsigned int n_members;
	struct vsw_bond_member_info members[VSW_BOND_MAX_MEMBERS];
};

/** The state of bond @p iface (type VSW_IFACE_BOND). Any thread under vsw_iface_lock(). */
void vsw_bond_info(const struct vsw_iface *iface, struct vsw_bond_info *info);

#ifdef __cplusplus
}
#endif

#endif /* VSW_BOND_H */
