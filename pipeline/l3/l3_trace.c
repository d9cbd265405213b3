/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the router's nodes decided about a traced packet (core/trace.h), from the metadata
 * they left: the interface and VRF (l3_input), the route's next hop (ip4_input, ip6_input,
 * ip4_host_output), the egress port (l3_output). A next hop is read when the trace is shown:
 * it may have been given to another neighbour since.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include <rte_common.h>

#include "core/trace.h"
#include "l3/l3_priv.h"

static void
l3_input_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char rif[VSW_NAME_MAX];

	vsw_trace_iface_name(s->meta.l3.rif, rif, sizeof(rif));
	snprintf(buf, len, "interface %s, vrf %u", rif, s->meta.l3.vrf);
}

static const char *const nh_types[] = {
	[NH_FREE] = "free", [NH_LOCAL] = "local", [NH_GLEAN] = "connected",
	[NH_NEIGH] = "via", [NH_BLACKHOLE] = "blackhole", [NH_UNREACHABLE] = "unreachable",
	[NH_PROHIBIT] = "prohibit", [NH_ECMP] = "ecmp", [NH_VRF] = "vrf",
};

/* The route ip4_input/ip6_input chose: next hop id, type, gateway, interface. */
static void
route_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	const struct l3_nh *nh;
	char rif[VSW_NAME_MAX], gw[INET6_ADDRSTRLEN] = "";
	struct in_addr a;

	if (vsw_l3.nh == NULL || s->meta.l3.nh >= L3_MAX_NH)
		return;
	nh = &vsw_l3.nh[s->meta.l3.nh];
	if (nh->type >= RTE_DIM(nh_types))
		return;
	if (nh->type == NH_NEIGH && nh->v6 && vsw_l3.ip6 != NULL)
		inet_ntop(AF_INET6, vsw_l3.ip6[s->meta.l3.nh], gw, sizeof(gw));
	else if (nh->type == NH_NEIGH) {
		a.s_addr = nh->ip;
		inet_ntop(AF_INET, &a, gw, sizeof(gw));
	}
	vsw_trace_iface_name(nh->rif, rif, sizeof(rif));
	if (nh->type == NH_NEIGH || nh->type == NH_GLEAN)
		snprintf(buf, len, "route: nh %u %s%s%s dev %s", s->meta.l3.nh, nh_types[nh->type],
			 gw[0] != '\0' ? " " : "", gw, rif);
	else
		snprintf(buf, len, "route: nh %u %s", s->meta.l3.nh, nh_types[nh->type]);
}

static void
l3_output_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char port[VSW_NAME_MAX];

	vsw_trace_iface_name(s->meta.out_port, port, sizeof(port));
	snprintf(buf, len, "out %s", port);
}

RTE_INIT(l3_trace_fmt)
{
	vsw_trace_fmt_register(L3_NODE_INPUT, l3_input_fmt);
	vsw_trace_fmt_register(L3_NODE_IP4_INPUT, route_fmt);
	vsw_trace_fmt_register("ip6_input", route_fmt);
	vsw_trace_fmt_register("ip4_host_output", route_fmt);
	vsw_trace_fmt_register(L3_NODE_OUTPUT, l3_output_fmt);
}
