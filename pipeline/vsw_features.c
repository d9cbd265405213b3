/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one place that says which forwarding features the pipeline has and in which order
 * their hooks run. Adding a feature means adding one line here (and its config section in
 * config/vsw_sections.c, its control side in app/feature_ctl.c).
 */
#include "vsw_feature.h"
#include "bond/bond_dp.h"

/*
 * Order matters for apply: cross-connects first (a port leaving a bridge for a cable must
 * never be in both); the router's interfaces before the bridges (an interface on a bridge
 * is one of its members, vsw_iface_ops.bridge_attach), and the VXLAN tunnels (members
 * too); the bridges; then the router's tables, which send into the bridges (bridge ids are
 * known by then); the NAT, whose hooks name router interfaces; the VXLAN tables, which name
 * bridge ids and the router's interfaces and VRFs; the bonds last: a port that joins a
 * bond is attached to bond_input after any feature it left has detached it.
 */
const struct vsw_feature *const vsw_features[] = {
    &vsw_xconnect_feature,
    &vsw_l3_rif_feature,
    &vsw_vxlan_if_feature,
    &vsw_l2_feature,
    &vsw_l3_feature,
    &vsw_nat_feature,
    &vsw_vxlan_feature,
    &vsw_bond_feature,
};
const unsigned int vsw_n_features = sizeof(vsw_features) / sizeof(vsw_features[0]);

static unsigned int n_made; /* features whose init ran */

int
vsw_features_init(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu, char *err,
		  size_t err_len)
{
	int rc;

	for (n_made = 0; n_made < vsw_n_features; n_made++) {
		const struct vsw_feature *f = vsw_features[n_made];

		rc = f->init != NULL ? f->init(conf, rcu, err, err_len) : 0;
		if (rc != 0) {
			vsw_features_fini();
			return rc;
		}
	}
	return 0;
}

int
vsw_features_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err,
		   size_t err_len)
{
	unsigned int i;
	int rc;

	for (i = 0; i < vsw_n_features; i++) {
		const struct vsw_feature *f = vsw_features[i];

		rc = f->apply != NULL ? f->apply(cfg, ids, err, err_len) : 0;
		if (rc != 0)
			return rc;
	}
	return 0;
}

void
vsw_features_port_down(uint16_t id)
{
	unsigned int i;

	for (i = 0; i < vsw_n_features; i++)
		if (vsw_features[i]->port_down != NULL)
			vsw_features[i]->port_down(id);
}

void
vsw_features_fini(void)
{
	while (n_made > 0) {
		const struct vsw_feature *f = vsw_features[--n_made];

		if (f->fini != NULL)
			f->fini();
	}
}
