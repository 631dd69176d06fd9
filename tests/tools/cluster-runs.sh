# Sourced by repeat-failover.sh and fault-schedules.sh: builds the cluster test project once, then runs one of its tests
# at a time with its output kept in a log, printing the outcome, the measured lines (each once) and the first error.

# prepare_cluster_runs <log folder>: installs what the tests need, builds, empties the log folder, zeroes the tally.
prepare_cluster_runs() {
  bash tests/setup.sh
  dotnet build tests/Personalization.Cluster.Tests -c Release -v quiet -nologo || exit 1
  rm -rf "$1"
  mkdir -p "$1"
  passed=0
  failed=0
}

# run_cluster_test <label> <log> <test class> <regex of measured lines>: one run, counted in $passed or $failed.
run_cluster_test() {
  local label=$1 log=$2 test=$3 measured=$4 outcome
  if dotnet test tests/Personalization.Cluster.Tests -c Release --no-build --filter "FullyQualifiedName~$test" \
      --logger "console;verbosity=detailed" >"$log" 2>&1; then
    passed=$((passed + 1))
    outcome=passed
  else
    failed=$((failed + 1))
    outcome=FAILED
  fi
  echo "$label: $outcome ($log)"
  # The detailed logger prints a test's output twice; each measured line is shown once.
  grep -E "^ *($measured)" "$log" | sed 's/^ */  /' | awk '!seen[$0]++' || true
  grep -E "^ *Error Message" -A1 "$log" | head -2 | sed 's/^ */  /' | cut -c1-600 || true
}
