// SPDX-License-Identifier: BSD-3-Clause
// The control API's decoder and handler registry (app/api.h) and the control loop's timer
// and fd registration (app/ctl_loop.h), without DPDK: framing split at every byte, several
// requests in one read, truncated, oversized and unknown messages, a full tx buffer, and a
// real socket pair served by the loop.
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api.h"
#include "ctl_loop.h"

namespace {

constexpr uint32_t T_ECHO = VSW_API_TYPE(100, 1);  // payload: 8 bytes, echoed back
constexpr uint32_t T_FAIL = VSW_API_TYPE(100, 2);  // no payload, -ENOENT with a message
constexpr uint32_t T_EMPTY = VSW_API_TYPE(101, 1); // no payload, empty success

int echo_calls;

int
echo(const void *req, void *resp, uint32_t *resp_len, char *)
{
	echo_calls++;
	memcpy(resp, req, 8);
	*resp_len = 8;
	return 0;
}

int
failing(const void *req, void *, uint32_t *, char *err)
{
	EXPECT_EQ(req, nullptr);
	snprintf(err, VSW_API_ERR_MAX, "no such thing");
	return -ENOENT;
}

int
empty(const void *, void *, uint32_t *, char *)
{
	return 0;
}

std::string
req(uint32_t type, uint32_t id, const std::string &payload)
{
	struct vsw_api_req h = {(uint32_t)payload.size(), type, id};
	return std::string((const char *)&h, sizeof(h)) + payload;
}

struct Resp {
	uint32_t id;
	int32_t status;
	std::string payload;
};

// Take every whole response out of c->tx.
std::vector<Resp>
drain(struct vsw_api_conn *c)
{
	std::vector<Resp> out;

	while (c->tx_len - c->tx_off >= sizeof(struct vsw_api_resp)) {
		struct vsw_api_resp h;

		memcpy(&h, c->tx + c->tx_off, sizeof(h));
		EXPECT_LE(c->tx_off + sizeof(h) + h.len, c->tx_len);
		out.push_back({h.id, h.status,
			       std::string((const char *)c->tx + c->tx_off + sizeof(h), h.len)});
		c->tx_off += (uint32_t)sizeof(h) + h.len;
	}
	EXPECT_EQ(c->tx_off, c->tx_len);
	c->tx_off = c->tx_len = 0;
	return out;
}

class Api : public ::testing::Test {
protected:
	struct vsw_api_conn *c;

	void SetUp() override
	{
		vsw_api_unregister_all();
		struct vsw_api_handler e = {T_ECHO, "echo", 8, echo, false};
		struct vsw_api_handler f = {T_FAIL, "fail", 0, failing, false};
		struct vsw_api_handler z = {T_EMPTY, "empty", 0, empty, true};
		ASSERT_EQ(vsw_api_register(&e), 0);
		ASSERT_EQ(vsw_api_register(&f), 0);
		ASSERT_EQ(vsw_api_register(&z), 0);
		c = new vsw_api_conn;
		vsw_api_conn_init(c, -1);
		echo_calls = 0;
	}
	void TearDown() override
	{
		delete c;
		vsw_api_unregister_all();
	}
	void feed(const std::string &s)
	{
		ASSERT_EQ(vsw_api_conn_feed(c, s.data(), s.size()), s.size());
	}
};

TEST_F(Api, Registry)
{
	struct vsw_api_handler dup = {T_ECHO, "dup", 0, empty, false};
	struct vsw_api_handler nofn = {VSW_API_TYPE(100, 9), "nofn", 0, nullptr, false};
	struct vsw_api_handler big = {VSW_API_TYPE(100, 10), "big", VSW_API_MSG_MAX, empty, false};
	unsigned int i;

	EXPECT_EQ(vsw_api_register(&dup), -EEXIST);
	EXPECT_EQ(vsw_api_register(&nofn), -EINVAL);
	EXPECT_EQ(vsw_api_register(&big), -EINVAL);
	EXPECT_EQ(vsw_api_register(nullptr), -EINVAL);
	for (i = 3; i < VSW_API_MAX_HANDLERS; i++) {
		struct vsw_api_handler h = {VSW_API_TYPE(200, i), "n", 0, empty, false};
		ASSERT_EQ(vsw_api_register(&h), 0);
	}
	struct vsw_api_handler one_more = {VSW_API_TYPE(201, 0), "x", 0, empty, false};
	EXPECT_EQ(vsw_api_register(&one_more), -ENOSPC);
	// Every registered type is served, from the first to the last.
	feed(req(T_EMPTY, 1, "") + req(VSW_API_TYPE(200, VSW_API_MAX_HANDLERS - 1), 2, ""));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 2u);
	EXPECT_EQ(r[0].status, 0);
	EXPECT_EQ(r[1].status, 0);
	EXPECT_EQ(VSW_API_MODULE(VSW_API_TYPE(200, 5)), 200u);
}

TEST_F(Api, OneRequestOneResponse)
{
	feed(req(T_ECHO, 42, "abcdefgh"));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0].id, 42u);
	EXPECT_EQ(r[0].status, 0);
	EXPECT_EQ(r[0].payload, "abcdefgh");
	EXPECT_EQ(c->rx_len, 0u);
	EXPECT_FALSE(c->closing);
}

// A client that reached the socket through its group (runtime.group) may query only: a
// request that acts is refused with -EPERM and a message, and is not run; queries are
// answered as for vswd's own user.
TEST_F(Api, QueryOnlyClient)
{
	c->may_act = false;
	feed(req(T_ECHO, 1, "abcdefgh") + req(T_EMPTY, 2, ""));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 2u);
	EXPECT_EQ(r[0].status, -EPERM);
	EXPECT_NE(r[0].payload.find("echo: only vswd's user may do this"), std::string::npos)
	    << r[0].payload;
	EXPECT_EQ(echo_calls, 0);
	EXPECT_EQ(r[1].status, 0) << "a query is answered";
	c->may_act = true;
	feed(req(T_ECHO, 3, "abcdefgh"));
	r = drain(c);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0].status, 0);
}

TEST_F(Api, SplitAtEveryByte)
{
	std::string msg = req(T_ECHO, 7, "12345678") + req(T_EMPTY, 8, "");

	for (size_t i = 0; i < msg.size(); i++)
		feed(msg.substr(i, 1));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 2u);
	EXPECT_EQ(r[0].id, 7u);
	EXPECT_EQ(r[0].payload, "12345678");
	EXPECT_EQ(r[1].id, 8u);
	EXPECT_EQ(r[1].payload, "");
	EXPECT_EQ(echo_calls, 1);
}

TEST_F(Api, ManyInOneReadAnsweredInOrder)
{
	std::string all;
	unsigned int i;

	for (i = 0; i < 100; i++)
		all += req(T_ECHO, i, "ABCDEFGH");
	size_t off = 0;
	std::vector<Resp> r;
	while (off < all.size()) { // rx holds VSW_API_MSG_MAX bytes: feed what it takes
		off += vsw_api_conn_feed(c, all.data() + off, all.size() - off);
		auto got = drain(c);
		r.insert(r.end(), got.begin(), got.end());
	}
	vsw_api_conn_process(c);
	auto got = drain(c);
	r.insert(r.end(), got.begin(), got.end());
	ASSERT_EQ(r.size(), 100u);
	for (i = 0; i < 100; i++)
		EXPECT_EQ(r[i].id, i);
}

TEST_F(Api, TruncatedWaitsForTheRest)
{
	std::string msg = req(T_ECHO, 1, "abcdefgh");

	feed(msg.substr(0, 5)); // part of the header
	EXPECT_TRUE(drain(c).empty());
	feed(msg.substr(5, 10)); // header and part of the payload
	EXPECT_TRUE(drain(c).empty());
	EXPECT_EQ(echo_calls, 0);
	feed(msg.substr(15));
	EXPECT_EQ(drain(c).size(), 1u);
}

TEST_F(Api, WrongPayloadSize)
{
	feed(req(T_ECHO, 3, "short") + req(T_EMPTY, 4, "x") + req(T_ECHO, 5, "abcdefgh"));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 3u);
	EXPECT_EQ(r[0].status, -EINVAL);
	EXPECT_NE(r[0].payload.find("expected 8"), std::string::npos) << r[0].payload;
	EXPECT_EQ(r[1].status, -EINVAL);
	EXPECT_EQ(r[2].status, 0); // framing intact after a bad payload
	EXPECT_EQ(echo_calls, 1);
}

TEST_F(Api, UnknownType)
{
	feed(req(VSW_API_TYPE(999, 1), 9, "whatever") + req(T_EMPTY, 10, ""));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 2u);
	EXPECT_EQ(r[0].id, 9u);
	EXPECT_EQ(r[0].status, -EOPNOTSUPP);
	EXPECT_EQ(r[0].payload.back(), '\0');
	EXPECT_EQ(r[1].status, 0);
}

TEST_F(Api, ErrorCarriesMessage)
{
	feed(req(T_FAIL, 11, ""));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0].status, -ENOENT);
	EXPECT_EQ(r[0].payload, std::string("no such thing") + '\0');
}

TEST_F(Api, OversizedAnswersThenCloses)
{
	struct vsw_api_req h = {VSW_API_MSG_MAX, T_ECHO, 12}; // header + this > the limit

	feed(req(T_EMPTY, 1, "") + std::string((const char *)&h, sizeof(h)) + "junk");
	auto r = drain(c);
	ASSERT_EQ(r.size(), 2u);
	EXPECT_EQ(r[0].status, 0);
	EXPECT_EQ(r[1].id, 12u);
	EXPECT_EQ(r[1].status, -EMSGSIZE);
	EXPECT_TRUE(c->closing);
	EXPECT_EQ(c->rx_len, 0u);
	// Nothing more is answered on a closing connection.
	vsw_api_conn_feed(c, req(T_EMPTY, 2, "").data(), sizeof(struct vsw_api_req));
	EXPECT_TRUE(drain(c).empty());
}

// Found by fuzz_api: the size in the message was computed in 32 bits, so a length near
// 4 GiB was reported as a message of 11 bytes "over the limit".
TEST_F(Api, OversizedMessageSizeDoesNotWrap)
{
	struct vsw_api_req h = {UINT32_MAX, T_ECHO, 14};

	feed(std::string((const char *)&h, sizeof(h)));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0].status, -EMSGSIZE);
	EXPECT_EQ(r[0].payload,
		  std::string("message of 4294967307 bytes, the limit is 16384") + '\0');
}

TEST_F(Api, LargestMessageFits)
{
	struct vsw_api_handler h = {VSW_API_TYPE(100, 3), "max",
				    (uint32_t)(VSW_API_MSG_MAX - sizeof(struct vsw_api_req)), empty, false};

	ASSERT_EQ(vsw_api_register(&h), 0);
	feed(req(h.type, 13, std::string(h.req_len, 'x')));
	auto r = drain(c);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0].status, 0);
	EXPECT_FALSE(c->closing);
}

// The route requests' layout is the protocol (docs/api.md, tools/vswctl's structs): a batch
// of 384 routes, IPv4 or IPv6, fits one message.
TEST(ApiLayout, RouteRequestsFitOneMessage)
{
	EXPECT_EQ(sizeof(struct vsw_api_route), 40u);
	EXPECT_EQ(sizeof(struct vsw_api_routes_req), 15528u);
	EXPECT_EQ(sizeof(struct vsw_api_route6), 28u);
	EXPECT_EQ(offsetof(struct vsw_api_routes6_req, gw), 48u);
	EXPECT_EQ(offsetof(struct vsw_api_routes6_req, routes), 48u + 16u * VSW_API_GW6_MAX);
	EXPECT_EQ(sizeof(struct vsw_api_routes6_req), 11952u);
	EXPECT_EQ(VSW_API_ROUTES6_MAX, VSW_API_ROUTES_MAX);
	EXPECT_LE(sizeof(struct vsw_api_req) + sizeof(struct vsw_api_routes_req), VSW_API_MSG_MAX);
	EXPECT_LE(sizeof(struct vsw_api_req) + sizeof(struct vsw_api_routes6_req), VSW_API_MSG_MAX);
	EXPECT_NE(VSW_API_ROUTE6_ADD, VSW_API_ROUTE_LOOKUP6);
	EXPECT_EQ(VSW_API_ROUTE6_ADD, 0x00030005u);
	EXPECT_EQ(VSW_API_ROUTE6_DEL, 0x00030006u);
}

TEST_F(Api, FullTxHoldsRequestsBack)
{
	unsigned int n = 0;

	// Responses not taken: after as many as tx holds, requests wait in rx.
	while (vsw_api_conn_can_answer(c) && n < 10000) {
		std::string m = req(T_ECHO, n++, "abcdefgh");
		vsw_api_conn_feed(c, m.data(), m.size());
	}
	ASSERT_FALSE(vsw_api_conn_can_answer(c));
	std::string m = req(T_ECHO, n, "abcdefgh");
	feed(m);
	EXPECT_EQ(c->rx_len, m.size()); // held back
	auto r = drain(c);
	EXPECT_EQ(r.size(), n);
	EXPECT_EQ(vsw_api_conn_process(c), 1u);
	r = drain(c);
	ASSERT_EQ(r.size(), 1u);
	EXPECT_EQ(r[0].id, n);
}

// --- The loop and a real socket ----------------------------------------------------------

int ticks;
void
tick(void *arg)
{
	ticks++;
	if (ticks == *(int *)arg)
		vsw_ctl_stop();
}

class Loop : public ::testing::Test {
protected:
	void SetUp() override
	{
		ASSERT_EQ(vsw_ctl_init(), 0);
		ticks = 0;
	}
	void TearDown() override
	{
		vsw_api_close();
		vsw_api_unregister_all();
		vsw_ctl_fini();
	}
};

TEST_F(Loop, Timers)
{
	int stop_at = 5;
	int id = vsw_ctl_timer_add("tick", 1000 * 1000, tick, &stop_at);

	ASSERT_GE(id, 0);
	EXPECT_STREQ(vsw_ctl_timer_name(id), "tick");
	EXPECT_EQ(vsw_ctl_timer_add("bad", 0, tick, &stop_at), -EINVAL);
	EXPECT_EQ(vsw_ctl_run(), 0);
	EXPECT_EQ(ticks, 5);
	EXPECT_EQ(vsw_ctl_timer_del(id), 0);
	EXPECT_EQ(vsw_ctl_timer_del(id), -ENOENT);
	EXPECT_EQ(vsw_ctl_timer_name(id), nullptr);
}

struct pipe_cb {
	int calls;
	int other; // fd this callback removes (and closes) on its first call
};

void
on_readable(int fd, uint32_t, void *arg)
{
	struct pipe_cb *p = (struct pipe_cb *)arg;
	char b[16];

	p->calls++;
	EXPECT_GT(read(fd, b, sizeof(b)), 0);
	if (p->other >= 0) {
		EXPECT_EQ(vsw_ctl_fd_del(p->other), 0);
		p->other = -1;
	}
}

void
stop_cb(void *)
{
	vsw_ctl_stop();
}

TEST_F(Loop, FdsAndRemovalFromACallback)
{
	int a[2], b[2];
	struct pipe_cb pa = {0, -1}, pb = {0, -1};

	ASSERT_EQ(pipe(a), 0);
	ASSERT_EQ(pipe(b), 0);
	pa.other = b[0]; // whichever runs first removes the other: the other must not run
	pb.other = a[0];
	ASSERT_EQ(vsw_ctl_fd_add(a[0], EPOLLIN, on_readable, &pa), 0);
	ASSERT_EQ(vsw_ctl_fd_add(a[0], EPOLLIN, on_readable, &pa), -EEXIST);
	ASSERT_EQ(vsw_ctl_fd_add(b[0], EPOLLIN, on_readable, &pb), 0);
	ASSERT_EQ(write(a[1], "x", 1), 1);
	ASSERT_EQ(write(b[1], "y", 1), 1);
	ASSERT_GE(vsw_ctl_timer_add("stop", 50 * 1000 * 1000, stop_cb, nullptr), 0);
	EXPECT_EQ(vsw_ctl_run(), 0);
	EXPECT_EQ(pa.calls + pb.calls, 1);
	EXPECT_EQ(vsw_ctl_fd_del(a[0]) + vsw_ctl_fd_del(b[0]), -ENOENT);
	EXPECT_EQ(vsw_ctl_fd_mod(a[0], EPOLLIN), -ENOENT);
	for (int fd : {a[0], a[1], b[0], b[1]})
		close(fd);
}

// A client that sends in pieces, another that disconnects mid-message, both served.
TEST_F(Loop, SocketClients)
{
	char path[] = "/tmp/vsw-test-api-XXXXXX";
	int tmp = mkstemp(path), stop_at = 30;
	struct sockaddr_un sa = {};
	int good, gone;
	std::string m = req(T_ECHO, 77, "abcdefgh");

	ASSERT_GE(tmp, 0);
	close(tmp);
	struct vsw_api_handler e = {T_ECHO, "echo", 8, echo, false};
	ASSERT_EQ(vsw_api_register(&e), 0);
	ASSERT_EQ(vsw_api_listen(path), 0);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	good = socket(AF_UNIX, SOCK_STREAM, 0);
	gone = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_EQ(connect(good, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ASSERT_EQ(connect(gone, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ASSERT_EQ(write(gone, m.data(), 7), 7);
	ASSERT_EQ(write(good, m.data(), 5), 5);
	ASSERT_GE(vsw_ctl_timer_add("tick", 2 * 1000 * 1000, tick, &stop_at), 0);
	stop_at = 10;
	EXPECT_EQ(vsw_ctl_run(), 0);
	EXPECT_EQ(vsw_api_n_clients(), 2u);
	close(gone);
	ASSERT_EQ(write(good, m.data() + 5, m.size() - 5), (ssize_t)(m.size() - 5));
	stop_at = 20;
	EXPECT_EQ(vsw_ctl_run(), 0);
	EXPECT_EQ(vsw_api_n_clients(), 1u);
	char buf[64];
	ssize_t n = read(good, buf, sizeof(buf));
	ASSERT_EQ(n, (ssize_t)(sizeof(struct vsw_api_resp) + 8));
	struct vsw_api_resp h;
	memcpy(&h, buf, sizeof(h));
	EXPECT_EQ(h.id, 77u);
	EXPECT_EQ(h.status, 0);
	EXPECT_EQ(std::string(buf + sizeof(h), 8), "abcdefgh");
	close(good);
	vsw_api_close();
	EXPECT_NE(access(path, F_OK), 0); // socket file removed
}

} // namespace
