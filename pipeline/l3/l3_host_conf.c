/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'router.host_path' config: per VRF, the kernel interface (a TUN) that carries the
 * VRF's addresses for host programs (l3_host_ctl.c), and the namespace it lives in.
 *
 *   router:
 *     host_path:
 *       - {vrf: red, iface: vsw-red, netns: red-host}   # vrf: default when absent
 *
 * Part of the DPDK-free config library (config/meson.build), like l3_conf.c.
 */
#include <stdio.h>
#include <string.h>

#include "l3_conf_priv.h"

enum { H_VRF, H_IFACE, H_NETNS, H_COUNT };
static const char *const host_keys[H_COUNT] = {
    [H_VRF] = "vrf", [H_IFACE] = "iface", [H_NETNS] = "netns"};

/* A Linux interface name (dev_valid_name()). */
static int
host_iface(const struct vsw_yaml *y, const yaml_node_t *v, char iface[16])
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret = vsw_yaml_str(y, v, "iface", iface, 16);

	if (ret < 0)
		return ret;
	if (strcmp(iface, ".") == 0 || strcmp(iface, "..") == 0 ||
	    strpbrk(iface, "/: \t\n") != NULL)
		return vsw_yaml_error(y, v,
				      "invalid interface name %s for 'iface' (no '/', ':' or "
				      "whitespace; not '.' or '..')",
				      vsw_yaml_show(v, shown));
	return 0;
}

int
l3_conf_host_path(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	struct vsw_l3_conf *l3 = &cfg->l3;
	struct vsw_host_path_conf *h = &l3->host_paths[l3->n_host_paths];
	yaml_node_t *keys[H_COUNT], *vals[H_COUNT];
	unsigned int i;
	int ret;

	ret = vsw_yaml_want_map(y, map, "host_path");
	if (ret == 0)
		ret = vsw_yaml_map_keys(y, map, "in a host path", host_keys, H_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	memset(h, 0, sizeof(*h));
	ret = l3_conf_vrf(y, vals[H_VRF], l3, &h->vrf);
	if (ret < 0)
		return ret;
	if (vals[H_IFACE] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'iface' in a host path");
	ret = host_iface(y, vals[H_IFACE], h->iface);
	if (ret == 0 && vals[H_NETNS] != NULL)
		ret = vsw_yaml_name(y, vals[H_NETNS], "netns", h->netns);
	if (ret < 0)
		return ret;
	for (i = 0; i < l3->n_host_paths; i++) {
		if (l3->host_paths[i].vrf == h->vrf)
			return vsw_yaml_error(y, map, "vrf '%s' already has a host path (line %u)",
					      l3->vrfs[h->vrf], l3->host_paths[i].mark.line);
		if (strcmp(l3->host_paths[i].iface, h->iface) == 0)
			return vsw_yaml_error(y, vals[H_IFACE],
					      "interface '%s' is already vrf '%s''s host path",
					      h->iface, l3->vrfs[l3->host_paths[i].vrf]);
	}
	for (i = 0; i < cfg->n_ports; i++)
		if (cfg->ports[i].kind == VSW_PORT_TAP &&
		    strcmp(cfg->ports[i].iface, h->iface) == 0)
			return vsw_yaml_error(y, vals[H_IFACE],
					      "interface '%s' is already port '%s''s tap", h->iface,
					      cfg->ports[i].name);
	h->mark = vsw_yaml_mark(map);
	l3->n_host_paths++;
	return 0;
}
