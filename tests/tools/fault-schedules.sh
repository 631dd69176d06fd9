#!/usr/bin/env bash
# Runs the fault suite (FaultScheduleTests) on N random fault schedules (seeds 1..N, or the seeds given) and prints one
# line per schedule: its faults, events acknowledged, lost and counted twice, and each fault's seconds with errors. CI runs
# only the three named schedules; this is the wider net.
#
#   bash tests/tools/fault-schedules.sh [schedules, default 20] [first seed, default 1]
#
# Each schedule's full output is kept in $TMPDIR/personalization-fault-schedules/<seed>.log.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
count=${1:-20}
first=${2:-1}

bash tests/setup.sh
dotnet build tests/Personalization.Cluster.Tests -c Release -v quiet -nologo || exit 1

logs="${TMPDIR:-/tmp}/personalization-fault-schedules"
rm -rf "$logs"
mkdir -p "$logs"
passed=0
failed=0
for seed in $(seq "$first" $((first + count - 1))); do
  log="$logs/$seed.log"
  if PERSONALIZATION_FAULT_SEEDS=$seed dotnet test tests/Personalization.Cluster.Tests -c Release --no-build \
      --filter "FullyQualifiedName~FaultScheduleTests" --logger "console;verbosity=detailed" >"$log" 2>&1; then
    passed=$((passed + 1))
    outcome=passed
  else
    failed=$((failed + 1))
    outcome=FAILED
  fi
  echo "seed $seed: $outcome ($log)"
  # The detailed logger prints a test's output twice; each line is shown once.
  grep -E "^ *(schedule |fault schedule )" "$log" | sed 's/^ */  /' | awk '!seen[$0]++' || true
  grep -E "^ *Error Message" -A1 "$log" | head -2 | sed 's/^ */  /' | cut -c1-600 || true
done
echo "fault schedules: $passed passed, $failed failed of $count; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
[ "$failed" -eq 0 ]
