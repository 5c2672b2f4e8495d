#!/bin/sh
# make bench, inside the VM: every benchmark, one after the other.
set -e
echo "# kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print $2}' /proc/meminfo) kB"
mmscope status | sed 's/^/# /'
/selftests/bench_smaps 5
/selftests/bench_pt
/selftests/bench_faults 5
