/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd's own log types, one per component (vsw_config.h's enum vsw_log_comp), registered
 * with rte_log as "vsw.main", "vsw.port", "vsw.l2", "vsw.l3", "vsw.nat". Their levels come
 * from the config's 'log' section and change on reload; EAL's --log-level sets them too
 * (e.g. --log-level=vsw.l3:debug) until the config's levels are applied.
 *
 * Control code only: the data path never logs per packet.
 */
#ifndef VSW_LOG_H
#define VSW_LOG_H

#include <stdint.h>

#include <rte_log.h>

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** rte_log type of each component (registered before main() runs). */
extern int vsw_logtype[VSW_LOG_N];

#define VSW_LOG_PREFIX_MAIN "vswd: "
#define VSW_LOG_PREFIX_PORT "vsw.port: "
#define VSW_LOG_PREFIX_L2 "vsw.l2: "
#define VSW_LOG_PREFIX_L3 "vsw.l3: "
#define VSW_LOG_PREFIX_NAT "vsw.nat: "

/**
 * Log a line (the format ends with "\n", as RTE_LOG's) at @p level (ERR, WARNING, NOTICE,
 * INFO, DEBUG) for @p comp (MAIN, PORT, L2, L3, NAT): "vsw.l3: route add ...".
 */
#define VSW_LOG(level, comp, ...)                                                              \
	rte_log(RTE_LOG_##level, vsw_logtype[VSW_LOG_##comp], VSW_LOG_PREFIX_##comp __VA_ARGS__)

/** Whether a message of @p level for @p comp would be written (to skip costly formatting). */
#define VSW_LOG_ON(level, comp) rte_log_can_log(vsw_logtype[VSW_LOG_##comp], RTE_LOG_##level)

/** Set each component's level (rte_log numbers, 1..8). */
void vsw_log_set_levels(const uint8_t levels[VSW_LOG_N]);

#ifdef __cplusplus
}
#endif

#endif /* VSW_LOG_H */
