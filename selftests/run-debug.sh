#!/bin/sh
# Under the debug kernel (KASAN, lockdep, DEBUG_VM, kmemleak...): every
# selftest, the stress suite with unload cycles and the fuzzer among them,
# then a kmemleak scan.  A kernel report of any kind
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
# Under KASAN, lockdep and kmemleak in TCG a request costs ~30 times what
# it costs on 6.12 (10-30 requests/s, ~200 fuzz messages/s): the sizes here
# keep each debug VM near 25 minutes; the full sizes run on 6.12
# (run-stress.sh).
export MMSCOPE_FUZZ_MESSAGES=${MMSCOPE_FUZZ_MESSAGES:-100000}
export MMSCOPE_STRESS_REQUESTS=${MMSCOPE_STRESS_REQUESTS:-1000}
export MMSCOPE_STRESS_CLIENTS=${MMSCOPE_STRESS_CLIENTS:-64}
export MMSCOPE_STRESS_UNLOAD=${MMSCOPE_STRESS_UNLOAD:-5}
# task_test's targets that exit while dumped: each has 3,000 VMAs and takes
# ~18 s to set up here (30 of them came within 45 s of the harness's limit)
export MMSCOPE_EXIT_ROUNDS=${MMSCOPE_EXIT_ROUNDS:-10}
tests=${*:-/selftests/*_test}
for t in $tests; do
	echo "# ==== $(basename "$t")"
	t0=$(date +%s)
	"$t" || rc=1
	echo "# $(basename "$t"): $(( $(date +%s) - t0 )) s"
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
