/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Prometheus endpoint: GET /metrics on the config's metrics.listen, in Prometheus's text
 * exposition format 0.0.4 (docs/operations.md lists the metrics).
 *
 * Served by its own control thread (rte_ctrl_thread_create: it runs on the CPUs no worker
 * polls), one connection at a time, each with a receive and a send timeout so a slow or
 * stuck client cannot hold it. It reads the daemon's state like a telemetry handler: under
 * vswd.lock, taken by vswd_read_begin(), and only while `live`. Workers never take that
 * lock; their counters are read as they are (each a single 64-bit word).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_version.h>

#include "iface/iface.h"
#include "l2/l2.h"
#include "l3/l3.h"
#include "port_iface.h"
#include "vsw_sections.h"
#include "vswd.h"

#define REQ_MAX 4096
#define IO_TIMEOUT_S 2

/* The exposition, built in a growing heap buffer (this thread only). */
struct out {
	char *p;
	size_t len, cap;
	bool oom;
};

static struct {
	int fd;
	pthread_t thread;
	volatile bool stop;
	struct out out;
} srv = {.fd = -1};

static void __attribute__((format(printf, 2, 3))) out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->oom = true;
			return;
		}
		if ((size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		size_t cap = (o->cap + (size_t)n + 1) * 2;
		char *p = realloc(o->p, cap);

		if (p == NULL) {
			o->oom = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
}

/* A label value with \, " and newline escaped (names are tame, but be exact). */
static const char *
esc(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 3 < size; s++) {
		if (*s == '\\' || *s == '"' || *s == '\n')
			buf[n++] = '\\';
		buf[n++] = *s == '\n' ? 'n' : *s;
	}
	buf[n] = '\0';
	return buf;
}

static void
head(struct out *o, const char *name, const char *type, const char *help)
{
	out_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
port_metrics(struct out *o)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} ctr[] = {
#define C(f, h) {"vsw_port_" #f "_total", h, offsetof(struct vsw_port_stats, f)}
	    C(rx_packets, "Frames received by the port."),
	    C(rx_bytes, "Bytes received by the port."),
	    C(tx_packets, "Frames the port sent."),
	    C(tx_bytes, "Bytes the port sent."),
	    C(rx_errors, "Bad frames the device received (ierrors)."),
	    C(tx_errors, "Frames the device failed to send (oerrors)."),
	    C(rx_missed, "Frames the device dropped, its rx ring full (imissed)."),
	    C(rx_nombuf, "Frames the device dropped for want of an mbuf."),
#undef C
	};
	struct vsw_port_stats st[VSW_MAX_PORTS];
	const char *names[VSW_MAX_PORTS];
	bool up[VSW_MAX_PORTS];
	uint64_t drops[VSW_DROP_MAX];
	unsigned int n = 0, i, c, r;
	struct vsw_iface *f;
	char e[2 * VSW_NAME_MAX];

	for (f = vswd.ports_up ? vsw_iface_next(VSW_IFACE_PORT, NULL) : NULL;
	     f != NULL && n < VSW_MAX_PORTS; f = vsw_iface_next(VSW_IFACE_PORT, f)) {
		if (vsw_port_stats_get(vsw_port_of(f), &st[n]) != 0)
			continue;
		up[n] = vsw_port_link(vsw_port_of(f), NULL);
		names[n++] = f->name;
	}
	for (c = 0; c < RTE_DIM(ctr); c++) {
		head(o, ctr[c].name, "counter", ctr[c].help);
		for (i = 0; i < n; i++)
			out_printf(
			    o, "%s{port=\"%s\"} %lu\n", ctr[c].name, esc(names[i], e, sizeof(e)),
			    (unsigned long)*(const uint64_t *)((const char *)&st[i] + ctr[c].off));
	}
	head(o, "vsw_port_up", "gauge", "1 when the port's link is up.");
	for (i = 0; i < n; i++)
		out_printf(o, "vsw_port_up{port=\"%s\"} %d\n", esc(names[i], e, sizeof(e)), up[i]);

	head(o, "vsw_port_drops_total", "counter",
	     "Frames vswd dropped, by port, direction and reason (see vswctl drops).");
	for (f = vswd.ports_up ? vsw_iface_next(VSW_IFACE_PORT, NULL) : NULL; f != NULL;
	     f = vsw_iface_next(VSW_IFACE_PORT, f)) {
		vsw_pipeline_port_drops(f->id, drops);
		for (r = 0; r < vsw_drop_count(); r++)
			out_printf(o,
				   "vsw_port_drops_total{port=\"%s\",direction=\"%s\","
				   "reason=\"%s\"} %lu\n",
				   esc(f->name, e, sizeof(e)),
				   vsw_drop_side(r) == VSW_DROP_TX ? "tx" : "rx", vsw_drop_name(r),
				   (unsigned long)drops[r]);
	}
}

static void
drop_metrics(struct out *o)
{
	uint64_t drops[VSW_DROP_MAX];
	unsigned int r;

	vsw_pipeline_drops(drops);
	head(o, "vsw_drops_total", "counter", "Frames vswd dropped, by reason, all ports.");
	for (r = 0; r < vsw_drop_count(); r++)
		out_printf(o, "vsw_drops_total{reason=\"%s\"} %lu\n", vsw_drop_name(r),
			   (unsigned long)drops[r]);
}

struct node_walk {
	struct out *o;
	int field; /* 0 calls, 1 packets, 2 cycles */
};

static void
node_line(const struct vsw_node_stats *s, void *arg)
{
	static const char *const names[] = {"vsw_node_calls_total", "vsw_node_packets_total",
					    "vsw_node_cycles_total"};
	const struct node_walk *w = arg;
	uint64_t v = w->field == 0 ? s->calls : w->field == 1 ? s->objs : s->cycles;
	char e[2 * RTE_NODE_NAMESIZE];

	out_printf(w->o, "%s{node=\"%s\"} %lu\n", names[w->field], esc(s->name, e, sizeof(e)),
		   (unsigned long)v);
}

static void
node_metrics(struct out *o)
{
	static const char *const help[][2] = {
	    {"vsw_node_calls_total", "Graph node runs, summed over workers."},
	    {"vsw_node_packets_total", "Packets a graph node processed, summed over workers."},
	    {"vsw_node_cycles_total",
	     "TSC cycles spent in a graph node, summed over workers (vsw_tsc_hertz per second)."},
	};
	struct node_walk w = {.o = o};

	for (w.field = 0; w.field < 3; w.field++) {
		head(o, help[w.field][0], "counter", help[w.field][1]);
		vsw_pipeline_node_stats(node_line, &w);
	}
}

static void
worker_metrics(struct out *o)
{
	static const struct {
		const char *name, *help;
		size_t off;
		bool seconds; /* TSC cycles shown in seconds. */
	} ctr[] = {
#define C(n, f, s, h) {"vsw_worker_" n "_total", h, offsetof(struct vsw_worker_stats, f), s}
	    C("busy_seconds", busy_cycles, true,
	      "Time a worker spent in loops that received packets."),
	    C("idle_seconds", idle_cycles, true,
	      "Time a worker spent in empty loops, sleeping included."),
	    C("packets", rx_pkts, false, "Packets a worker received."),
	    C("loops", loops, false, "Graph walks of a worker."),
	    C("sleeps", sleeps, false, "Idle back-off sleeps of a worker."),
#undef C
	};
	const double hz = (double)rte_get_tsc_hz();
	unsigned int i, c, n = RTE_MIN(vsw_pipeline_n_workers(), (unsigned int)VSW_MAX_WORKERS);
	struct vsw_worker_stats st[VSW_MAX_WORKERS];
	unsigned int lcore[VSW_MAX_WORKERS];

	for (i = 0; i < n; i++) {
		st[i] = vsw_pipeline_worker(i)->stats;
		lcore[i] = vsw_pipeline_worker(i)->lcore;
	}
	for (c = 0; c < RTE_DIM(ctr); c++) {
		head(o, ctr[c].name, "counter", ctr[c].help);
		for (i = 0; i < n; i++) {
			uint64_t v = *(const uint64_t *)((const char *)&st[i] + ctr[c].off);

			out_printf(o, "%s{worker=\"%u\",lcore=\"%u\"} ", ctr[c].name, i, lcore[i]);
			if (ctr[c].seconds)
				out_printf(o, "%.6f\n", (double)v / hz);
			else
				out_printf(o, "%lu\n", (unsigned long)v);
		}
	}
}

struct l3_count {
	char vrf[64][VSW_NAME_MAX];
	unsigned long n[64][2];
	unsigned int n_vrfs;
};

static void
l3_count(struct l3_count *c, const char *vrf, bool v6)
{
	unsigned int i;

	for (i = 0; i < c->n_vrfs && strcmp(c->vrf[i], vrf) != 0; i++)
		;
	if (i == c->n_vrfs) {
		if (i == RTE_DIM(c->vrf))
			return;
		snprintf(c->vrf[i], sizeof(c->vrf[i]), "%s", vrf);
		c->n[i][0] = c->n[i][1] = 0;
		c->n_vrfs++;
	}
	c->n[i][v6]++;
}

static void
route_seen(const struct vsw_l3_route_info *r, void *arg)
{
	l3_count(arg, r->vrf, r->v6);
}

static void
neigh_seen(const struct vsw_l3_neigh_info *n, void *arg)
{
	l3_count(arg, n->vrf, n->v6);
}

static void
l3_lines(struct out *o, const char *name, const struct l3_count *c)
{
	char e[2 * VSW_NAME_MAX];
	unsigned int i, f;

	for (i = 0; i < c->n_vrfs; i++)
		for (f = 0; f < 2; f++)
			out_printf(o, "%s{vrf=\"%s\",family=\"%s\"} %lu\n", name,
				   esc(c->vrf[i], e, sizeof(e)), f ? "ipv6" : "ipv4", c->n[i][f]);
}

static void
table_metrics(struct out *o)
{
	static struct l3_count c; /* This thread only; big for its stack. */
	char e[2 * VSW_NAME_MAX];
	unsigned int b;

	head(o, "vsw_fdb_entries", "gauge", "MAC table entries, by bridge and type.");
	vsw_l2_lock();
	for (b = 0; b < vswd.cfg.n_bridges && vsw_l2_fdb() != NULL; b++) {
		const char *name = vswd.cfg.bridges[b].name;
		uint32_t learned = 0, statics = 0;

		vsw_fdb_count(vsw_l2_fdb(), (uint16_t)vsw_l2_bridge_id(name), &learned, &statics);
		esc(name, e, sizeof(e));
		out_printf(o, "vsw_fdb_entries{bridge=\"%s\",type=\"learned\"} %u\n", e, learned);
		out_printf(o, "vsw_fdb_entries{bridge=\"%s\",type=\"static\"} %u\n", e, statics);
	}
	vsw_l2_unlock();
	head(o, "vsw_fdb_capacity_entries", "gauge", "MAC table size, all bridges (fdb.size).");
	out_printf(o, "vsw_fdb_capacity_entries %u\n", vswd.cfg.fdb_size);

	vsw_l3_lock();
	c.n_vrfs = 0;
	vsw_l3_route_walk(route_seen, &c);
	head(o, "vsw_routes", "gauge", "Installed routes, by VRF and address family.");
	l3_lines(o, "vsw_routes", &c);
	c.n_vrfs = 0;
	vsw_l3_neigh_walk(neigh_seen, &c);
	head(o, "vsw_neighbours", "gauge",
	     "Neighbours (ARP, NDP), resolved or pending, by VRF and address family.");
	l3_lines(o, "vsw_neighbours", &c);
	vsw_l3_unlock();
}

/* The whole exposition into srv.out. @return false once vswd is stopping. */
static bool
build(struct out *o)
{
	o->len = 0;
	o->oom = false;
	if (!vswd_read_begin())
		return false;
	head(o, "vsw_build_info", "gauge", "vswd and DPDK versions (value 1).");
	out_printf(o, "vsw_build_info{version=\"%s\",dpdk=\"%s\"} 1\n", VSW_VERSION, rte_version());
	head(o, "vsw_uptime_seconds", "gauge", "Time since vswd started.");
	out_printf(o, "vsw_uptime_seconds %.3f\n",
		   (double)(rte_rdtsc() - vswd.start_tsc) / (double)rte_get_tsc_hz());
	head(o, "vsw_config_generation", "gauge", "1 after start-up, +1 per successful reload.");
	out_printf(o, "vsw_config_generation %lu\n", (unsigned long)vswd.config_gen);
	head(o, "vsw_tsc_hertz", "gauge", "TSC cycles per second (the unit of *_cycles_total).");
	out_printf(o, "vsw_tsc_hertz %lu\n", (unsigned long)rte_get_tsc_hz());
	port_metrics(o);
	drop_metrics(o);
	node_metrics(o);
	worker_metrics(o);
	table_metrics(o);
	if (vswd.pool != NULL) {
		head(o, "vsw_mempool_mbufs", "gauge", "Packet pool mbufs, in use or available.");
		out_printf(o, "vsw_mempool_mbufs{state=\"in_use\"} %u\n",
			   rte_mempool_in_use_count(vswd.pool));
		out_printf(o, "vsw_mempool_mbufs{state=\"available\"} %u\n",
			   rte_mempool_avail_count(vswd.pool));
	}
	vswd_read_end();
	return true;
}

static int
send_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The response; for HEAD (@p head_only) its head alone. */
static void
reply(int fd, bool head_only, const char *status, const char *type, const char *body, size_t len)
{
	char hdr[256];
	int n = snprintf(hdr, sizeof(hdr),
			 "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 status, type, len);

	if (send_all(fd, hdr, (size_t)n) == 0 && !head_only)
		send_all(fd, body, len);
}

/* One request: read the head (GET or HEAD /metrics), answer, close. */
static void
serve(int fd)
{
	static const char text[] = "text/plain; version=0.0.4; charset=utf-8";
	char req[REQ_MAX + 1];
	size_t len = 0;
	bool head_only;

	while (len < REQ_MAX) {
		ssize_t n = recv(fd, req + len, REQ_MAX - len, 0);

		if (n <= 0)
			return; /* Closed, error or the timeout. */
		len += (size_t)n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL || strstr(req, "\n\n") != NULL)
			break;
	}
	req[len] = '\0';
	head_only = strncmp(req, "HEAD ", 5) == 0;
	if (strncmp(req, "GET ", 4) != 0 && !head_only) {
		reply(fd, false, "405 Method Not Allowed", "text/plain", "GET only\n", 9);
		return;
	}
	const char *path = req + (head_only ? 5 : 4);

	if (strncmp(path, "/metrics", 8) != 0 ||
	    (path[8] != ' ' && path[8] != '?' && path[8] != '\r')) {
		reply(fd, head_only, "404 Not Found", "text/plain", "try /metrics\n", 13);
		return;
	}
	if (!build(&srv.out)) {
		reply(fd, head_only, "503 Service Unavailable", "text/plain", "vswd is stopping\n",
		      17);
		return;
	}
	if (srv.out.oom) {
		reply(fd, head_only, "500 Internal Server Error", "text/plain", "out of memory\n",
		      14);
		return;
	}
	reply(fd, head_only, "200 OK", text, srv.out.p, srv.out.len);
}

static void *
metrics_thread(void *arg)
{
	struct timeval tv = {.tv_sec = IO_TIMEOUT_S};
	struct pollfd pfd = {.fd = srv.fd, .events = POLLIN};

	(void)arg;
	while (!srv.stop) {
		int c;

		if (poll(&pfd, 1, 200) <= 0)
			continue; /* Every 200 ms: look at stop. */
		c = accept4(srv.fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		serve(c);
		close(c);
	}
	return NULL;
}

int
vswd_metrics_start(const char *listen_at, char *err, size_t err_len)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int one = 1, rc;

	if (listen_at == NULL || listen_at[0] == '\0')
		return 0;
	if (vsw_metrics_addr_parse(listen_at, &sa.sin_addr, &sa.sin_port) != 0) {
		snprintf(err, err_len, "metrics: bad listen address '%s'", listen_at);
		return -EINVAL;
	}
	sa.sin_port = htons(sa.sin_port);
	srv.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (srv.fd < 0)
		goto fail;
	setsockopt(srv.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(srv.fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(srv.fd, 16) != 0)
		goto fail;
	srv.out.cap = 64 * 1024; /* Grows as needed; a few hundred bytes a port. */
	srv.out.p = malloc(srv.out.cap);
	if (srv.out.p == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	srv.stop = false;
	rc = rte_ctrl_thread_create(&srv.thread, "vsw-metrics", NULL, metrics_thread, NULL);
	if (rc != 0) {
		errno = rc;
		goto fail;
	}
	return 0;
fail:
	rc = -errno;
	snprintf(err, err_len, "metrics: cannot listen on %s: %s", listen_at, strerror(errno));
	if (srv.fd >= 0)
		close(srv.fd);
	srv.fd = -1;
	free(srv.out.p);
	srv.out = (struct out){0};
	return rc;
}

void
vswd_metrics_stop(void)
{
	if (srv.fd < 0)
		return;
	srv.stop = true;
	pthread_join(srv.thread, NULL);
	close(srv.fd);
	srv.fd = -1;
	free(srv.out.p);
	srv.out = (struct out){0};
}
