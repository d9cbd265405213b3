/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-packet metadata carried in the mbuf private area.
 *
 * Every mbuf vswd receives comes from the pool made by vsw_pktmbuf_pool_create(), whose
 * private area is sized for this struct. Nodes read and write it through vsw_mbuf_meta();
 * nothing else is kept per packet.
 */
#ifndef VSW_MBUF_H
#define VSW_MBUF_H

#include <assert.h>
#include <stdint.h>

#include <rte_mbuf.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Port index meaning "none" (metadata not yet set, or no egress chosen). */
#define VSW_PORT_NONE UINT16_MAX

struct vsw_mbuf_meta {
	uint16_t in_port;  /**< vsw port index the packet arrived on (set by port_rx). */
	uint16_t out_port; /**< vsw port index chosen for egress, or VSW_PORT_NONE. */
	uint16_t l2_len;   /**< Bytes of L2 header (Ethernet plus VLAN tags), set by eth_input. */
	uint16_t ethertype; /**< Ethertype after one tag, host byte order, set by eth_input. */
	uint16_t vlan;     /**< VLAN the packet is classified into (0 = none), set by vlan_input. */
	uint16_t domain;   /**< Forwarding domain (bridge, VRF) index, set by vlan_input. */
	uint16_t flags;    /**< VSW_META_F_* bits. */
	uint8_t pcp;       /**< 802.1p priority to give the frame if a tag is pushed on egress. */
	uint8_t reserved;
};

#define VSW_META_F_VLAN (1u << 0)  /**< The frame carried an 802.1Q/802.1ad tag on ingress. */

/* The metadata must stay within one cache line: nodes touch it for every packet. */
static_assert(sizeof(struct vsw_mbuf_meta) <= RTE_CACHE_LINE_SIZE,
	      "vsw_mbuf_meta must fit in one cache line");

/** Private area size to give rte_pktmbuf_pool_create() (aligned as the mbuf library wants). */
#define VSW_MBUF_PRIV_SIZE RTE_ALIGN_CEIL(sizeof(struct vsw_mbuf_meta), RTE_MBUF_PRIV_ALIGN)

static inline struct vsw_mbuf_meta *
vsw_mbuf_meta(struct rte_mbuf *m)
{
	return (struct vsw_mbuf_meta *)rte_mbuf_to_priv(m);
}

/**
 * Create the packet pool all ports receive into, with room for struct vsw_mbuf_meta.
 *
 * @return the pool, or NULL with rte_errno set (as rte_pktmbuf_pool_create()).
 */
struct rte_mempool *vsw_pktmbuf_pool_create(const char *name, unsigned int n, int socket_id);

#ifdef __cplusplus
}
#endif

#endif /* VSW_MBUF_H */
