/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * API requests of the daemon itself: status and reload (api/vsw_api.h). They run on the
 * control loop.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include "api.h"
#include "reload.h"
#include "vswd.h"

static int
api_status(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	struct vsw_api_status_resp *r = resp;

	(void)req;
	(void)err;
	memset(r, 0, sizeof(*r));
	snprintf(r->version, sizeof(r->version), "%s", VSW_VERSION);
	r->uptime_s = (rte_rdtsc() - vswd.start_tsc) / rte_get_tsc_hz();
	r->config_gen = vswd.config_gen;
	r->n_ports = vsw_iface_count(VSW_IFACE_PORT);
	r->n_workers = vsw_pipeline_n_workers();
	snprintf(r->config_path, sizeof(r->config_path), "%s", vswd.cfg.path);
	*resp_len = sizeof(*r);
	return 0;
}

static int
api_reload(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_reload_req *q = req;
	struct vsw_api_reload_resp *r = resp;
	char path[VSW_API_PATH_MAX];
	struct vswd_reload_times t;
	int rc;

	snprintf(path, sizeof(path), "%.*s", (int)sizeof(q->path), q->path);
	rc = vswd_reload(path, &t, err, VSW_API_ERR_MAX);
	if (rc == 0)
		printf("vswd: reload %s: generation %lu (load %u us, apply %u us)\n",
		       path[0] != '\0' ? path : vswd.cfg.path, (unsigned long)vswd.config_gen,
		       t.load_us, t.apply_us);
	else
		printf("vswd: reload %s: %s\n", path[0] != '\0' ? path : vswd.cfg.path, err);
	fflush(stdout);
	if (rc != 0)
		return rc;
	memset(r, 0, sizeof(*r));
	r->config_gen = vswd.config_gen;
	r->load_us = t.load_us;
	r->apply_us = t.apply_us;
	*resp_len = sizeof(*r);
	return 0;
}

int
vswd_api_init(void)
{
	static const struct vsw_api_handler h[] = {
	    {VSW_API_STATUS, "status", 0, api_status, true},
	    {VSW_API_RELOAD, "reload", sizeof(struct vsw_api_reload_req), api_reload, false},
	};
	unsigned int i;
	int rc;

	for (i = 0; i < RTE_DIM(h); i++) {
		rc = vsw_api_register(&h[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}
