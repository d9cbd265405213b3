# The two commands of the README, run as root on Debian 12:
#   make run    install what is missing, build, start vswd on config/default.yaml
#   make test   install what is missing, build, run every unit and scenario test
BUILD   ?= build
# The unit tests again, under AddressSanitizer and UndefinedBehaviorSanitizer (gcc).
ASAN_BUILD ?= build-asan
CONFIG  ?= config/default.yaml
MESON_OPTS ?=

.PHONY: all deps build asan hugepages run test unit-test clean

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

hugepages:
	@bash tools/setup-hugepages.sh

run: build hugepages
	exec $(BUILD)/app/vswd -c $(CONFIG)

test: build asan hugepages
	ASAN_BUILD=$(ASAN_BUILD) bash tests/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
