/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cross-connect feature's hooks (vsw_feature.h): make the running pairs the config's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_graph.h>

#include "core/core.h"
#include "iface/iface.h"
#include "vsw_feature.h"
#include "vsw_node.h"
#include "vsw_pipeline.h"
#include "xconnect.h"

static void
tx_node(uint16_t id, char name[RTE_NODE_NAMESIZE])
{
	snprintf(name, RTE_NODE_NAMESIZE, "%s-%s", VSW_NODE_PORT_TX, vsw_pipeline_port_name(id));
}

/*
 * Make the cross-connect table @p cfg's pairs whose two ports have ids: remove the running
 * pairs it does not have, then add the ones missing. Pairs in both are not touched.
 */
static int
xconnect_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	char ta[RTE_NODE_NAMESIZE], tb[RTE_NODE_NAMESIZE];
	unsigned int i, id;
	int rc;

	for (id = 0; id < VSW_MAX_IFACES; id++) {
		uint16_t peer = vsw_xconnect_peer((uint16_t)id);
		bool keep = false;

		if (peer == VSW_IFACE_NONE)
			continue;
		for (i = 0; i < cfg->n_xconnects && !keep; i++) {
			uint16_t a = ids[cfg->xconnects[i].a], b = ids[cfg->xconnects[i].b];

			keep = (a == id && b == peer) || (b == id && a == peer);
		}
		if (!keep)
			vsw_xconnect_del((uint16_t)id);
	}
	for (i = 0; i < cfg->n_xconnects; i++) {
		uint16_t a = ids[cfg->xconnects[i].a], b = ids[cfg->xconnects[i].b];

		if (a == VSW_IFACE_NONE || b == VSW_IFACE_NONE || vsw_xconnect_peer(a) == b)
			continue;
		tx_node(a, ta);
		tx_node(b, tb);
		rc = vsw_xconnect_add(a, ta, b, tb);
		if (rc != 0) {
			snprintf(err, err_len, "%.256s:%u:%u: cannot cross-connect %s and %s: %s",
				 cfg->path, cfg->xconnects[i].mark.line,
				 cfg->xconnects[i].mark.column, cfg->ports[cfg->xconnects[i].a].name,
				 cfg->ports[cfg->xconnects[i].b].name, strerror(-rc));
			return rc;
		}
	}
	return 0;
}

static int
xconnect_init(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu, char *err,
	      size_t err_len)
{
	(void)conf;
	(void)rcu;
	(void)err;
	(void)err_len;
	vsw_xconnect_reset();
	return 0;
}

const struct vsw_feature vsw_xconnect_feature = {
    .name = "xconnect",
    .init = xconnect_init,
    .apply = xconnect_apply,
    .fini = vsw_xconnect_reset,
};
