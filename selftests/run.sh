#!/bin/sh
# The one runner of the test VM: run.sh [PROFILE] [TEST...]; TAP on stdout,
# exit status 1 if anything failed.  make check boots one VM per kernel and
# profile (scripts/check); make bench and make soak use it too.
#
#   all          every selftest, the fuzzer and the stress suite small,
#                then the kernel's YNL CLI (ynl_test.py; python3 comes with
#                scripts/vm --ynl)                                 (default)
#   gate         the tests that compare whole /proc/PID/maps and smaps:
#                booted with vsyscall=emulate|xonly, the [vsyscall] gate
#                area is compared too
#   stress       the stress suite and the fuzzer at full size: 64 clients,
#                10,000 requests of each kind, 20 unload cycles; 1,000,000
#                fuzzed messages
#   debug        under the debug kernel (KASAN, lockdep, kmemleak...): the
#                TESTs given (default: all) at sizes that keep a VM near 25
#                minutes, then a kmemleak scan (a leak fails the run; any
#                kernel report fails it too: scripts/vm reads the console)
#   debug-tests  debug, every selftest but the fuzzer and the stress suite
#   debug-load   debug, the fuzzer and the stress suite (with unload cycles)
#   bench        the benchmarks (make bench), one after the other
#   bench-icount the fault rows again, for a VM on instruction counting
#                (scripts/vm --icount: make bench's second run)
#
# Sizes come from the environment when set (MMSCOPE_FUZZ_MESSAGES,
# MMSCOPE_STRESS_REQUESTS, MMSCOPE_STRESS_CLIENTS, MMSCOPE_STRESS_UNLOAD,
# MMSCOPE_EXIT_ROUNDS), else from the profile.
profile=${1:-all}
[ $# -gt 0 ] && shift
rc=0
kmemleak=0

size() { # NAME DEFAULT: the environment's value, else the profile's
	eval "export $1=\${$1:-$2}"
}

case $profile in
all)
	size MMSCOPE_FUZZ_MESSAGES 50000
	size MMSCOPE_STRESS_REQUESTS 500
	size MMSCOPE_STRESS_UNLOAD 2
	tests=${*:-/selftests/*_test} ;;
gate)
	tests=${*:-"/selftests/maps_test /selftests/smaps_test"} ;;
stress)
	size MMSCOPE_STRESS_REQUESTS 10000
	size MMSCOPE_STRESS_CLIENTS 64
	size MMSCOPE_STRESS_UNLOAD 20
	size MMSCOPE_FUZZ_MESSAGES 1000000
	tests=${*:-"/selftests/stress_test /selftests/fuzz_test"} ;;
debug|debug-tests|debug-load)
	kmemleak=1
	# Under KASAN, lockdep and kmemleak in TCG a request costs ~30 times
	# what it costs on 6.12 (10-30 requests/s, ~200 fuzz messages/s).
	size MMSCOPE_FUZZ_MESSAGES 100000
	size MMSCOPE_STRESS_REQUESTS 1000
	size MMSCOPE_STRESS_CLIENTS 64
	size MMSCOPE_STRESS_UNLOAD 5
	# task_test's targets that exit while dumped: each has 3,000 VMAs
	# and takes ~18 s to set up here
	size MMSCOPE_EXIT_ROUNDS 10
	tests=$*
	if [ -z "$tests" ]; then
		for t in /selftests/*_test; do
			case $profile:$t in
			debug-tests:*/fuzz_test|debug-tests:*/stress_test) ;;
			debug-load:*/fuzz_test|debug-load:*/stress_test|debug:*|debug-tests:*)
				tests="$tests $t" ;;
			esac
		done
	fi ;;
bench)
	echo "# kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print $2}' /proc/meminfo) kB"
	mmscope status | sed 's/^/# /'
	set -e
	/selftests/bench_smaps 5
	/selftests/bench_pt
	/selftests/bench_scale
	/selftests/bench_faults 7
	exit 0 ;;
bench-icount)
	echo "# kernel $(uname -r), $(nproc) CPUs: the fault rows on instruction counting (8 ns an instruction, whatever the host does; a string instruction counts a byte at a time)"
	/selftests/bench_faults 3
	exit 0 ;;
*)
	echo "run.sh: unknown profile '$profile' (all, gate, stress, debug, debug-tests, debug-load, bench, bench-icount)"
	exit 2 ;;
esac

kml=/sys/kernel/debug/kmemleak
if [ $kmemleak = 1 ]; then
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	if [ -w $kml ]; then
		echo clear > $kml	# what booting left behind is not ours
		echo "# run.sh: kmemleak on, boot-time objects cleared"
	else
		echo "# run.sh: no kmemleak in this kernel"
		rc=1
	fi
fi

/selftests/vm-setup.sh
for t in $tests; do
	echo "# ==== $(basename "$t") (uptime $(cut -d' ' -f1 /proc/uptime) s)"
	t0=$(date +%s)
	"$t" || rc=1
	echo "# $(basename "$t"): $(( $(date +%s) - t0 )) s"
done

if [ "$profile" = all ] && [ $# = 0 ]; then
	echo "# ==== ynl_test.py (uptime $(cut -d' ' -f1 /proc/uptime) s)"
	if [ -x /usr/bin/python3 ]; then
		t0=$(date +%s)
		/selftests/ynl_test.py || rc=1
		echo "# ynl_test.py: $(( $(date +%s) - t0 )) s"
	else
		echo "ok 1 ynl_cli # SKIP no python3 in this VM (scripts/vm --ynl)"
	fi
fi

if [ $kmemleak = 1 ] && [ -w $kml ]; then
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
