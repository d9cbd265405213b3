/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the reload diff between two configs. The input is the old file, a line
 * "#8<", then the new file (without that line, both are the whole input). When both parse,
 * the diff must keep its promises (vsw_config_diff.h):
 *   - a config against itself: success and an empty diff;
 *   - old -> new and new -> old: both succeed or both need a restart (a restart key that
 *     changed has changed either way), and what one adds the other removes;
 *   - every index is in range for the config it points into, and every change has a mask;
 *   - objects are matched by name: added - removed = the change in the count.
 */
#include <errno.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char cut[] = "\n#8<\n";

static void
check_diff(const struct vsw_config *o, const struct vsw_config *n, const struct vsw_config_diff *d)
{
	unsigned int i;

	FUZZ_CHECK(d->n_ports_added <= n->n_ports && d->n_ports_removed <= o->n_ports);
	FUZZ_CHECK(d->n_ports_added + o->n_ports == d->n_ports_removed + n->n_ports);
	for (i = 0; i < d->n_ports_added; i++)
		FUZZ_CHECK(d->ports_added[i] < n->n_ports);
	for (i = 0; i < d->n_ports_removed; i++)
		FUZZ_CHECK(d->ports_removed[i] < o->n_ports);
	FUZZ_CHECK(d->n_ports_changed <= n->n_ports && d->n_ports_changed <= o->n_ports);
	for (i = 0; i < d->n_ports_changed; i++) {
		const struct vsw_diff_change *c = &d->ports_changed[i];

		FUZZ_CHECK(c->old_index < o->n_ports && c->new_index < n->n_ports);
		FUZZ_CHECK(strcmp(o->ports[c->old_index].name, n->ports[c->new_index].name) == 0);
		FUZZ_CHECK(c->mask != 0);
	}

	FUZZ_CHECK(d->n_bridges_added <= n->n_bridges && d->n_bridges_removed <= o->n_bridges);
	FUZZ_CHECK(d->n_bridges_added + o->n_bridges == d->n_bridges_removed + n->n_bridges);
	for (i = 0; i < d->n_bridges_added; i++)
		FUZZ_CHECK(d->bridges_added[i] < n->n_bridges);
	for (i = 0; i < d->n_bridges_removed; i++)
		FUZZ_CHECK(d->bridges_removed[i] < o->n_bridges);
	FUZZ_CHECK(d->n_bridges_changed <= n->n_bridges && d->n_bridges_changed <= o->n_bridges);
	for (i = 0; i < d->n_bridges_changed; i++) {
		const struct vsw_diff_change *c = &d->bridges_changed[i];

		FUZZ_CHECK(c->old_index < o->n_bridges && c->new_index < n->n_bridges);
		FUZZ_CHECK(strcmp(o->bridges[c->old_index].name, n->bridges[c->new_index].name) ==
			   0);
		FUZZ_CHECK(c->mask != 0);
	}

	FUZZ_CHECK(d->n_static_added + o->n_static_macs == d->n_static_removed + n->n_static_macs);
	for (i = 0; i < d->n_static_added; i++)
		FUZZ_CHECK(d->static_added[i] < n->n_static_macs);
	for (i = 0; i < d->n_static_removed; i++)
		FUZZ_CHECK(d->static_removed[i] < o->n_static_macs);
}

/* The diff of @p c with itself: nothing. */
static void
check_self(const struct vsw_config *c, struct vsw_config_diff *d)
{
	char err[VSW_ERR_MAX];

	FUZZ_CHECK(vsw_config_diff(c, c, d, err) == 0);
	FUZZ_CHECK(vsw_config_diff_empty(d));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vsw_config a, b;
	static struct vsw_config_diff ab, ba;
	const char *text = (const char *)data, *mid;
	size_t len_a = size, off_b = 0;
	char err_ab[VSW_ERR_MAX], err_ba[VSW_ERR_MAX];
	int rc_ab, rc_ba;

	mid = memmem(text, size, cut, sizeof(cut) - 1);
	if (mid != NULL) {
		len_a = (size_t)(mid - text) + 1; /* Keep the old file's last newline. */
		off_b = len_a + sizeof(cut) - 2;
	}
	if (vsw_config_parse("old.yaml", text, len_a, &a, err_ab) != 0)
		return -1; /* Not a pair of configs: keep it out of the corpus. */
	if (vsw_config_parse("new.yaml", text + off_b, size - off_b, &b, err_ba) != 0) {
		vsw_config_release(&a);
		return -1;
	}

	check_self(&a, &ab);
	check_self(&b, &ab);

	memset(err_ab, 'x', sizeof(err_ab));
	memset(err_ba, 'x', sizeof(err_ba));
	rc_ab = vsw_config_diff(&a, &b, &ab, err_ab);
	rc_ba = vsw_config_diff(&b, &a, &ba, err_ba);
	FUZZ_CHECK(rc_ab == 0 || rc_ab == -ENOTSUP);
	FUZZ_CHECK(rc_ab == rc_ba);
	if (rc_ab != 0) {
		fuzz_check_err(err_ab, "new.yaml");
		fuzz_check_err(err_ba, "old.yaml");
		goto out;
	}
	check_diff(&a, &b, &ab);
	check_diff(&b, &a, &ba);
	FUZZ_CHECK(ab.n_ports_added == ba.n_ports_removed);
	FUZZ_CHECK(ab.n_ports_changed == ba.n_ports_changed);
	FUZZ_CHECK(ab.n_bridges_added == ba.n_bridges_removed);
	FUZZ_CHECK(ab.n_bridges_changed == ba.n_bridges_changed);
	FUZZ_CHECK(ab.n_static_added == ba.n_static_removed);
	FUZZ_CHECK(ab.xconnect_changed == ba.xconnect_changed);
	FUZZ_CHECK(ab.workers == ba.workers);
	FUZZ_CHECK(vsw_config_diff_empty(&ab) == vsw_config_diff_empty(&ba));
out:
	vsw_config_release(&a);
	vsw_config_release(&b);
	return 0;
}
