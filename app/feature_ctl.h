/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A feature's control side in the daemon: its API requests, its telemetry commands and its
 * periodic job on the control loop. Listed in app/feature_ctl.c, one line per feature; the
 * feature's forwarding side is in pipeline/vsw_features.c.
 */
#ifndef VSWD_FEATURE_CTL_H
#define VSWD_FEATURE_CTL_H

#include <stddef.h>
#include <stdint.h>

struct vswd_feature {
	const char *name;
	int (*api_init)(void);       /**< Register its API handlers. May be NULL. */
	int (*telemetry_init)(void); /**< Register its /vsw/... commands. May be NULL. */
	void (*tick)(void *arg);     /**< Run every tick_ns on the control loop. May be NULL. */
	uint64_t tick_ns;
};

extern const struct vswd_feature *const vswd_features[];
extern const unsigned int vswd_n_features;

/** Register every feature's API handlers and timers. @return 0 or -errno with a message. */
int vswd_features_control_init(char *err, size_t err_len);
/** Register every feature's telemetry commands. @return 0, or non-zero on a failure. */
int vswd_features_telemetry_init(void);

extern const struct vswd_feature vswd_l2_control; /* app/api_l2.c */
extern const struct vswd_feature vswd_l3_control; /* app/ctl_l3.c */
extern const struct vswd_feature vswd_nat_control; /* app/ctl_nat.c */
extern const struct vswd_feature vswd_vxlan_control; /* app/ctl_vxlan.c */
extern const struct vswd_feature vswd_trace_control; /* app/api_trace.c */

#endif /* VSWD_FEATURE_CTL_H */
