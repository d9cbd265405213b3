#!/bin/bash
# Reserve 2 MB hugepages and mount hugetlbfs, for vswd and the test "VMs".
# Usage: setup-hugepages.sh [PAGES]   (default 1024 pages = 2 GiB; never lowers the count)
set -euo pipefail

want=${1:-1024}
nr=/proc/sys/vm/nr_hugepages
have=$(cat "$nr")
if [ "$have" -lt "$want" ]; then
	echo "$want" > "$nr"
	have=$(cat "$nr")
	if [ "$have" -lt "$want" ]; then
		echo "setup-hugepages: only $have of $want hugepages could be reserved" >&2
	fi
fi
if ! grep -qs '^[^ ]* /dev/hugepages hugetlbfs' /proc/mounts; then
	mkdir -p /dev/hugepages
	mount -t hugetlbfs nodev /dev/hugepages
fi
# Files of DPDK processes that are gone pin hugepages until removed: drop those whose
# prefix no running process holds (EAL keeps a lock on the files it uses).
for f in /dev/hugepages/*map_*; do
	[ -e "$f" ] || continue
	if ! fuser -s "$f" 2>/dev/null; then
		rm -f "$f"
	fi
done
