/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A forwarding feature's hooks into the pipeline's life: made at start-up, given the
 * running config's tables after every apply, told when a port's link goes down, freed at
 * shutdown. The features are listed, in order, in pipeline/vsw_features.c (one line per
 * feature); nothing else in the pipeline or the daemon names a feature's tables. See
 * docs/architecture.md, "Adding a feature".
 */
#ifndef VSW_FEATURE_H
#define VSW_FEATURE_H

#include <stddef.h>
#include <stdint.h>

#include <rte_rcu_qsbr.h>

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vsw_pipeline_conf;

struct vsw_feature {
	const char *name;
	/** A source node every worker's graph has (packets the feature's control side sends),
	 *  or NULL. */
	const char *source_node;
	/**
	 * Make the feature's state (tables empty) once the workers and the RCU variable
	 * exist, before any graph. May be NULL. @return 0 or -errno with a message.
	 */
	int (*init)(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu, char *err,
		    size_t err_len);
	/**
	 * Publish the tables @p cfg asks for, for the ports whose interface ids are in
	 * @p ids (indexed like cfg->ports; VSW_IFACE_NONE: not running, or about to go, so
	 * nothing may point at it). Objects that did not change are not touched. Called on the
	 * control thread with every worker running; readers stay safe through RCU. On failure
	 * the running tables are left as they were. May be NULL.
	 */
	int (*apply)(const struct vsw_config *cfg, const uint16_t *ids, char *err,
		     size_t err_len);
	/** Port @p id's link went down. May be NULL. Control thread. */
	void (*port_down)(uint16_t id);
	/** Free the state. The graphs are destroyed and the workers stopped. May be NULL. */
	void (*fini)(void);
};

/** The features, in the order their hooks run (fini: reverse order). */
extern const struct vsw_feature *const vsw_features[];
extern const unsigned int vsw_n_features;

/** Run every feature's init; on failure the ones made are freed. */
int vsw_features_init(const struct vsw_pipeline_conf *conf, struct rte_rcu_qsbr *rcu,
		      char *err, size_t err_len);
/**
 * Run every feature's apply, in order; stop at the first failure, whose message ("FILE:LINE:
 * COLUMN: ..." where the feature can name the place) is the feature's.
 */
int vsw_features_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err,
		       size_t err_len);
void vsw_features_port_down(uint16_t id);
void vsw_features_fini(void);

/* The features, each defined in its own folder. */
extern const struct vsw_feature vsw_xconnect_feature; /* pipeline/xconnect/xconnect_apply.c */
extern const struct vsw_feature vsw_l2_feature;       /* pipeline/l2/l2_apply.c */
extern const struct vsw_feature vsw_l3_rif_feature;   /* pipeline/l3/l3_apply.c */
extern const struct vsw_feature vsw_l3_feature;       /* pipeline/l3/l3.c */
extern const struct vsw_feature vsw_nat_feature;      /* pipeline/nat/nat.c */
extern const struct vsw_feature vsw_vxlan_if_feature; /* pipeline/vxlan/vxlan.c */
extern const struct vsw_feature vsw_vxlan_feature;    /* pipeline/vxlan/vxlan.c */

#ifdef __cplusplus
}
#endif

#endif /* VSW_FEATURE_H */
