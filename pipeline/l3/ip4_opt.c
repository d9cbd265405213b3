/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 options of a forwarded packet (ip4_input, only for a header longer than 20 bytes):
 * the router writes the address it sends the packet out from into a record-route option
 * with room left, as Linux's ip_forward_options() (ping -R shows it). Other options pass
 * untouched; a malformed list is left as it came (Linux would answer it with a parameter
 * problem).
 */
#include <netinet/ip.h> /* IPOPT_* */
#include <string.h>

#include <rte_ip.h>

#include "l3/l3_priv.h"


void
l3_ip4_opt_forward(struct rte_ipv4_hdr *ip, uint32_t addr)
{
	uint8_t *opt = (uint8_t *)(ip + 1);
	uint32_t len = (ip->version_ihl & 0xf) * 4u - sizeof(*ip), i = 0, olen;
	bool changed = false;

	while (i < len && opt[i] != IPOPT_END) {
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (i + 2 > len)
			break;
		olen = opt[i + 1];
		if (olen < 2 || i + olen > len)
			break;
		/* Its pointer (from 1, at least 4) names the first free slot: room for 4 bytes. */
		if (opt[i] == IPOPT_RR && olen >= 3 && opt[i + 2] >= 4 && opt[i + 2] + 3u <= olen) {
			memcpy(&opt[i + opt[i + 2] - 1], &addr, 4);
			opt[i + 2] += 4;
			changed = true;
		}
		i += olen;
	}
	if (changed) {
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
}
