/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Config reload (SIGHUP, the API's reload request) and the config checks that need the
 * EAL, shared with start-up.
 */
#ifndef VSWD_RELOAD_H
#define VSWD_RELOAD_H

#include <stddef.h>

#include "vsw_config.h"

/**
 * Checks of a parsed config that need a running EAL: every worker lcore is an enabled EAL
 * worker lcore, every dpdk port's devargs name a known bus and driver.
 *
 * @param err  On failure, "FILE:LINE:COLUMN: what".
 * @return 0, or -EINVAL.
 */
int vswd_config_check_eal(const struct vsw_config *cfg, char *err, size_t err_len);

/** How long a reload took, in microseconds. */
struct vswd_reload_times {
	uint32_t load_us;  /**< Parse, validate (EAL checks included) and diff. */
	uint32_t apply_us; /**< vswd_apply(). */
};

/**
 * Reload the config from @p path (NULL or "": the file vswd runs).
 *
 * Parses and validates the whole file, runs the EAL checks, then compares it with the
 * running config: a change to a key that needs a restart (the eal section,
 * workers.lcores, workers.mbufs, fdb.size) is refused; no change at all succeeds; any
 * other change goes to the live apply. On success the config generation is incremented
 * and the new file becomes the running config; on failure nothing changes.
 *
 * Control thread only.
 * @param err  On failure, a message naming FILE:LINE:COLUMN where there is one.
 * @param t    If not NULL, set on success to how long loading and applying took.
 * @return 0; -EINVAL (config error, restart-only change, a device that refused to come
 *         up: rolled back); -ENOMEM; -errno reading the file.
 */
int vswd_reload(const char *path, struct vswd_reload_times *t, char *err, size_t err_len);

#endif /* VSWD_RELOAD_H */
