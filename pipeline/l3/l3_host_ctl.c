/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host path's control half (l3_host.h): one kernel TUN per VRF that has a host path
 * (router.host_path), made by the router's apply in vswd's namespace or in the VRF's own
 * (netns), and given the addresses of the VRF's interfaces with their prefixes, IPv4 and IPv6
 * (but link-local), so the kernel routes replies to the VRF's subnets back into the TUN; in a
 * namespace of its own the TUN is also the default route of both families. A TUN carries bare IP packets: no ARP on it, so the kernel never
 * answers or asks for the hosts behind vswd, and there is no MAC to keep in sync.
 *
 * Every millisecond (the router's tick) the control thread writes what the workers queued
 * into the TUNs and reads what the kernel sent, into the inject ring (l3_inject, then
 * ip4_host_output or ip6_host_output routes it). Both fds are non-blocking: a full kernel queue is a counted
 * loss, never a wait. Closing a TUN's fd removes the interface (vswd exits, or the host path
 * goes on reload).
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/if_tun.h>

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "l3/l3_ctl.h"
#include "l3/l3_host.h"
#include "l3/l3_host_nl.h"

#define NO_SLOT UINT8_MAX
#define HOST_MAX_ADDRS (2 * VSW_MAX_RIFS * VSW_MAX_RIF_ADDRS) /* IPv4 and IPv6 */
#define HOST_READ_BURST 256 /* packets read from one TUN per tick */
#define HOST_MAX_SEGS 32

/* An address of the TUN: the VRF's interface address @p a (network order) / @p len. */
struct host_addr {
	uint8_t family; /* AF_INET (the first 4 bytes of a) or AF_INET6 */
	uint8_t len;
	uint8_t a[16];
};

struct host_tap {
	int fd; /* the TUN (non-blocking), or -1 */
	int nl; /* route netlink socket in the TUN's namespace */
	int ifindex;
	char iface[16];
	char netns[VSW_NAME_MAX];
	uint32_t mtu;
	uint16_t first_rif; /* the VRF's first interface: what packets from the host are
			       charged to until they have an egress (drops are per interface) */
	unsigned int n_addrs; /* installed */
	struct host_addr addr[HOST_MAX_ADDRS];
	bool no_v6; /* IPv6 is off in the TUN's namespace: no IPv6 addresses given */
	uint64_t to_host, to_host_errors, from_host, from_host_dropped;
};

static struct {
	struct host_tap t[L3_MAX_SLOTS];
	uint64_t lost; /* queued for a VRF whose host path had gone */
	uint8_t buf[65536];
} hp;

int
l3_host_init(void)
{
	vsw_l3_host.ring = rte_ring_create("vsw_l3_host", L3_HOST_RING_SIZE, (int)rte_socket_id(),
					   RING_F_SC_DEQ);
	if (vsw_l3_host.ring == NULL)
		return -ENOMEM;
	memset(&hp.t, 0, sizeof(hp.t));
	for (unsigned int s = 0; s < L3_MAX_SLOTS; s++)
		hp.t[s].fd = hp.t[s].nl = -1;
	hp.lost = 0;
	return 0;
}

static void
tap_close(uint8_t s)
{
	struct host_tap *t = &hp.t[s];

	__atomic_store_n(&vsw_l3_host.on[s], 0, __ATOMIC_RELAXED);
	if (t->fd >= 0)
		close(t->fd); /* the interface goes with it */
	if (t->nl >= 0)
		close(t->nl);
	memset(t, 0, sizeof(*t));
	t->fd = t->nl = -1;
}

/* Into namespace @p name (saving ours in @p self), or nowhere for "". @return 0 or -errno. */
static int
netns_enter(const char *name, int *self)
{
	char path[64];
	int ns, rc = 0;

	*self = -1;
	if (name[0] == '\0')
		return 0;
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return -errno;
	*self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*self < 0 || setns(ns, CLONE_NEWNET) != 0) {
		rc = -errno;
		if (*self >= 0)
			close(*self);
		*self = -1;
	}
	close(ns);
	return rc;
}

static void
netns_leave(int self)
{
	if (self < 0)
		return;
	if (setns(self, CLONE_NEWNET) != 0)
		fprintf(stderr, "vswd: router: host path: cannot return to vswd's namespace: %s\n",
			strerror(errno));
	close(self);
}

/* Make VRF slot @p s's TUN. @return 0 or -errno (logged). */
static int
tap_open(uint8_t s, const struct vsw_host_path_conf *hc)
{
	struct host_tap *t = &hp.t[s];
	struct ifreq ifr;
	const char *what = "namespace";
	int self, rc;

	snprintf(t->iface, sizeof(t->iface), "%s", hc->iface);
	snprintf(t->netns, sizeof(t->netns), "%s", hc->netns);
	rc = netns_enter(hc->netns, &self);
	if (rc == 0) {
		/* Made in the namespace the thread is in: the TUN and both sockets live there. */
		what = "/dev/net/tun";
		t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
		rc = t->fd < 0 ? -errno : 0;
	}
	if (rc == 0) {
		memset(&ifr, 0, sizeof(ifr));
		ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", hc->iface);
		what = "TUNSETIFF";
		rc = ioctl(t->fd, TUNSETIFF, &ifr) != 0 ? -errno : 0;
	}
	if (rc == 0) {
		what = "netlink";
		t->nl = l3_nl_open();
		rc = t->nl < 0 ? t->nl : 0;
	}
	if (rc == 0) {
		t->ifindex = (int)if_nametoindex(hc->iface);
		rc = t->ifindex == 0 ? -errno : 0;
	}
	netns_leave(self);
	if (rc == 0) {
		what = "link up";
		t->mtu = RTE_ETHER_MTU;
		rc = l3_nl_link_up(t->nl, t->ifindex, t->mtu);
	}
	if (rc == 0 && hc->netns[0] != '\0') {
		/* The namespace is the VRF's host: everything it sends goes through vswd. */
		what = "default route";
		rc = l3_nl_default_route(t->nl, t->ifindex, AF_INET);
	}
	if (rc == 0 && hc->netns[0] != '\0' &&
	    l3_nl_default_route(t->nl, t->ifindex, AF_INET6) != 0) {
		/* IPv6 is off there (disable_ipv6): the host path carries IPv4 alone. */
		t->no_v6 = true;
	}
	if (rc != 0) {
		fprintf(stderr, "vswd: router: host path %s%s%s of vrf '%s': %s: %s\n", hc->iface,
			hc->netns[0] != '\0' ? " in netns " : "", hc->netns, l3c.vrf_name[s], what,
			strerror(-rc));
		tap_close(s);
		return rc;
	}
	return 0;
}

static bool
addr_eq(const struct host_addr *a, const struct host_addr *b)
{
	return a->family == b->family && a->len == b->len &&
	       memcmp(a->a, b->a, a->family == AF_INET6 ? 16 : 4) == 0;
}

/* Is @p a one of the @p n addresses of @p set. */
static bool
addr_in(const struct host_addr *a, const struct host_addr *set, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (addr_eq(a, &set[i]))
			return true;
	return false;
}

/* The addresses of the VRF slot @p s's interfaces in @p dp, both families (IPv4 alone with
 * @p v4_only), into @p out. @return how many. The link-local ones stay off the TUN (it has
 * no link). */
static unsigned int
vrf_addrs(uint8_t s, const struct l3_dp *dp, bool v4_only, struct host_addr *out)
{
	unsigned int n = 0, i, id;

	for (id = 0; id < VSW_MAX_IFACES; id++) {
		const struct l3_rif *r = &dp->rif[id];

		if (!r->present || r->vrf != s)
			continue;
		for (i = 0; i < r->n_addrs && n < HOST_MAX_ADDRS; i++, n++) {
			uint32_t m = rte_be_to_cpu_32(r->mask[i]);

			memset(&out[n], 0, sizeof(out[n]));
			out[n].family = AF_INET;
			memcpy(out[n].a, &r->addr[i], 4);
			out[n].len = (uint8_t)(m == 0 ? 0 : 32 - __builtin_ctz(m));
		}
		for (i = 0; !v4_only && i < r->n_addrs6 && n < HOST_MAX_ADDRS; i++, n++) {
			out[n].family = AF_INET6;
			memcpy(out[n].a, r->addr6[i], 16);
			out[n].len = r->len6[i];
		}
	}
	return n;
}

/* Give the TUN of slot @p s the addresses of the VRF's interfaces and their smallest MTU. */
static void
tap_sync(uint8_t s, const struct l3_dp *dp)
{
	struct host_tap *t = &hp.t[s];
	struct host_addr addr[HOST_MAX_ADDRS];
	uint32_t mtu = 0;
	unsigned int n, i, id;
	bool removed = false;
	int rc;

	t->first_rif = VSW_IFACE_NONE;
	for (id = 0; id < VSW_MAX_IFACES; id++) {
		const struct l3_rif *r = &dp->rif[id];

		if (!r->present || r->vrf != s)
			continue;
		if (t->first_rif == VSW_IFACE_NONE)
			t->first_rif = (uint16_t)id;
		mtu = mtu == 0 ? r->mtu : RTE_MIN(mtu, (uint32_t)r->mtu);
	}
	n = vrf_addrs(s, dp, t->no_v6, addr);
	if (mtu != 0 && mtu != t->mtu && l3_nl_link_up(t->nl, t->ifindex, mtu) == 0)
		t->mtu = mtu;
	for (i = 0; i < t->n_addrs; i++) {
		if (addr_in(&t->addr[i], addr, n))
			continue;
		rc = l3_nl_addr(t->nl, false, t->ifindex, t->addr[i].family, t->addr[i].a,
				t->addr[i].len);
		if (rc != 0 && rc != -EADDRNOTAVAIL)
			fprintf(stderr,
				"vswd: router: host path %s: cannot remove an address: %s\n",
				t->iface, strerror(-rc));
		removed = true;
	}
	/* Removing a subnet's first address takes its other addresses with it (Linux's
	 * secondaries): after a removal every address is given again. */
	for (i = 0; i < n; i++) {
		if (!removed && addr_in(&addr[i], t->addr, t->n_addrs))
			continue;
		rc = l3_nl_addr(t->nl, true, t->ifindex, addr[i].family, addr[i].a, addr[i].len);
		if (rc != 0)
			fprintf(stderr, "vswd: router: host path %s: cannot add an address: %s\n",
				t->iface, strerror(-rc));
	}
	memcpy(t->addr, addr, sizeof(addr[0]) * n);
	t->n_addrs = n;
}

/* Hand what the workers queued to the TUNs. */
static void
to_host(void)
{
	struct rte_mbuf *pkts[64];
	struct iovec iov[HOST_MAX_SEGS];
	unsigned int n, i, k, rounds = 0;

	if (vsw_l3_host.ring == NULL)
		return;
	do {
		n = rte_ring_sc_dequeue_burst(vsw_l3_host.ring, (void **)pkts, RTE_DIM(pkts), NULL);
		for (i = 0; i < n; i++) {
			struct rte_mbuf *m = pkts[i], *seg;
			uint8_t s = vsw_mbuf_meta(m)->l3.vrf;
			struct host_tap *t = s < L3_MAX_SLOTS ? &hp.t[s] : NULL;

			if (t == NULL || t->fd < 0) {
				hp.lost++;
				rte_pktmbuf_free(m);
				continue;
			}
			/* The IP packet: past the Ethernet header, segment by segment. */
			for (k = 0, seg = m; seg != NULL && k < HOST_MAX_SEGS;
			     seg = seg->next, k++) {
				uint32_t off = seg == m ? sizeof(struct rte_ether_hdr) : 0;

				iov[k].iov_base = rte_pktmbuf_mtod_offset(seg, uint8_t *, off);
				iov[k].iov_len = seg->data_len - off;
			}
			if (seg == NULL && writev(t->fd, iov, (int)k) >= 0)
				t->to_host++;
			else
				t->to_host_errors++; /* the kernel's queue full, or too many segs */
			rte_pktmbuf_free(m);
		}
	} while (n == RTE_DIM(pkts) && ++rounds < L3_HOST_RING_SIZE / RTE_DIM(pkts));
}

/* An mbuf (chained when longer than one) holding @p len bytes of @p ip behind room for an
 * Ethernet header, or NULL. */
static struct rte_mbuf *
pkt_from(const uint8_t *ip, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(vsw_l3.pool), *seg = m;
	size_t off = 0;

	if (m == NULL || rte_pktmbuf_append(m, sizeof(struct rte_ether_hdr)) == NULL)
		goto fail;
	while (off < len) {
		size_t room = rte_pktmbuf_tailroom(seg), k;

		if (room == 0) {
			seg = rte_pktmbuf_alloc(vsw_l3.pool);
			if (seg == NULL || rte_pktmbuf_chain(m, seg) != 0) {
				rte_pktmbuf_free(seg);
				goto fail;
			}
			continue;
		}
		k = RTE_MIN(room, len - off);
		memcpy(rte_pktmbuf_mtod_offset(seg, uint8_t *, seg->data_len), ip + off, k);
		seg->data_len = (uint16_t)(seg->data_len + k);
		if (seg != m)
			m->pkt_len += (uint32_t)k;
		else
			m->pkt_len = m->data_len;
		off += k;
	}
	return m;
fail:
	rte_pktmbuf_free(m);
	return NULL;
}

/* Read what the kernel sent into TUN @p s: IPv4 and IPv6 packets to route in the VRF. */
static void
from_host(uint8_t s)
{
	struct host_tap *t = &hp.t[s];
	struct vsw_mbuf_meta *meta;
	struct rte_mbuf *m;
	bool v6;
	ssize_t n;

	for (unsigned int i = 0; i < HOST_READ_BURST; i++) {
		n = read(t->fd, hp.buf, sizeof(hp.buf));
		if (n < 0)
			return; /* EAGAIN: nothing more */
		v6 = n >= 40 && (hp.buf[0] >> 4) == 6;
		/* Runts and what is neither IPv4 nor IPv6. */
		if ((!v6 && (n < 20 || (hp.buf[0] >> 4) != 4)) || vsw_l3.pool == NULL ||
		    (m = pkt_from(hp.buf, (size_t)n)) == NULL) {
			t->from_host_dropped++;
			continue;
		}
		meta = vsw_mbuf_meta(m);
		vsw_mbuf_meta_rx(meta, t->first_rif); /* out_port NONE: l3_inject → host output */
		meta->l2_len = sizeof(struct rte_ether_hdr);
		meta->ethertype = v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4;
		memset(&meta->l3, 0, sizeof(meta->l3));
		meta->l3.vrf = s;
		meta->l3.v6 = v6;
		meta->l3.rif = t->first_rif < VSW_MAX_IFACES ? t->first_rif : 0;
		if (rte_ring_sp_enqueue(vsw_l3.inject, m) != 0) {
			t->from_host_dropped++;
			rte_pktmbuf_free(m);
			continue;
		}
		t->from_host++;
	}
}

void
l3_host_poll(void)
{
	to_host();
	for (uint8_t s = 0; s < L3_MAX_SLOTS; s++)
		if (hp.t[s].fd >= 0)
			from_host(s);
}

void
l3_host_apply(const struct vsw_config *cfg, const uint8_t *slot)
{
	const struct vsw_host_path_conf *want[L3_MAX_SLOTS] = {NULL};
	const struct l3_dp *dp = vsw_l3.dp;
	unsigned int i;

	if (vsw_l3_host.ring == NULL)
		return;
	/* What is queued goes to the TUNs it was queued for, before any TUN changes. */
	to_host();
	for (i = 0; i < cfg->l3.n_host_paths; i++) {
		const struct vsw_host_path_conf *hc = &cfg->l3.host_paths[i];

		if (slot[hc->vrf] != NO_SLOT)
			want[slot[hc->vrf]] = hc;
	}
	for (uint8_t s = 0; s < L3_MAX_SLOTS; s++) {
		struct host_tap *t = &hp.t[s];

		if (t->fd >= 0 && (want[s] == NULL || strcmp(t->iface, want[s]->iface) != 0 ||
				   strcmp(t->netns, want[s]->netns) != 0))
			tap_close(s);
		if (want[s] == NULL || (t->fd < 0 && tap_open(s, want[s]) != 0))
			continue;
		tap_sync(s, dp);
		__atomic_store_n(&vsw_l3_host.on[s], L3_HOST_V4 | (t->no_v6 ? 0 : L3_HOST_V6),
				 __ATOMIC_RELAXED);
	}
}

void
l3_host_fini(void)
{
	struct rte_mbuf *m;

	if (vsw_l3_host.ring == NULL)
		return;
	for (uint8_t s = 0; s < L3_MAX_SLOTS; s++)
		tap_close(s);
	while (rte_ring_dequeue(vsw_l3_host.ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	rte_ring_free(vsw_l3_host.ring);
	memset(&vsw_l3_host, 0, sizeof(vsw_l3_host));
}

void
vsw_l3_host_walk(void (*fn)(const struct vsw_l3_host_info *h, void *arg), void *arg)
{
	struct vsw_l3_host_info h;

	for (uint8_t s = 0; s < L3_MAX_SLOTS; s++) {
		const struct host_tap *t = &hp.t[s];

		if (vsw_l3_host.ring == NULL || t->fd < 0)
			continue;
		memset(&h, 0, sizeof(h));
		snprintf(h.vrf, sizeof(h.vrf), "%s", l3c.vrf_name[s]);
		snprintf(h.iface, sizeof(h.iface), "%s", t->iface);
		snprintf(h.netns, sizeof(h.netns), "%s", t->netns);
		h.n_addrs = t->n_addrs;
		h.mtu = t->mtu;
		h.to_host = t->to_host;
		h.to_host_errors = t->to_host_errors;
		h.from_host = t->from_host;
		h.from_host_dropped = t->from_host_dropped;
		h.lost = hp.lost;
		fn(&h, arg);
	}
}
