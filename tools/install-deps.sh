#!/bin/bash
# Install the Debian 12 packages vsw needs to build, run and test. Idempotent: installs
# only what is missing, and runs apt-get update only when it has to install something.
set -euo pipefail

PACKAGES=(
	# build
	gcc g++ make meson ninja-build pkg-config
	libdpdk-dev libyaml-dev libgtest-dev
	# run: dpdk-testpmd, dpdk-telemetry.py, dpdk-dumpcap; hugepages and namespaces
	dpdk dpdk-dev iproute2 procps kmod
	# tests: real Linux peers and traffic
	iputils-ping iputils-tracepath traceroute iperf3 python3 python3-scapy tcpdump psmisc
	# tests: Linux's NAT gateway as the oracle of test_nat_dnat (iptables' nat table)
	iptables
	# tests: real QEMU guests (TCG) on vhost-user: Debian's kernel, a busybox initramfs
	qemu-system-x86 linux-image-amd64 busybox-static cpio
	# tests: a real Prometheus server and promtool (one package); systemd-analyze
	prometheus systemd
	# tools/bench --replay: OVS-DPDK side by side (the tool starts its own private instance;
	# the package's system service is not used)
	openvswitch-switch-dpdk
	# fuzzing: clang with libFuzzer and its sanitizer runtimes (libclang-rt-14-dev)
	clang libclang-rt-dev
)

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: run as root (apt-get)" >&2
	exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
