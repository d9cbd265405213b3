/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's IPv6 control side (l3_ctl6.c, l3_apply6.c, l3_nd_ctl.c): FIB6 copies, IPv6
 * routes and neighbours, router advertisements. Control thread only, as l3_ctl.h.
 */
#ifndef VSW_L3_CTL6_H
#define VSW_L3_CTL6_H

#include "l3/l3_ctl.h"
#include "l3/l3_ip6.h"

struct l3_ctl6 {
	uint32_t glean[VSW_MAX_IFACES]; /* per interface id: its IPv6 subnets' next hop */
	/* Router advertisements, per interface id. */
	uint32_t ra_next_s[VSW_MAX_IFACES];   /* the next unsolicited one */
	uint32_t ra_sent[VSW_MAX_IFACES];     /* sent since it was enabled */
	uint64_t ra_rs_tsc[VSW_MAX_IFACES];   /* the last one answering a solicitation */
	uint8_t ra_on[VSW_MAX_IFACES];
	uint8_t ra_ll[VSW_MAX_IFACES][16];    /* the link-local address it advertised from */
};
extern struct l3_ctl6 l3c6;

int l3_6_init(void);
/* Shared by l3_ctl6.c and l3_apply6.c. */
void l3_key6(struct l3_route6_key *k, uint8_t vrf, const uint8_t *prefix, uint8_t len);
uint32_t l3_neigh6_get(uint8_t vrf, const uint8_t *ip, uint16_t rif);
uint16_t l3_rif_on_subnet6(const struct l3_dp *dp, uint8_t vrf, const uint8_t *ip);
void l3_6_fini(void);
static inline int
l3_route6_install(const struct l3_route6_key *k, uint32_t nh, uint8_t kind)
{
	return l3_fam_install(&l3c.f6, k, nh, kind);
}
static inline void
l3_route6_remove(const struct l3_route6_key *k)
{
	l3_fam_remove(&l3c.f6, k);
}
/* A neighbour event of the workers (ND) or a router solicitation. */
void l3_learn6_one(const struct l3_learn *ev, uint32_t now_s);
/* The neighbour (vrf, ip), or NULL. */
struct l3_nh *l3_neigh6_find(uint8_t vrf, const uint8_t *ip);
/* Interface @p r's IPv6 part from its config (l3_apply.c's rif_fill). */
void l3_rif_fill6(struct l3_rif *r, const struct vsw_rif_conf *rc);
/* Before the new version @p dp is published: make the FIB6 copies its VRFs need. */
int l3_apply6_prepare(const struct vsw_config *cfg, const uint8_t *slot, struct l3_dp *dp,
		      char *err, size_t err_len);
/* After: the IPv6 routes the config wants, installed (l3_fib_commit() publishes them). */
int l3_apply6(const struct vsw_config *cfg, const uint8_t *slot, const uint16_t *rif_id);
/* Unsolicited neighbour advertisements of the addresses the last apply brought up. */
void l3_announce6(void);
/* Router advertisements due (l3_nd_ctl.c); every tick. */
void l3_nd_poll(uint32_t now_s);
/* A last advertisement from @p old_ll, router lifetime 0: hosts drop it as a router. */
void l3_ra_goodbye(uint16_t rif, const uint8_t *old_ll);
/* Answer a router solicitation on @p rif (rate-limited). */
void l3_ra_solicited(uint16_t rif);
/* An unsolicited neighbour advertisement of @p addr on @p rif (its address came up). */
void l3_na_announce(uint16_t rif, const uint8_t *addr);
void l3_route6_walk(void (*fn)(const struct vsw_l3_route_info *r, void *arg), void *arg);
void l3_neigh6_walk(void (*fn)(const struct vsw_l3_neigh_info *n, void *arg), void *arg);

#endif /* VSW_L3_CTL6_H */
