/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'metrics' config section: where vswd serves Prometheus metrics (app/metrics.c).
 *
 *   metrics:
 *     listen: "127.0.0.1:9469"
 *
 * Absent (the default): no endpoint. Built into the config library, so no DPDK here. The
 * listening socket is opened once at start-up: a reload refuses a change of it.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_sections.h"

enum { M_LISTEN, M_COUNT };
static const char *const metrics_keys[M_COUNT] = {
    [M_LISTEN] = "listen",
};

int
vsw_metrics_addr_parse(const char *s, struct in_addr *addr, uint16_t *port)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long p;

	if (colon == NULL || (size_t)(colon - s) >= sizeof(host) || colon[1] == '\0')
		return -EINVAL;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (inet_pton(AF_INET, host, addr) != 1)
		return -EINVAL;
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || p == 0 || p > 65535 || colon[1] < '0' || colon[1] > '9')
		return -EINVAL;
	*port = (uint16_t)p;
	return 0;
}

static int
metrics_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	yaml_node_t *keys[M_COUNT], *vals[M_COUNT];
	char shown[VSW_YAML_SHOW_BUF];
	struct in_addr addr;
	uint16_t port;
	int ret;

	ret = vsw_yaml_want_map(y, map, "metrics");
	if (ret < 0)
		return ret;
	ret = vsw_yaml_map_keys(y, map, "in metrics", metrics_keys, M_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	cfg->metrics_map_mark = vsw_yaml_mark(map);
	if (vals[M_LISTEN] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'listen' in metrics");
	ret = vsw_yaml_str(y, vals[M_LISTEN], "listen", cfg->metrics_listen,
			   sizeof(cfg->metrics_listen));
	if (ret < 0)
		return ret;
	if (vsw_metrics_addr_parse(cfg->metrics_listen, &addr, &port) != 0)
		return vsw_yaml_error(y, vals[M_LISTEN],
				      "invalid 'listen' %s (expected IPV4-ADDRESS:PORT, e.g. "
				      "\"127.0.0.1:9469\")",
				      vsw_yaml_show(vals[M_LISTEN], shown));
	cfg->metrics_mark = vsw_yaml_mark(vals[M_LISTEN]);
	return 0;
}

static int
metrics_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	     char *err)
{
	(void)d;
	if (strcmp(o->metrics_listen, n->metrics_listen) != 0)
		return vsw_conf_restart_error(err, n, n->metrics_mark, n->metrics_map_mark,
					      "metrics.listen", "changed from '%s' to '%s'",
					      o->metrics_listen[0] ? o->metrics_listen : "off",
					      n->metrics_listen[0] ? n->metrics_listen : "off");
	return 0;
}

const struct vsw_conf_section vsw_metrics_section = {
    .key = "metrics",
    .parse = metrics_parse,
    .diff = metrics_diff,
};
