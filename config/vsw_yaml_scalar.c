/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar parsers of the config helpers: integers, booleans, strings, names, MACs, enums,
 * lcore lists and VLAN lists. Each one reports its own error at the node (see vsw_yaml.h).
 */

#include "vsw_yaml.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int
vsw_yaml_uint(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, uint32_t min,
	      uint32_t max, uint32_t *out)
{
	char shown[VSW_YAML_SHOW_BUF];
	const char *s, *digits;
	uint64_t v = 0;
	size_t len;

	if (node->type != YAML_SCALAR_NODE || vsw_yaml_is_null(node))
		return vsw_yaml_error(y, node, "expected an integer for '%s', got %s", key,
				      vsw_yaml_show(node, shown));
	if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return vsw_yaml_error(y, node,
				      "expected an integer for '%s', got the quoted string %s "
				      "(remove the quotes)",
				      key, vsw_yaml_show(node, shown));

	s = vsw_yaml_scalar(node);
	len = vsw_yaml_scalar_len(node);
	digits = (s[0] == '-' || s[0] == '+') ? s + 1 : s;
	if (*digits == '\0' || strspn(digits, "0123456789") != len - (size_t)(digits - s))
		return vsw_yaml_error(y, node, "expected an integer for '%s', got %s", key,
				      vsw_yaml_show(node, shown));
	if (digits != s)
		return vsw_yaml_error(y, node, "'%s' must be in %u..%u (no sign), got %s", key, min,
				      max, vsw_yaml_show(node, shown));
	if (digits[0] == '0' && digits[1] != '\0')
		return vsw_yaml_error(y, node,
				      "expected a decimal integer without leading zeros for "
				      "'%s', got %s",
				      key, vsw_yaml_show(node, shown));

	for (; *digits != '\0' && v <= UINT32_MAX; digits++)
		v = v * 10 + (uint64_t)(*digits - '0');
	if (v < min || v > max)
		return vsw_yaml_error(y, node, "'%s' must be in %u..%u, got %s", key, min, max,
				      vsw_yaml_show(node, shown));
	*out = (uint32_t)v;
	return 0;
}

int
vsw_yaml_u16(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, uint16_t min,
	     uint16_t max, uint16_t *out)
{
	uint32_t v = 0;
	int ret;

	ret = vsw_yaml_uint(y, node, key, min, max, &v);
	if (ret == 0)
		*out = (uint16_t)v;
	return ret;
}

int
vsw_yaml_bool(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on"};
	static const char *const no[] = {"false", "no", "off"};
	char shown[VSW_YAML_SHOW_BUF];

	if (node->type == YAML_SCALAR_NODE && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    !vsw_yaml_has_nul(node)) {
		for (size_t i = 0; i < 3; i++) {
			if (strcasecmp(vsw_yaml_scalar(node), yes[i]) == 0) {
				*out = true;
				return 0;
			}
			if (strcasecmp(vsw_yaml_scalar(node), no[i]) == 0) {
				*out = false;
				return 0;
			}
		}
	}
	return vsw_yaml_error(
	    y, node, "expected a boolean (true/false, yes/no, on/off) for '%s', got %s%s", key,
	    node->type == YAML_SCALAR_NODE && node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE
		? "the quoted string "
		: "",
	    vsw_yaml_show(node, shown));
}

int
vsw_yaml_str(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, char *buf,
	     size_t size)
{
	char shown[VSW_YAML_SHOW_BUF];

	if (node->type != YAML_SCALAR_NODE || vsw_yaml_is_null(node))
		return vsw_yaml_error(y, node, "expected a string for '%s', got %s", key,
				      vsw_yaml_show(node, shown));
	if (vsw_yaml_has_nul(node))
		return vsw_yaml_error(y, node, "'%s' must not contain a NUL character", key);
	if (vsw_yaml_scalar_len(node) == 0)
		return vsw_yaml_error(y, node, "'%s' must not be empty", key);
	if (vsw_yaml_scalar_len(node) >= size)
		return vsw_yaml_error(y, node, "'%s' is too long: %zu characters (max %zu)", key,
				      vsw_yaml_scalar_len(node), size - 1);
	memcpy(buf, vsw_yaml_scalar(node), vsw_yaml_scalar_len(node) + 1);
	return 0;
}

int
vsw_yaml_name(const struct vsw_yaml *y, const yaml_node_t *node, const char *what,
	      char name[VSW_NAME_MAX])
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	ret = vsw_yaml_str(y, node, "name", name, VSW_NAME_MAX);
	if (ret < 0)
		return ret;
	if (!vsw_is_alpha(name[0]))
		goto bad;
	for (const char *c = name; *c != '\0'; c++)
		if (!vsw_is_alnum(*c) && *c != '_' && *c != '.' && *c != '-')
			goto bad;
	return 0;
bad:
	return vsw_yaml_error(y, node,
			      "invalid %s name %s (expected 1..%u characters [A-Za-z0-9_.-] "
			      "starting with a letter)",
			      what, vsw_yaml_show(node, shown), VSW_NAME_MAX - 1);
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
vsw_yaml_mac(const struct vsw_yaml *y, const yaml_node_t *node, uint8_t mac[6])
{
	char shown[VSW_YAML_SHOW_BUF];
	const char *s;
	unsigned int i;

	if (node->type != YAML_SCALAR_NODE || vsw_yaml_scalar_len(node) != 17 ||
	    vsw_yaml_has_nul(node))
		goto bad;
	s = vsw_yaml_scalar(node);
	for (i = 0; i < 6; i++, s += 3) {
		int hi = hex_digit(s[0]), lo = hex_digit(s[1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[2] != ':'))
			goto bad;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	if (mac[0] & 0x01)
		return vsw_yaml_error(y, node,
				      "'mac' %s is a multicast address (low bit of the first "
				      "octet set); expected a unicast address",
				      vsw_yaml_show(node, shown));
	if ((mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) == 0)
		return vsw_yaml_error(y, node, "'mac' must not be all zeros");
	return 0;
bad:
	return vsw_yaml_error(y, node,
			      "expected a MAC address like 02:00:00:00:00:01 (six hex octets "
			      "separated by ':') for 'mac', got %s",
			      vsw_yaml_show(node, shown));
}

int
vsw_yaml_enum(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
	      const char *const names[], unsigned int n_names, unsigned int *out)
{
	char shown[VSW_YAML_SHOW_BUF], list[256];
	size_t len = 0;
	unsigned int i;

	if (node->type == YAML_SCALAR_NODE && !vsw_yaml_has_nul(node))
		for (i = 0; i < n_names; i++)
			if (strcmp(vsw_yaml_scalar(node), names[i]) == 0) {
				*out = i;
				return 0;
			}
	list[0] = '\0';
	for (i = 0; i < n_names && len < sizeof(list); i++) {
		int r = snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "", names[i]);
		if (r < 0)
			break;
		len += r;
	}
	return vsw_yaml_error(y, node, "expected one of %s for '%s', got %s", list, key,
			      vsw_yaml_show(node, shown));
}

int
vsw_yaml_lcores(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		unsigned int max, uint16_t out[], yaml_node_t *items[], unsigned int *n)
{
	char shown[VSW_YAML_SHOW_BUF];
	size_t i;
	int ret;

	if (node->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, node,
				      "expected a sequence of lcore numbers for '%s', got %s", key,
				      vsw_yaml_show(node, shown));
	for (i = 0; i < vsw_yaml_seq_len(node); i++) {
		yaml_node_t *item = vsw_yaml_seq_item(y, node, i);

		if (i >= max)
			return vsw_yaml_error(y, item, "too many entries in '%s' (at most %u)", key,
					      max);
		ret = vsw_yaml_u16(y, item, key, 0, VSW_LCORE_MAX, &out[i]);
		if (ret < 0)
			return ret;
		if (items != NULL)
			items[i] = item;
	}
	*n = (unsigned int)i;
	return 0;
}

/* -------------------------------------------------------------------------------------------
 * VLAN lists
 */

void
vsw_vlan_set(uint8_t bitmap[VSW_VLAN_BITMAP_BYTES], unsigned int vid)
{
	bitmap[vid >> 3] |= (uint8_t)(1u << (vid & 7));
}

unsigned int
vsw_vlan_count(const uint8_t bitmap[VSW_VLAN_BITMAP_BYTES])
{
	unsigned int n = 0;

	for (size_t i = 0; i < VSW_VLAN_BITMAP_BYTES; i++)
		n += (unsigned int)__builtin_popcount(bitmap[i]);
	return n;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

#define VLAN_LIST_HINT "expected VLAN ids 1..4094 and ranges like 200-299, separated by commas"

enum vid_status { VID_OK, VID_SYNTAX, VID_LEADING_ZERO, VID_RANGE };

/*
 * One VLAN id, @p s..@p end with the blanks around it already trimmed: decimal digits without
 * a leading zero, 1..VSW_VLAN_MAX.
 */
static enum vid_status
parse_vid(const char *s, const char *end, unsigned int *vid)
{
	unsigned int v = 0;

	if (s == end || strspn(s, "0123456789") < (size_t)(end - s))
		return VID_SYNTAX;
	if (s[0] == '0' && end - s > 1)
		return VID_LEADING_ZERO;
	for (; s < end && v <= VSW_VLAN_MAX; s++)
		v = v * 10 + (unsigned int)(*s - '0');
	if (v < 1 || v > VSW_VLAN_MAX)
		return VID_RANGE;
	*vid = v;
	return VID_OK;
}

/* One list scalar: "100", "200-299" or a comma-separated list of those. */
static int
vlan_list_scalar(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		 uint8_t bitmap[])
{
	const char *s = vsw_yaml_scalar(node), *end = s + vsw_yaml_scalar_len(node);
	char shown[VSW_YAML_SHOW_BUF], elem[VSW_YAML_SHOW_BUF];

	for (;;) {
		const char *b = s, *e = memchr(s, ',', (size_t)(end - s)), *dash, *next;
		enum vid_status st;
		unsigned int lo = 0, hi = 0;

		if (e == NULL)
			e = end;
		next = e;
		while (b < e && is_blank(*b))
			b++;
		while (e > b && is_blank(e[-1]))
			e--;
		if (b == e)
			return vsw_yaml_error(y, node, "invalid '%s' entry %s: empty element (%s)",
					      key, vsw_yaml_show(node, shown), VLAN_LIST_HINT);

		dash = memchr(b, '-', (size_t)(e - b));
		if (dash == NULL) {
			st = parse_vid(b, e, &lo);
			hi = lo;
		} else {
			const char *le = dash, *hb = dash + 1;

			while (le > b && is_blank(le[-1]))
				le--;
			while (hb < e && is_blank(*hb))
				hb++;
			st = parse_vid(b, le, &lo);
			if (st == VID_OK)
				st = parse_vid(hb, e, &hi);
		}
		vsw_show_bytes(b, (size_t)(e - b), elem);
		switch (st) {
		case VID_OK:
			break;
		case VID_RANGE:
			return vsw_yaml_error(y, node,
					      "invalid '%s' entry %s: VLAN out of range in %s "
					      "(expected 1..%u)",
					      key, vsw_yaml_show(node, shown), elem, VSW_VLAN_MAX);
		case VID_LEADING_ZERO:
			return vsw_yaml_error(y, node,
					      "invalid '%s' entry %s: leading zero in %s (expected "
					      "decimal VLAN ids)",
					      key, vsw_yaml_show(node, shown), elem);
		case VID_SYNTAX:
		default:
			return vsw_yaml_error(y, node, "invalid '%s' entry %s: bad element %s (%s)",
					      key, vsw_yaml_show(node, shown), elem,
					      VLAN_LIST_HINT);
		}
		if (lo > hi)
			return vsw_yaml_error(y, node,
					      "invalid '%s' entry %s: range %s is reversed "
					      "(expected a-b with a <= b)",
					      key, vsw_yaml_show(node, shown), elem);
		for (unsigned int v = lo; v <= hi; v++)
			vsw_vlan_set(bitmap, v);

		if (next == end)
			return 0;
		s = next + 1;
	}
}

int
vsw_yaml_vlan_list(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		   uint8_t bitmap[VSW_VLAN_BITMAP_BYTES])
{
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	if (node->type == YAML_SCALAR_NODE && !vsw_yaml_is_null(node))
		return vlan_list_scalar(y, node, key, bitmap);
	if (node->type != YAML_SEQUENCE_NODE)
		return vsw_yaml_error(y, node,
				      "expected a sequence of VLAN ids and ranges, or a string "
				      "like \"100-199,300\", for '%s', got %s",
				      key, vsw_yaml_show(node, shown));
	if (vsw_yaml_seq_len(node) == 0)
		return vsw_yaml_error(y, node, "'%s' must list at least one VLAN", key);
	for (size_t i = 0; i < vsw_yaml_seq_len(node); i++) {
		const yaml_node_t *item = vsw_yaml_seq_item(y, node, i);

		if (item->type != YAML_SCALAR_NODE || vsw_yaml_is_null(item))
			return vsw_yaml_error(y, item,
					      "expected a VLAN id or a string like \"200-299\" in "
					      "'%s', got %s",
					      key, vsw_yaml_show(item, shown));
		ret = vlan_list_scalar(y, item, key, bitmap);
		if (ret < 0)
			return ret;
	}
	return 0;
}
