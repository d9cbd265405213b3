/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control API server (protocol: api/vsw_api.h, docs/api.md): a handler registry, the
 * per-connection decoder, and the listening socket served by the control loop.
 *
 * Modules register their request handlers from their own init function with
 * vsw_api_register(); nothing central lists request types. Handlers run on the control
 * thread, one at a time, and must not block.
 */
#ifndef VSW_API_SERVER_H
#define VSW_API_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/vsw_api.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_API_MAX_HANDLERS 64
#define VSW_API_MAX_CLIENTS 16 /**< Connections beyond this are closed at once. */
/** Largest response payload a handler may write. */
#define VSW_API_RESP_MAX (VSW_API_MSG_MAX - sizeof(struct vsw_api_resp))

/**
 * A request handler.
 *
 * @param req       The payload, exactly the handler's req_len bytes (NULL if 0).
 * @param resp      Room for VSW_API_RESP_MAX bytes of response payload.
 * @param resp_len  Set to the payload's size on success (it starts at 0).
 * @param err       On failure, an optional message (NUL-terminated, VSW_API_ERR_MAX bytes)
 *                  sent back as the payload; starts empty.
 * @return 0 or -errno (the response status).
 */
typedef int (*vsw_api_handler_fn)(const void *req, void *resp, uint32_t *resp_len, char *err);

struct vsw_api_handler {
	uint32_t type;	  /**< VSW_API_TYPE(module, n). */
	const char *name; /**< For logs, e.g. "fdb flush". */
	uint32_t req_len; /**< Exact payload size of the request. */
	vsw_api_handler_fn fn;
	bool query;       /**< Only reads: answered to every client, also those who may only
	                       query (the runtime group, see struct vsw_api_conn). */
};

/**
 * Add a handler. @p h is copied.
 * @return 0, -EEXIST (type taken), -ENOSPC, -EINVAL (NULL fn, req_len too large).
 */
int vsw_api_register(const struct vsw_api_handler *h);

/** Forget every handler (tests, shutdown). */
void vsw_api_unregister_all(void);

/** One client connection: its partial request and its unsent responses. */
struct vsw_api_conn {
	int fd;
	bool closing; /**< Close once tx is sent (after a framing error). */
	bool may_act; /**< Any request; else queries only, -EPERM for the rest. The server
	                   sets it for a client running as root or as vswd's user; others
	                   reach the socket through its group (config runtime.group). */
	uint32_t rx_len;
	uint32_t tx_off, tx_len;
	uint8_t rx[VSW_API_MSG_MAX];
	uint8_t tx[2 * VSW_API_MSG_MAX];
};

/** Reset @p c for a new connection on @p fd (may_act set: the caller restricts it). */
void vsw_api_conn_init(struct vsw_api_conn *c, int fd);

/**
 * Answer every complete request in c->rx while c->tx has room for one more response;
 * consumed bytes leave rx, responses are appended to tx. An oversized message gets an
 * -EMSGSIZE response, empties rx and sets c->closing.
 * @return the number of requests answered.
 */
unsigned int vsw_api_conn_process(struct vsw_api_conn *c);

/**
 * Append up to @p n bytes to c->rx and process. Tests feed bytes this way; the server
 * reads into c->rx directly.
 * @return bytes taken (less than @p n when rx is full).
 */
size_t vsw_api_conn_feed(struct vsw_api_conn *c, const void *data, size_t n);

/** Whether c->tx has room for another response (else stop reading until it drains). */
bool vsw_api_conn_can_answer(const struct vsw_api_conn *c);

/**
 * Listen on @p path (an existing file there is replaced), mode 0600, and serve clients on
 * the control loop (vsw_ctl_init() first).
 * @return 0 or -errno.
 */
int vsw_api_listen(const char *path);

/** Close every connection and the listening socket, and remove the socket file. */
void vsw_api_close(void);

/** Connected clients. */
unsigned int vsw_api_n_clients(void);

#ifdef __cplusplus
}
#endif

#endif /* VSW_API_SERVER_H */
