/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 options (ip4_input, only for a header longer than 20 bytes), as Linux's
 * ip_options_compile() and ip_forward_options() treat a packet it receives:
 * - l3_ip4_opt_check(), before anything else is decided about the packet: a malformed list
 *   — an option cut short or longer than the header, a record-route or timestamp pointer
 *   below its minimum or naming a slot that does not fit, an option given twice, a full
 *   timestamp option whose overflow count would wrap — is answered with an ICMP parameter
 *   problem whose pointer names the faulty byte (ip4_input sends it); a source route (LSRR,
 *   SSRR) is dropped, as Linux does with accept_source_route 0 (its default for `all`).
 * - l3_ip4_opt_forward(), once the packet is forwarded: the egress address into a
 *   record-route option with room (ping -R shows it); a timestamp into a timestamp option
 *   (ms since midnight UTC, flag 0), with the ingress interface's address (flag 1: what
 *   Linux writes, its spec_dst; `ping -T tsandaddr` through a Linux router shows the
 *   router's address on the sender's side), or where the prespecified address is one of
 *   ours (flag 3); a full one's overflow count raised.
 * Other options (router alert, security, ...) pass untouched. Linux writes at receive what
 * this writes at forward: an ICMP error about the packet (TTL expired) quotes it unstamped.
 */
#include <netinet/ip.h> /* IPOPT_* */
#include <string.h>

#include <rte_cycles.h>
#include <rte_ip.h>

#include "l3/l3_priv.h"

/* Walk the options of @p ip: @p fn sees each but END and NOOP (its offset in @p opt and
 * length) and may stop the walk with a non-zero return, which is returned. A list cut short
 * returns the pointer (from the header's first byte) of the faulty byte. */
static int
opt_walk(struct rte_ipv4_hdr *ip, int (*fn)(uint8_t *opt, uint32_t i, uint32_t olen, void *arg),
	 void *arg)
{
	uint8_t *opt = (uint8_t *)(ip + 1);
	uint32_t len = (ip->version_ihl & 0xf) * 4u - sizeof(*ip), i = 0, olen;
	int rc;

	while (i < len && opt[i] != IPOPT_END) {
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (i + 2 > len)
			return (int)(sizeof(*ip) + i);
		olen = opt[i + 1];
		if (olen < 2 || i + olen > len)
			return (int)(sizeof(*ip) + i);
		rc = fn(opt, i, olen, arg);
		if (rc != 0)
			return rc;
		i += olen;
	}
	return 0;
}

struct opt_seen {
	bool rr, ts, srr;
};

static int
check_one(uint8_t *opt, uint32_t i, uint32_t olen, void *arg)
{
	struct opt_seen *seen = arg;
	const uint8_t *o = &opt[i];
	int at = (int)(sizeof(struct rte_ipv4_hdr) + i);

	switch (o[0]) {
	case IPOPT_LSRR:
	case IPOPT_SSRR:
		if (olen < 3)
			return at + 1;
		if (o[2] < 4 || seen->srr)
			return o[2] < 4 ? at + 2 : at;
		seen->srr = true;
		return 0;
	case IPOPT_RR:
		if (seen->rr)
			return at;
		if (olen < 3)
			return at + 1;
		if (o[2] < 4 || (o[2] <= olen && o[2] + 3u > olen))
			return at + 2;
		seen->rr = true;
		return 0;
	case IPOPT_TS:
		if (seen->ts)
			return at;
		if (olen < 4)
			return at + 1;
		if (o[2] < 5)
			return at + 2;
		if (o[2] <= olen) {
			uint32_t flag = o[3] & 0xf;
			uint32_t need =
				flag == IPOPT_TS_TSANDADDR || flag == IPOPT_TS_PRESPEC ? 7 : 3;

			if (o[2] + need > olen)
				return at + 2;
		} else if ((o[3] & 0xf) != IPOPT_TS_PRESPEC && o[3] >> 4 == 15) {
			return at + 3; /* the overflow count would wrap */
		}
		seen->ts = true;
		return 0;
	case IPOPT_RA:
		return olen < 4 ? at + 1 : 0;
	default:
		return 0;
	}
}

int
l3_ip4_opt_check(struct rte_ipv4_hdr *ip)
{
	struct opt_seen seen = {false, false, false};
	int rc = opt_walk(ip, check_one, &seen);

	if (rc != 0)
		return rc;
	return seen.srr ? L3_OPT_SOURCE_ROUTE : 0;
}

struct opt_fwd {
	const struct l3_dp *dp;
	uint8_t vrf;
	uint32_t rr_addr; /* the egress address, network order */
	uint32_t ts_addr; /* the ingress interface's address */
	bool changed;
};

/* Milliseconds since midnight UTC, network order (RFC 791's timestamp, Linux's
 * inet_current_timestamp()). */
static uint32_t
ts_now(void)
{
	uint64_t ms = vsw_l3.clock_ms + (rte_rdtsc() - vsw_l3.clock_tsc) * 1000 / rte_get_tsc_hz();

	return rte_cpu_to_be_32((uint32_t)(ms % (24 * 3600 * 1000)));
}

static int
forward_one(uint8_t *opt, uint32_t i, uint32_t olen, void *arg)
{
	struct opt_fwd *f = arg;
	uint8_t *o = &opt[i];
	uint32_t now, at;

	/* Its pointer (from 1) names the first free slot; l3_ip4_opt_check() made sure that a
	 * slot it names fits. */
	if (o[0] == IPOPT_RR && o[2] <= olen) {
		memcpy(&o[o[2] - 1], &f->rr_addr, 4);
		o[2] += 4;
		f->changed = true;
	} else if (o[0] == IPOPT_TS && o[2] > olen) {
		if ((o[3] & 0xf) != IPOPT_TS_PRESPEC) {
			o[3] += 0x10; /* no room: count it (check() refused a wrap) */
			f->changed = true;
		}
	} else if (o[0] == IPOPT_TS) {
		now = ts_now();
		at = o[2] - 1u;
		switch (o[3] & 0xf) {
		case IPOPT_TS_TSONLY:
			memcpy(&o[at], &now, 4);
			o[2] += 4;
			break;
		case IPOPT_TS_TSANDADDR:
			memcpy(&o[at], &f->ts_addr, 4);
			memcpy(&o[at + 4], &now, 4);
			o[2] += 8;
			break;
		case IPOPT_TS_PRESPEC: {
			uint32_t a, nh;

			memcpy(&a, &o[at], 4);
			nh = l3_lookup(f->dp, f->vrf, a);
			if (nh == UINT32_MAX || vsw_l3.nh[nh].type != NH_LOCAL)
				return 0; /* not ours: the next router's */
			memcpy(&o[at + 4], &now, 4);
			o[2] += 8;
			break;
		}
		default:
			return 0; /* an unknown flag: Linux leaves it */
		}
		f->changed = true;
	}
	return 0;
}

void
l3_ip4_opt_forward(const struct l3_dp *dp, uint8_t vrf, struct rte_ipv4_hdr *ip,
		   uint32_t rr_addr, uint32_t ts_addr)
{
	struct opt_fwd f = {
	    .dp = dp, .vrf = vrf, .rr_addr = rr_addr, .ts_addr = ts_addr, .changed = false};

	opt_walk(ip, forward_one, &f);
	if (f.changed) {
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
}
