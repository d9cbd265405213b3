#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Build the test guest's initramfs: busybox (busybox-static), the virtio-net driver of the
# kernel in /boot (linux-image-amd64) with its dependencies, iperf3 (Debian's, with the
# libraries ldd names) and tests/vm/guest-init as /init. Cached: rebuilt only when an input
# is newer than the image. Prints the paths of the kernel and the image.
# Usage: mkinitramfs.sh OUT_DIR        (tests use build/vm)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: mkinitramfs.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)
[ -n "$kernel" ] || { echo "mkinitramfs: no kernel in /boot (tools/install-deps.sh)" >&2; exit 1; }
kver=${kernel#/boot/vmlinuz-}
mods=/lib/modules/$kver
busybox=/bin/busybox
[ -x "$busybox" ] && [[ "$(ldd "$busybox" 2>&1 || true)" == *"not a dynamic"* ]] ||
	{ echo "mkinitramfs: no static busybox (busybox-static)" >&2; exit 1; }
image=$out/initramfs-$kver.cpio.gz
inputs=("$here/guest-init" "$here/mkinitramfs.sh" "$busybox" /usr/bin/iperf3 "$mods/modules.dep")

fresh=1
[ -s "$image" ] || fresh=0
for f in "${inputs[@]}"; do
	[ "$fresh" -eq 1 ] && [ "$f" -nt "$image" ] && fresh=0
done
if [ "$fresh" -eq 0 ]; then
	root=$(mktemp -d "$out/root.XXXXXX")
	trap 'rm -rf "$root"' EXIT
	mkdir -p "$root"/{bin,sbin,lib/modules,lib64,usr/bin,proc,sys,dev,tmp,etc}
	cp "$busybox" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	cp "$here/guest-init" "$root/init"
	chmod 755 "$root/init"

	# virtio_net and virtio_pci with what they need, dependencies first (modules.dep lists
	# a module's dependencies, nearest first: load them in reverse).
	declare -A seen=()
	load=()
	add_mod() {
		local rel=$1 dep line
		[ -n "${seen[$rel]:-}" ] && return
		seen[$rel]=1
		line=$(grep -m1 "^$rel:" "$mods/modules.dep") || return 0 # built in
		for dep in $(echo "${line#*:}" | tr ' ' '\n' | tac); do
			add_mod "$dep"
		done
		cp "$mods/$rel" "$root/lib/modules/$(basename "$rel")"
		load+=("$(basename "$rel")")
	}
	for m in virtio_pci virtio_net; do
		rel=$(grep -oE "^[^:]*/$m\.ko[^:]*" "$mods/modules.dep" | head -1)
		[ -n "$rel" ] && add_mod "$rel"
	done
	printf '%s\n' "${load[@]}" >"$root/lib/modules/load"

	# iperf3 and its libraries at the paths ldd gives (the guest has the same loader).
	cp /usr/bin/iperf3 "$root/usr/bin/iperf3"
	for lib in $(ldd /usr/bin/iperf3 | grep -oE '/[^ ]+'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
	echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -6) >"$image.tmp"
	mv "$image.tmp" "$image"
fi
echo "$kernel $image"
