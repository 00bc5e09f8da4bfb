#!/usr/bin/env python3
"""Turns the raw output of bench/compare.sh (hyperfine JSON, RSS figures, nhiscan findings, the
corpus manifest) into the Markdown summary bench/out/results.md. Standard library only; called by
compare.sh, not meant to be run by hand (but harmless to re-run on the same folder)."""

import argparse
import datetime
import json
import os
import platform
import subprocess


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def corpus_bytes(root):
    total, files = 0, 0
    for folder, _, names in os.walk(root):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
                files += 1
            except OSError:
                pass
    return total, files


def fmt_s(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.3f} s"


def load(path):
    with open(path) as f:
        return json.load(f)


def recall_section(findings_path, manifest_path):
    lines = []
    report = load(findings_path)
    findings = report.get("findings", [])
    stats = report.get("stats", {})
    by_line = {}
    for f in findings:
        by_line.setdefault((f["path"], f["line"]), []).append(f["rule_id"])
    lines.append(f"nhiscan reported **{len(findings)} findings** in {stats.get('files', '?')} files "
                 f"({stats.get('bytes', 0) / 1048576:.1f} MiB of text scanned; skipped: "
                 f"{', '.join(f'{k} {v}' for k, v in sorted(stats.get('skipped', {}).items())) or 'none'}; "
                 f"errors: {len(stats.get('errors', []))}).")
    if not manifest_path or not os.path.exists(manifest_path):
        lines.append("")
        lines.append("No manifest: the planted-secret check is skipped.")
        return lines
    manifest = load(manifest_path)
    planted = manifest["planted"]
    secrets = [e for e in planted if e["role"] == "secret"]
    found = [e for e in secrets if (e["path"], e["line"]) in by_line]
    missed = [e for e in secrets if (e["path"], e["line"]) not in by_line]
    decoys_hit = [d for d in manifest["decoys"] if (d["path"], d["line"]) in by_line]
    planted_lines = {(e["path"], e["line"]) for e in planted}
    other = [f for f in findings if (f["path"], f["line"]) not in planted_lines]
    lines.append("")
    lines.append(f"- planted secrets found (same path and line): **{len(found)} / {len(secrets)}**"
                 + (" (including the one across the 8 MiB window boundary and the one on a "
                    "very long minified line)" if not missed else ""))
    for e in missed:
        lines.append(f"  - MISSED `{e['kind']}` at {e['path']}:{e['line']}" + (f" ({e['note']})" if e.get("note") else ""))
    lines.append(f"- look-alikes (placeholders, `${{VAR}}`, `XXXX`) reported: **{len(decoys_hit)} / {len(manifest['decoys'])}**")
    for d in decoys_hit:
        lines.append(f"  - {d['path']}:{d['line']}: `{d['text'][:80]}` -> {', '.join(by_line[(d['path'], d['line'])])}")
    counts = {}
    for f in other:
        counts[f["rule_id"]] = counts.get(f["rule_id"], 0) + 1
    lines.append(f"- other findings (not on a planted line): **{len(other)}**"
                 + (": " + ", ".join(f"`{k}` {v}" for k, v in sorted(counts.items())) if counts else ""))
    return lines


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--manifest", default="")
    p.add_argument("--tiny", default="")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--rules", type=int, required=True)
    p.add_argument("--patterns", type=int, required=True)
    p.add_argument("--rg-patterns", type=int, required=True)
    p.add_argument("--rule-args", default="")
    p.add_argument("--git", default="unknown")
    p.add_argument("--nhiscan", default="")
    p.add_argument("--elapsed", type=int, default=0)
    p.add_argument("--load", default="?")
    a = p.parse_args()

    total_bytes, total_files = corpus_bytes(a.corpus)
    mib = total_bytes / 1048576
    tp = load(os.path.join(a.out, "hf-throughput.json"))["results"]
    st = load(os.path.join(a.out, "hf-startup.json"))["results"]
    by_name = {r["command"]: r for r in tp}
    rss = {}
    rss_path = os.path.join(a.out, "rss.tsv")
    if os.path.exists(rss_path):
        for line in open(rss_path):
            name, _, kb = line.rstrip("\n").partition("\t")
            if kb.strip().isdigit():
                rss[name] = int(kb)

    out = []
    w = out.append
    w("# nhiscan benchmark results")
    w("")
    w(f"{datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}, nhiscan `{a.git}` ({a.nhiscan}), "
      f"{cpu_model()}, {os.cpu_count()} cores, Linux {platform.release()}; "
      f"{run(['rg', '--version']).splitlines()[0] if run(['rg', '--version']) else 'rg ?'}, "
      f"{run(['hyperfine', '--version'])}. compare.sh took {a.elapsed} s; load average "
      f"(1/5/15 min) at start / end: {a.load} — anything well above 0 means other work shared the "
      f"cores and the timings are noisy.")
    w("")
    w(f"Corpus: `{a.corpus}`: {total_files} files, {mib:.1f} MiB. Rules: {a.rules} "
      f"({'built-in + ' + a.rule_args if a.rule_args else 'built-in'}), {a.patterns} patterns; "
      f"ripgrep runs {a.rg_patterns} of them" +
      (f" (the others need multi-line mode: `bench/out/rg-rejected.txt`)" if a.rg_patterns < a.patterns else "") +
      f". Threads: {a.threads}.")
    w("")
    w("## Throughput (warm page cache, warm rule cache)")
    w("")
    w("| command | wall mean ± σ | wall min | MiB/s | × nhiscan time | CPU user+sys | × nhiscan CPU | peak RSS |")
    w("|---|---|---|---|---|---|---|---|")
    nh = by_name.get("nhiscan")

    def cpu(r):
        return r.get("user", 0) + r.get("system", 0)

    for r in tp:
        ratio = r["mean"] / nh["mean"] if nh else float("nan")
        cpu_ratio = cpu(r) / cpu(nh) if nh and cpu(nh) else float("nan")
        kb = rss.get(r["command"])
        w(f"| {r['command']} | {fmt_s(r['mean'])} ± {fmt_s(r['stddev'] or 0)} | {fmt_s(r['min'])} | "
          f"{mib / r['mean']:.0f} | {ratio:.2f} | {fmt_s(cpu(r))} | {cpu_ratio:.2f} | "
          f"{f'{kb / 1024:.0f} MiB' if kb else '–'} |")
    w("")
    rg = by_name.get("ripgrep")
    cat = by_name.get("cat (I/O floor)")
    if nh and rg and cat:
        w(f"**nhiscan / ripgrep = {nh['mean'] / rg['mean']:.2f}×** the time; "
          f"**nhiscan / I/O floor = {nh['mean'] / cat['mean']:.2f}×** "
          f"(below 1 means nhiscan is faster). In CPU time (user+sys, less sensitive to other load): "
          f"nhiscan / ripgrep = {cpu(nh) / cpu(rg):.2f}×, nhiscan / I/O floor = {cpu(nh) / cpu(cat):.2f}×.")
        nh1, rg1 = by_name.get("nhiscan -j1"), by_name.get("ripgrep -j1")
        if nh1 and rg1:
            w(f"Single thread: nhiscan / ripgrep = {nh1['mean'] / rg1['mean']:.2f}×; "
              f"nhiscan speed-up from 1 to {a.threads} threads: {nh1['mean'] / nh['mean']:.2f}×, "
              f"ripgrep: {rg1['mean'] / rg['mean']:.2f}×.")
        w("")
    w("## Startup (tiny folder: pre-commit-hook sized)")
    w("")
    if a.tiny:
        tb, tf = corpus_bytes(a.tiny)
        w(f"`{a.tiny}`: {tf} files, {tb / 1024:.0f} KiB.")
        w("")
    w("| command | wall mean ± σ | wall min | wall max | CPU user+sys | peak RSS |")
    w("|---|---|---|---|---|---|")
    rss_names = {"nhiscan, warm rule cache": "nhiscan tiny, warm rule cache",
                 "nhiscan, cold rule cache": "nhiscan tiny, cold rule cache"}
    for r in st:
        kb = rss.get(rss_names.get(r["command"], ""))
        w(f"| {r['command']} | {fmt_s(r['mean'])} ± {fmt_s(r['stddev'] or 0)} | {fmt_s(r['min'])} | "
          f"{fmt_s(r['max'])} | {fmt_s(r.get('user', 0) + r.get('system', 0))} | "
          f"{f'{kb / 1024:.0f} MiB' if kb else '–'} |")
    w("")
    sb = {r["command"]: r for r in st}
    warm, cold = sb.get("nhiscan, warm rule cache"), sb.get("nhiscan, cold rule cache")
    if warm and cold:
        w(f"**Cold / warm rule cache = {cold['mean'] / warm['mean']:.1f}×** "
          f"({fmt_s(cold['mean'])} vs {fmt_s(warm['mean'])}).")
        w("")
    w("## Findings on the corpus")
    w("")
    out.extend(recall_section(os.path.join(a.out, "findings.json"), a.manifest))
    rg_counts = os.path.join(a.out, "rg-count.txt")
    if os.path.exists(rg_counts):
        files = lines = 0
        for line in open(rg_counts, errors="replace"):
            _, _, n = line.rstrip("\n").rpartition(":")
            if n.isdigit():
                files += 1
                lines += int(n)
        w(f"- for comparison, ripgrep matched {lines} lines in {files} files with the same patterns "
          f"(before any confirmation, filtering or pairing).")
    w("")
    w("Raw data: `hf-throughput.json`, `hf-startup.json` (hyperfine), `rss.tsv` (KiB), "
      "`findings.json`, `rg-patterns.txt`, `rg-count*.txt` in the same folder.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
