/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pop and push one VLAN tag right after the MAC addresses.
 */
#ifndef VSW_VLAN_H
#define VSW_VLAN_H

#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#define VSW_VLAN_HLEN 4
#define VSW_MACS_LEN (2 * RTE_ETHER_ADDR_LEN)

/* Remove the tag after the MACs; the caller checked the frame holds one. */
static inline void
vsw_vlan_pop(struct rte_mbuf *m)
{
	char *p = rte_pktmbuf_mtod(m, char *);

	memmove(p + VSW_VLAN_HLEN, p, VSW_MACS_LEN);
	rte_pktmbuf_adj(m, VSW_VLAN_HLEN);
}

/* Insert a tag after the MACs. @return 0, or -1 without headroom (frame unchanged). */
static inline int
vsw_vlan_push(struct rte_mbuf *m, rte_be16_t tpid, uint16_t tci)
{
	char *p = rte_pktmbuf_prepend(m, VSW_VLAN_HLEN);
	rte_be16_t be_tci = rte_cpu_to_be_16(tci);

	if (unlikely(p == NULL))
		return -1;
	memmove(p, p + VSW_VLAN_HLEN, VSW_MACS_LEN);
	memcpy(p + VSW_MACS_LEN, &tpid, sizeof(tpid));
	memcpy(p + VSW_MACS_LEN + 2, &be_tci, sizeof(be_tci));
	return 0;
}

#endif /* VSW_VLAN_H */
