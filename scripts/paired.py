#!/usr/bin/env python3
"""Compare two builds of the ranking on the cross-validation's held-out halves, each build
with the same fitted weights.

Why: a cross-validation run (`cargo run --release --example relevance -- --crossval`)
fits the weights by coordinate ascent on resamples of one half and reports the other.
A change to the ranking also moves the ascent's path, so two runs' held-out figures
differ by the fit's noise as much as by the change: one build's held-out MRR@10 moved by
0.03 from seed 0 to seed 1.  Here each weight set the given logs fitted is evaluated with
both builds on the half it was not fitted on, so that only the change differs.

A change is worth keeping when AFTER beats BEFORE on most weight sets, on both halves.

Usage:
    scripts/paired.py --index DIR --queries dev.tsv --queries dev2.tsv \\
        --log crossval-seed0.log [--log ...] BEFORE AFTER

BEFORE and AFTER are relevance example binaries (copies of
target/release/examples/relevance built before and after the change); each --log is the
output of a `--crossval` run, whose "fitted on half X: {...}" lines give the weights.
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

FITTED = re.compile(r"fitted on half ([AB]): (\{.*\})")
SET_LINE = re.compile(r"^(\S+)\s+n=")
QUERY_LINE = re.compile(r"^\s+(\S+)\s+(\S+)\s")
# Weights that are not fitted (see `Ranking::KNOBS`).
NOT_KNOBS = {"phrasing", "documents"}


def weight_sets(logs: list[str]) -> list[tuple[str, str, dict]]:
    """(log, half fitted on, weights) for each fit the logs report."""
    out = []
    for log in logs:
        with open(log, encoding="utf-8") as f:
            for line in f:
                m = FITTED.match(line)
                if m:
                    out.append((log, m.group(1), json.loads(m.group(2))))
    return out


def ranks(binary: str, args: argparse.Namespace, weights: dict) -> dict[str, list]:
    """Per query set, each query's rank (None: not in the top ten), in file order."""
    cmd = [binary, "--index", args.index, "--verbose"]
    for q in args.queries:
        cmd += ["--queries", q]
    for knob, value in weights.items():
        if knob not in NOT_KNOBS:
            cmd += ["--set", f"{knob}={value}"]
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"paired.py: {binary} failed: {run.stderr.strip()[:500]}")
    out: dict[str, list] = {}
    current = None
    for line in run.stdout.splitlines():
        if m := SET_LINE.match(line):
            current = out.setdefault(m.group(1), [])
        elif (m := QUERY_LINE.match(line)) and current is not None:
            current.append(None if m.group(2) == "-" else int(m.group(2)))
    return out


def held_out(per_set: dict[str, list], half: str) -> tuple[float, dict[str, tuple]]:
    """MRR@10 over a half (alternate queries of each set, A the first), and per set
    (MRR@10, success@1)."""
    first = half == "A"
    pooled, sets = [], {}
    for name, rs in per_set.items():
        part = [r for i, r in enumerate(rs) if (i % 2 == 0) == first]
        rr = [1 / r if r else 0.0 for r in part]
        pooled += rr
        sets[name] = (sum(rr) / len(rr), sum(r == 1 for r in part) / len(part))
    return sum(pooled) / len(pooled), sets


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", required=True)
    p.add_argument("--queries", action="append", required=True)
    p.add_argument("--log", action="append", required=True)
    p.add_argument("before")
    p.add_argument("after")
    args = p.parse_args()
    sets = weight_sets(args.log)
    if not sets:
        sys.exit("paired.py: no 'fitted on half' lines in the logs")
    wins = {"A": [], "B": []}
    for log, fitted_on, weights in sets:
        half = "B" if fitted_on == "A" else "A"
        figures = [held_out(ranks(b, args, weights), half) for b in (args.before, args.after)]
        (before, b_sets), (after, a_sets) = figures
        wins[half].append(after - before)
        detail = "  ".join(
            f"{n} {b_sets[n][0]:.3f}/{b_sets[n][1]:.3f} -> {a_sets[n][0]:.3f}/{a_sets[n][1]:.3f}"
            for n in b_sets
        )
        print(f"{log}: fitted on {fitted_on}, held-out {half}: MRR@10 {before:.4f} -> {after:.4f}  ({detail})")
    for half, deltas in wins.items():
        if deltas:
            up = sum(d > 0 for d in deltas)
            mean = sum(deltas) / len(deltas)
            print(f"held-out {half}: AFTER higher for {up} of {len(deltas)} weight sets, mean {mean:+.4f}")


if __name__ == "__main__":
    main()
