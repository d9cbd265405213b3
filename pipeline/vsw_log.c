/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd's log types (vsw_log.h): registered from a constructor, as DPDK's drivers register
 * theirs, so that EAL's --log-level=vsw.*:LEVEL finds them while it parses its arguments.
 */
#include <stdio.h>

#include <rte_common.h>
#include <rte_log.h>

#include "vsw_log.h"

int vsw_logtype[VSW_LOG_N];

RTE_INIT(vsw_log_register)
{
	char name[32];
	unsigned int i;

	for (i = 0; i < VSW_LOG_N; i++) {
		snprintf(name, sizeof(name), "vsw.%s", vsw_log_comp_names[i]);
		vsw_logtype[i] = rte_log_register_type_and_pick_level(name, RTE_LOG_INFO);
		if (vsw_logtype[i] < 0)
			vsw_logtype[i] = RTE_LOGTYPE_USER1; /* out of log types: still written */
	}
}

void
vsw_log_set_levels(const uint8_t levels[VSW_LOG_N])
{
	unsigned int i;

	for (i = 0; i < VSW_LOG_N; i++)
		rte_log_set_level((uint32_t)vsw_logtype[i], levels[i]);
}
