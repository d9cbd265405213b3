/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet trace (trace.h): marking packets at rx, recording their steps from the workers, and
 * formatting them for `vswctl trace show` on the control thread. The formatters of the core
 * nodes are here; the features' are in their own folders (l2/l2_trace.c, l3/l3_trace.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_lcore.h>

#include "core/trace.h"
#include "iface/iface.h"
#include "vsw_rcu.h"

struct vsw_trace vsw_trace __rte_cache_aligned;

static uint32_t lost; /* steps not recorded: the array was full */
static struct vsw_trace_step steps[VSW_TRACE_MAX_STEPS];

#define MAX_FMT 32
static struct {
	char name[RTE_NODE_NAMESIZE];
	vsw_trace_fmt_fn fn;
} fmts[MAX_FMT];
static unsigned int n_fmts;

/* Take a slot and fill it; the caller publishes it (store of pkt). NULL: the array is full. */
static struct vsw_trace_step *
step_fill(const struct rte_node *node, rte_node_t next, struct rte_mbuf *m)
{
	uint32_t i = __atomic_fetch_add(&vsw_trace.n_steps, 1, __ATOMIC_RELAXED);
	struct vsw_trace_step *s;

	if (i >= VSW_TRACE_MAX_STEPS) {
		__atomic_fetch_add(&lost, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	s = &steps[i];
	s->node = node->id;
	s->next = next;
	s->lcore = (uint16_t)rte_lcore_id();
	s->len = (uint16_t)RTE_MIN(m->pkt_len, (uint32_t)UINT16_MAX);
	s->tsc = rte_rdtsc();
	s->meta = *vsw_mbuf_meta(m);
	memset(s->frame, 0, sizeof(s->frame));
	memcpy(s->frame, rte_pktmbuf_mtod(m, void *), RTE_MIN((uint32_t)m->data_len, VSW_TRACE_SNAP));
	return s;
}

static void
step_publish(struct vsw_trace_step *s, const struct rte_mbuf *m)
{
	__atomic_store_n(&s->pkt, vsw_mbuf_meta((struct rte_mbuf *)(uintptr_t)m)->trace_id,
			 __ATOMIC_RELEASE);
}

void
vsw_trace_step(const struct rte_node *node, rte_node_t next, struct rte_mbuf *m)
{
	struct vsw_trace_step *s = step_fill(node, next, m);

	if (s != NULL)
		step_publish(s, m);
}

void
vsw_trace_rx_slow(const struct rte_node *node, uint16_t port, void **objs, uint16_t n)
{
	uint16_t want = __atomic_load_n(&vsw_trace.port, __ATOMIC_RELAXED);
	uint16_t i;

	if (want != VSW_PORT_NONE && want != port)
		return;
	for (i = 0; i < n; i++) {
		struct vsw_mbuf_meta *meta = vsw_mbuf_meta(objs[i]);
		int32_t r = __atomic_load_n(&vsw_trace.remaining, __ATOMIC_RELAXED);

		/* Workers share the count: claim one packet of it, never more than asked. */
		do {
			if (r <= 0)
				return;
		} while (!__atomic_compare_exchange_n(&vsw_trace.remaining, &r, r - 1, false,
						      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
		meta->trace_id = __atomic_add_fetch(&vsw_trace.next_pkt, 1, __ATOMIC_RELAXED);
		meta->flags |= VSW_META_F_TRACE;
		vsw_trace_step(node, node->nodes[0]->id, objs[i]);
	}
}

void
vsw_trace_burst_slow(const struct rte_node *node, void **objs, const rte_edge_t *nexts,
		     uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		vsw_trace_x1(node, nexts[i], objs[i]);
}

void
vsw_trace_tx_slow(const struct rte_node *node, uint16_t port, void **objs, uint16_t n,
		  struct vsw_trace_tx *t)
{
	uint16_t i;

	t->n = 0;
	for (i = 0; i < n && t->n < RTE_DIM(t->pos); i++) {
		struct rte_mbuf *m = objs[i];
		struct vsw_trace_step *s;

		if (!(vsw_mbuf_meta(m)->flags & VSW_META_F_TRACE))
			continue;
		s = step_fill(node, VSW_TRACE_TX, m);
		if (s == NULL)
			continue;
		/* Published after the send, when we know whether the device took it. */
		s->meta.out_port = port;
		t->pkt[t->n] = vsw_mbuf_meta(m)->trace_id;
		t->pos[t->n] = i;
		t->slot[t->n++] = (uint32_t)(s - steps);
	}
}

void
vsw_trace_tx_done_slow(const struct rte_node *node, rte_edge_t fail, uint16_t sent,
		       struct vsw_trace_tx *t)
{
	uint16_t k;

	for (k = 0; k < t->n; k++) {
		struct vsw_trace_step *s = &steps[t->slot[k]];

		if (t->pos[k] >= sent)
			s->next = node->nodes[fail]->id;
		__atomic_store_n(&s->pkt, t->pkt[k], __ATOMIC_RELEASE);
	}
}

int
vsw_trace_fmt_register(const char *name, vsw_trace_fmt_fn fn)
{
	unsigned int i;

	for (i = 0; i < n_fmts; i++)
		if (strcmp(fmts[i].name, name) == 0) {
			fmts[i].fn = fn;
			return 0;
		}
	if (n_fmts == MAX_FMT)
		return -ENOSPC;
	snprintf(fmts[n_fmts].name, sizeof(fmts[n_fmts].name), "%s", name);
	fmts[n_fmts++].fn = fn;
	return 0;
}

void
vsw_trace_iface_name(uint16_t id, char *buf, size_t len)
{
	const struct vsw_iface *f;

	if (id == VSW_PORT_NONE) {
		snprintf(buf, len, "-");
		return;
	}
	f = vsw_iface_from_id(id);
	if (f != NULL)
		snprintf(buf, len, "%s", f->name);
	else
		snprintf(buf, len, "#%u", id);
}

/* Stop marking, then recording, and wait until no worker is writing a step. */
static void
trace_quiesce(void)
{
	__atomic_store_n(&vsw_trace.remaining, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&vsw_trace.on, 0, __ATOMIC_RELEASE);
	vsw_rcu_synchronize();
}

int
vsw_trace_start(uint16_t port, uint32_t n)
{
	if (n == 0 || n > VSW_TRACE_MAX_PKTS)
		return -EINVAL;
	vsw_trace_clear();
	vsw_trace.port = port;
	vsw_trace.wanted = n;
	__atomic_store_n(&vsw_trace.on, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&vsw_trace.remaining, (int32_t)n, __ATOMIC_RELEASE);
	return 0;
}

void
vsw_trace_stop(void)
{
	trace_quiesce();
}

void
vsw_trace_clear(void)
{
	uint32_t i, n;

	trace_quiesce();
	n = RTE_MIN(vsw_trace.n_steps, VSW_TRACE_MAX_STEPS);
	for (i = 0; i < n; i++)
		steps[i].pkt = 0;
	vsw_trace.n_steps = 0;
	vsw_trace.next_pkt = 0;
	vsw_trace.wanted = 0;
	vsw_trace.port = VSW_PORT_NONE;
	lost = 0;
}

void
vsw_trace_info(struct vsw_trace_info *info)
{
	uint32_t n = __atomic_load_n(&vsw_trace.n_steps, __ATOMIC_ACQUIRE);

	info->on = __atomic_load_n(&vsw_trace.on, __ATOMIC_ACQUIRE);
	info->wanted = vsw_trace.wanted;
	info->traced = __atomic_load_n(&vsw_trace.next_pkt, __ATOMIC_RELAXED);
	info->steps = RTE_MIN(n, VSW_TRACE_MAX_STEPS);
	info->lost = __atomic_load_n(&lost, __ATOMIC_RELAXED);
	info->port = vsw_trace.port;
}

/* "02:..:0a > ff:..:ff, vlan 100, IPv4 10.0.0.1 > 10.0.0.2 ttl 64 proto 1" */
static void
frame_summary(const struct vsw_trace_step *s, char *buf, size_t len)
{
	const uint8_t *f = s->frame;
	char src[RTE_ETHER_ADDR_FMT_SIZE], dst[RTE_ETHER_ADDR_FMT_SIZE];
	size_t off = 14, o;
	uint16_t et;

	if (s->len < 14) {
		snprintf(buf, len, "%u bytes (runt)", s->len);
		return;
	}
	rte_ether_format_addr(dst, sizeof(dst), (const struct rte_ether_addr *)f);
	rte_ether_format_addr(src, sizeof(src), (const struct rte_ether_addr *)(f + 6));
	o = (size_t)snprintf(buf, len, "%s > %s", src, dst);
	et = (uint16_t)(f[12] << 8 | f[13]);
	while ((et == RTE_ETHER_TYPE_VLAN || et == RTE_ETHER_TYPE_QINQ) && off + 4 <= s->len &&
	       off + 4 <= VSW_TRACE_SNAP && o < len) {
		o += (size_t)snprintf(buf + o, len - o, ", %s vlan %u",
				      et == RTE_ETHER_TYPE_VLAN ? "802.1Q" : "802.1ad",
				      (f[off] << 8 | f[off + 1]) & 0xfff);
		et = (uint16_t)(f[off + 2] << 8 | f[off + 3]);
		off += 4;
	}
	if (o >= len)
		return;
	if (et == RTE_ETHER_TYPE_IPV4 && off + 20 <= VSW_TRACE_SNAP) {
		const uint8_t *ip = f + off;

		snprintf(buf + o, len - o, ", IPv4 %u.%u.%u.%u > %u.%u.%u.%u ttl %u proto %u", ip[12],
			 ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19], ip[8], ip[9]);
	} else if (et == RTE_ETHER_TYPE_ARP && off + 28 <= VSW_TRACE_SNAP) {
		const uint8_t *a = f + off;

		snprintf(buf + o, len - o, ", ARP %s %u.%u.%u.%u", a[7] == 1 ? "who-has" : "reply",
			 a[24], a[25], a[26], a[27]);
	} else if (et == RTE_ETHER_TYPE_IPV6 && off + 40 <= VSW_TRACE_SNAP) {
		snprintf(buf + o, len - o, ", IPv6 hlim %u next %u", f[off + 7], f[off + 6]);
	} else {
		snprintf(buf + o, len - o, ", ethertype 0x%04x", et);
	}
}

static vsw_trace_fmt_fn
fmt_of(const char *node)
{
	unsigned int i;

	for (i = 0; i < n_fmts; i++) {
		size_t l = strlen(fmts[i].name);

		if (strncmp(node, fmts[i].name, l) == 0 && (node[l] == '\0' || node[l] == '-'))
			return fmts[i].fn;
	}
	return NULL;
}

/* Append one packet's steps to buf at *o. @return false if it did not fit. */
static bool
format_pkt(uint32_t pkt, uint32_t n, char *buf, size_t len, size_t *o)
{
	char what[160], sum[160], port[VSW_NAME_MAX], result[256] = "";
	const struct vsw_trace_step *first = NULL;
	uint32_t i;
	size_t p = *o, r = 0;
	int w;

	for (i = 0; i < n; i++) {
		const struct vsw_trace_step *s = &steps[i];
		const char *node, *next;
		vsw_trace_fmt_fn fn;

		if (__atomic_load_n(&s->pkt, __ATOMIC_ACQUIRE) != pkt)
			continue;
		if (first == NULL) {
			first = s;
			frame_summary(s, sum, sizeof(sum));
			vsw_trace_iface_name(s->meta.in_port, port, sizeof(port));
			w = snprintf(buf + p, len - p, "Packet %u: in %s, lcore %u, %u bytes\n  %s\n",
				     pkt, port, s->lcore, s->len, sum);
			if (w < 0 || (size_t)w >= len - p)
				return false;
			p += (size_t)w;
		}
		node = rte_node_id_to_name(s->node);
		next = s->next == VSW_TRACE_TX ? NULL : rte_node_id_to_name(s->next);
		what[0] = '\0';
		fn = fmt_of(node != NULL ? node : "");
		if (fn != NULL)
			fn(s, what, sizeof(what));
		if (next == NULL)
			vsw_trace_iface_name(s->meta.out_port, port, sizeof(port));
		w = snprintf(buf + p, len - p, "  %9.3f us  %-22s %s%s-> %s%s\n",
			     (double)(s->tsc - first->tsc) * 1e6 / (double)rte_get_tsc_hz(),
			     node != NULL ? node : "?", what, what[0] != '\0' ? " " : "",
			     next != NULL ? next : "sent on ", next != NULL ? "" : port);
		if (w < 0 || (size_t)w >= len - p)
			return false;
		p += (size_t)w;
		/* The outcome: each copy that left or was dropped. */
		if (r < sizeof(result) && (next == NULL || strncmp(next, "drop_", 5) == 0))
			r += (size_t)snprintf(result + r, sizeof(result) - r, "%s%s%s",
					      r != 0 ? ", " : "",
					      next == NULL ? "sent on " : "dropped: ",
					      next == NULL ? port : next + 5);
	}
	if (first == NULL)
		return true; /* marked, but no step recorded (lost) */
	w = snprintf(buf + p, len - p, "  => %s\n\n", r != 0 ? result : "in flight");
	if (w < 0 || (size_t)w >= len - p)
		return false;
	*o = p + (size_t)w;
	return true;
}

uint32_t
vsw_trace_format(uint32_t first, char *buf, size_t len)
{
	uint32_t n = RTE_MIN(__atomic_load_n(&vsw_trace.n_steps, __ATOMIC_ACQUIRE),
			     VSW_TRACE_MAX_STEPS);
	uint32_t last = __atomic_load_n(&vsw_trace.next_pkt, __ATOMIC_ACQUIRE);
	uint32_t pkt = first != 0 ? first : 1;
	size_t o = 0;

	if (len == 0)
		return pkt;
	buf[0] = '\0';
	for (; pkt <= last; pkt++) {
		size_t keep = o;

		if (!format_pkt(pkt, n, buf, len, &o)) {
			buf[keep] = '\0';
			break;
		}
	}
	return pkt;
}

/* Core nodes. */
static void
eth_input_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	snprintf(buf, len, "ethertype 0x%04x%s", s->meta.ethertype,
		 s->meta.flags & VSW_META_F_VLAN ? ", tagged" : "");
}

static void
port_rx_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char port[VSW_NAME_MAX];

	vsw_trace_iface_name(s->meta.in_port, port, sizeof(port));
	snprintf(buf, len, "port %s", port);
}

RTE_INIT(trace_core_fmt)
{
	vsw_trace.port = VSW_PORT_NONE;
	vsw_trace_fmt_register("port_rx", port_rx_fmt);
	vsw_trace_fmt_register("eth_input", eth_input_fmt);
}
