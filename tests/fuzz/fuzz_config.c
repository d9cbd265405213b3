/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the config loader on a whole file, as vswd reads it. The input is
 * written to a memfd and loaded through its /proc path with vsw_config_load(), so the file
 * reading is in the loop too. Beyond "no crash, no leak": an error names the file, and an
 * accepted config keeps every promise of vsw_config.h (fuzz_check.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vsw_config cfg; /* ~600 KiB: not on the stack. */
	static char path[64];
	static int fd = -1;
	char err[VSW_ERR_MAX];
	int rc;

	if (fd < 0) {
		fd = memfd_create("fuzz.yaml", MFD_CLOEXEC);
		FUZZ_CHECK(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0);
	FUZZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);

	memset(err, 'x', sizeof(err));
	rc = vsw_config_load(path, &cfg, err);
	if (rc == 0) {
		FUZZ_CHECK(err[0] == '\0');
		FUZZ_CHECK(strcmp(cfg.path, path) == 0);
		fuzz_check_config(&cfg);
		vsw_config_release(&cfg);
	} else {
		FUZZ_CHECK(rc == -EINVAL); /* A file this small is a config error or nothing. */
		fuzz_check_err(err, path);
	}
	return 0;
}
