#!/bin/sh
# Run every selftest binary (inside the VM); TAP on stdout.
rc=0
/selftests/vm-setup.sh
for t in /selftests/*_test; do
	echo "# ==== $(basename "$t")"
	"$t" || rc=1
done
exit $rc
