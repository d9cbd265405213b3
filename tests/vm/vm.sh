# SPDX-License-Identifier: BSD-3-Clause
# Real QEMU guests on vhost-user sockets, for the scenario tests: source it (after
# tests/scenario/lib.sh, whose cleanup then kills the guests), or run it to boot one guest
# with its console on the terminal (see the end of the file and docs/testing.md).
#
# A guest is Debian's kernel (/boot) with the busybox initramfs of mkinitramfs.sh, under
# TCG (never KVM: nested KVM hangs on the test machines), its memory from hugepages shared
# with vswd (vhost-user needs share=on), one virtio-net-pci on the socket. QEMU 7.2 under
# TCG needs vectors=0 (INTx) on virtio-net-pci with vhost-user, else the guest never gets
# its interrupts.
#
#   vm_kit [DIR]                          build or reuse the initramfs (DIR: build/vm)
#   vm_start NAME SOCK ROLE MAC [IP/LEN [GW [QUEUES [ARGS]]]]
#                                         boot a guest; ROLE "connect" (vswd is the
#                                         server) or "listen" (QEMU server=on, vswd the
#                                         client); QUEUES queue pairs (mq=on) and as
#                                         many vCPUs; ARGS: more kernel arguments
#   vm_wait_ready NAME [S]                wait for its init to have configured eth0
#   vm_run NAME S CMD                     run CMD in the guest (serial console), print
#                                         its output, return its status (124: timed out)
#   vm_send NAME CMD                      send CMD, do not wait for it
#   vm_stop NAME / vm_kill NAME           power it off (SIGTERM) / SIGKILL QEMU
#   vm_console NAME                       the console log so far
VM_TOP=${VSW_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VM_MEM_MB=${VM_MEM_MB:-256}
VM_DIR=${VM_DIR:-${T_TMP:-/tmp}/vm}
declare -A VM_PID=() VM_FD=()

vm_kit() {
	local kit
	kit=$(bash "$VM_TOP/tests/vm/mkinitramfs.sh" "${1:-$VM_TOP/build/vm}") || return 1
	VM_KERNEL=${kit% *}
	VM_INITRD=${kit#* }
}

vm_start() {
	local name=$1 sock=$2 role=$3 mac=$4 ip=${5:-} gw=${6:-} queues=${7:-1} args=${8:-}
	local d=$VM_DIR/$name chr net dev append
	[ -n "${VM_KERNEL:-}" ] || vm_kit || return 1
	mkdir -p "$d"
	case $role in
	connect) chr="socket,id=chr0,path=$sock,reconnect=1" ;;
	listen) chr="socket,id=chr0,path=$sock,server=on,wait=off" ;;
	*) echo "vm_start: role is connect or listen, not '$role'" >&2; return 1 ;;
	esac
	net="vhost-user,id=net0,chardev=chr0,queues=$queues"
	dev="virtio-net-pci,netdev=net0,mac=$mac,vectors=0"
	[ "$queues" -gt 1 ] && dev+=",mq=on"
	append="console=ttyS0 quiet panic=-1 vsw.ip=$ip vsw.gw=$gw $args"
	# The serial console: QEMU reads $d/ser.in and writes $d/ser.out, which a cat copies to
	# the log. We hold ser.in open (read-write: no blocking, and QEMU never sees EOF).
	[ -p "$d/ser.in" ] || mkfifo "$d/ser.in" "$d/ser.out"
	if [ -z "${VM_FD[$name]:-}" ]; then
		exec {VM_FD[$name]}<>"$d/ser.in"
	fi
	cat "$d/ser.out" >>"$d/console.log" &
	T_PIDS+=($!)
	# One vCPU per queue pair: Linux's virtio-net enables min(CPUs, queue pairs) pairs and
	# maps CPU n's transmissions to tx queue n (XPS), so every queue can be reached.
	qemu-system-x86_64 -name "$name" -machine pc,accel=tcg -cpu qemu64 -smp "$queues" \
		-m "$VM_MEM_MB" -nodefaults -no-user-config -display none \
		-object "memory-backend-file,id=mem0,size=${VM_MEM_MB}M,mem-path=/dev/hugepages,share=on" \
		-numa node,memdev=mem0 \
		-chardev "$chr" -netdev "$net" -device "$dev" \
		-chardev "pipe,id=ser0,path=$d/ser" -serial chardev:ser0 \
		-kernel "$VM_KERNEL" -initrd "$VM_INITRD" -append "$append" \
		>>"$d/qemu.log" 2>&1 &
	VM_PID[$name]=$!
	T_PIDS+=(${VM_PID[$name]})
}

vm_console() { tr -d '\r' <"$VM_DIR/$1/console.log" 2>/dev/null; }

# vm_wait_ready NAME [S [N]]: wait until the console shows the Nth "ready" (default: the
# count at the last vm_start plus one... simply: at least N, default 1).
vm_wait_ready() {
	local name=$1 s=${2:-60} n=${3:-1} i
	for i in $(seq $((s * 10))); do
		[ "$(vm_console "$name" | grep -c '^vsw-guest: ready')" -ge "$n" ] && return 0
		kill -0 "${VM_PID[$name]}" 2>/dev/null || { echo "vm $name: QEMU exited"; \
			tail -5 "$VM_DIR/$name/qemu.log"; return 1; }
		sleep 0.1
	done
	echo "vm $name: not ready in $s s; console:"
	vm_console "$name" | tail -15
	return 1
}

vm_run() {
	local name=$1 s=$2 n i out
	shift 2
	n=$(date +%s%N) # unique without a counter (vm_run often runs in a subshell)
	# The markers are split in what we send, so only their output can match.
	printf 'echo "@@""B %s"; %s; echo "@@""E %s $?"\n' "$n" "$*" "$n" >&"${VM_FD[$name]}"
	for i in $(seq $((s * 10))); do
		out=$(vm_console "$name" | sed -n "/^@@B $n\$/,/^@@E $n /p")
		if grep -q "^@@E $n " <<<"$out"; then
			sed '1d;$d' <<<"$out"
			return "$(sed -n "s/^@@E $n //p" <<<"$out")"
		fi
		sleep 0.1
	done
	sed '1d' <<<"$out"
	return 124
}

# vm_send NAME CMD: send a command line without waiting for it (e.g. "reboot -f").
vm_send() { printf '%s\n' "$2" >&"${VM_FD[$1]}"; }

vm_stop() { # vm_stop NAME [SIGNAL]
	local name=$1 pid=${VM_PID[$1]:-} i
	[ -n "$pid" ] || return 0
	kill "-${2:-TERM}" "$pid" 2>/dev/null || true
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	VM_PID[$name]=
	return 0
}
vm_kill() { vm_stop "$1" KILL; }

# Run directly: boot one guest, console on the terminal (Ctrl-a x quits).
#   tests/vm/vm.sh SOCK connect|listen [IP/LEN [GW [QUEUES]]]
if [ "${BASH_SOURCE[0]}" == "$0" ]; then
	set -euo pipefail
	[ $# -ge 2 ] || { sed -n '2,/^VM_TOP/p' "$0" | sed '$d'; exit 1; }
	vm_kit
	case $2 in
	connect) chr="socket,id=chr0,path=$1,reconnect=1" ;;
	listen) chr="socket,id=chr0,path=$1,server=on,wait=off" ;;
	esac
	q=${5:-1}
	exec qemu-system-x86_64 -machine pc,accel=tcg -cpu qemu64 -smp "$q" -m "$VM_MEM_MB" \
		-nodefaults -no-user-config -nographic -serial mon:stdio \
		-object "memory-backend-file,id=mem0,size=${VM_MEM_MB}M,mem-path=/dev/hugepages,share=on" \
		-numa node,memdev=mem0 -chardev "$chr" -netdev "vhost-user,id=net0,chardev=chr0,queues=$q" \
		-device "virtio-net-pci,netdev=net0,mac=02:00:00:00:0c:01,vectors=0$([ "$q" -gt 1 ] && echo ,mq=on)" \
		-kernel "$VM_KERNEL" -initrd "$VM_INITRD" \
		-append "console=ttyS0 quiet panic=-1 vsw.ip=${3:-} vsw.gw=${4:-}"
fi
