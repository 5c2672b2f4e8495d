#!/bin/sh
# Under the debug kernel: the fuzzer and the stress suite (with unload
# cycles), then run-debug.sh's kmemleak scan.  The other selftests run in
# a VM of their own beside this one (run-debug-tests.sh).
exec /selftests/run-debug.sh /selftests/fuzz_test /selftests/stress_test
