/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What vswd prints and cleans on its way out.
 */
#include <dirent.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "port_iface.h"
#include "vswd.h"

void
vswd_print_summary(FILE *f)
{
	uint64_t drops[VSW_DROP_MAX], sw;
	struct vsw_port_stats s;
	struct vsw_iface *it;
	unsigned int r;

	fprintf(f, "vswd: final counters\n");
	fprintf(f, "  %-16s %14s %16s %14s %16s %12s\n", "port", "rx_packets", "rx_bytes",
		"tx_packets", "tx_bytes", "drops");
	VSW_IFACE_FOREACH(it, VSW_IFACE_PORT) {
		if (vsw_port_stats_get(vsw_port_of(it), &s) != 0)
			continue;
		vsw_pipeline_port_drops(it->id, drops);
		for (sw = 0, r = 0; r < vsw_drop_count(); r++)
			sw += drops[r];
		fprintf(f, "  %-16s %14lu %16lu %14lu %16lu %12lu\n", it->name,
			s.rx_packets, s.rx_bytes, s.tx_packets, s.tx_bytes,
			sw + s.rx_missed + s.rx_nombuf + s.rx_errors + s.tx_errors);
		if (s.rx_missed + s.rx_nombuf + s.rx_errors + s.tx_errors != 0)
			fprintf(f, "  %-16s rx_missed %lu rx_nombuf %lu rx_errors %lu tx_errors %lu\n",
				"", s.rx_missed, s.rx_nombuf, s.rx_errors, s.tx_errors);
	}
	vsw_pipeline_drops(drops);
	fprintf(f, "vswd: drops by reason\n");
	for (r = 0; r < vsw_drop_count(); r++)
		fprintf(f, "  %-20s %14lu  %s\n", vsw_drop_name(r), drops[r],
			vsw_drop_description(r));
	fflush(f);
}

int
vswd_remove_hugepage_files(const char *prefix)
{
	char path[4096], want[300];
	struct mntent *m;
	struct dirent *e;
	int removed = 0;
	FILE *mounts;
	size_t len;
	DIR *dp;

	len = (size_t)snprintf(want, sizeof(want), "%smap_", prefix);
	mounts = setmntent("/proc/mounts", "r");
	if (mounts == NULL)
		return 0;
	while ((m = getmntent(mounts)) != NULL) {
		if (strcmp(m->mnt_type, "hugetlbfs") != 0)
			continue;
		dp = opendir(m->mnt_dir);
		if (dp == NULL)
			continue;
		while ((e = readdir(dp)) != NULL) {
			if (strncmp(e->d_name, want, len) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", m->mnt_dir, e->d_name);
			if (unlink(path) == 0)
				removed++;
		}
		closedir(dp);
	}
	endmntent(mounts);
	return removed;
}
