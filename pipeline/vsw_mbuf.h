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
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Port index meaning "none" (metadata not yet set, or no egress chosen). */
#define VSW_PORT_NONE UINT16_MAX

/*
 * The metadata is layered, like the headers it describes. An mbuf's private area is not
 * cleared by the mempool: it holds whatever the mbuf's previous packet left there. So each
 * layer is initialised whole by the first node of that layer, before any node reads it:
 *
 *   base  every packet: port_rx resets it at rx (vsw_mbuf_meta_rx()), eth_input fills the
 *         L2 layout (vsw_mbuf_meta_parse_l2()); a node that changes the L2 header (pops or
 *         pushes a tag) parses it again, so l2_len, ethertype and flags always describe the
 *         frame as it is now.
 *   l2    frames that enter a bridge: vlan_input writes it whole.
 *
 * Later layers (L3: VRF, next hop; VXLAN: the remote VTEPs; NAT: the translation chosen)
 * get their own struct after l2, each written whole by its layer's first node, and
 * the whole stays within one cache line (asserted below). Layers are separate, not a union:
 * a packet routed between bridges carries both its L2 and its L3 layer.
 */

/** L2 layer: a frame in a bridge. Written whole by vlan_input. */
struct vsw_meta_l2 {
	uint16_t vlan;   /**< VLAN the frame is classified into (0 = none: a flat bridge). */
	uint16_t domain; /**< Bridge index. */
	uint8_t pcp;     /**< 802.1p priority to give the frame if a tag is pushed on egress. */
	uint8_t reserved[3];
};
static_assert(sizeof(struct vsw_meta_l2) == 8, "L2 metadata layer is 8 bytes");

/** L3 layer: a packet in the router. Written whole by l3_input (or by the node that makes
 *  the packet: an ICMP error, an ARP request). */
struct vsw_meta_l3 {
	uint16_t rif;      /**< Router interface (interface id) it came in on. */
	uint8_t vrf;       /**< Its VRF. */
	uint8_t icmp_type; /**< For icmp4_error: the error to send. */
	uint32_t nh;       /**< Next hop id chosen by the route lookup. */
	uint32_t target;   /**< arp_request: the address to resolve (network order). */
	uint8_t icmp_code;
	uint8_t v6;        /**< An IPv6 packet (the hold queue and l3_inject tell them apart). */
	uint8_t reserved[2];
};
static_assert(sizeof(struct vsw_meta_l3) == 16, "L3 metadata layer is 16 bytes");

/** VXLAN layer: a frame a bridge exchanges with a tunnel (pipeline/vxlan/). Unlike the
 *  others it has two writers, each of the field it owns, and each field is read only after
 *  its writer ran: src by vxlan_decap (read by bridge_input when the frame came in on a
 *  tunnel), dst by bridge_input for every frame (read by vxlan_encap). */
struct vsw_meta_vxlan {
	uint16_t src; /**< The remote VTEP the frame came from, as an FDB port
	                   (VSW_FDB_REMOTE_BASE + its index), or VSW_PORT_NONE: do not learn. */
	uint16_t dst; /**< The remote VTEP its destination MAC is behind, as an FDB port, or
	                   VSW_PORT_NONE: the tunnel's flood list. */
};
static_assert(sizeof(struct vsw_meta_vxlan) == 4, "VXLAN metadata layer is 4 bytes");

struct vsw_mbuf_meta {
	/* Base layer: every packet. */
	uint16_t in_port;   /**< vsw port index the packet arrived on (port_rx). */
	uint16_t out_port;  /**< vsw port index chosen for egress, or VSW_PORT_NONE. */
	uint16_t flags;     /**< VSW_META_F_* bits (port_rx clears, eth_input sets). */
	uint16_t l2_len;    /**< Bytes of L2 header: Ethernet plus the outer VLAN tag. */
	uint16_t ethertype; /**< Ethertype after the outer tag, host byte order. */
	uint16_t trace_id;  /**< Packet trace number, with VSW_META_F_TRACE (core/trace.h). */
	/* Feature layers. */
	struct vsw_meta_l2 l2;
	struct vsw_meta_l3 l3;
	struct vsw_meta_vxlan vx;
	/* Room for a NAT layer (see above). */
};

#define VSW_META_F_VLAN (1u << 0)  /**< The frame carries an 802.1Q/802.1ad tag (outermost). */
#define VSW_META_F_TRACE (1u << 1) /**< Traced: nodes record its steps (core/trace.h). */

/* Nodes touch the metadata for every packet: it must stay within one cache line. */
static_assert(sizeof(struct vsw_mbuf_meta) <= RTE_CACHE_LINE_SIZE,
	      "vsw_mbuf_meta must fit in one cache line");
static_assert(offsetof(struct vsw_mbuf_meta, l2) == 12, "the base layer is 12 bytes");

/** Reset the base layer of a packet just received on vsw port @p port (port_rx). */
static inline void
vsw_mbuf_meta_rx(struct vsw_mbuf_meta *meta, uint16_t port)
{
	meta->in_port = port;
	meta->out_port = VSW_PORT_NONE;
	meta->flags = 0;
	meta->l2_len = 0;
	meta->ethertype = 0;
	meta->trace_id = 0;
}

/**
 * Record the L2 layout of @p m's frame in the base layer: l2_len, ethertype and the
 * VSW_META_F_VLAN flag (other flags are kept).
 *
 * @return 0; -EINVAL for a frame shorter than an Ethernet header, -EMSGSIZE when it
 *         announces a VLAN tag it does not hold (metadata unchanged in both cases).
 */
static inline int
vsw_mbuf_meta_parse_l2(struct rte_mbuf *m, struct vsw_mbuf_meta *meta)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	uint16_t et, l2_len = sizeof(*eth);
	uint16_t flags = meta->flags & ~VSW_META_F_VLAN;

	if (unlikely(m->data_len < sizeof(*eth)))
		return -EINVAL;
	et = eth->ether_type;
	if (et == RTE_BE16(RTE_ETHER_TYPE_VLAN) || et == RTE_BE16(RTE_ETHER_TYPE_QINQ)) {
		const struct rte_vlan_hdr *vh = (const struct rte_vlan_hdr *)(eth + 1);

		if (unlikely(m->data_len < sizeof(*eth) + sizeof(*vh)))
			return -EMSGSIZE;
		et = vh->eth_proto;
		l2_len += sizeof(*vh);
		flags |= VSW_META_F_VLAN;
	}
	meta->ethertype = rte_be_to_cpu_16(et);
	meta->l2_len = l2_len;
	meta->flags = flags;
	return 0;
}

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

/**
 * The same with @p data_room bytes of packet data per mbuf (after the headroom) instead of
 * 2 KiB: for a driver that can only receive a frame into one mbuf (ports/port_mtu.c).
 */
struct rte_mempool *vsw_pktmbuf_pool_create_room(const char *name, unsigned int n,
						 uint16_t data_room, int socket_id);

#ifdef __cplusplus
}
#endif

#endif /* VSW_MBUF_H */
