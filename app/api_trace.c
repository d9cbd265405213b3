/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet trace's control side (feature_ctl.h): its API requests (api/vsw_api.h: trace start,
 * stop, clear, show). The recording is pipeline/core/trace.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "api.h"
#include "core/trace.h"
#include "feature_ctl.h"
#include "iface/iface.h"

static int
api_trace_start(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_trace_start_req *q = req;
	char name[VSW_API_NAME_MAX];
	uint16_t port = VSW_PORT_NONE;
	int rc;

	RTE_SET_USED(resp);
	RTE_SET_USED(resp_len);
	snprintf(name, sizeof(name), "%.*s", (int)sizeof(q->port), q->port);
	if (name[0] != '\0') {
		const struct vsw_iface *f = vsw_iface_from_name(name);

		if (f == NULL || f->type != VSW_IFACE_PORT) {
			snprintf(err, VSW_API_ERR_MAX, "no such port: %s", name);
			return -ENOENT;
		}
		port = f->id;
	}
	rc = vsw_trace_start(port, q->count);
	if (rc < 0)
		snprintf(err, VSW_API_ERR_MAX, "count %u: must be 1..%u", q->count,
			 VSW_TRACE_MAX_PKTS);
	return rc;
}

static int
api_trace_stop(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	RTE_SET_USED(req);
	RTE_SET_USED(resp);
	RTE_SET_USED(resp_len);
	RTE_SET_USED(err);
	vsw_trace_stop();
	return 0;
}

static int
api_trace_clear(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	RTE_SET_USED(req);
	RTE_SET_USED(resp);
	RTE_SET_USED(resp_len);
	RTE_SET_USED(err);
	vsw_trace_clear();
	return 0;
}

static int
api_trace_show(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_trace_show_req *q = req;
	struct vsw_api_trace_show_resp *r = resp;
	size_t room = VSW_API_RESP_MAX - sizeof(*r);
	struct vsw_trace_info info;

	RTE_SET_USED(err);
	memset(r, 0, sizeof(*r));
	vsw_trace_info(&info);
	r->on = info.on;
	r->wanted = info.wanted;
	r->traced = info.traced;
	r->steps = info.steps;
	r->lost = info.lost;
	if (info.port != VSW_PORT_NONE)
		vsw_trace_iface_name(info.port, r->port, sizeof(r->port));
	r->next = vsw_trace_format(q->first, r->text, room);
	*resp_len = (uint32_t)(sizeof(*r) + strlen(r->text) + 1);
	return 0;
}

static int
api_trace_init(void)
{
	static const struct vsw_api_handler h[] = {
	    {VSW_API_TRACE_START, "trace start", sizeof(struct vsw_api_trace_start_req),
	     api_trace_start, false},
	    {VSW_API_TRACE_STOP, "trace stop", 0, api_trace_stop, false},
	    {VSW_API_TRACE_CLEAR, "trace clear", 0, api_trace_clear, false},
	    {VSW_API_TRACE_SHOW, "trace show", sizeof(struct vsw_api_trace_show_req),
	     api_trace_show, true},
	};
	unsigned int i;
	int rc;

	for (i = 0; i < RTE_DIM(h); i++) {
		rc = vsw_api_register(&h[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct vswd_feature vswd_trace_control = {
    .name = "trace",
    .api_init = api_trace_init,
};
