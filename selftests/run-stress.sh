#!/bin/sh
# The stress suite and the fuzzer at full size: 64 clients sending 10,000
# requests of every kind while the module is unloaded and loaded 20 times,
# then 1,000,000 fuzzed messages.
rc=0
/selftests/vm-setup.sh
export MMSCOPE_STRESS_REQUESTS=${MMSCOPE_STRESS_REQUESTS:-10000}
export MMSCOPE_STRESS_CLIENTS=${MMSCOPE_STRESS_CLIENTS:-64}
export MMSCOPE_STRESS_UNLOAD=${MMSCOPE_STRESS_UNLOAD:-20}
export MMSCOPE_FUZZ_MESSAGES=${MMSCOPE_FUZZ_MESSAGES:-1000000}
for t in /selftests/stress_test /selftests/fuzz_test; do
	echo "# ==== $(basename "$t")"
	t0=$(date +%s)
	"$t" || rc=1
	echo "# $(basename "$t"): $(( $(date +%s) - t0 )) s"
done
exit $rc
