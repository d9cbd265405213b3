// SPDX-License-Identifier: BSD-3-Clause
// The interface registry: ids from a pool, the name map, per-type operations, destroy order.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "iface/iface.h"

namespace
{

struct FakeConf {
	int value;
	bool fail;
};

std::vector<std::string> calls;

int
fake_create(vsw_iface *iface, const void *conf, char *err, size_t err_len)
{
	const FakeConf *c = static_cast<const FakeConf *>(conf);
	calls.push_back("create " + std::string(iface->name) + " " + std::to_string(iface->id));
	if (c->fail) {
		snprintf(err, err_len, "refused");
		return -EINVAL;
	}
	iface->priv = new int(c->value);
	return 0;
}

int
fake_reconfig(vsw_iface *iface, const void *conf, uint32_t mask, char *, size_t)
{
	*static_cast<int *>(iface->priv) = static_cast<const FakeConf *>(conf)->value;
	calls.push_back("reconfig " + std::string(iface->name) + " " + std::to_string(mask));
	return 0;
}

void
fake_destroy(vsw_iface *iface)
{
	// Unlinked before destroy: nobody finds it any more.
	EXPECT_EQ(vsw_iface_from_name(iface->name), nullptr);
	EXPECT_EQ(vsw_iface_from_id(iface->id), nullptr);
	calls.push_back("destroy " + std::string(iface->name));
	delete static_cast<int *>(iface->priv);
}

const vsw_iface_ops fake_ops = {"fake", fake_create, fake_reconfig, fake_destroy, nullptr};

class Iface : public ::testing::Test
{
      protected:
	void
	SetUp() override
	{
		ASSERT_EQ(vsw_iface_type_register(VSW_IFACE_PORT, &fake_ops), 0);
		calls.clear();
	}
	void
	TearDown() override
	{
		vsw_iface *i;
		while ((i = vsw_iface_next(VSW_IFACE_TYPE_COUNT, nullptr)) != nullptr)
			vsw_iface_destroy(i);
		EXPECT_EQ(vsw_iface_count(VSW_IFACE_TYPE_COUNT), 0u);
	}
	static vsw_iface *
	make(const char *name, int v = 0, bool fail = false)
	{
		FakeConf c{v, fail};
		char err[128] = "";
		return vsw_iface_create(VSW_IFACE_PORT, name, &c, err, sizeof(err));
	}
};

} // namespace

TEST_F(Iface, IdsAreStableAndReusedLowestFirst)
{
	vsw_iface *a = make("a"), *b = make("b"), *c = make("c");
	ASSERT_TRUE(a && b && c);
	EXPECT_EQ(a->id, 0);
	EXPECT_EQ(b->id, 1);
	EXPECT_EQ(c->id, 2);
	vsw_iface_destroy(b);
	// Others keep their ids; the freed id is taken by the next interface.
	EXPECT_EQ(vsw_iface_from_name("c")->id, 2);
	vsw_iface *d = make("d");
	ASSERT_NE(d, nullptr);
	EXPECT_EQ(d->id, 1);
	EXPECT_EQ(vsw_iface_from_id(1), d);
	EXPECT_EQ(vsw_iface_count(VSW_IFACE_PORT), 3u);
}

TEST_F(Iface, NamesAreUnique)
{
	ASSERT_NE(make("x"), nullptr);
	FakeConf c{0, false};
	char err[128] = "";
	EXPECT_EQ(vsw_iface_create(VSW_IFACE_PORT, "x", &c, err, sizeof(err)), nullptr);
	EXPECT_NE(std::string(err).find("exists"), std::string::npos) << err;
	EXPECT_EQ(vsw_iface_count(VSW_IFACE_PORT), 1u);
}

TEST_F(Iface, FailedCreateGivesTheIdBack)
{
	char err[128] = "";
	FakeConf bad{0, true};
	EXPECT_EQ(vsw_iface_create(VSW_IFACE_PORT, "bad", &bad, err, sizeof(err)), nullptr);
	EXPECT_STREQ(err, "refused");
	EXPECT_EQ(vsw_iface_from_name("bad"), nullptr);
	vsw_iface *ok = make("ok");
	ASSERT_NE(ok, nullptr);
	EXPECT_EQ(ok->id, 0);
}

TEST_F(Iface, ReconfigAndDestroyGoThroughTheTypesOps)
{
	vsw_iface *a = make("a", 1);
	ASSERT_NE(a, nullptr);
	FakeConf c{7, false};
	char err[128] = "";
	ASSERT_EQ(vsw_iface_reconfig(a, &c, 0x5, err, sizeof(err)), 0);
	EXPECT_EQ(*static_cast<int *>(a->priv), 7);
	vsw_iface_destroy(a);
	EXPECT_EQ(calls, (std::vector<std::string>{"create a 0", "reconfig a 5", "destroy a"}));
}

TEST_F(Iface, PoolIsBounded)
{
	for (unsigned i = 0; i < VSW_MAX_IFACES; i++)
		ASSERT_NE(make(("p" + std::to_string(i)).c_str()), nullptr) << i;
	FakeConf c{0, false};
	char err[128] = "";
	EXPECT_EQ(vsw_iface_create(VSW_IFACE_PORT, "one-too-many", &c, err, sizeof(err)),
		  nullptr);
	EXPECT_NE(std::string(err).find("no free interface id"), std::string::npos) << err;
	unsigned n = 0;
	vsw_iface *i;
	VSW_IFACE_FOREACH(i, VSW_IFACE_PORT)
	n++;
	EXPECT_EQ(n, VSW_MAX_IFACES);
}
