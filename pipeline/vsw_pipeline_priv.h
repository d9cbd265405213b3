/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Between the pipeline's assembly (vsw_pipeline.c) and its counters (vsw_pipeline_stats.c).
 */
#ifndef VSW_PIPELINE_PRIV_H
#define VSW_PIPELINE_PRIV_H

/* The lock graph creation and destruction hold against cluster-stats readers. */
void vsw_pipeline_stats_lock(void);
void vsw_pipeline_stats_unlock(void);

/* Add the node counters of graph @p graph_name, about to be destroyed, to the retired
 * totals. Stats lock held. */
void vsw_pipeline_stats_retire(const char *graph_name);

/* Forget the retired totals (the pipeline is torn down). Stats lock held. */
void vsw_pipeline_stats_reset(void);

#endif /* VSW_PIPELINE_PRIV_H */
