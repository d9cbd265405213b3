/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A port's MTU, for vsw_port_setup() (ports/port_mtu.c). Messages about the MTU start with
 * "MTU", so that the caller can point at the port's 'mtu' line.
 */
#ifndef VSW_PORT_MTU_H
#define VSW_PORT_MTU_H

#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>

#include "vsw_port.h"

/** Longest frame a port with MTU @p mtu receives: MTU, Ethernet header, a tag, the CRC. */
uint32_t vsw_port_mtu_frame_len(uint16_t mtu);

/**
 * Before rte_eth_dev_configure(): the offloads (scatter rx, multi-segment tx) and the MTU
 * the device needs for @p p's configured MTU (none when it is 0) with mbufs of *@p rx_mp,
 * which it replaces by the pool of large buffers for a driver that needs them (also
 * without an MTU: an af_packet port whose framesz is over 2 KiB).
 * @return 0, or -EINVAL when the device cannot take the MTU (reason in @p err).
 */
int vsw_port_mtu_conf(const struct vsw_port *p, const struct rte_eth_dev_info *info,
		      struct rte_mempool **rx_mp, struct rte_eth_conf *conf, char *err,
		      size_t err_len);

/**
 * The pool of large buffers (at least @p data_room bytes each), made on first use and kept
 * until vsw_port_big_pool_free(). NULL, with the reason in @p err, if it cannot be made or
 * was made with smaller buffers.
 */
struct rte_mempool *vsw_port_big_pool(uint32_t data_room, char *err, size_t err_len);

/** After the queues are set up: give the device (and its kernel end) the MTU. */
int vsw_port_mtu_apply(struct vsw_port *p, char *err, size_t err_len);

#endif /* VSW_PORT_MTU_H */
