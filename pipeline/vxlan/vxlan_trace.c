/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the VXLAN nodes decided about a traced packet (core/trace.h): the tunnel and the
 * remote VTEP a frame came from (vxlan_decap), the remote VTEP and VNI of each copy sent
 * (vxlan_encap, read from the outer headers the step's snapshot holds; over IPv6 the VXLAN
 * header is past it).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "core/trace.h"
#include "vxlan/vxlan.h"
#include "vxlan/vxlan_priv.h"

static void
decap_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char tunnel[VSW_NAME_MAX], name[VSW_NAME_MAX], a[VSW_VXLAN_ADDR_STR] = "unlisted";

	vsw_trace_iface_name(s->meta.in_port, tunnel, sizeof(tunnel));
	if (s->meta.vx.src == VSW_PORT_NONE || vsw_vxlan_remote_vtep(s->meta.vx.src, name, a) != 0)
		snprintf(a, sizeof(a), "unlisted");
	snprintf(buf, len, "tunnel %s, from VTEP %s", tunnel, a);
}

static void
encap_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	uint32_t dst, vni;

	if (s->len >= VX_OUTER_LEN6 && s->frame[12] == 0x86 && s->frame[13] == 0xdd &&
	    s->frame[20] == IPPROTO_UDP) {
		/* The VXLAN header is past the snapshot (VSW_TRACE_SNAP): the VTEP alone. */
		inet_ntop(AF_INET6, &s->frame[38], a, sizeof(a));
		snprintf(buf, len, "to VTEP %s%s", a,
			 s->meta.vx.dst != VSW_PORT_NONE ? "" : " (flood list)");
		return;
	}
	if (s->len < VX_OUTER_LEN || s->frame[23] != IPPROTO_UDP)
		return; /* dropped before the outer headers were written */
	memcpy(&dst, &s->frame[30], sizeof(dst));
	memcpy(&vni, &s->frame[46], sizeof(vni));
	inet_ntop(AF_INET, &dst, a, sizeof(a));
	snprintf(buf, len, "to VTEP %s, VNI %u%s", a, ntohl(vni) >> 8,
		 s->meta.vx.dst != VSW_PORT_NONE ? "" : " (flood list)");
}

RTE_INIT(vxlan_trace_fmt)
{
	vsw_trace_fmt_register(VX_NODE_DECAP, decap_fmt);
	vsw_trace_fmt_register(VX_NODE_ENCAP, encap_fmt);
}
