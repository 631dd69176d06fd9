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
runs=${1:-5}
export PERSONALIZATION_FAILOVER_SETTINGS=${2:-}

bash tests/setup.sh
dotnet build tests/Personalization.Cluster.Tests -c Release -v quiet -nologo || exit 1

logs="${TMPDIR:-/tmp}/personalization-failover-runs"
rm -rf "$logs"
mkdir -p "$logs"
passed=0
failed=0
for run in $(seq 1 "$runs"); do
  log="$logs/$run.log"
  if dotnet test tests/Personalization.Cluster.Tests -c Release --no-build --filter "FullyQualifiedName~FailoverTests" \
      --logger "console;verbosity=detailed" >"$log" 2>&1; then
    passed=$((passed + 1))
    outcome=passed
  else
    failed=$((failed + 1))
    outcome=FAILED
  fi
  echo "run $run: $outcome ($log)"
  # The detailed logger prints a test's output twice; each measured line is shown once.
  grep -E "^ *(events:|error window|survivor failures:|killed )" "$log" | sed 's/^ */  /' | awk '!seen[$0]++' || true
  grep -E "^ *Error Message" -A1 "$log" | head -2 | sed 's/^ */  /' | cut -c1-600 || true
done
echo "failover: $passed passed, $failed failed of $runs runs; extra host settings: ${PERSONALIZATION_FAILOVER_SETTINGS:-none}"
[ "$failed" -eq 0 ]
