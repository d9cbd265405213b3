/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one place that says which sections the config file has and in which order they run.
 * Adding a feature's section means adding one line here (see docs/architecture.md).
 */

#include "vsw_sections.h"

/*
 * Order matters: it is the order of parse, resolve and validate, hence of the errors a file
 * with several problems gets. ports comes before xconnect and bridges, which name ports;
 * bridges before fdb, whose size must hold the bridges' static entries; router last (its
 * routed ports may be in no bridge and no cross-connect); nat after router (it names router
 * interfaces); vxlan after router (its tunnels name bridges and router interfaces' addresses).
 */
const struct vsw_conf_section *const vsw_conf_sections[] = {
    &vsw_eal_section,	   &vsw_workers_section, &vsw_ports_section,
    &vsw_xconnect_section, &vsw_bridges_section, &vsw_fdb_section,
    &vsw_router_section,   &vsw_nat_section,     &vsw_vxlan_section,
    &vsw_metrics_section,  &vsw_runtime_section, &vsw_log_section,
};
const unsigned int vsw_conf_n_sections = sizeof(vsw_conf_sections) / sizeof(vsw_conf_sections[0]);

/* Keys inside each port's mapping that features other than ports own. */
const struct vsw_conf_port_keys *const vsw_conf_port_keys[] = {
    &vsw_l2_port_keys,
};
const unsigned int vsw_conf_n_port_keys =
    sizeof(vsw_conf_port_keys) / sizeof(vsw_conf_port_keys[0]);

void
vsw_config_clear_objects(struct vsw_config *cfg)
{
	unsigned int i;

	for (i = 0; i < vsw_conf_n_sections; i++)
		if (vsw_conf_sections[i]->clear != NULL)
			vsw_conf_sections[i]->clear(cfg);
}

void
vsw_config_release(struct vsw_config *cfg)
{
	unsigned int i;

	for (i = 0; cfg != NULL && i < vsw_conf_n_sections; i++)
		if (vsw_conf_sections[i]->release != NULL)
			vsw_conf_sections[i]->release(cfg);
}
