/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reload: validate a new config completely, refuse what needs a restart, and hand the rest
 * to apply(). Nothing of the running state changes unless the whole reload succeeds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include <rte_lcore.h>

#include "reload.h"
#include "vswd.h"

int
vswd_config_check_eal(const struct vsw_config *cfg, char *err, size_t err_len)
{
	char msg[VSW_ERR_MAX];
	unsigned int i;

	for (i = 0; i < cfg->n_workers; i++) {
		if (!rte_lcore_is_enabled(cfg->worker_lcores[i]) ||
		    cfg->worker_lcores[i] == rte_get_main_lcore()) {
			snprintf(err, err_len,
				 "%s:%u:%u: worker lcore %u is not an enabled EAL worker lcore",
				 cfg->path, cfg->workers_mark.line, cfg->workers_mark.column,
				 cfg->worker_lcores[i]);
			return -EINVAL;
		}
	}
	for (i = 0; i < cfg->n_ports; i++) {
		const struct vsw_port_conf *p = &cfg->ports[i];

		if (p->kind != VSW_PORT_DPDK)
			continue;
		if (vsw_port_devargs_check(p->devargs, msg, sizeof(msg)) != 0) {
			snprintf(err, err_len, "%s:%u:%u: %s", cfg->path, p->devargs_mark.line,
				 p->devargs_mark.column, msg);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Where "sec.key" is in @p path: the key's own position, else its section's, else 1:1.
 * The parsed config keeps marks only for what start-up checks report; a restart-only key
 * is found again in the file rather than adding marks for it to every config user.
 */
static void
key_mark(const char *path, const char *sec, const char *key, struct vsw_conf_mark *m)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *k, *v;
	yaml_node_pair_t *p, *q;
	FILE *f;

	m->line = 1;
	m->column = 1;
	f = fopen(path, "rb");
	if (f == NULL)
		return;
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		return;
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc))
		goto out_parser;
	root = yaml_document_get_root_node(&doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE)
		goto out_doc;
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(&doc, p->key);
		v = yaml_document_get_node(&doc, p->value);
		if (k == NULL || k->type != YAML_SCALAR_NODE ||
		    strcmp((const char *)k->data.scalar.value, sec) != 0)
			continue;
		m->line = (unsigned int)k->start_mark.line + 1;
		m->column = (unsigned int)k->start_mark.column + 1;
		if (v == NULL || v->type != YAML_MAPPING_NODE)
			break;
		for (q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
			k = yaml_document_get_node(&doc, q->key);
			if (k != NULL && k->type == YAML_SCALAR_NODE &&
			    strcmp((const char *)k->data.scalar.value, key) == 0) {
				m->line = (unsigned int)k->start_mark.line + 1;
				m->column = (unsigned int)k->start_mark.column + 1;
			}
		}
		break;
	}
out_doc:
	yaml_document_delete(&doc);
out_parser:
	yaml_parser_delete(&parser);
	fclose(f);
}

/* The first restart-only key that differs ("eal.args"), or NULL. */
static const char *
restart_key(const struct vsw_config *old, const struct vsw_config *new)
{
	unsigned int i;

	if (strcmp(old->file_prefix, new->file_prefix) != 0)
		return "eal.file_prefix";
	if (old->main_lcore != new->main_lcore)
		return "eal.main_lcore";
	if (old->n_eal_args != new->n_eal_args)
		return "eal.args";
	for (i = 0; i < old->n_eal_args; i++)
		if (strcmp(old->eal_args[i], new->eal_args[i]) != 0)
			return "eal.args";
	if (old->n_workers != new->n_workers ||
	    memcmp(old->worker_lcores, new->worker_lcores,
		   old->n_workers * sizeof(old->worker_lcores[0])) != 0)
		return "workers.lcores";
	if (old->mbufs != new->mbufs)
		return "workers.mbufs";
	if (old->fdb_size != new->fdb_size)
		return "fdb.size";
	return NULL;
}

/* Port settings without the file positions (the parser zeroes every struct first). */
static bool
port_same(const struct vsw_port_conf *a, const struct vsw_port_conf *b)
{
	struct vsw_port_conf x = *a, y = *b;
	const struct vsw_conf_mark z = {0, 0};

	x.mark = x.devargs_mark = x.affinity_mark = x.name_mark = x.path_mark = x.vlan_mark = z;
	y.mark = y.devargs_mark = y.affinity_mark = y.name_mark = y.path_mark = y.vlan_mark = z;
	return memcmp(&x, &y, sizeof(x)) == 0;
}

static bool
bridge_same(const struct vsw_bridge_conf *a, const struct vsw_bridge_conf *b)
{
	struct vsw_bridge_conf x = *a, y = *b;

	x.mark = y.mark = (struct vsw_conf_mark){0, 0};
	return memcmp(&x, &y, sizeof(x)) == 0;
}

/*
 * What differs outside the restart-only keys, as "ports, bridges", and the position of
 * the first difference in @p mark (0:0 when it has none). Empty: nothing.
 */
static void
live_changes(const struct vsw_config *old, const struct vsw_config *new, char *what, size_t len,
	     struct vsw_conf_mark *mark)
{
	struct vsw_conf_mark none = {0, 0};
	size_t off = 0;
	unsigned int i;
	bool diff;

#define CHANGED(name, m)                                                                           \
	do {                                                                                       \
		off += (size_t)snprintf(what + off, off < len ? len - off : 0, "%s%s",             \
					off != 0 ? ", " : "", name);                               \
		if (mark->line == 0)                                                               \
			*mark = (m);                                                               \
	} while (0)

	what[0] = '\0';
	*mark = none;
	if (old->burst != new->burst || old->idle_sleep_us != new->idle_sleep_us ||
	    old->idle_threshold_us != new->idle_threshold_us)
		CHANGED("workers settings", new->workers_mark);
	diff = old->n_ports != new->n_ports;
	for (i = 0; !diff && i < old->n_ports; i++)
		if (!port_same(&old->ports[i], &new->ports[i])) {
			diff = true;
			CHANGED("ports", new->ports[i].mark);
		}
	if (diff && old->n_ports != new->n_ports)
		CHANGED("ports", none);
	diff = old->n_xconnects != new->n_xconnects;
	for (i = 0; !diff && i < old->n_xconnects; i++)
		diff = old->xconnects[i].a != new->xconnects[i].a ||
		       old->xconnects[i].b != new->xconnects[i].b;
	if (diff)
		CHANGED("xconnects",
			i <= new->n_xconnects &&i > 0 ? new->xconnects[i - 1].mark : none);
	diff = old->n_bridges != new->n_bridges;
	for (i = 0; !diff && i < old->n_bridges; i++)
		if (!bridge_same(&old->bridges[i], &new->bridges[i])) {
			diff = true;
			CHANGED("bridges", new->bridges[i].mark);
		}
	if (diff && old->n_bridges != new->n_bridges)
		CHANGED("bridges", none);
	diff = old->n_static_macs != new->n_static_macs;
	for (i = 0; !diff && i < old->n_static_macs; i++)
		diff = old->static_macs[i].bridge != new->static_macs[i].bridge ||
		       old->static_macs[i].port != new->static_macs[i].port ||
		       memcmp(old->static_macs[i].mac, new->static_macs[i].mac, 6) != 0;
	if (diff)
		CHANGED("static MACs", none);
#undef CHANGED
}

/*
 * ---- LIVE APPLY (interim) ----------------------------------------------------------------
 * Apply the differences between the running config @p old and @p new, which differ in no
 * restart-only key and have passed every check. Not implemented yet: the pipeline's live
 * reconfiguration (interface registry, RCU tables, graph swap) replaces this function.
 * @return 0 when @p new is running, or -errno with a message in @p err (then @p old must
 *         still be running, untouched).
 */
static int
apply(const struct vsw_config *old, const struct vsw_config *new, char *err, size_t err_len)
{
	struct vsw_conf_mark m;
	char what[256];

	live_changes(old, new, what, sizeof(what), &m);
	if (what[0] == '\0')
		return 0;
	if (m.line != 0)
		snprintf(err, err_len, "%s:%u:%u: live apply of %s not implemented yet", new->path,
			 m.line, m.column, what);
	else
		snprintf(err, err_len, "%s: live apply of %s not implemented yet", new->path, what);
	return -ENOSYS;
}

int
vswd_reload(const char *path, char *err, size_t err_len)
{
	struct vsw_config *new;
	struct vsw_conf_mark m;
	char msg[VSW_ERR_MAX];
	const char *key;
	int rc;

	if (path == NULL || path[0] == '\0')
		path = vswd.cfg.path;
	new = malloc(sizeof(*new));
	if (new == NULL) {
		snprintf(err, err_len, "%s: out of memory", path);
		return -ENOMEM;
	}
	rc = vsw_config_load(path, new, msg);
	if (rc != 0) {
		snprintf(err, err_len, "%s", msg);
		goto out;
	}
	rc = vswd_config_check_eal(new, err, err_len);
	if (rc != 0)
		goto out;
	key = restart_key(&vswd.cfg, new);
	if (key != NULL) {
		char sec[16];
		const char *dot = strchr(key, '.');

		snprintf(sec, sizeof(sec), "%.*s", (int)(dot - key), key);
		key_mark(new->path, sec, dot + 1, &m);
		snprintf(err, err_len,
			 "%s:%u:%u: %s changed: this needs a restart of vswd "
			 "(the running config stays)",
			 new->path, m.line, m.column, key);
		rc = -EINVAL;
		goto out;
	}
	rc = apply(&vswd.cfg, new, err, err_len);
	if (rc != 0)
		goto out;
	/* Telemetry reads the config under the lock. */
	pthread_mutex_lock(&vswd.lock);
	memcpy(&vswd.cfg, new, sizeof(*new));
	vswd.config_gen++;
	pthread_mutex_unlock(&vswd.lock);
out:
	free(new);
	return rc;
}
