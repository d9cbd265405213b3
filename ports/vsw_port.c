/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ports. vhost-user goes through the net_vhost PMD rather than librte_vhost directly: the
 * PMD gives us the same ethdev burst API, counters and link events as every other port, so
 * the data path has exactly one port type; see docs/architecture.md.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "port_mtu.h"
#include "vsw_port.h"
#include "vsw_err.h"
#include "vsw_log.h"

static void
mac_str(const uint8_t mac[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
}

/* vdev names are "<driver><anything>"; the port name keeps them unique and readable. */
static int
build_devargs(struct vsw_port *p, const struct vsw_port_conf *c, char *err, size_t err_len)
{
	char mac[32];
	int n;

	switch (c->kind) {
	case VSW_PORT_DPDK:
		n = snprintf(p->devargs, sizeof(p->devargs), "%s", c->devargs);
		break;
	case VSW_PORT_TAP:
		if (c->has_mac) {
			mac_str(c->mac, mac, sizeof(mac));
			n = snprintf(p->devargs, sizeof(p->devargs), "net_tap_%s,iface=%s,mac=%s",
				     c->name, c->iface, mac);
		} else {
			n = snprintf(p->devargs, sizeof(p->devargs), "net_tap_%s,iface=%s",
				     c->name, c->iface);
		}
		break;
	case VSW_PORT_VHOST:
		n = snprintf(p->devargs, sizeof(p->devargs),
			     "net_vhost_%s,iface=%s,queues=%u,client=%d", c->name, c->path,
			     c->rx_queues, c->vhost_client ? 1 : 0);
		break;
	default:
		return vsw_err(err, err_len, -EINVAL, "unknown port kind");
	}
	if (n < 0 || (size_t)n >= sizeof(p->devargs))
		return vsw_err(err, err_len, -ENAMETOOLONG, "devargs too long");
	return 0;
}

int
vsw_port_devargs_check(const char *devargs, char *err, size_t err_len)
{
	struct rte_devargs da;
	int rc;

	memset(&da, 0, sizeof(da));
	rc = rte_devargs_parse(&da, devargs);
	if (rc != 0)
		return vsw_err(err, err_len, -EINVAL,
			    "devargs '%s' name no known bus or driver (is the PMD installed?)",
			    devargs);
	rte_devargs_reset(&da);
	return 0;
}

/* net_af_packet's kernel interface: its devargs' iface= value. */
static void
af_packet_iface(struct vsw_port *p)
{
	const char *s = strstr(p->devargs, ",iface=");
	size_t n;

	p->kernel_iface[0] = '\0';
	if (strcmp(p->driver, "net_af_packet") != 0 || s == NULL)
		return;
	s += strlen(",iface=");
	n = strcspn(s, ",");
	if (n == 0 || n >= sizeof(p->kernel_iface))
		return;
	memcpy(p->kernel_iface, s, n);
	p->kernel_iface[n] = '\0';
}

/* The kernel interface @p name is up with a carrier. */
static bool
kernel_link_up(const char *name)
{
	struct ifreq ifr;
	bool up = false;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return false;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		up = (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
	close(fd);
	return up;
}

static int
find_port(const char *devargs, uint16_t *port_id)
{
	struct rte_dev_iterator it;
	uint16_t id;

	if (rte_eth_iterator_init(&it, devargs) != 0)
		return -ENODEV;
	id = rte_eth_iterator_next(&it);
	rte_eth_iterator_cleanup(&it);
	if (id == RTE_MAX_ETHPORTS)
		return -ENODEV;
	*port_id = id;
	return 0;
}

int
vsw_port_probe(struct vsw_port *p, const struct vsw_port_conf *conf, char *err, size_t err_len)
{
	struct rte_eth_dev_info info;
	int rc;

	memset(p, 0, sizeof(*p));
	p->conf = *conf;
	rc = build_devargs(p, conf, err, err_len);
	if (rc != 0)
		return rc;
	/* A device EAL already probed (a bound NIC, an EAL --vdev) is taken as it is. */
	if (find_port(p->devargs, &p->eth_port) != 0) {
		rc = rte_dev_probe(p->devargs);
		if (rc != 0 && rc != -EEXIST)
			return vsw_err(err, err_len, rc, "cannot probe '%s': %s", p->devargs,
				    strerror(-rc));
	}
	rc = find_port(p->devargs, &p->eth_port);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "'%s' is not an ethernet device", p->devargs);
	p->probed = true;
	rc = rte_eth_dev_info_get(p->eth_port, &info);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot get device info: %s", strerror(-rc));
	snprintf(p->driver, sizeof(p->driver), "%s", info.driver_name);
	af_packet_iface(p);
	snprintf(p->dev_name, sizeof(p->dev_name), "%s", rte_dev_name(info.device));
	VSW_LOG(DEBUG, PORT, "%s: probed '%s': ethdev %u, driver %s\n", conf->name, p->devargs,
		p->eth_port, p->driver);
	return 0;
}

/*
 * Rx queues a port gets: its rx_queues, except that the kernel's TAP device has as many rx
 * as tx queues (net_tap refuses anything else), so a TAP port has one rx queue per tx
 * queue (per worker) at least, all polled: the kernel spreads flows over them.
 */
static uint16_t
rx_queues(const struct vsw_port_conf *conf, unsigned int n_txq)
{
	if (conf->kind == VSW_PORT_TAP && n_txq > conf->rx_queues)
		return (uint16_t)n_txq;
	return conf->rx_queues;
}

unsigned int
vsw_port_mbuf_need(const struct vsw_port_conf *conf, unsigned int n_txq)
{
	if (conf->kind == VSW_PORT_BOND)
		return 0; /* no rings of its own: its members' */
	return (unsigned int)rx_queues(conf, n_txq) * conf->rx_desc + n_txq * conf->tx_desc;
}

unsigned int
vsw_port_mbuf_segs(const struct vsw_port_conf *conf)
{
	uint32_t buf = RTE_MBUF_DEFAULT_DATAROOM;

	if (conf->mtu == 0)
		return 1;
	return (vsw_port_mtu_frame_len(conf->mtu) + buf - 1) / buf;
}

int
vsw_port_setup(struct vsw_port *p, struct rte_mempool *mp, uint16_t n_txq, char *err,
	       size_t err_len)
{
	const struct vsw_port_conf *c = &p->conf;
	struct rte_eth_conf eth_conf;
	struct rte_eth_dev_info info;
	uint16_t rxd = c->rx_desc, txd = c->tx_desc, q, n_rxq = rx_queues(c, n_txq);
	int socket = rte_eth_dev_socket_id(p->eth_port);
	int rc;

	if (socket < 0)
		socket = (int)rte_socket_id();
	rc = rte_eth_dev_info_get(p->eth_port, &info);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot get device info: %s", strerror(-rc));
	if (n_rxq > info.max_rx_queues)
		return vsw_err(err, err_len, -EINVAL, "rx_queues %u exceeds the device's %u",
			    n_rxq, info.max_rx_queues);
	if (n_txq > info.max_tx_queues)
		return vsw_err(err, err_len, -EINVAL,
			    "%u workers need %u tx queues, the device has %u (vhost-user: raise "
			    "rx_queues, which sets the queue pairs)",
			    n_txq, n_txq, info.max_tx_queues);

	memset(&eth_conf, 0, sizeof(eth_conf));
	p->rss = c->rss && n_rxq > 1 && info.flow_type_rss_offloads != 0;
	if (p->rss) {
		eth_conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		eth_conf.rx_adv_conf.rss_conf.rss_hf =
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP) &
			info.flow_type_rss_offloads;
	}
	rc = vsw_port_mtu_conf(p, &info, &mp, &eth_conf, err, err_len);
	if (rc != 0)
		return rc;
	rc = rte_eth_dev_configure(p->eth_port, n_rxq, n_txq, &eth_conf);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot configure %u rx / %u tx queues: %s",
			    n_rxq, n_txq, strerror(-rc));
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(p->eth_port, &rxd, &txd);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot set ring sizes: %s", strerror(-rc));
	for (q = 0; q < n_rxq; q++) {
		rc = rte_eth_rx_queue_setup(p->eth_port, q, rxd, socket, NULL, mp);
		if (rc != 0)
			return vsw_err(err, err_len, rc, "rx queue %u: %s", q, strerror(-rc));
	}
	for (q = 0; q < n_txq; q++) {
		rc = rte_eth_tx_queue_setup(p->eth_port, q, txd, socket, NULL);
		if (rc != 0)
			return vsw_err(err, err_len, rc, "tx queue %u: %s", q, strerror(-rc));
	}
	p->n_rxq = n_rxq;
	p->n_txq = n_txq;
	rc = vsw_port_mtu_apply(p, err, err_len);
	if (rc != 0)
		return rc;
	if (c->has_mac && c->kind != VSW_PORT_TAP) {
		struct rte_ether_addr a;

		memcpy(a.addr_bytes, c->mac, sizeof(a.addr_bytes));
		rc = rte_eth_dev_default_mac_addr_set(p->eth_port, &a);
		if (rc != 0)
			return vsw_err(err, err_len, rc, "cannot set MAC: %s", strerror(-rc));
	}
	p->n_rxq = n_rxq;
	p->n_txq = n_txq;
	p->rx_desc = rxd;
	p->tx_desc = txd;
	p->configured = true;
	return 0;
}

int
vsw_port_start(struct vsw_port *p, char *err, size_t err_len)
{
	int rc = rte_eth_dev_start(p->eth_port);

	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot start: %s", strerror(-rc));
	p->started = true;
	/* A switch port takes every frame; drivers without the notion (vhost) say ENOTSUP. */
	rc = rte_eth_promiscuous_enable(p->eth_port);
	if (rc != 0 && rc != -ENOTSUP)
		return vsw_err(err, err_len, rc, "cannot enable promiscuous mode: %s",
			    strerror(-rc));
	rte_eth_macaddr_get(p->eth_port, &p->mac);
	/* The MTU in effect: the configured one, or the device's default. */
	p->mtu = p->conf.mtu;
	if (p->mtu == 0 && rte_eth_dev_get_mtu(p->eth_port, &p->mtu) != 0)
		p->mtu = 0;
	return 0;
}

void
vsw_port_stop(struct vsw_port *p)
{
	if (p->started)
		rte_eth_dev_stop(p->eth_port);
	p->started = false;
}

void
vsw_port_close(struct vsw_port *p)
{
	struct rte_eth_dev_info info;
	struct rte_device *dev = NULL;

	if (!p->probed)
		return;
	vsw_port_stop(p);
	if (rte_eth_dev_info_get(p->eth_port, &info) == 0)
		dev = info.device;
	rte_eth_dev_close(p->eth_port);
	/* Detach vdevs we created (removes the TAP netdev, the vhost socket); a NIC stays. */
	if (dev != NULL && p->conf.kind != VSW_PORT_DPDK)
		rte_dev_remove(dev);
	p->probed = false;
	p->configured = false;
}

int
vsw_port_stats_get(const struct vsw_port *p, struct vsw_port_stats *s)
{
	struct rte_eth_stats st;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = rte_eth_stats_get(p->eth_port, &st);
	if (rc != 0)
		return rc;
	s->rx_packets = st.ipackets;
	s->rx_bytes = st.ibytes;
	s->tx_packets = st.opackets;
	s->tx_bytes = st.obytes;
	s->rx_missed = st.imissed;
	s->rx_nombuf = st.rx_nombuf;
	s->rx_errors = st.ierrors;
	s->tx_errors = st.oerrors;
	return 0;
}

bool
vsw_port_link(const struct vsw_port *p, uint32_t *speed_mbps)
{
	struct rte_eth_link link;

	memset(&link, 0, sizeof(link));
	if (rte_eth_link_get_nowait(p->eth_port, &link) != 0)
		return false;
	if (speed_mbps != NULL)
		*speed_mbps = link.link_speed == RTE_ETH_SPEED_NUM_UNKNOWN ? 0 : link.link_speed;
	if (p->kernel_iface[0] != '\0' && !kernel_link_up(p->kernel_iface))
		return false;
	return link.link_status == RTE_ETH_LINK_UP;
}
