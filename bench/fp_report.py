#!/usr/bin/env python3
"""False positives per MB: scans a secret-free corpus with every rule and reports findings by rule.

The corpus comes from bench/gen_clean_corpus.py (generated once per size and seed under
bench/out/, or given with --corpus). Every finding on it is a false positive. The scan runs with
the binary's built-in rules plus any --rules files; --baseline-rules runs a second, timed scan
with the built-in rules only, so the cost of the extra files shows.

  bench/fp_report.py                                   # build/nhiscan, 50 MiB corpus, seed 1
  bench/fp_report.py --nhiscan /path/nhiscan --rules patterns/generic.jsonc --baseline-rules
  bench/fp_report.py --corpus ~/src/some-clean-repo --show 20

Prints a Markdown report; exits 0 (findings are reported, not an error), 2 on a scan error.
Standard library only.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def scan(nhiscan, rules, corpus, threads, cache):
    cmd = [nhiscan, "scan"]
    for r in rules:  # rule options right after the subcommand (see bench/README.md)
        cmd += ["--rules", r]
    cmd += ["--threads", str(threads), "--format", "json", "--cache-dir", cache, corpus]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm caches
    best, out = None, None
    for _ in range(3):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            sys.exit(f"fp_report: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")
        best = elapsed if best is None else min(best, elapsed)
        out = proc.stdout
    return json.loads(out), best


def rule_count(nhiscan, rules):
    cmd = [nhiscan, "rules", "list"]
    for r in rules:
        cmd += ["--rules", r]
    proc = subprocess.run(cmd + ["--cache-dir", "none"], capture_output=True, text=True, check=True)
    ids = [line.split("\t")[0] for line in proc.stdout.splitlines() if line.strip()]
    groups = collections.Counter(i.split(".")[0] for i in ids)
    return len(ids), groups


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nhiscan", default=os.path.join(ROOT, "build", "nhiscan"))
    ap.add_argument("--rules", action="append", default=[], help="extra rule file or folder (repeatable)")
    ap.add_argument("--corpus", help="scan this folder instead of a generated clean corpus")
    ap.add_argument("--size-mb", type=float, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="scan threads (default 1: steadier timings)")
    ap.add_argument("--baseline-rules", action="store_true", help="also time a scan with the built-in rules only")
    ap.add_argument("--show", type=int, default=10, help="list this many findings (default 10)")
    args = ap.parse_args()

    out_dir = os.path.join(ROOT, "bench", "out")
    os.makedirs(out_dir, exist_ok=True)
    corpus = args.corpus
    if not corpus:
        corpus = os.path.join(out_dir, f"clean-{args.size_mb:g}mb-seed{args.seed}")
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_clean_corpus.py"), "--size-mb",
                            str(args.size_mb), "--seed", str(args.seed), "--out", corpus], check=True)
    cache = os.path.join(out_dir, "fp-cache")
    rules = [os.path.abspath(r) for r in args.rules]

    count, groups = rule_count(args.nhiscan, rules)
    report, seconds = scan(args.nhiscan, rules, corpus, args.threads, cache)
    mib = report["stats"]["bytes"] / 1048576
    findings = report["findings"]
    by_rule = collections.Counter(f["rule_id"] for f in findings)

    print(f"# False positives on {os.path.basename(corpus.rstrip('/'))}\n")
    print(f"- corpus: {report['stats']['files']} files, {mib:.1f} MiB scanned")
    print(f"- rules: {count} ({', '.join(f'{g} {n}' for g, n in sorted(groups.items()))})")
    print(f"- findings: {len(findings)}, **{len(findings) / mib:.3f} per MiB**")
    print(f"- scan time, {args.threads} thread(s), best of 3: {seconds:.2f} s")
    if args.baseline_rules:
        base_count, _ = rule_count(args.nhiscan, [])
        _, base_seconds = scan(args.nhiscan, [], corpus, args.threads, cache)
        print(f"- scan time with the {base_count} built-in rules only: {base_seconds:.2f} s")
    if by_rule:
        print("\n| rule | findings | per MiB |\n|---|---|---|")
        for rule, n in by_rule.most_common():
            print(f"| {rule} | {n} | {n / mib:.3f} |")
        print()
        for f in findings[:args.show]:
            print(f"- `{f['rule_id']}` {f['path']}:{f['line']} ({f['secret']})")


if __name__ == "__main__":
    main()
