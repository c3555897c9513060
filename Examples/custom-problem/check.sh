#!/usr/bin/env bash
# Builds this example package against the pinn-solve checkout two levels up and runs its
# command line end to end: list, describe, run (with summary, result file and checkpoint),
# reference on a grid of the user's choosing, evaluate of the checkpoint, plot of the result.
# `make test` runs it; any failed step stops it with a non-zero exit code.
set -euo pipefail
cd "$(dirname "$0")"
# A build folder left from before files moved in pinn-solve can name inputs that are gone:
# then build once more from clean.
swift build || { swift package clean && swift build; }
bin="$(swift build --show-bin-path)/custom-solver"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "custom-problem check: $*" >&2; exit 1; }
# (Outputs go to files first: `grep -q` in a pipe would end the writer early under pipefail.)
"$bin" list > list.txt
grep -q '^damped-heat-1d ' list.txt || fail "list does not show damped-heat-1d"
"$bin" describe damped-heat-1d > describe.txt
grep -q 'exp(-1.5 t) sin x' describe.txt || fail "describe does not show the exact solution"
"$bin" run damped-heat-1d --steps 50 --threads 2 --quiet --summary s.json --output r.nc --checkpoint c.ckpt > run.txt
grep -q '"status" : "completed"' s.json || fail "run did not complete: $(cat s.json)"
grep -q '"steps" : 50' s.json || fail "run did not take 50 steps: $(cat s.json)"
l2="$(grep '"relative_l2_error"' s.json)"
[ -n "$l2" ] || fail "no relative_l2_error in the summary"
"$bin" reference damped-heat-1d --output ref.nc --nt 11 --nx 21 > /dev/null
ncdump -h ref.nc > ref.txt
grep -q 'double u(t, x)' ref.txt || fail "the reference file has no u(t, x)"
grep -q 't = 11 ;' ref.txt && grep -q 'x = 21 ;' ref.txt || fail "the reference grid is not 11 x 21"
"$bin" evaluate --checkpoint c.ckpt --output e.nc --summary e.json > /dev/null
[ "$(grep '"relative_l2_error"' e.json)" = "$l2" ] || fail "evaluate gives $(grep relative_l2_error e.json), the run $l2"
"$bin" plot r.nc --output pictures > /dev/null
[ -s pictures/r_loss.png ] && [ -s pictures/r_fields.png ] || fail "plot did not draw the loss and the fields"
if "$bin" run no-such-problem > /dev/null 2>&1; then fail "an unknown problem was accepted"; fi
echo "custom-problem check: list, describe, run, reference, evaluate and plot of damped-heat-1d passed ($l2)"
