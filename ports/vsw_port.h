/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One port abstraction over three kinds of ethdev: any DPDK device by devargs, vhost-user
 * (through the net_vhost PMD) and kernel TAP (through the net_tap PMD).
 *
 * Life cycle, control thread only: vsw_port_probe() -> vsw_port_setup() -> vsw_port_start()
 * -> vsw_port_stop() -> vsw_port_close(). Functions return 0 or -errno and, on failure,
 * write a one-line reason into err.
 */
#ifndef VSW_PORT_H
#define VSW_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_mempool.h>

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vsw_port {
	struct vsw_port_conf conf;
	char devargs[VSW_DEVARGS_MAX + 64]; /**< What was probed. */
	char dev_name[64];                  /**< rte_device name, for detaching. */
	uint16_t eth_port;                  /**< ethdev port id. */
	uint16_t n_rxq;
	uint16_t n_txq;
	uint16_t rx_desc;                   /**< As adjusted by the driver. */
	uint16_t tx_desc;
	uint16_t mtu;                       /**< In effect: configured, or the device's. */
	bool rss;
	bool probed;
	bool configured;
	bool started;
	bool link_up;                       /**< Link state last seen by vswd's link watch. */
	struct rte_ether_addr mac;
	char driver[32];
	char kernel_iface[VSW_IFNAME_MAX]; /**< net_af_packet: the kernel interface whose carrier
	                                        is the link (its PMD does not follow it). */
};

/** Port counters: the device's own plus vswd's software drops (filled by the caller). */
struct vsw_port_stats {
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_packets, tx_bytes;
	uint64_t rx_missed;  /**< Device: rx ring full (imissed). */
	uint64_t rx_nombuf;  /**< Device: no mbuf to receive into. */
	uint64_t rx_errors;  /**< Device: bad frames (ierrors). */
	uint64_t tx_errors;  /**< Device: failed transmits (oerrors). */
};

/**
 * Build the devargs for @p conf and probe the device (creating the vdev for tap and
 * vhost-user). A device already probed by EAL (e.g. a PCI NIC) is taken as it is.
 */
int vsw_port_probe(struct vsw_port *p, const struct vsw_port_conf *conf, char *err,
		   size_t err_len);

/**
 * Configure queues (n_txq tx queues: one per worker), ring sizes, RSS, MTU and MAC; receive
 * into @p mp. The port is put in promiscuous mode: a switch port takes every frame.
 */
int vsw_port_setup(struct vsw_port *p, struct rte_mempool *mp, uint16_t n_txq, char *err,
		   size_t err_len);

int vsw_port_start(struct vsw_port *p, char *err, size_t err_len);
void vsw_port_stop(struct vsw_port *p);
/** Close and detach the device (removes the TAP interface, the vhost-user socket). */
void vsw_port_close(struct vsw_port *p);

/** Device counters. @return 0 or -errno from rte_eth_stats_get(). Thread-safe. */
int vsw_port_stats_get(const struct vsw_port *p, struct vsw_port_stats *s);

/**
 * Link state: true when up; speed in Mb/s (0 unknown). Does not wait. Thread-safe. For a
 * net_af_packet port, whose PMD (DPDK 22.11) reports the link it set at start whatever the
 * kernel interface does, the link is up only while the interface is up and has a carrier
 * (IFF_UP and IFF_RUNNING, as `ip link` shows LOWER_UP).
 */
bool vsw_port_link(const struct vsw_port *p, uint32_t *speed_mbps);

/** One queue's counters (ethdev's per-queue statistics). */
struct vsw_port_queue_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t errors; /**< rx: the driver's per-queue errors; tx: 0 (not kept). */
};

/**
 * Per-queue counters of the port's first @p max rx and tx queues (ethdev keeps them for
 * the first RTE_ETHDEV_QUEUE_STAT_CNTRS only; a driver that does not count per queue
 * leaves zeros). @return 0 or -errno from rte_eth_stats_get(). Thread-safe.
 */
int vsw_port_queue_stats(const struct vsw_port *p, struct vsw_port_queue_stats *rx,
			 struct vsw_port_queue_stats *tx, unsigned int max, unsigned int *n_rx,
			 unsigned int *n_tx);

typedef void (*vsw_port_xstat_fn)(const char *name, uint64_t value, void *arg);
/** Call @p fn for each of the driver's extended statistics. @return their number or -errno. */
int vsw_port_xstats(const struct vsw_port *p, vsw_port_xstat_fn fn, void *arg);

/** The vhost-user device behind a vhost-user port, as the guest set it up. */
struct vsw_port_vhost_info {
	bool connected;    /**< A front-end is connected and its rings are ready. */
	int vid;           /**< rte_vhost device id, -1 when not connected. */
	uint64_t features; /**< Negotiated virtio feature bits. */
	uint16_t n_vrings; /**< Rings the front-end set up (2 per queue pair). */
	uint16_t mtu;      /**< The MTU the guest was told (feature MTU), else 0. */
};

/**
 * @return 0, or -ENOTSUP for a port that is not vhost-user. Read-only, from any thread, but
 * rte_vhost has no reader lock: a guest leaving during the call races with it (telemetry
 * asks only while the link is up, which narrows the window to the disconnect itself).
 */
int vsw_port_vhost_info(const struct vsw_port *p, struct vsw_port_vhost_info *vi);

/** The name of virtio feature @p bit ("MRG_RXBUF"), NULL when it has none here. */
const char *vsw_virtio_feature_name(unsigned int bit);

/**
 * Check that a dpdk port's devargs name a known bus and driver, without probing.
 * Needs EAL (drivers are loaded by rte_eal_init()).
 */
int vsw_port_devargs_check(const char *devargs, char *err, size_t err_len);

/** Mbufs a frame of the port's MTU takes in vswd's pool (2 KiB buffers): 1 up to ~2000. */
unsigned int vsw_port_mbuf_segs(const struct vsw_port_conf *conf);

/** Free the pool of large buffers (ports/port_mtu.c), once every port is closed. */
void vsw_port_big_pool_free(void);

/** Number of mbufs the port's rings can hold at once (rx rings full, tx rings full). */
unsigned int vsw_port_mbuf_need(const struct vsw_port_conf *conf, unsigned int n_txq);

#ifdef __cplusplus
}
#endif

#endif /* VSW_PORT_H */
