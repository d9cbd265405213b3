// SPDX-License-Identifier: BSD-3-Clause
// Traffic to the router itself (ip4_local, ip6_local, tcp4_reset, tcp6_reset, l3_host,
// ip6_host_output) in a real worker graph over ring ports: the l3_fixture.h network, its
// interfaces also given IPv6 addresses:
//   ring0: r0 10.0.1.1/24 2001:db8:1::1/64 (MAC R0), host a 10.0.1.2, 2001:db8:1::2 = HA
//   ring1: r1 10.0.2.1/24 2001:db8:2::1/64 (MAC R1), neighbours 10.0.2.2, 2001:db8:2::2 = NB
// Frames are built, and the router's answers read, by scapy (Debian's /usr/bin/python3, one
// process for all the tests): a TCP/IP stack nobody here wrote says what a checksum or a
// RST's numbers must be.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include <rte_ring.h>

#include "iface/iface.h"
#include "l3/l3_host.h"
#include "l3_fixture.h"

namespace
{

using namespace l3test;

// One scapy process for the whole run (Debian's /usr/bin/python3; importing scapy takes
// about a second, which a process per question paid each time). A question is a line
// "<code bytes> <input bytes>\n", the code, and the input (hex frames, one a line); the
// answer is a line "<bytes>\n" and what the code printed. Each question runs in a fresh
// namespace with sys, scapy's names and `frames` (the input's frames); an exception is
// reported on stderr and answered with nothing printed, as a failed process was.
const char *kScapyServer = R"PY(
import contextlib, io, sys, traceback
from scapy.all import *
base = dict(globals())
inp, out = sys.stdin.buffer, sys.stdout.buffer
for head in iter(inp.readline, b""):
    n_code, n_in = map(int, head.split())
    code, data = inp.read(n_code).decode(), inp.read(n_in).decode()
    env = dict(base, frames=[bytes.fromhex(l) for l in data.split()])
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(code, env)
    except Exception:
        traceback.print_exc()
        printed = io.StringIO()
    r = printed.getvalue().encode()
    out.write(b"%d\n" % len(r) + r)
    out.flush()
)PY";

class ScapyServer
{
      public:
	~ScapyServer()
	{
		if (to_ != nullptr)
			fclose(to_); // the server reads EOF and exits
		if (from_ != nullptr)
			fclose(from_);
		if (pid_ > 0)
			waitpid(pid_, nullptr, 0);
	}

	// What @p code printed given @p input; "" if the server is gone.
	std::string
	run(const std::string &code, const std::string &input)
	{
		if (pid_ <= 0 && !start())
			return "";
		fprintf(to_, "%zu %zu\n", code.size(), input.size());
		fwrite(code.data(), 1, code.size(), to_);
		fwrite(input.data(), 1, input.size(), to_);
		fflush(to_);
		size_t n;
		if (fscanf(from_, "%zu", &n) != 1 || fgetc(from_) != '\n')
			return "";
		std::string r(n, '\0');
		if (n > 0 && fread(&r[0], 1, n, from_) != n)
			return "";
		return r;
	}

      private:
	pid_t pid_ = 0;
	FILE *to_ = nullptr, *from_ = nullptr;

	bool
	start()
	{
		int in[2], out[2];
		// A server that died fails its questions, not the test binary (SIGPIPE).
		signal(SIGPIPE, SIG_IGN);
		if (pipe2(in, O_CLOEXEC) != 0)
			return false;
		if (pipe2(out, O_CLOEXEC) != 0) {
			close(in[0]);
			close(in[1]);
			return false;
		}
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
		posix_spawn_file_actions_adddup2(&fa, out[1], 1);
		const char *argv[] = {"/usr/bin/python3", "-c", kScapyServer, nullptr};
		int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, (char *const *)argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		close(in[0]);
		close(out[1]);
		if (rc != 0) {
			pid_ = 0;
			close(in[1]);
			close(out[0]);
			return false;
		}
		to_ = fdopen(in[1], "w");
		from_ = fdopen(out[0], "r");
		return to_ != nullptr && from_ != nullptr;
	}
};

// Run scapy on @p code (frames: @p in, hex); its stdout.
std::string
scapy(const std::string &code, const std::vector<Bytes> &in = {})
{
	static ScapyServer server;
	std::string hex;
	for (const Bytes &b : in) {
		for (uint8_t c : b) {
			char h[3];
			snprintf(h, sizeof(h), "%02x", c);
			hex += h;
		}
		hex += "\n";
	}
	return server.run(code, hex);
}

// The frame scapy makes of @p expr (an Ether()/... expression).
Bytes
frame_of(const std::string &expr)
{
	std::string hex = scapy("sys.stdout.write(bytes(" + expr + ").hex())");
	Bytes b;
	for (size_t i = 0; i + 1 < hex.size(); i += 2)
		b.push_back((uint8_t)std::stoi(hex.substr(i, 2), nullptr, 16));
	return b;
}

// scapy's reading of @p f: @p expr of p = Ether(f), printed; "bad checksum" first when
// an IP, TCP or ICMP checksum is wrong (scapy recomputes them once deleted).
std::string
read_of(const Bytes &f, const std::string &expr)
{
	return scapy("p = Ether(frames[0])\n"
		     "q = Ether(frames[0])\n"
		     "for l in (IP, TCP, UDP, ICMP, ICMPv6DestUnreach):\n"
		     "    if l in q and hasattr(q[l], 'chksum'): del q[l].chksum\n"
		     "    if l in q and hasattr(q[l], 'cksum'): del q[l].cksum\n"
		     "if bytes(Ether(bytes(q))) != frames[0]: print('bad checksum')\n"
		     "print(" + expr + ")",
		     {f});
}

const char *kMacs = "src='02:00:00:00:0a:02', dst='02:00:00:00:01:01'";

class L3Local : public L3
{
      protected:
	void
	SetUp() override
	{
		L3::SetUp();
		if (HasFatalFailure())
			return;
		v6_addr(cfg->l3.rifs[0], "2001:db8:1::1");
		v6_addr(cfg->l3.rifs[1], "2001:db8:2::1");
		vsw_l3_conf &l3 = cfg->l3;
		l3.neighs[l3.n_neighs].rif = 0; // host a, known: answers leave at once
		l3.neighs[l3.n_neighs].addr = ip4("10.0.1.2");
		memcpy(l3.neighs[l3.n_neighs++].mac, HA, 6);
		l3.neighs6[0].rif = 1;
		inet_pton(AF_INET6, "2001:db8:2::2", l3.neighs6[0].addr);
		memcpy(l3.neighs6[0].mac, NB, 6);
		l3.neighs6[1].rif = 0;
		inet_pton(AF_INET6, "2001:db8:1::2", l3.neighs6[1].addr);
		memcpy(l3.neighs6[1].mac, HA, 6);
		l3.n_neighs6 = 2;
		l3.icmp_ratelimit_ms = 0;
		reapply();
		vsw_l3.pool = RingPorts::get().pool;
		walk();
		out(0);
		out(1);
	}

	void
	TearDown() override
	{
		__atomic_store_n(&vsw_l3_host.on[0], 0, __ATOMIC_RELAXED);
		vsw_l3.pool = nullptr;
		L3::TearDown();
	}

	static void
	v6_addr(vsw_rif_conf &r, const char *a)
	{
		r.n_addrs6 = 1;
		inet_pton(AF_INET6, a, r.addrs6[0].addr);
		r.addrs6[0].len = 64;
	}

	// Host a's frame @p l3 (an IP()/... or IPv6()/... expression) to the router; what
	// ring0 sends back.
	std::vector<Bytes>
	ask(const std::string &l3, unsigned times = 1)
	{
		Bytes f = frame_of("Ether(" + std::string(kMacs) + ")/" + l3);
		EXPECT_FALSE(f.empty()) << "scapy made no frame of " << l3;
		for (unsigned i = 0; i < times; i++)
			RingPorts::get().inject(0, f);
		walk();
		walk(); // what the control thread injected
		return out(0);
	}
};

} // namespace

TEST_F(L3Local, TcpSynWithoutAHostPathIsResetAsLinuxDoes)
{
	auto o = ask("IP(src='10.0.1.2', dst='10.0.2.1', tos=0x11)/"
		     "TCP(sport=40000, dport=22, flags='S', seq=1000)/Raw(b'x'*5)");
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(read_of(o[0], "p.dst, p[IP].src, p[IP].dst, p[IP].ttl, p[IP].flags, p[IP].id, "
				"p[IP].tos, p.sport, p.dport, p[TCP].flags, p.seq, p.ack, p.window, "
				"len(p[TCP].payload)"),
		  "02:00:00:00:0a:02 10.0.2.1 10.0.1.2 64 DF 0 16 22 40000 RA 0 1006 0 0\n")
		<< "from the address asked, ack = seq + SYN + 5 bytes";
	EXPECT_EQ(drops("ip4_local_unhandled"), 0u);
}

TEST_F(L3Local, TcpAckIsResetWithItsAckAsSequence)
{
	auto o = ask("IP(src='10.0.1.2', dst='10.0.1.1', options=[IPOption_NOP()]*4)/"
		     "TCP(sport=40001, dport=80, flags='A', seq=5, ack=123456789)");
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(read_of(o[0], "p[IP].ihl, p[IP].len, p[TCP].flags, p.seq, p.ack, p.sport"),
		  "5 40 R 123456789 0 80\n")
		<< "a RST alone, its header without the options";
}

TEST_F(L3Local, TcpNotAnsweredRstBadChecksumRateLimited)
{
	EXPECT_TRUE(ask("IP(src='10.0.1.2', dst='10.0.1.1')/TCP(dport=80, flags='R')").empty());
	EXPECT_EQ(drops("tcp_reset_suppressed"), 1u) << "a RST is never answered";
	EXPECT_TRUE(ask("IP(src='10.0.1.2', dst='10.0.1.1')/TCP(dport=80, flags='S', chksum=1)")
			    .empty());
	EXPECT_EQ(drops("tcp_bad"), 1u);
	cfg->l3.icmp_ratelimit_ms = 60000;
	reapply();
	auto o = ask("IP(src='10.0.1.2', dst='10.0.1.1')/TCP(dport=80, flags='S')", 8);
	EXPECT_EQ(o.size(), 6u) << "a burst of 6, as the ICMP errors";
	EXPECT_EQ(drops("tcp_reset_rate_limited"), 2u);
}

TEST_F(L3Local, Ipv6TcpSynIsResetUdpPortUnreachable)
{
	auto o = ask("IPv6(src='2001:db8:1::2', dst='2001:db8:2::1', tc=0x20, fl=7)/"
		     "TCP(sport=40000, dport=22, flags='S', seq=77)");
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(read_of(o[0], "p[IPv6].src, p[IPv6].dst, p[IPv6].hlim, p[IPv6].tc, p[IPv6].fl, "
				"p.sport, p.dport, p[TCP].flags, p.seq, p.ack"),
		  "2001:db8:2::1 2001:db8:1::2 64 0 0 22 40000 RA 0 78\n");
	o = ask("IPv6(src='2001:db8:1::2', dst='2001:db8:1::1')/UDP(sport=5000, dport=53)/"
		"Raw(b'abcd')");
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(read_of(o[0], "p[IPv6].src, p[ICMPv6DestUnreach].type, p[ICMPv6DestUnreach].code, "
				"p[IPerror6][UDPerror].dport"),
		  "2001:db8:1::1 1 4 53\n");
}

TEST_F(L3Local, Ipv6ToUsGoesToTheHostPathEchoStaysTheDataPaths)
{
	__atomic_store_n(&vsw_l3_host.on[0], L3_HOST_V4 | L3_HOST_V6, __ATOMIC_RELAXED); // no TUN
	Bytes syn = frame_of("Ether(" + std::string(kMacs) +
			     ")/IPv6(src='2001:db8:1::2', dst='2001:db8:2::1')/TCP(dport=22)");
	Bytes udp = frame_of("Ether(" + std::string(kMacs) +
			     ")/IPv6(src='2001:db8:1::2', dst='2001:db8:1::1')/UDP(dport=53)");
	Bytes echo = frame_of("Ether(" + std::string(kMacs) +
			      ")/IPv6(src='2001:db8:1::2', dst='2001:db8:1::1')/ICMPv6EchoRequest()");
	for (const Bytes *f : {&syn, &udp, &echo})
		RingPorts::get().inject(0, *f);
	rte_graph_walk(vsw_pipeline_worker(0)->graph);
	auto o = RingPorts::get().drain(0); // a ring port is a loopback: read it before a walk
	ASSERT_EQ(rte_ring_count(vsw_l3_host.ring), 2u) << "TCP and UDP, for the control thread";
	for (const Bytes *f : {&syn, &udp}) {
		void *obj = nullptr;
		ASSERT_EQ(rte_ring_dequeue(vsw_l3_host.ring, &obj), 0);
		rte_mbuf *m = static_cast<rte_mbuf *>(obj);
		const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
		EXPECT_EQ(Bytes(d, d + m->pkt_len), *f) << "untouched";
		EXPECT_EQ(vsw_mbuf_meta(m)->l3.vrf, 0);
		rte_pktmbuf_free(m);
	}
	ASSERT_EQ(o.size(), 1u) << "the echo reply, from the data path";
	EXPECT_EQ(read_of(o[0], "p[ICMPv6EchoReply].type"), "129\n");
	EXPECT_EQ(drops("ip6_local_unhandled") + drops("tcp_reset_suppressed"), 0u);
}

TEST_F(L3Local, Ipv6FromTheHostIsRoutedAsOurOwnWithItsHopLimit)
{
	// What the kernel wrote into the TUN, as the control thread hands it over.
	auto from_host = [](const Bytes &ip) {
		rte_mbuf *m = rte_pktmbuf_alloc(RingPorts::get().pool);
		ASSERT_NE(m, nullptr);
		char *p = rte_pktmbuf_append(m, (uint16_t)(14 + ip.size()));
		memcpy(p + 14, ip.data(), ip.size());
		struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
		uint16_t r0 = vsw_iface_from_name("r0")->id;
		vsw_mbuf_meta_rx(meta, r0);
		meta->l2_len = 14;
		meta->ethertype = 0x86dd;
		memset(&meta->l3, 0, sizeof(meta->l3));
		meta->l3.rif = r0;
		meta->l3.v6 = 1;
		ASSERT_EQ(rte_ring_enqueue(vsw_l3.inject, m), 0);
	};
	Bytes ok = frame_of("IPv6(src='2001:db8:1::1', dst='2001:db8:2::2', hlim=64)/"
			    "TCP(sport=22, dport=40000, flags='SA')");
	from_host(ok);
	from_host(frame_of("IPv6(src='fe80::1', dst='ff02::16')/ICMPv6MLReport2()")); // MLD
	from_host(frame_of("IPv6(src='2001:db8:1::1', dst='2001:db8:77::1')/UDP()")); // no route
	from_host(frame_of("IPv6(src='2001:db8:1::1', dst='2001:db8:2::1')/UDP()"));  // ourselves
	walk();
	auto o = out(1);
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(Bytes(o[0].begin(), o[0].begin() + 6), Bytes(NB, NB + 6));
	EXPECT_EQ(Bytes(o[0].begin() + 6, o[0].begin() + 12), Bytes(R1, R1 + 6));
	EXPECT_EQ(get16(o[0], 12), 0x86dd);
	EXPECT_EQ(Bytes(o[0].begin() + 14, o[0].end()), ok) << "hop limit 64 kept";
	EXPECT_EQ(drops("l3_host_no_route"), 3u);
	EXPECT_TRUE(out(0).empty());
}

TEST_F(L3Local, ProxyNdAnswersForWhatIsRoutedElsewhere)
{
	const std::string ns = "Ether(src='02:00:00:00:0a:02', dst='%s')/"
			       "IPv6(src='2001:db8:1::2', dst='%s', hlim=255)/ICMPv6ND_NS(tgt='%s')/"
			       "ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:0a:02')";
	auto solicit = [&](const char *mac, const char *dst, const char *tgt) {
		char e[512];
		snprintf(e, sizeof(e), ns.c_str(), mac, dst, tgt);
		RingPorts::get().inject(0, frame_of(e));
		walk();
		return out(0);
	};
	// Off: a solicitation for b's address is not for r0.
	EXPECT_TRUE(solicit("33:33:ff:00:00:02", "ff02::1:ff00:2", "2001:db8:2::2").empty());
	EXPECT_EQ(drops("ip6_not_unicast"), 1u);
	cfg->l3.rifs[0].proxy_nd = true;
	reapply();
	walk();
	out(0);
	auto o = solicit("33:33:ff:00:00:02", "ff02::1:ff00:2", "2001:db8:2::2");
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(read_of(o[0], "p.src, p.dst, p[IPv6].src, p[IPv6].dst, p[IPv6].hlim, "
				"p[ICMPv6ND_NA].tgt, p[ICMPv6ND_NA].R, p[ICMPv6ND_NA].S, "
				"p[ICMPv6ND_NA].O, p[ICMPv6NDOptDstLLAddr].lladdr"),
		  "02:00:00:00:01:01 02:00:00:00:0a:02 2001:db8:1::1 2001:db8:1::2 255 "
		  "2001:db8:2::2 1 1 0 02:00:00:00:01:01\n")
		<< "for b, with r0's MAC, from r0's address, override clear";
	o = solicit("02:00:00:00:01:01", "2001:db8:2::2", "2001:db8:2::2");
	ASSERT_EQ(o.size(), 1u) << "a unicast solicitation (a's reachability check) too";
	EXPECT_EQ(read_of(o[0], "p[ICMPv6ND_NA].tgt, p[ICMPv6ND_NA].O"), "2001:db8:2::2 0\n");
	EXPECT_TRUE(out(1).empty()) << "not forwarded to b";
	EXPECT_TRUE(solicit("33:33:ff:00:00:07", "ff02::1:ff00:7", "2001:db8:1::7").empty())
		<< "a's own subnet is not proxied";
	EXPECT_EQ(drops("nd_not_for_us"), 1u);
}

TEST_F(L3Local, RecordRouteGetsTheEgressAddressAsFromLinux)
{
	// Room for 3 addresses, one taken (a's); then a full one, passed untouched.
	auto send = [&](const std::string &opt) {
		RingPorts::get().inject(
			0, frame_of("Ether(" + std::string(kMacs) + ")/IP(src='10.0.1.2', dst='10.0.2.2', "
				    "options=[" + opt + "])/ICMP()"));
		walk();
		return out(1);
	};
	auto o = send("IPOption_RR(pointer=8, routers=['10.0.1.2', '0.0.0.0', '0.0.0.0'])");
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(read_of(o[0], "p[IP].ttl, p[IP].options[0].pointer, p[IP].options[0].routers"),
		  "63 12 ['10.0.1.2', '10.0.2.1', '0.0.0.0']\n")
		<< "r1's address, the header checksum right";
	o = send("IPOption_NOP(), IPOption_RR(pointer=8, routers=['10.0.1.2'])");
	ASSERT_EQ(o.size(), 1u);
	EXPECT_EQ(read_of(o[0], "p[IP].options[1].pointer, p[IP].options[1].routers"),
		  "8 ['10.0.1.2']\n")
		<< "full: untouched";
}
