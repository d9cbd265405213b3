/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one place that lists the features' control sides (feature_ctl.h). Adding a feature means
 * adding one line here.
 */
#include <stdio.h>
#include <string.h>

#include "ctl_loop.h"
#include "feature_ctl.h"

const struct vswd_feature *const vswd_features[] = {
    &vswd_l2_control,
    &vswd_l3_control,
    &vswd_nat_control,
    &vswd_vxlan_control,
    &vswd_trace_control,
};
const unsigned int vswd_n_features = sizeof(vswd_features) / sizeof(vswd_features[0]);

int
vswd_features_control_init(char *err, size_t err_len)
{
	unsigned int i;
	int rc;

	for (i = 0; i < vswd_n_features; i++) {
		const struct vswd_feature *f = vswd_features[i];

		rc = f->api_init != NULL ? f->api_init() : 0;
		if (rc != 0) {
			snprintf(err, err_len, "%s: API handlers: %s", f->name, strerror(-rc));
			return rc;
		}
		rc = f->tick != NULL ? vsw_ctl_timer_add(f->name, f->tick_ns, f->tick, NULL) : 0;
		if (rc < 0) {
			snprintf(err, err_len, "%s: control loop timer: %s", f->name, strerror(-rc));
			return rc;
		}
	}
	return 0;
}

int
vswd_features_telemetry_init(void)
{
	unsigned int i;
	int rc = 0;

	for (i = 0; i < vswd_n_features; i++)
		if (vswd_features[i]->telemetry_init != NULL)
			rc |= vswd_features[i]->telemetry_init();
	return rc;
}
