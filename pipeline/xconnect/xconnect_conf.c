/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'xconnect' config section: parse, check and diff.
 *
 * Built into the config library (config/meson.build), which stays free of DPDK. Pairs name
 * ports, so the names are resolved once the ports section is parsed (resolve), and the diff
 * compares pairs by port names, never by index.
 */

#include <string.h>

#include "vsw_sections.h"

/* Shape only: the names are resolved once all ports are known. */
static int
xconnect_parse(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	char shown[VSW_YAML_SHOW_BUF];

	(void)cfg;
	if (seq->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, seq,
				      "expected a sequence of port pairs for 'xconnect', got %s",
				      vsw_yaml_show(seq, shown));
	for (size_t i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *pair = vsw_yaml_seq_item(y, seq, i);

		if (pair->type != YAML_SEQUENCE_NODE)
			return vsw_yaml_error(y, pair,
					      "expected a pair of port names like [a, b] in "
					      "'xconnect', got %s",
					      vsw_yaml_show(pair, shown));
		for (size_t j = 0; j < vsw_yaml_seq_len(pair); j++) {
			const yaml_node_t *name = vsw_yaml_seq_item(y, pair, j);

			if (name->type != YAML_SCALAR_NODE || vsw_yaml_is_null(name))
				return vsw_yaml_error(y, name,
						      "expected a port name in 'xconnect', got %s",
						      vsw_yaml_show(name, shown));
		}
	}
	return 0;
}

static int
port_index_of(const struct vsw_config *cfg, const yaml_node_t *name)
{
	if (vsw_yaml_has_nul(name))
		return -1;
	return vsw_config_port_index(cfg, vsw_yaml_scalar(name));
}

/*
 * Each check runs over every pair before the next one, so that a file with several problems
 * gets the same first error whatever the order of its pairs.
 */
static int
xconnect_resolve(const struct vsw_yaml *y, const yaml_node_t *seq, struct vsw_config *cfg)
{
	const yaml_node_t *used[VSW_MAX_PORTS] = {NULL};
	char shown[VSW_YAML_SHOW_BUF];
	size_t i, j, k;

	if (seq == NULL)
		return 0;

	for (i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *pair = vsw_yaml_seq_item(y, seq, i);

		for (j = 0; j < vsw_yaml_seq_len(pair); j++) {
			const yaml_node_t *name = vsw_yaml_seq_item(y, pair, j);

			if (port_index_of(cfg, name) < 0)
				return vsw_yaml_error(y, name, "unknown port %s in xconnect",
						      vsw_yaml_show(name, shown));
		}
	}

	for (i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *pair = vsw_yaml_seq_item(y, seq, i);

		for (j = 1; j < vsw_yaml_seq_len(pair); j++)
			for (k = 0; k < j; k++) {
				const yaml_node_t *a = vsw_yaml_seq_item(y, pair, j);

				if (port_index_of(cfg, a) ==
				    port_index_of(cfg, vsw_yaml_seq_item(y, pair, k)))
					return vsw_yaml_error(
					    y, a, "port '%s' is cross-connected to itself",
					    vsw_yaml_scalar(a));
			}
	}

	for (i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *pair = vsw_yaml_seq_item(y, seq, i);

		for (j = 0; j < vsw_yaml_seq_len(pair); j++) {
			const yaml_node_t *name = vsw_yaml_seq_item(y, pair, j);
			int idx = port_index_of(cfg, name);

			if (used[idx] != NULL)
				return vsw_yaml_error(y, name,
						      "port '%s' is in more than one xconnect "
						      "pair (first at line %u)",
						      vsw_yaml_scalar(name),
						      vsw_yaml_line(used[idx]));
			used[idx] = name;
		}
	}

	for (i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *pair = vsw_yaml_seq_item(y, seq, i);

		if (vsw_yaml_seq_len(pair) != 2)
			return vsw_yaml_error(y, pair,
					      "expected exactly two port names in an xconnect "
					      "pair, got %zu",
					      vsw_yaml_seq_len(pair));
	}

	/* Each port is in at most one pair, so the pairs fit in VSW_MAX_PORTS / 2. */
	for (i = 0; i < vsw_yaml_seq_len(seq); i++) {
		const yaml_node_t *pair = vsw_yaml_seq_item(y, seq, i);
		struct vsw_xconnect_conf *x = &cfg->xconnects[i];

		x->a = (uint16_t)port_index_of(cfg, vsw_yaml_seq_item(y, pair, 0));
		x->b = (uint16_t)port_index_of(cfg, vsw_yaml_seq_item(y, pair, 1));
		x->mark = vsw_yaml_mark(pair);
		cfg->n_xconnects = (unsigned int)i + 1;
	}
	return 0;
}

/* Does @p cfg cross-connect the ports called @p a and @p b (either way round). */
static bool
has_pair(const struct vsw_config *cfg, const char *a, const char *b)
{
	for (unsigned int i = 0; i < cfg->n_xconnects; i++) {
		const char *x = cfg->ports[cfg->xconnects[i].a].name;
		const char *z = cfg->ports[cfg->xconnects[i].b].name;

		if ((strcmp(x, a) == 0 && strcmp(z, b) == 0) ||
		    (strcmp(x, b) == 0 && strcmp(z, a) == 0))
			return true;
	}
	return false;
}

/* Pairs hold distinct ports, so equal counts and inclusion one way mean equal sets. */
static int
xconnect_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	      char *err)
{
	(void)err;
	d->xconnect_changed = o->n_xconnects != n->n_xconnects;
	for (unsigned int i = 0; i < n->n_xconnects && !d->xconnect_changed; i++)
		d->xconnect_changed = !has_pair(o, n->ports[n->xconnects[i].a].name,
						n->ports[n->xconnects[i].b].name);
	return 0;
}

static void
xconnect_clear(struct vsw_config *cfg)
{
	cfg->n_xconnects = 0;
}

const struct vsw_conf_section vsw_xconnect_section = {
    .key = "xconnect",
    .parse = xconnect_parse,
    .resolve = xconnect_resolve,
    .diff = xconnect_diff,
    .clear = xconnect_clear,
};
