/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a port's detail view shows beyond its config and totals: per-queue counters, the
 * driver's extended statistics, and for a vhost-user port the device the guest set up
 * (connected or not, negotiated virtio features, rings). Read-only, from any thread.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eth_vhost.h>
#include <rte_ethdev.h>
#include <rte_vhost.h>

#include "vsw_port.h"

int
vsw_port_queue_stats(const struct vsw_port *p, struct vsw_port_queue_stats *rx,
		     struct vsw_port_queue_stats *tx, unsigned int max, unsigned int *n_rx,
		     unsigned int *n_tx)
{
	struct rte_eth_stats st;
	unsigned int q;
	int rc;

	rc = rte_eth_stats_get(p->eth_port, &st);
	if (rc != 0)
		return rc;
	/* ethdev keeps the first RTE_ETHDEV_QUEUE_STAT_CNTRS queues only. */
	max = RTE_MIN(max, (unsigned int)RTE_ETHDEV_QUEUE_STAT_CNTRS);
	*n_rx = RTE_MIN((unsigned int)p->n_rxq, max);
	*n_tx = RTE_MIN((unsigned int)p->n_txq, max);
	for (q = 0; q < *n_rx; q++) {
		rx[q].packets = st.q_ipackets[q];
		rx[q].bytes = st.q_ibytes[q];
		rx[q].errors = st.q_errors[q];
	}
	for (q = 0; q < *n_tx; q++) {
		tx[q].packets = st.q_opackets[q];
		tx[q].bytes = st.q_obytes[q];
		tx[q].errors = 0;
	}
	return 0;
}

int
vsw_port_xstats(const struct vsw_port *p, vsw_port_xstat_fn fn, void *arg)
{
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *vals;
	int n, got, i, rc = 0;

	n = rte_eth_xstats_get_names(p->eth_port, NULL, 0);
	if (n <= 0)
		return n;
	names = calloc((size_t)n, sizeof(*names));
	vals = calloc((size_t)n, sizeof(*vals));
	if (names == NULL || vals == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	/* The count may change between the calls (a queue added): take the smaller. */
	got = rte_eth_xstats_get_names(p->eth_port, names, (unsigned int)n);
	if (got >= 0 && got < n)
		n = got;
	got = rte_eth_xstats_get(p->eth_port, vals, (unsigned int)n);
	if (got < 0 || got > n) {
		rc = got < 0 ? got : -EAGAIN;
		goto out;
	}
	for (i = 0; i < got; i++)
		if (vals[i].id < (uint64_t)n)
			fn(names[vals[i].id].name, vals[i].value, arg);
	rc = got;
out:
	free(names);
	free(vals);
	return rc;
}

int
vsw_port_vhost_info(const struct vsw_port *p, struct vsw_port_vhost_info *vi)
{
	int vid;

	memset(vi, 0, sizeof(*vi));
	vi->vid = -1;
	if (p->conf.kind != VSW_PORT_VHOST)
		return -ENOTSUP;
	/* The PMD forgets the vid when the guest goes (destroy_device): -1 then. */
	vid = rte_eth_vhost_get_vid_from_port_id(p->eth_port);
	if (vid < 0 || rte_vhost_get_negotiated_features(vid, &vi->features) != 0)
		return 0;
	vi->connected = true;
	vi->vid = vid;
	vi->n_vrings = rte_vhost_get_vring_num(vid);
	if (rte_vhost_get_mtu(vid, &vi->mtu) != 0)
		vi->mtu = 0;
	return 0;
}

/* Virtio feature bits by name (virtio 1.2, 5.1.3 and 6; vhost-user's own bit 30). */
static const char *const virtio_features[64] = {
	[0] = "CSUM",
	[1] = "GUEST_CSUM",
	[2] = "CTRL_GUEST_OFFLOADS",
	[3] = "MTU",
	[5] = "MAC",
	[6] = "GSO",
	[7] = "GUEST_TSO4",
	[8] = "GUEST_TSO6",
	[9] = "GUEST_ECN",
	[10] = "GUEST_UFO",
	[11] = "HOST_TSO4",
	[12] = "HOST_TSO6",
	[13] = "HOST_ECN",
	[14] = "HOST_UFO",
	[15] = "MRG_RXBUF",
	[16] = "STATUS",
	[17] = "CTRL_VQ",
	[18] = "CTRL_RX",
	[19] = "CTRL_VLAN",
	[20] = "CTRL_RX_EXTRA",
	[21] = "GUEST_ANNOUNCE",
	[22] = "MQ",
	[23] = "CTRL_MAC_ADDR",
	[24] = "NOTIFY_ON_EMPTY",
	[26] = "LOG_ALL",
	[27] = "ANY_LAYOUT",
	[28] = "RING_INDIRECT_DESC",
	[29] = "RING_EVENT_IDX",
	[30] = "PROTOCOL_FEATURES",
	[32] = "VERSION_1",
	[33] = "ACCESS_PLATFORM",
	[34] = "RING_PACKED",
	[35] = "IN_ORDER",
	[36] = "ORDER_PLATFORM",
	[37] = "SR_IOV",
	[38] = "NOTIFICATION_DATA",
	[60] = "RSS",
	[63] = "SPEED_DUPLEX",
};

const char *
vsw_virtio_feature_name(unsigned int bit)
{
	return bit < RTE_DIM(virtio_features) ? virtio_features[bit] : NULL;
}
