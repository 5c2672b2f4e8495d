#!/bin/sh
# make demo: run inside the VM.  Starts mmscope_target (a mapped file,
# anonymous memory, a shared mapping, a forked child) and shows what
# mmscope sees of it.
set -e
run() {
	echo
	echo "\$ $*"
	"$@"
}
mmscope_target demo /tmp > /tmp/demo.pids &
while [ ! -s /tmp/demo.pids ]; do sleep 0.1; done
read -r parent child < /tmp/demo.pids
run mmscope status
run mmscope task "$parent"
run mmscope maps --long "$parent"
run mmscope task "$child"
echo
echo "\$ diff <(mmscope maps $parent) /proc/$parent/maps"
mmscope maps "$parent" > /tmp/ours
if cmp -s /tmp/ours "/proc/$parent/maps"; then
	echo "identical, byte for byte"
else
	diff /tmp/ours "/proc/$parent/maps" || true
	exit 1
fi
kill "$child" "$parent"
