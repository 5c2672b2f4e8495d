#!/bin/sh
# Under the debug kernel (KASAN, lockdep, DEBUG_VM, kmemleak...): every
# selftest, then the stress suite with unload cycles, then the fuzzer with
# 1,000,000 messages, then a kmemleak scan.  A kernel report of any kind
# fails the run: scripts/vm reads the console; a leak kmemleak finds is
# printed here and fails too.  Arguments: the tests to run (default: all).
rc=0
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
kml=/sys/kernel/debug/kmemleak
if [ -w $kml ]; then
	echo clear > $kml	# what booting left behind is not ours
	echo "# run-debug: kmemleak on, boot-time objects cleared"
else
	echo "# run-debug: no kmemleak in this kernel"
	rc=1
fi
/selftests/vm-setup.sh
export MMSCOPE_FUZZ_MESSAGES=${MMSCOPE_FUZZ_MESSAGES:-1000000}
export MMSCOPE_STRESS_REQUESTS=${MMSCOPE_STRESS_REQUESTS:-10000}
export MMSCOPE_STRESS_CLIENTS=${MMSCOPE_STRESS_CLIENTS:-64}
export MMSCOPE_STRESS_UNLOAD=${MMSCOPE_STRESS_UNLOAD:-20}
tests=${*:-/selftests/*_test}
for t in $tests; do
	echo "# ==== $(basename "$t")"
	"$t" || rc=1
done
if [ -w $kml ]; then
	# kmemleak reports objects older than 5 s that nothing points to.
	sleep 6
	echo scan > $kml
	sleep 6
	echo scan > $kml
	n=$(grep -c "^unreferenced object" $kml)
	echo "# ==== kmemleak"
	if [ "$n" != 0 ]; then
		echo "not ok 1 kmemleak: $n unreferenced objects"
		sed 's/^/# /' $kml
		rc=1
	else
		echo "ok 1 kmemleak: no unreferenced object"
	fi
fi
exit $rc
