#!/bin/sh
# make demo: run inside the VM.  Starts mmscope_target (a mapped file,
# anonymous memory, a shared mapping, a transparent huge page, a forked
# child) and shows what mmscope sees of it: the task, its mappings
# (compared with /proc byte for byte), its memory figures, its page
# tables, one address through every level, and the child's faults traced
# live while it breaks copy on write and reads a file, with its counters.
set -e
run() {
	echo
	echo "\$ $*"
	"$@"
}
dir=/tmp
[ -d /mnt/ext4 ] && dir=/mnt/ext4	# a real filesystem, when the VM has one
mmscope_target demo "$dir" > /tmp/demo.pids &
while [ ! -s /tmp/demo.pids ]; do sleep 0.1; done
read -r parent child anon thp < /tmp/demo.pids
trap 'kill "$child" "$parent" 2>/dev/null; mmscope counters --disable >/dev/null 2>&1 || true' EXIT
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
run mmscope rollup "$parent"
run mmscope pmap "$parent"
run mmscope pt --compact --vma "$anon" "$parent"
run mmscope pt --page --range "$thp-$(printf %x $((0x$thp + 0x200000)))" "$parent"
run mmscope vtop "$parent" "$anon"
run mmscope ptstat "$parent"
run mmscope shared "$parent" "$child"
run mmscope mem
run mmscope cpus
run mmscope map "$parent"
run mmscope map --svg /tmp/map.svg "$parent"

# The child's faults, live: it breaks copy on write on 16 pages it shares
# with its parent, then reads 8 pages of a privately mapped file.
run mmscope counters --enable
echo
echo "\$ mmscope faults -p $child --duration 3 --svg /tmp/faults.svg &  kill -USR1 $child"
mmscope faults -p "$child" --duration 3 --svg /tmp/faults.svg > /tmp/faults.txt &
tracer=$!
sleep 1
kill -USR1 "$child"
wait "$tracer"
cat /tmp/faults.txt
run mmscope counters "$child"

# The two pictures, for make demo to write next to its output.
for f in map faults; do
	echo "---- BEGIN $f.svg"
	cat "/tmp/$f.svg"
	echo "---- END $f.svg"
done
