/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ports as interfaces: the "port" type of the interface registry (pipeline/iface/iface.h).
 *
 * Creating a port interface probes, sets up and starts the device and tells the pipeline
 * about it (vsw_pipeline_port_set); its queues are polled from the next graph rebuild.
 * Destroying one (vsw_iface_destroy) takes it out of the workers' graphs first (a rebuild:
 * from then on no worker polls or sends to it), then stops and closes the device. The
 * caller removes the port from the forwarding tables (cross-connect, bridges) before.
 */
#ifndef VSW_PORT_IFACE_H
#define VSW_PORT_IFACE_H

#include <stdint.h>

#include <rte_mempool.h>

#include "iface/iface.h"
#include "vsw_config.h"
#include "vsw_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Register the port type. Ports receive into @p pool and get one tx queue per worker;
 * @p worker_lcores (n_workers entries) map a port's rx_affinity lcores to workers.
 * @return 0 or -errno. Control thread, once, after the pipeline's workers exist.
 */
int vsw_port_iface_init(struct rte_mempool *pool, unsigned int n_workers,
			const uint16_t *worker_lcores);

/**
 * Create the port described by @p conf (its name is the interface's name).
 * @return the interface, or NULL with a message in @p err.
 */
struct vsw_iface *vsw_port_iface_create(const struct vsw_port_conf *conf, char *err,
					size_t err_len);

/** The port object of a port interface. */
static inline struct vsw_port *
vsw_port_of(const struct vsw_iface *iface)
{
	return (struct vsw_port *)iface->priv;
}

#ifdef __cplusplus
}
#endif

#endif /* VSW_PORT_IFACE_H */
