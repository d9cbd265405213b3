/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Between the files of the 'nat' config section: nat_conf.c (interfaces, limits, timeouts)
 * and nat_conf_dnat.c (forwards and floating IPs).
 */
#ifndef VSW_NAT_CONF_PRIV_H
#define VSW_NAT_CONF_PRIV_H

#include "vsw_yaml.h"

/** The sequence 'forwards' or 'floating_ips' (@p kind: enum vsw_nat_rule_kind) into
 *  nat->rules. @return 0 or -EINVAL (reported). */
int nat_conf_rules(const struct vsw_yaml *y, const yaml_node_t *seq, uint8_t kind,
		   struct vsw_nat_conf *nat);

/** The rules' interfaces and default addresses, and their clashes; after the NAT
 *  interfaces are resolved. @return 0 or -EINVAL (reported). */
int nat_conf_rules_resolve(const struct vsw_yaml *y, struct vsw_config *cfg);

#endif /* VSW_NAT_CONF_PRIV_H */
