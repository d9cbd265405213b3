# The two commands of the README, run as root on Debian 12:
#   make run    install what is missing, build, start vswd on config/default.yaml
#   make test   install what is missing, build, run every unit and scenario test
BUILD   ?= build
CONFIG  ?= config/default.yaml
MESON_OPTS ?=

.PHONY: all deps build hugepages run test unit-test clean

all: build

deps:
	@bash tools/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

hugepages:
	@bash tools/setup-hugepages.sh

run: build hugepages
	exec $(BUILD)/app/vswd -c $(CONFIG)

test: build hugepages
	bash tests/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)
