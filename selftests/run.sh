#!/bin/sh
# Run every selftest binary (inside the VM); TAP on stdout.  The fuzzer and
# the stress suite run small here (a full-size run of both is its own VM
# run: run-stress.sh; and run-debug.sh under the debug kernel).
rc=0
/selftests/vm-setup.sh
export MMSCOPE_FUZZ_MESSAGES=${MMSCOPE_FUZZ_MESSAGES:-50000}
export MMSCOPE_STRESS_REQUESTS=${MMSCOPE_STRESS_REQUESTS:-500}
export MMSCOPE_STRESS_UNLOAD=${MMSCOPE_STRESS_UNLOAD:-2}
for t in /selftests/*_test; do
	echo "# ==== $(basename "$t")"
	t0=$(date +%s)
	"$t" || rc=1
	echo "# $(basename "$t"): $(( $(date +%s) - t0 )) s"
done
exit $rc
