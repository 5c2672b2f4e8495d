#!/bin/sh
# The runs with the legacy vsyscall page mapped: every test that compares
# whole /proc/PID/maps or smaps output, so that the [vsyscall] gate area
# is compared too.
rc=0
/selftests/vm-setup.sh
for t in /selftests/maps_test /selftests/smaps_test; do
	echo "# ==== $(basename "$t")"
	t0=$(date +%s)
	"$t" || rc=1
	echo "# $(basename "$t"): $(( $(date +%s) - t0 )) s"
done
exit $rc
