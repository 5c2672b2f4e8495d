#!/bin/sh
# Run every selftest binary (inside the VM); TAP on stdout.  The fuzzer
# sends MMSCOPE_FUZZ_MESSAGES messages: 50,000 here, 1,000,000 under the
# debug kernel (run-debug.sh).
rc=0
/selftests/vm-setup.sh
export MMSCOPE_FUZZ_MESSAGES=${MMSCOPE_FUZZ_MESSAGES:-50000}
for t in /selftests/*_test; do
	echo "# ==== $(basename "$t")"
	"$t" || rc=1
done
exit $rc
