#!/usr/bin/env bash
# nhiscan git-history and pre-commit benchmark. See bench/README.md ("git_bench.sh").
#
# (a) full-history scan: `nhiscan git REPO` vs the inflation floor `git cat-file --batch-all-objects
#     --batch` (and `--batch-check`), wall time AND CPU time (user+sys), blob counts, peak RSS.
# (b) pre-commit latency: 5 modified+staged files (one with a new synthetic secret), `nhiscan staged`
#     warm cache (median of --staged-runs) and cold cache (fresh NHISCAN_CACHE_DIR, once), next to
#     `nhiscan version` (process start) and `git diff --cached` (git's own floor), plus strace -c.
# Writes bench/out/git-results.md (and hf-git-*.json, rss-git.tsv) and prints the summary.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
commits=5000 seed=1 runs=5 staged_runs=20 threads="" repo="" nhiscan=""

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; cat <<EOF

Options:
  --commits N       commits in the generated history (default $commits)
  --seed N          generator seed (default $seed)
  --repo DIR        use this repository instead of generating bench/out/history-<N>c-seed<S>
  --nhiscan PATH    binary (default build-me/nhiscan, else build/nhiscan)
  --runs N          hyperfine timed runs for (a) (default $runs)
  --staged-runs N   timed runs for nhiscan staged (default $staged_runs)
  --threads N       pass -j N to nhiscan (default: nhiscan's default, one per core)
EOF
}
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) commits=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --nhiscan) nhiscan=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --staged-runs) staged_runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "git_bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

for t in git hyperfine python3 /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "git_bench.sh: needs $t" >&2; exit 2; }
done
if [ -z "$nhiscan" ]; then
  for c in "$root/build-me/nhiscan" "$root/build/nhiscan"; do [ -x "$c" ] && { nhiscan=$c; break; }; done
fi
[ -n "$nhiscan" ] && [ -x "$nhiscan" ] || { echo "git_bench.sh: no nhiscan binary; build it or pass --nhiscan" >&2; exit 2; }
nhiscan=$(cd "$(dirname "$nhiscan")" && pwd)/$(basename "$nhiscan")

# Isolated git: no user/system config influences either git or the generated repo.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$out"
if [ -z "$repo" ]; then
  repo="$out/history-${commits}c-seed${seed}"
  if [ ! -d "$repo/.git" ]; then
    echo "== generating $repo" >&2
    python3 "$here/gen_history.py" --out "$repo" --commits "$commits" --seed "$seed"
  fi
fi
repo=$(cd "$repo" && pwd)
jflag=(); [ -n "$threads" ] && jflag=(-j "$threads")
cache="$out/git-bench-cache"   # warm rule cache, private to this script
export NHISCAN_CACHE_DIR="$cache"
q() { printf '%q ' "$@"; }     # shell-quote a command for hyperfine
# Leave the repo as generated whatever happens (part (b) stages changes).
restore() { git -C "$repo" reset -q --hard HEAD 2>/dev/null; git -C "$repo" clean -qfd 2>/dev/null; git -C "$repo" prune --expire=now 2>/dev/null || true; }
trap restore EXIT
restore

ns_git=$(q "$nhiscan" git "$repo" "${jflag[@]}" --format json --output /dev/null --progress never)
cf_batch="git -C $(q "$repo") cat-file --batch-all-objects --batch > /dev/null"
cf_check="git -C $(q "$repo") cat-file --batch-all-objects --batch-check > /dev/null"

echo "== (a) warm-up and sanity" >&2
set +e
"$nhiscan" git "$repo" "${jflag[@]}" --format json --output "$out/git-findings.json" --progress never --timings
rc=$?
set -e
[ $rc -le 1 ] || { echo "git_bench.sh: nhiscan git exited $rc" >&2; exit 1; }
ns_blobs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["blobs"])' "$out/git-findings.json")
ns_findings=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["findings"])' "$out/git-findings.json")
ns_bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["bytes"])' "$out/git-findings.json")
git_blobs=$(git -C "$repo" cat-file --batch-all-objects --batch-check | grep -c ' blob ')
git_blob_bytes=$(git -C "$repo" cat-file --batch-all-objects --batch-check | awk '$2=="blob"{s+=$3} END{print s+0}')
all_objects=$(git -C "$repo" cat-file --batch-all-objects --batch-check | wc -l)
n_commits=$(git -C "$repo" rev-list --all --count)
n_refs=$(git -C "$repo" for-each-ref | wc -l)
pack_kib=$(du -sk "$repo/.git/objects" | cut -f1)
planted=""; [ -f "$repo.planted.json" ] && planted=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["planted"]))' "$repo.planted.json")
timings=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stats"]; print(json.dumps({k:v for k,v in s.items() if k in ("duration_ms","rule_cache")}))' "$out/git-findings.json")

echo "== (a) hyperfine: nhiscan git vs git cat-file" >&2
hyperfine --style basic --warmup 1 --runs "$runs" -i \
  -n "nhiscan git" "$ns_git" -n "cat-file --batch" "$cf_batch" -n "cat-file --batch-check" "$cf_check" \
  --export-json "$out/hf-git-history.json" >&2

echo "== (a) peak RSS" >&2
rss() { { /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident set size/{print $2}'; }
rss_ns=$(rss "$ns_git"); rss_cf=$(rss "$cf_batch"); rss_ck=$(rss "$cf_check")
printf 'nhiscan git\t%s\ncat-file --batch\t%s\ncat-file --batch-check\t%s\n' "$rss_ns" "$rss_cf" "$rss_ck" > "$out/rss-git.tsv"

echo "== (b) pre-commit: stage 5 files (one with a new synthetic secret)" >&2
mapfile -t files < <(git -C "$repo" ls-files '*.py' '*.java' '*.ts' '*.cls' | sort | head -4)
for f in "${files[@]}"; do printf '\n// bench edit\n' >> "$repo/$f"; done
secret=$(python3 -c 'import random; r=random.Random(42); print("".join(r.choice("0123456789ABCDEF") for _ in range(64)))')
mkdir -p "$repo/config"
printf '# staged by git_bench.sh\nSF_CLIENT_SECRET=%s\n' "$secret" > "$repo/config/bench-staged.env"
git -C "$repo" add -- "${files[@]}" config/bench-staged.env
staged_n=$(git -C "$repo" diff --cached --name-only | wc -l)

ns_staged="cd $(q "$repo") && $(q "$nhiscan") staged ${jflag[*]} --format json --output /dev/null"
set +e
(cd "$repo" && "$nhiscan" staged "${jflag[@]}" --format json --output "$out/staged-findings.json")
set -e
staged_findings=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["findings"])' "$out/staged-findings.json")
hyperfine --style basic --warmup 2 --runs "$staged_runs" -i \
  -n "nhiscan staged (warm)" "$ns_staged" \
  -n "nhiscan version" "$(q "$nhiscan") version" \
  -n "git diff --cached" "git -C $(q "$repo") diff --cached --name-only > /dev/null" \
  --export-json "$out/hf-git-staged.json" >&2

cold_dir=$(mktemp -d "$out/cold-cache.XXXXXX")
cold=$( { /usr/bin/time -f '%e %U %S %M' bash -c "cd $(q "$repo") && NHISCAN_CACHE_DIR=$(q "$cold_dir") $(q "$nhiscan") staged ${jflag[*]} --format json --output /dev/null" 2>&1 >/dev/null || true; } | tail -1)
rm -rf "$cold_dir"
rss_staged=$(rss "$ns_staged")
# Where a warm staged run's time goes: nhiscan's own --timings phases, median of 15 runs.
for i in $(seq 15); do
  (cd "$repo" && "$nhiscan" staged "${jflag[@]}" --format json --timings --output "$out/staged-phases-$i.json") || true
done

strace_txt=""; nproc_spawned=""
if command -v strace >/dev/null; then
  (cd "$repo" && strace -f -c -o "$out/strace-staged.txt" "$nhiscan" staged --format json --output /dev/null) || true
  strace_txt=$(head -n 14 "$out/strace-staged.txt")
  (cd "$repo" && strace -f -e trace=execve,clone,clone3,vfork -o "$out/strace-staged-procs.txt" "$nhiscan" staged --format json --output /dev/null) || true
  nproc_spawned=$(grep -c 'execve(' "$out/strace-staged-procs.txt" || true)
  nthreads=$(grep -cE 'clone3?\(' "$out/strace-staged-procs.txt" || true)
  (cd "$repo" && strace -f -e trace=openat -o "$out/strace-staged-open.txt" "$nhiscan" staged --format json --output /dev/null) || true
  opened=$(grep -v ENOENT "$out/strace-staged-open.txt" | grep -c openat || true)
  opened_pack=$(grep -c '\.pack"\|\.idx"' "$out/strace-staged-open.txt" || true)
fi
restore; trap - EXIT

echo "== summary" >&2
NS_TIMINGS=$timings python3 - "$out" <<PY
import json, sys, os
out = sys.argv[1]
H = {r["command"]: r for r in json.load(open(f"{out}/hf-git-history.json"))["results"]}
S = {r["command"]: r for r in json.load(open(f"{out}/hf-git-staged.json"))["results"]}
def cpu(r): return r["user"] + r["system"]
def med(r): return sorted(r["times"])[len(r["times"]) // 2] if "times" in r else r["median"]
ns, cb, cc = H["nhiscan git"], H["cat-file --batch"], H["cat-file --batch-check"]
st, ver, gd = S["nhiscan staged (warm)"], S["nhiscan version"], S["git diff --cached"]
cold = "$cold".split()
mib = lambda b: b / 2**20
L = []
p = L.append
p("# nhiscan git benchmark")
p("")
p("Machine: %d cores (\`nproc\`), shared with other work while measured, so **CPU time (user+sys) is the "
  "steadier figure**; wall time is reported too. nhiscan: \`$nhiscan\`; threads: ${threads:-default (one per core)}." % os.cpu_count())
p("")
p("Repository: \`$repo\`: $n_commits commits, $n_refs refs, $all_objects objects, $git_blobs blobs "
  "(%.1f MiB inflated), .git/objects %.1f MiB packed; planted secrets: ${planted:-n/a}." % (mib($git_blob_bytes), $pack_kib / 1024))
p("")
p("## (a) Full history: \`nhiscan git\` vs inflating every object")
p("")
p("hyperfine, 1 warm-up + $runs runs, warm page cache, warm rule cache.")
p("")
p("| command | wall mean ± sd (s) | wall median (s) | CPU user+sys (s) | peak RSS (MiB) |")
p("|---|---|---|---|---|")
for name, r, rss in (("\`nhiscan git REPO --format json --output /dev/null\`", ns, $rss_ns),
                     ("\`git cat-file --batch-all-objects --batch\`", cb, $rss_cf),
                     ("\`git cat-file --batch-all-objects --batch-check\`", cc, $rss_ck)):
    p("| %s | %.3f ± %.3f | %.3f | %.3f (%.3f + %.3f) | %.1f |" % (name, r["mean"], r["stddev"] or 0, med(r), cpu(r), r["user"], r["system"], rss / 1024))
p("")
p("- nhiscan / cat-file --batch: **%.2fx wall, %.2fx CPU**; nhiscan CPU above the floor: %.3f s "
  "(%.1f MiB/s of inflated blob bytes scanned per CPU-second overall)." % (ns["mean"] / cb["mean"], cpu(ns) / cpu(cb), cpu(ns) - cpu(cb), mib($ns_bytes) / cpu(ns)))
p("- nhiscan parallelism: CPU/wall = %.2f (cat-file is single-threaded: %.2f)." % (cpu(ns) / ns["mean"], cpu(cb) / cb["mean"]))
p("- Blobs: nhiscan \`stats.blobs\` = $ns_blobs ($ns_bytes bytes); \`git cat-file --batch-all-objects --batch-check | grep -c blob\` = $git_blobs "
  "(%s). Findings: $ns_findings." % ("equal" if $ns_blobs == $git_blobs else "differ by %d: cat-file counts every object in the odb, nhiscan only blobs reachable from refs" % ($git_blobs - $ns_blobs)))
p("- nhiscan's own \`--timings\` stats from the sanity run: \`%s\` (duration_ms is nhiscan's internal wall clock, excluding process start/exit)." % os.environ["NS_TIMINGS"])
p("")
p("## (b) Pre-commit: \`nhiscan staged\` with $staged_n staged files (one new synthetic secret)")
p("")
p("hyperfine, 2 warm-ups + $staged_runs runs. Findings reported by the staged scan: $staged_findings (expected 1).")
p("")
p("| command | median (ms) | mean ± sd (ms) | CPU user+sys (ms) |")
p("|---|---|---|---|")
for name, r in (("\`nhiscan staged\` (warm rule cache)", st), ("\`nhiscan version\` (process start)", ver), ("\`git diff --cached --name-only\`", gd)):
    p("| %s | %.1f | %.1f ± %.1f | %.1f |" % (name, med(r) * 1e3, r["mean"] * 1e3, (r["stddev"] or 0) * 1e3, cpu(r) * 1e3))
p("| \`nhiscan staged\` (cold: fresh NHISCAN_CACHE_DIR, 1 run) | %.0f | — | %.0f |" % (float(cold[0]) * 1e3, (float(cold[1]) + float(cold[2])) * 1e3))
p("")
p("- Warm staged minus process start: %.1f ms median (%.1f ms CPU); cold minus warm: %.0f ms (an empty cache: rules parsed, built-in database loaded from the binary)." %
  ((med(st) - med(ver)) * 1e3, (cpu(st) - cpu(ver)) * 1e3, (float(cold[0]) - med(st)) * 1e3))
p("- Peak RSS of a warm staged run: %.1f MiB. Subprocesses executed: ${nproc_spawned:-?} (1 = nhiscan itself); threads created: ${nthreads:-?}; "
  "files opened: ${opened:-?} (of them pack/idx: ${opened_pack:-?})." % ($rss_staged / 1024))
p("")
import glob, statistics
runs = [json.load(open(f))["stats"] for f in sorted(glob.glob(f"{out}/staged-phases-*.json"))]
if runs:
    names = [x["phase"] for x in runs[0]["phases"]]
    p("Where a warm staged run's time goes (\`--timings\` phases, median of %d runs; process start is \`nhiscan version\` above; "
      "\"listing\" is the index read and diff against HEAD, inside \"scan\"):" % len(runs))
    p("")
    p("| " + " | ".join(names) + " | listing | sum |")
    p("|" + "---|" * (len(names) + 2))
    meds = [statistics.median(r["phases"][i]["ms"] for r in runs) for i in range(len(names))]
    p("| " + " | ".join("%.1f ms" % m for m in meds) + " | %.1f ms | %.1f ms |" % (statistics.median(r["listing_ms"] for r in runs), sum(meds)))
    p("")
p("\`strace -f -c\` of one warm staged run (syscall time only; top rows):")
p("")
p("\`\`\`")
p("""$strace_txt""")
p("\`\`\`")
p("")
p("Raw data: \`bench/out/hf-git-history.json\`, \`hf-git-staged.json\`, \`rss-git.tsv\`, \`git-findings.json\`, \`staged-findings.json\`, \`strace-staged*.txt\`.")
open(f"{out}/git-results.md", "w").write("\n".join(L) + "\n")
print("\n".join(L))
PY
