#!/usr/bin/env bash
# Runs every test from a fresh machine: installs what the tests need, builds, runs the whole suite,
# and ends with one line "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash tests/setup.sh

results="$root/TestResults"
rm -rf "$results"
status=0
# Test projects run concurrently (MSBuild's default: one per core). Run one at a time (-m:1), the suite would take
# about the sum of the projects' times, well past its 10-minute budget on the 2-core CI machine (Host 4 min, LoadTests
# 3, Grains 2.7, Campaigns 1.7, Rules 1.3, Cluster 3.5, each measured alone on a busy machine; Cluster 6.7 with the three
# fault schedules, in one run at load average 40). So no test may rely on owning the machine: timings are reported
# rather than bounded, or bounded generously, and the load runner's scheduling tests run alone within their own project.
dotnet test Personalization.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
