/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rtnetlink requests of the host path (l3_host_nl.c). Every function returns 0 or -errno
 * (the kernel's answer, or -ETIMEDOUT after a second). Control thread.
 */
#ifndef VSW_L3_HOST_NL_H
#define VSW_L3_HOST_NL_H

#include <stdbool.h>
#include <stdint.h>

/** A route netlink socket in the calling thread's network namespace. @return fd or -errno. */
int l3_nl_open(void);
/** Set link @p ifindex up with MTU @p mtu. */
int l3_nl_link_up(int nl, int ifindex, uint32_t mtu);
/** Add (or keep) or delete address @p addr (network order: 4 bytes for AF_INET, 16 for
 *  AF_INET6) / @p len on @p ifindex. */
int l3_nl_addr(int nl, bool add, int ifindex, int family, const void *addr, uint8_t len);
/** A default route of @p family (AF_INET, AF_INET6) through link @p ifindex (main table),
 *  replacing any. */
int l3_nl_default_route(int nl, int ifindex, int family);

#endif /* VSW_L3_HOST_NL_H */
