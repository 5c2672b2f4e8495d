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
# The kernel's YNL CLI against the module (python3 and the CLI come with
# scripts/vm --ynl, which make check gives every run of this script).
echo "# ==== ynl_test.py"
if [ -x /usr/bin/python3 ]; then
	t0=$(date +%s)
	/selftests/ynl_test.py || rc=1
	echo "# ynl_test.py: $(( $(date +%s) - t0 )) s"
else
	echo "ok 1 ynl_cli # SKIP no python3 in this VM (scripts/vm --ynl)"
fi
exit $rc
