/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A port's MTU: what the device is told, and how frames longer than one mbuf are received.
 *
 * The packet pool keeps 2 KiB buffers whatever the MTU (docs/architecture.md, "Jumbo
 * frames"): a port whose longest frame does not fit one buffer receives it as a chain of
 * mbufs, with RTE_ETH_RX_OFFLOAD_SCATTER where the driver has it (net_tap, NICs) or by the
 * driver's own doing (net_vhost with mergeable buffers, net_pcap), and sends chains
 * (RTE_ETH_TX_OFFLOAD_MULTI_SEGS where the driver lists it). A driver that can do neither
 * cannot take the MTU: the port is refused with the driver's limit.
 *
 * Except net_af_packet, which copies each frame into one mbuf and in 22.11 says it takes
 * 1,518-byte frames at most, although its frames are as long as its framesz devarg allows:
 * its ethdev MTU is left alone (the PMD does not check frames against it), the kernel
 * interface gets the MTU, and, when framesz needs more than 2 KiB, it receives into a pool
 * of larger buffers, made once for all such ports (vsw_port_big_pool()).
 *
 * DPDK 22.11's net_tap says it takes frames of 1522 bytes at most (max_rx_pktlen), so
 * ethdev refuses any MTU above 1504, although the driver reads and writes chains of any
 * length (DPDK 23.03 fixed the number, commit 427f5e5c33 "net/tap: allow jumbo frames").
 * For it alone, the MTU is written into the ethdev's data (which its tx path checks
 * frames against) and given to the kernel interface by vswd itself. The layout of that
 * data is the one of 22.11's ethdev_driver.h (not installed by Debian's dpdk-dev); before
 * writing, vswd checks the fields it can read through the public API agree with it.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_version.h>

#include "port_mtu.h"
#include "vsw_mbuf.h"
#include "vsw_err.h"

/* net_af_packet: bytes of a ring frame before the Ethernet header (tpacket2 header and
 * sockaddr_ll, aligned: the kernel's macoff), and before the data the PMD copies. */
#define AF_PACKET_MAC_OFF 66
#define AF_PACKET_DATA_OFF 32
#define AF_PACKET_DEF_FRAMESZ 2048

/* Mbufs in the pool of large buffers: bursts in flight and per-lcore caches (the PMD holds
 * none: its ring is the kernel's). */
#define BIG_POOL_MBUFS 4095

static struct rte_mempool *big_pool;

/* Drivers that chain a long frame over several mbufs without the scatter offload. */
static const char *const chains_natively[] = {"net_vhost", "net_pcap", "net_ring"};

static bool
driver_is(const char *driver, const char *name)
{
	return strcmp(driver, name) == 0;
}

/* The value of devargs key @p key (",key=value"), into @p buf; false when absent. */
static bool
devarg(const char *devargs, const char *key, char *buf, size_t len)
{
	size_t n = strlen(key);
	const char *s;

	for (s = strchr(devargs, ','); s != NULL; s = strchr(s + 1, ','))
		if (strncmp(s + 1, key, n) == 0 && s[1 + n] == '=') {
			s += n + 2;
			snprintf(buf, len, "%.*s", (int)strcspn(s, ","), s);
			return true;
		}
	return false;
}

static unsigned long
af_packet_framesz(const char *devargs)
{
	char v[16];

	return devarg(devargs, "framesz", v, sizeof(v)) ? strtoul(v, NULL, 0) :
							  AF_PACKET_DEF_FRAMESZ;
}

static uint32_t
big_room(struct rte_mempool *mp)
{
	return (uint32_t)rte_pktmbuf_data_room_size(mp) - RTE_PKTMBUF_HEADROOM;
}

struct rte_mempool *
vsw_port_big_pool(uint32_t data_room, char *err, size_t err_len)
{
	uint32_t room = big_pool != NULL ? big_room(big_pool) : 0;

	if (big_pool != NULL && room < data_room) {
		vsw_err(err, err_len, -EINVAL,
			"the pool of large buffers has %u-byte buffers, %u needed: restart vswd",
			room, data_room);
		return NULL;
	}
	if (big_pool == NULL) {
		big_pool = vsw_pktmbuf_pool_create_room("vsw_pkts_big", BIG_POOL_MBUFS,
							(uint16_t)data_room, (int)rte_socket_id());
		if (big_pool == NULL)
			vsw_err(err, err_len, -ENOMEM,
				"cannot make a pool of %u mbufs of %u bytes: %s", BIG_POOL_MBUFS,
				data_room, rte_strerror(rte_errno));
	}
	return big_pool;
}

void
vsw_port_big_pool_free(void)
{
	rte_mempool_free(big_pool);
	big_pool = NULL;
}

/* net_af_packet: the frames its framesz allows, and the pool to receive them into. */
static int
af_packet_conf(const struct vsw_port *p, uint32_t buf, struct rte_mempool **rx_mp, char *err,
	       size_t err_len)
{
	unsigned long framesz = af_packet_framesz(p->conf.devargs);
	uint16_t mtu = p->conf.mtu;

	if (mtu != 0 && framesz < (unsigned long)mtu + RTE_ETHER_HDR_LEN + AF_PACKET_MAC_OFF)
		return vsw_err(err, err_len, -EINVAL,
			       "MTU %u needs framesz=%u or more in the devargs (framesz is %lu)",
			       mtu, mtu + RTE_ETHER_HDR_LEN + AF_PACKET_MAC_OFF, framesz);
	if (framesz - AF_PACKET_DATA_OFF > UINT16_MAX - RTE_PKTMBUF_HEADROOM)
		return vsw_err(err, err_len, -EINVAL,
			       "framesz=%lu is more than an mbuf holds (framesz=%u at most)",
			       framesz, UINT16_MAX - RTE_PKTMBUF_HEADROOM + AF_PACKET_DATA_OFF);
	if (framesz - AF_PACKET_DATA_OFF > buf) {
		*rx_mp = vsw_port_big_pool((uint32_t)(framesz - AF_PACKET_DATA_OFF), err, err_len);
		if (*rx_mp == NULL)
			return -ENOMEM;
	}
	return 0;
}

uint32_t
vsw_port_mtu_frame_len(uint16_t mtu)
{
	return (uint32_t)mtu + RTE_ETHER_HDR_LEN + RTE_VLAN_HLEN + RTE_ETHER_CRC_LEN;
}

/* ethdev's own rule (eth_dev_validate_mtu): MTU plus 18 bytes within max_rx_pktlen. */
static bool
ethdev_takes(const struct rte_eth_dev_info *info, uint16_t mtu)
{
	return mtu >= info->min_mtu && mtu <= info->max_mtu &&
	       (uint32_t)mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN <= info->max_rx_pktlen;
}

static bool
tap_needs_force(const char *driver, const struct rte_eth_dev_info *info, uint16_t mtu)
{
	return driver_is(driver, "net_tap") && !ethdev_takes(info, mtu);
}

int
vsw_port_mtu_conf(const struct vsw_port *p, const struct rte_eth_dev_info *info,
		  struct rte_mempool **rx_mp, struct rte_eth_conf *conf, char *err,
		  size_t err_len)
{
	uint16_t mtu = p->conf.mtu;
	uint32_t frame = vsw_port_mtu_frame_len(mtu);
	uint32_t buf = rte_pktmbuf_data_room_size(*rx_mp) - RTE_PKTMBUF_HEADROOM;
	bool chains = false;

	/* Even without an MTU: a framesz over 2 KiB needs the large buffers. */
	if (driver_is(p->driver, "net_af_packet"))
		return af_packet_conf(p, buf, rx_mp, err, err_len);
	if (mtu == 0)
		return 0;
	if (!ethdev_takes(info, mtu) && !tap_needs_force(p->driver, info, mtu))
		return vsw_err(err, err_len, -EINVAL,
			       "MTU %u is more than the device takes (%s: MTU %u..%u, frames of "
			       "at most %u bytes)",
			       mtu, p->driver, info->min_mtu,
			       RTE_MIN((uint32_t)info->max_mtu,
				       info->max_rx_pktlen - RTE_ETHER_HDR_LEN - RTE_ETHER_CRC_LEN),
			       info->max_rx_pktlen);
	if (frame > buf) {
		for (unsigned int i = 0; i < RTE_DIM(chains_natively); i++)
			chains |= driver_is(p->driver, chains_natively[i]);
		if (info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER)
			conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
		else if (!chains)
			return vsw_err(err, err_len, -EINVAL,
				       "MTU %u needs %u-byte frames, and %s receives a frame into "
				       "one %u-byte mbuf only (no scatter)",
				       mtu, frame, p->driver, buf);
		if (info->tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS)
			conf->txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	}
	if (!tap_needs_force(p->driver, info, mtu))
		conf->rxmode.mtu = mtu;
	return 0;
}

#if RTE_VERSION < RTE_VERSION_NUM(23, 3, 0, 0)
/* The first members of 22.11's struct rte_eth_dev and struct rte_eth_dev_data. */
struct eth_dev_data_head {
	char name[RTE_ETH_NAME_MAX_LEN];
	void **rx_queues;
	void **tx_queues;
	uint16_t nb_rx_queues;
	uint16_t nb_tx_queues;
	struct rte_eth_dev_sriov sriov;
	void *dev_private;
	struct rte_eth_link dev_link;
	struct rte_eth_conf dev_conf;
	uint16_t mtu;
};

struct eth_dev_head {
	void *burst_fns[6];
	struct eth_dev_data_head *data;
};

/* ethdev's (exported, internal) lookup. */
struct rte_eth_dev *rte_eth_dev_get_by_name(const char *name);

static int
force_ethdev_mtu(const struct vsw_port *p, uint16_t mtu)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	const struct eth_dev_head *dev;
	struct eth_dev_data_head *d;
	struct rte_eth_conf conf;
	uint16_t cur;

	if (rte_eth_dev_get_name_by_port(p->eth_port, name) != 0 ||
	    rte_eth_dev_get_mtu(p->eth_port, &cur) != 0 ||
	    rte_eth_dev_conf_get(p->eth_port, &conf) != 0)
		return -ENODEV;
	dev = (const struct eth_dev_head *)rte_eth_dev_get_by_name(name);
	if (dev == NULL || dev->data == NULL)
		return -ENODEV;
	d = dev->data;
	if (strncmp(d->name, name, sizeof(name)) != 0 || d->nb_rx_queues != p->n_rxq ||
	    d->nb_tx_queues != p->n_txq || d->mtu != cur || d->dev_conf.rxmode.mtu != cur ||
	    d->dev_conf.rxmode.offloads != conf.rxmode.offloads)
		return -ENOTSUP; /* Not the layout this was written for. */
	d->mtu = mtu;
	d->dev_conf.rxmode.mtu = mtu;
	return 0;
}
#else
static int
force_ethdev_mtu(const struct vsw_port *p, uint16_t mtu)
{
	RTE_SET_USED(p);
	RTE_SET_USED(mtu);
	return -ENOTSUP; /* net_tap takes jumbo MTUs from 23.03 on: never needed. */
}
#endif

/* The kernel end of a TAP port: SIOCSIFMTU, as net_tap's own mtu_set does. */
static int
kernel_mtu_set(const char *ifname, uint16_t mtu)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = 0;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_mtu = mtu;
	if (ioctl(fd, SIOCSIFMTU, &ifr) != 0)
		rc = -errno;
	close(fd);
	return rc;
}

int
vsw_port_mtu_apply(struct vsw_port *p, char *err, size_t err_len)
{
	uint16_t mtu = p->conf.mtu;
	struct rte_eth_dev_info info;
	int rc;

	if (mtu == 0)
		return 0;
	rc = rte_eth_dev_info_get(p->eth_port, &info);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot get device info: %s", strerror(-rc));
	if (driver_is(p->driver, "net_af_packet")) {
		char ifname[IF_NAMESIZE];

		if (!devarg(p->conf.devargs, "iface", ifname, sizeof(ifname)))
			return 0;
		rc = kernel_mtu_set(ifname, mtu);
		if (rc != 0)
			return vsw_err(err, err_len, rc, "MTU %u: cannot set it on %s: %s", mtu,
				       ifname, strerror(-rc));
		return 0;
	}
	if (tap_needs_force(p->driver, &info, mtu)) {
		rc = force_ethdev_mtu(p, mtu);
		if (rc != 0)
			return vsw_err(err, err_len, rc,
				       "MTU %u: net_tap of this DPDK (%s) says it takes MTU %u at "
				       "most and vswd cannot work around it",
				       mtu, rte_version(),
				       info.max_rx_pktlen - RTE_ETHER_HDR_LEN - RTE_ETHER_CRC_LEN);
		rc = kernel_mtu_set(p->conf.iface, mtu);
		if (rc != 0)
			return vsw_err(err, err_len, rc, "MTU %u: cannot set it on %s: %s", mtu,
				       p->conf.iface, strerror(-rc));
		return 0;
	}
	/* Configure set the ethdev's MTU; the driver's own hook also sets it where the frames
	 * come from (the TAP's kernel interface, an af_packet socket's interface). */
	rc = rte_eth_dev_set_mtu(p->eth_port, mtu);
	if (rc != 0 && rc != -ENOTSUP)
		return vsw_err(err, err_len, rc, "MTU %u: %s", mtu, strerror(-rc));
	return 0;
}
