#!/bin/sh
# `make test`: runs each layer with make, in the order given, stops at the first that fails,
# and ends with the wall time of every layer that ran (also after a failure), so the minutes
# of a CI run can be read off its log (BENCHMARKS.md, "Test time").
#   scripts/test-layers.sh MAKE LAYER...
set -u
make=$1
shift

times=
started=$(date +%s)
report() { # report STATUS : the table, then exit with STATUS
    echo "make test: wall time per layer"
    printf '%s' "$times"
    total=$(( $(date +%s) - started ))
    printf '  %-12s %5d s  (%d:%02d)\n' total "$total" $((total / 60)) $((total % 60))
    exit "$1"
}

for layer in "$@"; do
    layer_started=$(date +%s)
    if $make --no-print-directory "$layer"; then status=0; else status=$?; fi
    took=$(( $(date +%s) - layer_started ))
    times="$times$(printf '  %-12s %5d s  (%d:%02d)' "$layer" "$took" $((took / 60)) $((took % 60)))"
    if [ "$status" -ne 0 ]; then
        times="$times  FAILED (exit $status)
"
        report "$status"
    fi
    times="$times
"
done
report 0
