#!/usr/bin/env bash
# timed.sh LABEL COMMAND...: run COMMAND, then print how long it took and how it ended.
# `make test` wraps each leg in it, so a CI log shows where the time goes; with TIMINGS_FILE set,
# the line is also appended there (make test prints the file as its summary).
set -uo pipefail
label=$1
shift
start=$(date +%s.%N)
"$@"
status=$?
elapsed=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" \
    "$start" "$(date +%s.%N)")
if [[ $status -eq 0 ]]; then
    line="$(printf '%-14s ok      %6ss' "$label" "$elapsed")"
else
    line="$(printf '%-14s FAILED  %6ss  (exit %s)' "$label" "$elapsed" "$status")"
fi
echo "== $line"
if [[ -n "${TIMINGS_FILE:-}" ]]; then
    echo "$line" >>"$TIMINGS_FILE"
fi
exit "$status"
