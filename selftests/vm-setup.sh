#!/bin/sh
# Inside the VM, before the tests: a zram swap device (for the swap
# scenarios) and a pool of 2 MiB hugetlb pages.  Prints what it did as TAP
# comments; a step that fails is reported, and the tests that need it fail.
set -u
for m in $(cat /lib/kmod/order 2>/dev/null); do
	insmod "/lib/kmod/$m.ko" 2>/dev/null || echo "# vm-setup: insmod $m failed"
done
if [ -e /sys/block/zram0/disksize ] || echo 1 > /sys/class/zram-control/hot_add 2>/dev/null; then
	echo 256M > /sys/block/zram0/disksize &&
	mkswap /dev/zram0 > /dev/null && swapon /dev/zram0 &&
	echo "# vm-setup: zram swap on /dev/zram0 ($(sed -n 2p /proc/swaps | awk '{print $3}') kB)"
else
	echo "# vm-setup: no zram device"
fi
# The virtio disks of scripts/vm: ext4 on /dev/vda, xfs on /dev/vdb.
for fs in ext4:vda xfs:vdb; do
	t=${fs%%:*} d=/dev/${fs#*:}
	mkdir -p "/mnt/$t"
	if [ -b "$d" ] && mount -t "$t" "$d" "/mnt/$t"; then
		echo "# vm-setup: $t on $d mounted on /mnt/$t"
	else
		echo "# vm-setup: no $t disk ($d)"
	fi
done
# Nothing is loaded on demand here (the VM has no module tree): without a
# modprobe path, a lookup of the family while mmscope is unloaded fails at
# once instead of spawning a usermode helper that cannot help.
echo > /proc/sys/kernel/modprobe
echo 64 > /proc/sys/vm/nr_hugepages
echo "# vm-setup: $(cat /proc/sys/vm/nr_hugepages) hugetlb pages of 2 MiB"
