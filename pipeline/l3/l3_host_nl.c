/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The few rtnetlink requests the host path needs (l3_host_ctl.c): bring a link up with an
 * MTU, add or delete an IPv4 or IPv6 address, add a default route through a link. Each request is
 * sent on a socket made in the interface's namespace and waits for the kernel's answer (an
 * ack or an error), at most a second: the kernel answers these at once.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "l3/l3_host_nl.h"

struct nl_req {
	struct nlmsghdr h;
	union {
		struct ifinfomsg ifi;
		struct ifaddrmsg ifa;
		struct rtmsg rt;
	};
	char attrs[128];
};

int
l3_nl_open(void)
{
	struct timeval tv = {.tv_sec = 1};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

static void
nl_put(struct nl_req *r, uint16_t type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->h.nlmsg_len));

	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* Send @p r and wait for its ack. @return 0 or the kernel's -errno. */
static int
nl_talk(int nl, struct nl_req *r)
{
	static uint32_t seq;
	char buf[4096];
	unsigned int n; /* NLMSG_OK compares it with the unsigned nlmsg_len */
	ssize_t got;

	r->h.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	r->h.nlmsg_seq = ++seq;
	if (send(nl, r, r->h.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		got = recv(nl, buf, sizeof(buf), 0);
		if (got < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		n = (unsigned int)got;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_seq == r->h.nlmsg_seq && h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
	}
}

static void
nl_init(struct nl_req *r, uint16_t type, uint16_t flags, size_t body)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = (uint32_t)NLMSG_LENGTH(body);
	r->h.nlmsg_type = type;
	r->h.nlmsg_flags = flags;
}

int
l3_nl_link_up(int nl, int ifindex, uint32_t mtu)
{
	struct nl_req r;

	nl_init(&r, RTM_NEWLINK, 0, sizeof(r.ifi));
	r.ifi.ifi_family = AF_UNSPEC;
	r.ifi.ifi_index = ifindex;
	r.ifi.ifi_flags = IFF_UP;
	r.ifi.ifi_change = IFF_UP;
	nl_put(&r, IFLA_MTU, &mtu, sizeof(mtu));
	return nl_talk(nl, &r);
}

int
l3_nl_addr(int nl, bool add, int ifindex, int family, const void *addr, uint8_t len)
{
	size_t alen = family == AF_INET6 ? 16 : 4;
	struct nl_req r;

	nl_init(&r, add ? RTM_NEWADDR : RTM_DELADDR,
		add ? NLM_F_CREATE | NLM_F_REPLACE : 0, sizeof(r.ifa));
	r.ifa.ifa_family = (unsigned char)family;
	r.ifa.ifa_prefixlen = len;
	r.ifa.ifa_index = (uint32_t)ifindex;
	r.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
	/* No duplicate address detection: the address is the router's, and the TUN has no
	 * link to ask on. */
	r.ifa.ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
	nl_put(&r, IFA_LOCAL, addr, alen);
	/* The "peer" of a point-to-point link equal to the address: no peer, and the kernel
	 * makes the prefix's route through the link (replies to the subnet go to vswd). */
	nl_put(&r, IFA_ADDRESS, addr, alen);
	return nl_talk(nl, &r);
}

int
l3_nl_default_route(int nl, int ifindex, int family)
{
	struct nl_req r;
	uint32_t oif = (uint32_t)ifindex;

	nl_init(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, sizeof(r.rt));
	r.rt.rtm_family = (unsigned char)family;
	r.rt.rtm_table = RT_TABLE_MAIN;
	r.rt.rtm_protocol = RTPROT_STATIC;
	r.rt.rtm_scope = RT_SCOPE_LINK;
	r.rt.rtm_type = RTN_UNICAST;
	nl_put(&r, RTA_OIF, &oif, sizeof(oif));
	return nl_talk(nl, &r);
}
