/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the config parser tests (test_config*.cc): parse a text, expect an error
 * at an exact "file:line:column: ", and small valid configs to extend.
 */
#ifndef VSW_TEST_CONFIG_UTIL_H
#define VSW_TEST_CONFIG_UTIL_H

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>
#include <fcntl.h>
#include <unistd.h>

#include "vsw_config.h"

namespace cfgtest
{

/* Frees the config and the routes it holds. */
struct CfgFree {
	void
	operator()(vsw_config *c) const
	{
		vsw_config_release(c);
		delete c;
	}
};
using CfgPtr = std::unique_ptr<vsw_config, CfgFree>;

struct Result {
	int rc;
	std::string err;
	CfgPtr cfg;
};

inline Result
Parse(const std::string &text)
{
	Result r;
	char err[VSW_ERR_MAX];

	memset(err, 'x', sizeof(err));
	r.cfg = CfgPtr(new vsw_config());
	r.rc = vsw_config_parse("t.yaml", text.data(), text.size(), r.cfg.get(), err);
	r.err.assign(err, strnlen(err, sizeof(err)));
	EXPECT_LT(strnlen(err, sizeof(err)), sizeof(err)) << "error not NUL-terminated";
	return r;
}

/* The text is refused with -EINVAL, an error starting with @p where and containing @p what. */
inline ::testing::AssertionResult
Fails(const std::string &text, const std::string &where, const std::string &what)
{
	Result r = Parse(text);

	if (r.rc != -EINVAL)
		return ::testing::AssertionFailure()
		       << "rc " << r.rc << " (expected -EINVAL), err '" << r.err << "'";
	if (r.err.rfind(where, 0) != 0)
		return ::testing::AssertionFailure()
		       << "err '" << r.err << "' does not start with '" << where << "'";
	if (r.err.find(what) == std::string::npos)
		return ::testing::AssertionFailure()
		       << "err '" << r.err << "' does not contain '" << what << "'";
	return ::testing::AssertionSuccess();
}

/* A valid config whose single port has the extra lines @p port_lines (from line 6 on). */
inline std::string
OneTap(const std::string &port_lines)
{
	return "workers:\n"
	       "  lcores: [1]\n"
	       "ports:\n"
	       "  - name: tap0\n"
	       "    kind: tap\n" +
	       port_lines;
}

/* A valid config whose single port is a trunk, with the extra lines @p lines (from line 7). */
inline std::string
OneTrunk(const std::string &lines)
{
	return OneTap("    vlan_mode: trunk\n" + lines);
}

/* The VLANs whose bit is set in a trunk bitmap, in increasing order. */
inline std::vector<unsigned>
Vlans(const uint8_t bitmap[VSW_VLAN_BITMAP_BYTES])
{
	std::vector<unsigned> v;

	for (unsigned vid = 0; vid < 4096; vid++)
		if (vsw_vlan_bit(bitmap, uint16_t(vid)))
			v.push_back(vid);
	return v;
}

const char kMinimal[] = R"(workers:
  lcores: [1]
ports:
  - name: tap0
    kind: tap
)";

} // namespace cfgtest

using namespace cfgtest;

#endif /* VSW_TEST_CONFIG_UTIL_H */
