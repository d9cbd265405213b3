# The two commands of the README, run as root on Debian 12:
#   make run    install what is missing, build, start vswd on config/default.yaml
#   make test   install what is missing, build, run every unit and scenario test, and each
#               fuzz target for FUZZ_TEST_TIME seconds
#   make install  install vswd, vswctl, the systemd units and /etc/vsw/vswd.yaml (meson
#               install; PREFIX of the build, /usr/local by default; DESTDIR honoured)
#   make fuzz   run each fuzz target for FUZZ_TIME seconds (docs/testing.md)
BUILD   ?= build
# The unit tests again, under AddressSanitizer and UndefinedBehaviorSanitizer (gcc).
ASAN_BUILD ?= build-asan
# The libFuzzer targets (clang, ASan+UBSan): seconds per target in `make test` and `make fuzz`.
FUZZ_BUILD ?= build-fuzz
FUZZ_TEST_TIME ?= 20
FUZZ_TIME ?= 600
CONFIG  ?= config/default.yaml
MESON_OPTS ?=

.PHONY: all deps build asan fuzz-build fuzz hugepages run test install clean

all: build

deps:
	@bash tools/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Every UBSan finding is fatal (no recovery), so a report cannot scroll by unnoticed.
$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) $(MESON_OPTS) -Dbuildtype=debugoptimized \
		-Db_sanitize=address,undefined \
		-Dc_args=-fno-sanitize-recover=all -Dcpp_args=-fno-sanitize-recover=all

asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD) unit

$(FUZZ_BUILD)/build.ninja:
	CC=clang CXX=clang++ meson setup $(FUZZ_BUILD) -Dfuzz=true -Dtests=false \
		-Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false

fuzz-build: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD) fuzz

fuzz: fuzz-build
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_TIME)

hugepages:
	@bash tools/setup-hugepages.sh

run: build hugepages
	exec $(BUILD)/app/vswd -c $(CONFIG)

test: build asan fuzz-build hugepages
	ASAN_BUILD=$(ASAN_BUILD) FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_TEST_TIME=$(FUZZ_TEST_TIME) \
		bash tests/run.sh $(BUILD)

install: build
	meson install -C $(BUILD) $(if $(DESTDIR),--destdir $(DESTDIR))

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
