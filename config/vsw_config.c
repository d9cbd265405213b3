/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd configuration: the driver of the section table.
 *
 * libyaml's document API loads the whole file into a node tree (vsw_yaml.c); this file then
 * hands each top-level value to the section that owns it (vsw_sections.c lists them), and
 * runs every section's resolve and validate hooks. The document stays loaded until the last
 * check, so that every error, including those found late, points at the YAML node it is
 * about. vsw_config_diff() likewise runs every section's diff hook.
 */

#include "vsw_config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_sections.h"

/* The most sections the table may hold (to size the key arrays). */
#define SECTIONS_MAX 16

/* "a, b, c" (@p required_only: "'a' and 'b'") into @p buf. */
static const char *
section_list(char *buf, size_t size, bool required_only)
{
	unsigned int n = 0, count = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < vsw_conf_n_sections; i++)
		count += !required_only || vsw_conf_sections[i]->required;
	for (unsigned int i = 0; i < vsw_conf_n_sections && len < size; i++) {
		const struct vsw_conf_section *s = vsw_conf_sections[i];
		int r;

		if (required_only && !s->required)
			continue;
		if (required_only)
			r = snprintf(buf + len, size - len, "%s'%s'",
				     n == 0 ? "" : (n + 1 == count ? " and " : ", "), s->key);
		else
			r = snprintf(buf + len, size - len, "%s%s", n ? ", " : "", s->key);
		if (r < 0)
			break;
		len += (size_t)r;
		n++;
	}
	return buf;
}

static int
parse_root(const struct vsw_yaml *y, struct vsw_config *cfg)
{
	yaml_node_t *keys[SECTIONS_MAX], *vals[SECTIONS_MAX];
	const char *names[SECTIONS_MAX];
	const unsigned int n = vsw_conf_n_sections;
	yaml_node_t *root;
	char list[256];
	unsigned int i;
	int ret;

	_Static_assert(SECTIONS_MAX >= 6, "SECTIONS_MAX too small");
	for (i = 0; i < n; i++)
		names[i] = vsw_conf_sections[i]->key;

	root = yaml_document_get_root_node(y->doc);
	if (root == NULL)
		return vsw_conf_error_at(y->err, y->name, 1, 1,
					 "empty config (expected a mapping with at least %s)",
					 section_list(list, sizeof(list), true));
	if (root->type != YAML_MAPPING_NODE)
		return vsw_yaml_error(y, root, "expected a mapping at top level (keys: %s), got %s",
				      section_list(list, sizeof(list), false),
				      vsw_yaml_type_name(root));
	ret = vsw_yaml_map_keys(y, root, "at top level", names, n, keys, vals);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++)
		if (vsw_conf_sections[i]->required && vals[i] == NULL)
			return vsw_yaml_error(y, root, "missing required key '%s'", names[i]);

	for (i = 0; i < n; i++)
		if (vals[i] != NULL && (ret = vsw_conf_sections[i]->parse(y, vals[i], cfg)) < 0)
			return ret;
	for (i = 0; i < n; i++)
		if (vsw_conf_sections[i]->resolve != NULL &&
		    (ret = vsw_conf_sections[i]->resolve(y, vals[i], cfg)) < 0)
			return ret;
	for (i = 0; i < n; i++)
		if (vsw_conf_sections[i]->validate != NULL &&
		    (ret = vsw_conf_sections[i]->validate(y, vals[i], cfg)) < 0)
			return ret;
	return 0;
}

int
vsw_config_parse(const char *name, const char *text, size_t len, struct vsw_config *cfg,
		 char err[VSW_ERR_MAX])
{
	yaml_document_t doc;
	struct vsw_yaml y;
	int ret;

	if (err != NULL)
		err[0] = '\0';
	if (name == NULL || cfg == NULL || (text == NULL && len > 0))
		return vsw_conf_file_error(err, name != NULL ? name : "(null)", -EINVAL,
					   "invalid argument");

	memset(cfg, 0, sizeof(*cfg));
	if (strlen(name) >= sizeof(cfg->path))
		return vsw_conf_file_error(err, name, -ENAMETOOLONG, "file name too long");
	memcpy(cfg->path, name, strlen(name) + 1);
	for (unsigned int i = 0; i < vsw_conf_n_sections; i++)
		if (vsw_conf_sections[i]->defaults != NULL)
			vsw_conf_sections[i]->defaults(cfg);

	ret = vsw_yaml_load(name, text, len, &doc, err);
	if (ret < 0)
		return ret;
	y.name = name;
	y.doc = &doc;
	y.err = err;
	ret = parse_root(&y, cfg);
	yaml_document_delete(&doc);
	if (ret < 0)
		vsw_config_release(cfg);
	return ret;
}

int
vsw_config_load(const char *path, struct vsw_config *cfg, char err[VSW_ERR_MAX])
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (err != NULL)
		err[0] = '\0';
	if (path == NULL || cfg == NULL)
		return vsw_conf_file_error(err, path != NULL ? path : "(null)", -EINVAL,
					   "invalid argument");

	ret = vsw_read_file(path, &text, &len);
	if (ret == -EFBIG)
		return vsw_conf_file_error(err, path, ret, "file too large (max %u MiB)",
					   VSW_YAML_FILE_MAX >> 20);
	if (ret < 0) {
		char buf[128];

		/* GNU strerror_r(): thread-safe, unlike strerror(). */
		return vsw_conf_file_error(err, path, ret, "%s",
					   strerror_r(-ret, buf, sizeof(buf)));
	}
	ret = vsw_config_parse(path, text, len, cfg, err);
	free(text);
	return ret;
}

int
vsw_config_port_index(const struct vsw_config *cfg, const char *name)
{
	if (cfg == NULL || name == NULL)
		return -1;
	for (unsigned int i = 0; i < cfg->n_ports && i < VSW_MAX_PORTS; i++)
		if (strcmp(cfg->ports[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
vsw_config_bridge_index(const struct vsw_config *cfg, const char *name)
{
	for (unsigned int i = 0; i < cfg->n_bridges && i < VSW_MAX_BRIDGES; i++)
		if (strcmp(cfg->bridges[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
vsw_port_kind_name(enum vsw_port_kind kind)
{
	switch (kind) {
	case VSW_PORT_DPDK:
		return "dpdk";
	case VSW_PORT_VHOST:
		return "vhost-user";
	case VSW_PORT_TAP:
		return "tap";
	case VSW_PORT_BOND:
		return "bond";
	}
	return "unknown";
}

/* -------------------------------------------------------------------------------------------
 * Diff
 */

int
vsw_conf_restart_error(char *err, const struct vsw_config *n, struct vsw_conf_mark mark,
		       struct vsw_conf_mark fallback, const char *what, const char *fmt, ...)
{
	char change[VSW_ERR_MAX];
	va_list ap;

	if (mark.line == 0)
		mark = fallback;
	if (mark.line == 0)
		mark = (struct vsw_conf_mark){.line = 1, .column = 1};
	va_start(ap, fmt);
	vsnprintf(change, sizeof(change), fmt, ap);
	va_end(ap);
	vsw_conf_error_at(err, n->path, mark.line, mark.column,
			  "'%s' %s: it needs a restart (it cannot be applied to a running "
			  "vswd)",
			  what, change);
	return -ENOTSUP;
}

int
vsw_config_diff(const struct vsw_config *old_cfg, const struct vsw_config *new_cfg,
		struct vsw_config_diff *d, char err[VSW_ERR_MAX])
{
	int ret;

	if (err != NULL)
		err[0] = '\0';
	if (old_cfg == NULL || new_cfg == NULL || d == NULL)
		return vsw_conf_file_error(err, "(diff)", -EINVAL, "invalid argument");
	memset(d, 0, sizeof(*d));
	for (unsigned int i = 0; i < vsw_conf_n_sections; i++) {
		ret = vsw_conf_sections[i]->diff(old_cfg, new_cfg, d, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

bool
vsw_config_diff_empty(const struct vsw_config_diff *d)
{
	return d->n_ports_added == 0 && d->n_ports_removed == 0 && d->n_ports_changed == 0 &&
	       d->n_bridges_added == 0 && d->n_bridges_removed == 0 && d->n_bridges_changed == 0 &&
	       !d->xconnect_changed && d->n_static_added == 0 && d->n_static_removed == 0 &&
	       d->workers == 0 && !d->router_changed && !d->nat_changed &&
	       !d->vxlan_changed;
}
