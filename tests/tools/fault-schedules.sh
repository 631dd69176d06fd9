#!/usr/bin/env bash
# Runs the fault suite (FaultScheduleTests) on N random fault schedules (seeds 1..N, or from the first seed given) and
# prints one line per schedule: its faults, events acknowledged, lost and counted more than once, and each fault's
# seconds with errors. CI runs only the three named schedules; this is the wider net.
#
#   bash tests/tools/fault-schedules.sh [schedules, default 20] [first seed, default 1]
#
# Each schedule's full output is kept in $TMPDIR/personalization-fault-schedules/<seed>.log.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source tests/tools/cluster-runs.sh
count=${1:-20}
first=${2:-1}

logs="${TMPDIR:-/tmp}/personalization-fault-schedules"
prepare_cluster_runs "$logs"
for seed in $(seq "$first" $((first + count - 1))); do
  export PERSONALIZATION_FAULT_SEEDS=$seed
  run_cluster_test "seed $seed" "$logs/$seed.log" FaultScheduleTests "schedule |fault schedule "
done
echo "fault schedules: $passed passed, $failed failed of $count; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
[ "$failed" -eq 0 ]
