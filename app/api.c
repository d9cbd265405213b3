/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control API server (see api.h). Sockets are non-blocking and each connection has its own
 * buffers, so a slow, silent or vanishing client costs memory, never the loop's time:
 * a partial request waits in rx, unsent responses wait in tx, and a client that does not
 * read its responses is not read from either until it does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "api.h"
#include "ctl_loop.h"

#define HDR_REQ sizeof(struct vsw_api_req)
#define HDR_RESP sizeof(struct vsw_api_resp)

static struct vsw_api_handler handlers[VSW_API_MAX_HANDLERS];
static unsigned int n_handlers;

static struct {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct vsw_api_conn *clients[VSW_API_MAX_CLIENTS];
} srv = {.fd = -1};

int
vsw_api_register(const struct vsw_api_handler *h)
{
	unsigned int i;

	if (h == NULL || h->fn == NULL || h->req_len > VSW_API_MSG_MAX - HDR_REQ)
		return -EINVAL;
	for (i = 0; i < n_handlers; i++)
		if (handlers[i].type == h->type)
			return -EEXIST;
	if (n_handlers == VSW_API_MAX_HANDLERS)
		return -ENOSPC;
	handlers[n_handlers++] = *h;
	return 0;
}

void
vsw_api_unregister_all(void)
{
	n_handlers = 0;
}

static const struct vsw_api_handler *
handler_of(uint32_t type)
{
	unsigned int i;

	for (i = 0; i < n_handlers; i++)
		if (handlers[i].type == type)
			return &handlers[i];
	return NULL;
}

void
vsw_api_conn_init(struct vsw_api_conn *c, int fd)
{
	c->fd = fd;
	c->closing = false;
	c->may_act = true;
	c->rx_len = 0;
	c->tx_off = 0;
	c->tx_len = 0;
}

bool
vsw_api_conn_can_answer(const struct vsw_api_conn *c)
{
	return !c->closing && sizeof(c->tx) - (c->tx_len - c->tx_off) >= VSW_API_MSG_MAX;
}

/* Room for one whole response at the end of tx, moving pending bytes down if needed. */
static uint8_t *
tx_reserve(struct vsw_api_conn *c)
{
	if (c->tx_off == c->tx_len) {
		c->tx_off = 0;
		c->tx_len = 0;
	} else if (sizeof(c->tx) - c->tx_len < VSW_API_MSG_MAX) {
		memmove(c->tx, c->tx + c->tx_off, c->tx_len - c->tx_off);
		c->tx_len -= c->tx_off;
		c->tx_off = 0;
	}
	return c->tx + c->tx_len;
}

static void
answer(struct vsw_api_conn *c, uint32_t id, const struct vsw_api_req *req, const uint8_t *payload)
{
	uint8_t *out = tx_reserve(c);
	struct vsw_api_resp resp = {.id = id};
	const struct vsw_api_handler *h = handler_of(req->type);
	char err[VSW_API_ERR_MAX] = "";
	uint32_t len = 0;
	int rc;

	if (h == NULL) {
		rc = -EOPNOTSUPP;
		snprintf(err, sizeof(err), "unknown request type 0x%08x", req->type);
	} else if (!h->query && !c->may_act) {
		rc = -EPERM;
		snprintf(err, sizeof(err),
			 "%s: only vswd's user may do this (this client may query only)", h->name);
	} else if (req->len != h->req_len) {
		rc = -EINVAL;
		snprintf(err, sizeof(err), "%s: payload of %u bytes, expected %u", h->name,
			 req->len, h->req_len);
	} else {
		rc = h->fn(req->len != 0 ? payload : NULL, out + HDR_RESP, &len, err);
		if (rc > 0)
			rc = -EIO; /* A handler bug: never send a positive status. */
		if (len > VSW_API_RESP_MAX)
			len = 0, rc = -EIO;
	}
	if (rc != 0) {
		err[sizeof(err) - 1] = '\0';
		len = err[0] != '\0' ? (uint32_t)strlen(err) + 1 : 0;
		memcpy(out + HDR_RESP, err, len);
	}
	resp.len = len;
	resp.status = rc;
	memcpy(out, &resp, HDR_RESP);
	c->tx_len += (uint32_t)HDR_RESP + len;
}

unsigned int
vsw_api_conn_process(struct vsw_api_conn *c)
{
	unsigned int n = 0;
	uint32_t off = 0;

	while (vsw_api_conn_can_answer(c) && c->rx_len - off >= HDR_REQ) {
		struct vsw_api_req req;

		memcpy(&req, c->rx + off, HDR_REQ);
		if (req.len > VSW_API_MSG_MAX - HDR_REQ) {
			/* Nothing after it can be framed: answer, then hang up. */
			uint8_t *out = tx_reserve(c);
			struct vsw_api_resp resp = {.id = req.id, .status = -EMSGSIZE};
			char err[128];

			/* In 64 bits: a length near 4 GiB must not wrap to a few bytes. */
			snprintf(err, sizeof(err), "message of %llu bytes, the limit is %u",
				 (unsigned long long)req.len + HDR_REQ, VSW_API_MSG_MAX);
			resp.len = (uint32_t)strlen(err) + 1;
			memcpy(out, &resp, HDR_RESP);
			memcpy(out + HDR_RESP, err, resp.len);
			c->tx_len += (uint32_t)HDR_RESP + resp.len;
			c->closing = true;
			off = c->rx_len;
			n++;
			break;
		}
		if (c->rx_len - off - HDR_REQ < req.len)
			break; /* Wait for the rest. */
		answer(c, req.id, &req, c->rx + off + HDR_REQ);
		off += (uint32_t)HDR_REQ + req.len;
		n++;
	}
	if (off != 0) {
		memmove(c->rx, c->rx + off, c->rx_len - off);
		c->rx_len -= off;
	}
	return n;
}

size_t
vsw_api_conn_feed(struct vsw_api_conn *c, const void *data, size_t n)
{
	size_t room = sizeof(c->rx) - c->rx_len;

	if (n > room)
		n = room;
	memcpy(c->rx + c->rx_len, data, n);
	c->rx_len += (uint32_t)n;
	vsw_api_conn_process(c);
	return n;
}

/* --- Sockets ----------------------------------------------------------------------------- */

static void
client_close(struct vsw_api_conn *c)
{
	unsigned int i;

	vsw_ctl_fd_del(c->fd);
	close(c->fd);
	for (i = 0; i < VSW_API_MAX_CLIENTS; i++)
		if (srv.clients[i] == c)
			srv.clients[i] = NULL;
	free(c);
}

/* Send what can be sent. @return 0, or -1 when the connection is to be closed. */
static int
client_flush(struct vsw_api_conn *c)
{
	while (c->tx_off < c->tx_len) {
		ssize_t n = send(c->fd, c->tx + c->tx_off, c->tx_len - c->tx_off, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR)
				continue;
			return -1;
		}
		c->tx_off += (uint32_t)n;
	}
	c->tx_off = c->tx_len = 0;
	return c->closing ? -1 : 0;
}

static void
on_client(int fd, uint32_t events, void *arg)
{
	struct vsw_api_conn *c = arg;
	uint32_t want;

	if (events & (EPOLLERR | EPOLLHUP)) {
		client_close(c);
		return;
	}
	if ((events & EPOLLIN) && vsw_api_conn_can_answer(c)) {
		ssize_t n = recv(fd, c->rx + c->rx_len, sizeof(c->rx) - c->rx_len, 0);

		if (n == 0 ||
		    (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
			client_close(c); /* Gone, maybe mid-message: drop what it sent. */
			return;
		}
		if (n > 0) {
			c->rx_len += (uint32_t)n;
			vsw_api_conn_process(c);
		}
	}
	if (client_flush(c) != 0) {
		client_close(c);
		return;
	}
	if (c->tx_off == c->tx_len && c->rx_len >= HDR_REQ && vsw_api_conn_process(c) != 0 &&
	    client_flush(c) != 0) {
		client_close(c); /* Requests held back while tx was full are answered now. */
		return;
	}
	/* Unsent responses: wait until the client reads them before reading more. */
	want = c->tx_off < c->tx_len ? EPOLLOUT : EPOLLIN;
	vsw_ctl_fd_mod(fd, want);
}

/* A client running as root or as vswd's user may do anything; one that reached the socket
 * through its group may query only. */
static bool
may_act(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) != 0)
		return false;
	return cr.uid == 0 || cr.uid == geteuid();
}

static void
on_listen(int fd, uint32_t events, void *arg)
{
	struct vsw_api_conn *c;
	unsigned int i;
	int cfd;

	(void)events;
	(void)arg;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	for (i = 0; i < VSW_API_MAX_CLIENTS; i++)
		if (srv.clients[i] == NULL)
			break;
	c = i < VSW_API_MAX_CLIENTS ? malloc(sizeof(*c)) : NULL;
	if (c == NULL) {
		close(cfd); /* Too many clients: the client sees EOF. */
		return;
	}
	vsw_api_conn_init(c, cfd);
	c->may_act = may_act(cfd);
	if (vsw_ctl_fd_add(cfd, EPOLLIN, on_client, c) != 0) {
		close(cfd);
		free(c);
		return;
	}
	srv.clients[i] = c;
}

int
vsw_api_listen(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path); /* Left by a vswd that was killed. */
	/* Owner only from the first moment: bind() creates the file with ~umask. */
	{
		mode_t old = umask(0177);

		rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
		umask(old);
	}
	if (rc != 0 || chmod(path, 0600) != 0 || listen(fd, 16) != 0) {
		rc = -errno;
		close(fd);
		unlink(path);
		return rc;
	}
	rc = vsw_ctl_fd_add(fd, EPOLLIN, on_listen, NULL);
	if (rc != 0) {
		close(fd);
		unlink(path);
		return rc;
	}
	srv.fd = fd;
	snprintf(srv.path, sizeof(srv.path), "%s", path);
	return 0;
}

void
vsw_api_close(void)
{
	unsigned int i;

	for (i = 0; i < VSW_API_MAX_CLIENTS; i++)
		if (srv.clients[i] != NULL)
			client_close(srv.clients[i]);
	if (srv.fd >= 0) {
		vsw_ctl_fd_del(srv.fd);
		close(srv.fd);
		unlink(srv.path);
	}
	srv.fd = -1;
}

unsigned int
vsw_api_n_clients(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < VSW_API_MAX_CLIENTS; i++)
		n += srv.clients[i] != NULL;
	return n;
}
