/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet trace: for the next N packets received (on one port, or any), every graph node they
 * cross, what it decided and where they left or why they were dropped (`vswctl trace`).
 *
 * Off, it costs one load of a global per node per burst (vsw_trace.on, a cache line no one
 * writes while it is off) and, in port_rx, one load of vsw_trace.remaining per burst.
 * Started, port_rx marks the chosen packets (VSW_META_F_TRACE, a trace number in the base
 * metadata layer); nodes hand bursts on through vsw_node.h's helpers, which record a step for
 * each marked packet: the node, the next node it chose, a copy of the metadata and of the
 * first VSW_TRACE_SNAP bytes of the frame, as they are when the node lets go of it. A packet
 * that enters drop_<reason> was dropped for that reason; one port_tx hands to its device
 * gets the next node VSW_TRACE_TX.
 *
 * Workers never block and never allocate: a step takes a slot of one fixed array with an
 * atomic add and publishes it with a release store; when the array is full, steps are
 * counted as lost. The control thread formats the steps (vsw_trace_format()) with each
 * node's formatter, registered by the feature that owns the node (vsw_trace_fmt_register()),
 * so a new feature (NAT, tunnels) says what its node decided without touching this file.
 */
#ifndef VSW_TRACE_H
#define VSW_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_mbuf.h>

#include "vsw_mbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_TRACE_MAX_PKTS 1000u /**< Packets one trace may follow. */
#define VSW_TRACE_MAX_STEPS 8192u/**< Steps recorded, all packets; then steps are lost. */
#define VSW_TRACE_SNAP 64u       /**< Bytes of the frame kept with each step. */
#define VSW_TRACE_TX RTE_NODE_ID_INVALID /**< Next "node" of a frame handed to its device. */

/** One step of one packet: the node it left and the one it went to. */
struct vsw_trace_step {
	uint32_t pkt;      /**< Trace number (1, 2, ...); 0 while the step is being written. */
	rte_node_t node;   /**< The node. */
	rte_node_t next;   /**< The next node, or VSW_TRACE_TX. */
	uint16_t lcore;
	uint16_t len;      /**< The frame's length (pkt_len). */
	uint64_t tsc;
	struct vsw_mbuf_meta meta;
	uint8_t frame[VSW_TRACE_SNAP];
};

/** The trace's state: hot fields first, read by workers. */
struct vsw_trace {
	uint32_t on;         /**< Steps are recorded (started, not stopped). */
	int32_t remaining;   /**< Packets still to mark at rx. */
	uint16_t port;       /**< Interface id to mark packets of, or VSW_PORT_NONE: any. */
	uint32_t next_pkt;   /**< Last trace number given. */
	uint32_t n_steps;    /**< Slots taken (may exceed VSW_TRACE_MAX_STEPS: those are lost). */
	uint32_t wanted;     /**< N of the running trace. */
};
extern struct vsw_trace vsw_trace;

/* Slow paths of the inline hooks below (workers). */
void vsw_trace_rx_slow(const struct rte_node *node, uint16_t port, void **objs, uint16_t n);
void vsw_trace_burst_slow(const struct rte_node *node, void **objs, const rte_edge_t *nexts,
			  uint16_t n);
void vsw_trace_step(const struct rte_node *node, rte_node_t next, struct rte_mbuf *m);

/** port_rx: mark packets of a burst received on interface @p port while a trace wants more. */
static __rte_always_inline void
vsw_trace_rx(const struct rte_node *node, uint16_t port, void **objs, uint16_t n)
{
	if (unlikely(__atomic_load_n(&vsw_trace.remaining, __ATOMIC_RELAXED) > 0))
		vsw_trace_rx_slow(node, port, objs, n);
}

/** A node hands objs[i] to edge nexts[i]: record the marked ones (vsw_node.h calls this). */
static __rte_always_inline void
vsw_trace_burst(const struct rte_node *node, void **objs, const rte_edge_t *nexts, uint16_t n)
{
	if (unlikely(__atomic_load_n(&vsw_trace.on, __ATOMIC_RELAXED)))
		vsw_trace_burst_slow(node, objs, nexts, n);
}

/** A node hands @p m alone to @p edge. */
static __rte_always_inline void
vsw_trace_x1(const struct rte_node *node, rte_edge_t edge, struct rte_mbuf *m)
{
	if (unlikely(__atomic_load_n(&vsw_trace.on, __ATOMIC_RELAXED)) &&
	    (vsw_mbuf_meta(m)->flags & VSW_META_F_TRACE))
		vsw_trace_step(node, node->nodes[edge]->id, m);
}

/**
 * port_tx, before rte_eth_tx_burst(): the marked frames of objs[0..n) are about to be sent
 * (their steps are written now: a sent mbuf may not be read after the call); afterwards
 * vsw_trace_tx_done() sends the steps of the frames the device refused to edge @p fail
 * and publishes them all. Both are called only when vsw_trace.on was read set.
 */
struct vsw_trace_tx {
	uint16_t n;
	uint16_t pos[32];   /**< Index in objs of each step's frame. */
	uint32_t slot[32];  /**< Its step. */
	uint32_t pkt[32];   /**< Its trace number (published once the send is done). */
};
void vsw_trace_tx_slow(const struct rte_node *node, uint16_t port, void **objs, uint16_t n,
		       struct vsw_trace_tx *t);
void vsw_trace_tx_done_slow(const struct rte_node *node, rte_edge_t fail, uint16_t sent,
			    struct vsw_trace_tx *t);

/**
 * A node's formatter: write what node @p s->node decided about the packet, from the step's
 * metadata and frame (the frame as the node left it), into @p buf (at most @p len bytes,
 * NUL-terminated); nothing if there is nothing to say. Control thread, at show time: it may
 * read control-side tables (names of ports and bridges, next hops), which may have changed
 * since the packet passed.
 */
typedef void (*vsw_trace_fmt_fn)(const struct vsw_trace_step *s, char *buf, size_t len);

/**
 * Use @p fn for the node called @p name, or for every clone of it ("port_tx" covers
 * "port_tx-tap0"). Call at start-up, before any trace is shown.
 * @return 0, or -ENOSPC.
 */
int vsw_trace_fmt_register(const char *name, vsw_trace_fmt_fn fn);

/** The name of interface @p id for formatters ("-" for none, "#id" when it is gone). */
void vsw_trace_iface_name(uint16_t id, char *buf, size_t len);

/**
 * Start a trace of the next @p n packets (1..VSW_TRACE_MAX_PKTS) received on interface
 * @p port (VSW_PORT_NONE: any port), forgetting the previous trace. Control thread; waits
 * for the workers' grace period (no step of the old trace is being written after it).
 * @return 0 or -EINVAL.
 */
int vsw_trace_start(uint16_t port, uint32_t n);

/** Stop marking and recording; the steps stay to be shown. Control thread. */
void vsw_trace_stop(void);

/** Stop and forget every step. Control thread. */
void vsw_trace_clear(void);

/** Counters of the trace, for show. */
struct vsw_trace_info {
	uint32_t on;      /**< Recording. */
	uint32_t wanted;  /**< N asked for. */
	uint32_t traced;  /**< Packets marked so far. */
	uint32_t steps;   /**< Steps recorded. */
	uint32_t lost;    /**< Steps not recorded: the buffer was full. */
	uint16_t port;    /**< The port filter, VSW_PORT_NONE: any. */
};
void vsw_trace_info(struct vsw_trace_info *info);

/**
 * Format packets @p first, @p first + 1, ... of the trace into @p buf (NUL-terminated),
 * whole packets only, as many as fit in @p len bytes. Control thread.
 * @return the number of the first packet not written (past the last traced one: all done).
 */
uint32_t vsw_trace_format(uint32_t first, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* VSW_TRACE_H */
