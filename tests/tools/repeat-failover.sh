#!/usr/bin/env bash
# Runs the cluster failover test (FailoverTests) N times and prints the tally, so a defect that shows in some runs
# only is seen with its rate. One run per CI says little about a 2-in-7 defect.
#
#   bash tests/tools/repeat-failover.sh [runs, default 5] [host settings, e.g. "Orleans:DirectoryCache:CachingStrategy=Custom"]
#
# Host settings (key=value, ';' between them) are added to every host of the test's cluster. Each run's full output
# is kept in $TMPDIR/personalization-failover-runs/<n>.log and its measured lines are printed as it ends.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source tests/tools/cluster-runs.sh
runs=${1:-5}
export PERSONALIZATION_FAILOVER_SETTINGS=${2:-}

logs="${TMPDIR:-/tmp}/personalization-failover-runs"
prepare_cluster_runs "$logs"
for run in $(seq 1 "$runs"); do
  run_cluster_test "run $run" "$logs/$run.log" FailoverTests "events:|error window|survivor failures:|killed "
done
echo "failover: $passed passed, $failed failed of $runs runs; extra host settings: ${PERSONALIZATION_FAILOVER_SETTINGS:-none}"
[ "$failed" -eq 0 ]
