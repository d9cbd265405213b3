/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2's control side (feature_ctl.h): its API requests (api/vsw_api.h: fdb flush) and its tick,
 * which applies what the workers learned. Both run on the control loop, the FDB's writer;
 * telemetry (telemetry_l2.c) only reads the FDB.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "api.h"
#include "feature_ctl.h"
#include "l2/l2.h"
#include "vsw_log.h"
#include "vswd.h"

static int
api_fdb_flush(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_fdb_flush_req *q = req;
	struct vsw_api_fdb_flush_resp *r = resp;
	char name[VSW_API_NAME_MAX];
	int b;

	snprintf(name, sizeof(name), "%.*s", (int)sizeof(q->bridge), q->bridge);
	b = vsw_l2_bridge_id(name);
	if (b < 0 || vsw_l2_fdb() == NULL) {
		snprintf(err, VSW_API_ERR_MAX, "no such bridge: %s", name);
		return -ENOENT;
	}
	memset(r, 0, sizeof(*r));
	r->flushed = vsw_l2_flush((uint16_t)b);
	VSW_LOG(DEBUG, L2, "API: fdb flush of bridge %s: %u entries\n", name,
		(unsigned int)r->flushed);
	*resp_len = sizeof(*r);
	return 0;
}

static int
api_l2_init(void)
{
	static const struct vsw_api_handler h = {
	    VSW_API_FDB_FLUSH, "fdb flush", sizeof(struct vsw_api_fdb_flush_req), api_fdb_flush, false};

	return vsw_api_register(&h);
}

/* Every millisecond: apply what workers learned (and age the FDB once a second). */
static void
l2_tick(void *arg)
{
	RTE_SET_USED(arg);
	vsw_l2_poll((uint32_t)((rte_rdtsc() - vswd.start_tsc) / rte_get_tsc_hz()));
}

const struct vswd_feature vswd_l2_control = {
    .name = "l2",
    .api_init = api_l2_init,
    .telemetry_init = vswd_telemetry_l2_init,
    .tick = l2_tick,
    .tick_ns = 1000 * 1000,
};
