/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Applying a config to the running daemon (apply.c). Control thread only, with vswd.lock
 * held once the daemon is live (telemetry reads ports and tables under it).
 */
#ifndef VSWD_APPLY_H
#define VSWD_APPLY_H

#include <stddef.h>

#include "vsw_config.h"
#include "vsw_config_diff.h"

/**
 * Make @p new_cfg running, @p old_cfg being what runs and @p d their difference
 * (vsw_config_diff(), which has refused what needs a restart).
 * @return 0, or -errno with a message naming file:line:column in @p err; then @p old_cfg
 *         runs again (rolled back).
 */
int vswd_apply(const struct vsw_config *old_cfg, const struct vsw_config *new_cfg,
	       const struct vsw_config_diff *d, char *err, size_t err_len);

/** Start-up: create @p cfg's ports and tables (an apply from an empty config). */
int vswd_apply_startup(const struct vsw_config *cfg, char *err, size_t err_len);

/** Shutdown, workers stopped: destroy every port. */
void vswd_ports_destroy_all(void);

#endif /* VSWD_APPLY_H */
