/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2 API requests (api/vsw_api.h): fdb flush. They run on the control loop, the FDB's
 * writer; telemetry only reads the FDB.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "api.h"
#include "l2/l2.h"
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
	*resp_len = sizeof(*r);
	return 0;
}

int
vswd_api_l2_init(void)
{
	static const struct vsw_api_handler h = {
	    VSW_API_FDB_FLUSH, "fdb flush", sizeof(struct vsw_api_fdb_flush_req), api_fdb_flush};

	return vsw_api_register(&h);
}
