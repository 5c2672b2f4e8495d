#!/bin/sh
# Under the debug kernel: every selftest but the fuzzer and the stress
# suite (those run in a VM of their own beside this one:
# run-debug-load.sh), then run-debug.sh's kmemleak scan.
tests=
for t in /selftests/*_test; do
	case $t in */fuzz_test|*/stress_test) ;; *) tests="$tests $t" ;; esac
done
exec /selftests/run-debug.sh $tests
