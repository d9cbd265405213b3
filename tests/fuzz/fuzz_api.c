/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the control API's request decoder (vsw_api_conn_process(), app/api.c)
 * on a byte stream from a client, without a daemon or a socket.
 *
 * Input: one control byte, then the stream. The control byte picks the size of each read
 * (1 byte to a whole rx buffer) and whether the client is slow to read its responses (the
 * server then stops answering until tx drains, as on a real socket). The loop below does what
 * the server's on_client() does with a connection.
 *
 * Handlers are registered under the daemon's real types and payload sizes (api/vsw_api.h)
 * with bodies that need no daemon, plus an echo of the largest payload and two handlers
 * with bugs the decoder must contain. An independent reference decoder reads the same
 * stream and says which response each request must get, byte for byte: responses in order,
 * the request's id, the generic errors and their messages, nothing for a partial request,
 * and nothing after an oversized one.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define HDR_REQ sizeof(struct vsw_api_req)
#define HDR_RESP sizeof(struct vsw_api_resp)
#define T_ECHO VSW_API_TYPE(0x7fff, 1)	   /* Largest payload, echoed whole. */
#define T_POSITIVE VSW_API_TYPE(0x7fff, 2) /* Buggy: returns a positive status. */
#define T_TOO_LONG VSW_API_TYPE(0x7fff, 3) /* Buggy: claims a response over the limit. */
#define ECHO_LEN (VSW_API_MSG_MAX - HDR_REQ)

/* --- Handlers: the daemon's request types, with bodies that need no daemon ----------------- */

static int
h_status(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	(void)req;
	(void)err;
	memset(resp, 0, sizeof(struct vsw_api_status_resp));
	*resp_len = sizeof(struct vsw_api_status_resp);
	return 0;
}

/* As api_reload(): a path taken from a fixed-size field that need not hold a NUL. */
static int
h_reload(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_reload_req *q = req;
	char path[VSW_API_PATH_MAX];

	snprintf(path, sizeof(path), "%.*s", (int)sizeof(q->path), q->path);
	if (path[0] != '\0' && path[0] != '/') {
		snprintf(err, VSW_API_ERR_MAX, "%s: not an absolute path", path);
		return -EINVAL;
	}
	memset(resp, 0, sizeof(struct vsw_api_reload_resp));
	*resp_len = sizeof(struct vsw_api_reload_resp);
	return 0;
}

/* As api_fdb_flush() with no bridge: -ENOENT naming the bridge. */
static int
h_fdb_flush(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	const struct vsw_api_fdb_flush_req *q = req;
	char name[VSW_API_NAME_MAX];

	(void)resp;
	(void)resp_len;
	snprintf(name, sizeof(name), "%.*s", (int)sizeof(q->bridge), q->bridge);
	snprintf(err, VSW_API_ERR_MAX, "no such bridge: %s", name);
	return -ENOENT;
}

static int
h_echo(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	(void)err;
	memcpy(resp, req, ECHO_LEN);
	*resp_len = ECHO_LEN;
	return 0;
}

static int
h_positive(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	(void)req;
	(void)resp;
	(void)resp_len;
	(void)err;
	return 1;
}

static int
h_too_long(const void *req, void *resp, uint32_t *resp_len, char *err)
{
	(void)req;
	(void)resp;
	(void)err;
	*resp_len = VSW_API_RESP_MAX + 1;
	return 0;
}

static const struct vsw_api_handler handlers[] = {
    {VSW_API_STATUS, "status", 0, h_status, true},
    {VSW_API_RELOAD, "reload", sizeof(struct vsw_api_reload_req), h_reload, false},
    {VSW_API_FDB_FLUSH, "fdb flush", sizeof(struct vsw_api_fdb_flush_req), h_fdb_flush, false},
    {T_ECHO, "echo", ECHO_LEN, h_echo, false},
    {T_POSITIVE, "positive", 0, h_positive, false},
    {T_TOO_LONG, "too long", 0, h_too_long, false},
};
#define N_HANDLERS (sizeof(handlers) / sizeof(handlers[0]))

/* --- The reference decoder ------------------------------------------------------------- */

struct expect {
	uint32_t id;
	int32_t status;
	uint32_t len;
	const uint8_t *payload;	   /* Success: the response payload, or NULL for zeros. */
	char msg[VSW_API_ERR_MAX]; /* Error: the message ("" = none). */
};

static struct expect want[VSW_API_MSG_MAX]; /* At most one per 12 input bytes. */
static unsigned int n_want, n_got;

/* The response request (@p id, @p type, @p len, @p payload) must get. */
static void
expect_one(uint32_t id, uint32_t type, uint32_t len, const uint8_t *payload)
{
	struct expect *e = &want[n_want++];
	const struct vsw_api_handler *h = NULL;

	memset(e, 0, sizeof(*e));
	e->id = id;
	for (unsigned int i = 0; i < N_HANDLERS; i++)
		if (handlers[i].type == type)
			h = &handlers[i];
	if (h == NULL) {
		e->status = -EOPNOTSUPP;
		snprintf(e->msg, sizeof(e->msg), "unknown request type 0x%08x", type);
	} else if (len != h->req_len) {
		e->status = -EINVAL;
		snprintf(e->msg, sizeof(e->msg), "%s: payload of %u bytes, expected %u", h->name,
			 len, h->req_len);
	} else if (type == VSW_API_STATUS) {
		e->len = sizeof(struct vsw_api_status_resp);
	} else if (type == VSW_API_RELOAD) {
		size_t n = strnlen((const char *)payload, VSW_API_PATH_MAX);

		if (n != 0 && payload[0] != '/') {
			e->status = -EINVAL;
			/* The message is cut to VSW_API_ERR_MAX - 1 bytes. */
			snprintf(e->msg, sizeof(e->msg), "%.*s: not an absolute path", (int)n,
				 (const char *)payload);
		} else {
			e->len = sizeof(struct vsw_api_reload_resp);
		}
	} else if (type == VSW_API_FDB_FLUSH) {
		e->status = -ENOENT;
		snprintf(e->msg, sizeof(e->msg), "no such bridge: %.*s", VSW_API_NAME_MAX - 1,
			 (const char *)payload);
	} else if (type == T_ECHO) {
		e->len = ECHO_LEN;
		e->payload = payload;
	} else {
		e->status = -EIO; /* T_POSITIVE, T_TOO_LONG: contained. */
	}
	if (e->status != 0)
		e->len = e->msg[0] != '\0' ? (uint32_t)strlen(e->msg) + 1 : 0;
}

/* Every response the stream @p s of @p n bytes must get; @return the bytes framed. */
static size_t
expect_all(const uint8_t *s, size_t n)
{
	size_t off = 0;

	n_want = 0;
	while (n - off >= HDR_REQ) {
		struct vsw_api_req r;

		memcpy(&r, s + off, HDR_REQ);
		if (r.len > VSW_API_MSG_MAX - HDR_REQ) {
			struct expect *e = &want[n_want++];

			memset(e, 0, sizeof(*e));
			e->id = r.id;
			e->status = -EMSGSIZE;
			snprintf(e->msg, sizeof(e->msg), "message of %llu bytes, the limit is %u",
				 (unsigned long long)r.len + HDR_REQ, VSW_API_MSG_MAX);
			e->len = (uint32_t)strlen(e->msg) + 1;
			return n; /* The connection closes: nothing after it is read. */
		}
		if (n - off - HDR_REQ < r.len)
			break;
		expect_one(r.id, r.type, r.len, s + off + HDR_REQ);
		off += HDR_REQ + r.len;
	}
	return off;
}

/* --- The client's side of the socket ----------------------------------------------------- */

/* Read every response in tx and match it against the next expected one. */
static void
drain(struct vsw_api_conn *c)
{
	while (c->tx_off < c->tx_len) {
		struct vsw_api_resp h;
		const struct expect *e;
		const uint8_t *p;

		CHECK(c->tx_len - c->tx_off >= HDR_RESP);
		memcpy(&h, c->tx + c->tx_off, HDR_RESP);
		CHECK(h.len <= VSW_API_RESP_MAX);
		CHECK(c->tx_len - c->tx_off - HDR_RESP >= h.len);
		CHECK(n_got < n_want);
		e = &want[n_got++];
		p = c->tx + c->tx_off + HDR_RESP;
		CHECK(h.id == e->id);
		CHECK(h.status == e->status);
		CHECK(h.len == e->len);
		if (e->status != 0 && e->len != 0)
			CHECK(memcmp(p, e->msg, e->len) == 0);
		else if (e->payload != NULL)
			CHECK(memcmp(p, e->payload, e->len) == 0);
		c->tx_off += (uint32_t)HDR_RESP + h.len;
	}
	c->tx_off = c->tx_len = 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t reads[] = {1, 2, 3, 5, 11, 12, 13, 64, 4096, 4108, VSW_API_MSG_MAX};
	static struct vsw_api_conn conn;
	static bool registered;
	struct vsw_api_conn *c = &conn;
	size_t chunk, off = 0, framed;
	unsigned int rounds = 0;
	bool slow;

	if (!registered) {
		for (unsigned int i = 0; i < N_HANDLERS; i++)
			CHECK(vsw_api_register(&handlers[i]) == 0);
		registered = true;
	}
	if (size < 1)
		return 0;
	chunk = reads[data[0] % (sizeof(reads) / sizeof(reads[0]))];
	slow = data[0] & 0x80;
	data++, size--;

	framed = expect_all(data, size);
	n_got = 0;
	vsw_api_conn_init(c, -1);
	for (;;) {
		size_t took = 0;
		unsigned int answered = 0;

		if (off < size && vsw_api_conn_can_answer(c)) {
			took = vsw_api_conn_feed(c, data + off,
						 size - off < chunk ? size - off : chunk);
			off += took;
		}
		/* A slow client reads only once the server has stopped answering. */
		if (!slow || !vsw_api_conn_can_answer(c) || off == size)
			drain(c);
		if (c->closing)
			break; /* The server sends what it has, then hangs up. */
		if (c->tx_off == c->tx_len && c->rx_len >= HDR_REQ)
			answered = vsw_api_conn_process(c);
		if (took == 0 && answered == 0 && c->tx_off == c->tx_len &&
		    (off == size || !vsw_api_conn_can_answer(c)))
			break;
		CHECK(++rounds <= 2 * size + 4); /* Every round makes progress. */
	}
	drain(c);
	CHECK(n_got == n_want);
	if (!c->closing) {
		CHECK(off == size);
		CHECK(c->rx_len == size - framed); /* Only a partial request waits. */
	}
	return 0;
}
