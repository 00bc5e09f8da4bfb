#!/usr/bin/env bash
# Compares nhiscan with ripgrep and with the I/O floor on one generated corpus, in one run:
#   (a) throughput: `nhiscan scan` (JSON to /dev/null, warm rule cache, warm page cache) vs
#       `rg` running the same patterns vs `find | xargs cat > /dev/null`, with hyperfine;
#   (b) startup: `nhiscan scan` on a tiny folder with a cold rule cache (fresh cache dir: the
#       built-in rules' database embedded at build time is used), a cold cache with an extra rule
#       file (the database is compiled), a warm cache, and no cache;
#   (c) peak RSS of each command (/usr/bin/time).
# Writes bench/out/results.md (plus the raw hyperfine JSON beside it) and prints it.
# See bench/README.md for what each figure means.
#
#   bench/compare.sh                       # 200 MiB corpus, one thread per core
#   bench/compare.sh --size-mb 50 --threads 1 --runs 3
#
# Options:
#   --size-mb N        corpus size in MiB (default 200); the corpus is generated once per
#                      size/seed under bench/out/ and reused
#   --seed N           corpus seed (default 1)
#   --corpus DIR       scan DIR instead of a generated corpus (no recall check without a manifest)
#   --threads N        threads for nhiscan and rg (default: nproc); when N > 1 single-thread runs
#                      are measured too
#   --runs N           timed runs per throughput command (default 5, after 1 warm-up run)
#   --startup-runs N   timed runs per startup command (default 30, after 3 warm-up runs)
#   --nhiscan PATH     binary to measure (default build/nhiscan; built if missing)
#   --rules PATH       extra rule file or folder, passed to nhiscan as --rules (repeatable)
#   --bench-rules      add bench/rules/ (the stand-in pack); automatic when the binary has no
#                      built-in rules
#   --untuned-cat      also time the I/O floor without the glibc malloc tunables (see README)
#   --out DIR          output folder (default bench/out)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench

size_mb=200
seed=1
corpus=""
threads=$(nproc)
runs=5
startup_runs=30
nhiscan=$ROOT/build/nhiscan
extra_rules=()
bench_rules=auto
untuned_cat=0
out=$BENCH/out

while (($#)); do
  case "$1" in
    --size-mb) size_mb=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --startup-runs) startup_runs=$2; shift 2 ;;
    --nhiscan) nhiscan=$2; shift 2 ;;
    --rules) extra_rules+=("$2"); shift 2 ;;
    --bench-rules) bench_rules=yes; shift ;;
    --untuned-cat) untuned_cat=1; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { printf '\n== %s\n' "$*" >&2; }
die() { echo "compare.sh: $*" >&2; exit 2; }
started=$(date +%s)
load_start=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?")

# --- tools ----------------------------------------------------------------------------------------
for tool in rg hyperfine python3 find xargs; do
  command -v "$tool" >/dev/null || die "$tool is required (Debian: apt-get install -y ripgrep hyperfine python3)"
done
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" -eq 0 ]; then
    log "installing GNU time (for peak RSS)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null || true
  fi
  [ -x /usr/bin/time ] || echo "compare.sh: /usr/bin/time missing (apt-get install -y time): no RSS figures" >&2
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- the binary -----------------------------------------------------------------------------------
if [ ! -x "$nhiscan" ]; then
  [ "$nhiscan" = "$ROOT/build/nhiscan" ] || die "$nhiscan is not executable"
  log "building build/nhiscan"
  (cd "$ROOT" && cmake -S . -B build -G Ninja >/dev/null && ninja -C build -j 2 nhiscan >/dev/null)
fi
nhiscan=$(cd "$(dirname "$nhiscan")" && pwd)/$(basename "$nhiscan")

# --- rules ----------------------------------------------------------------------------------------
builtin_rules=$("$nhiscan" rules list --cache-dir none | wc -l)
if [ "$bench_rules" = yes ] || { [ "$bench_rules" = auto ] && [ "$builtin_rules" -eq 0 ]; }; then
  extra_rules+=("$BENCH/rules")
fi
rule_args=()
# Rule options always go right after the subcommand: `--rules PATH` (even `--rules=PATH`) keeps
# taking the following positional arguments (the corpus) as more rule paths.
for r in "${extra_rules[@]+"${extra_rules[@]}"}"; do rule_args+=(--rules "$r"); done
rule_count=$("$nhiscan" rules list "${rule_args[@]+"${rule_args[@]}"}" --cache-dir none | wc -l)
[ "$rule_count" -gt 0 ] || die "no rules loaded"

# --- corpus ---------------------------------------------------------------------------------------
manifest=""
if [ -z "$corpus" ]; then
  corpus=$out/corpus-${size_mb}mb-seed${seed}
  manifest=$corpus.manifest.json
  if [ ! -f "$manifest" ] || [ ! -d "$corpus" ]; then
    log "generating a ${size_mb} MiB corpus (seed $seed)"
    python3 "$BENCH/gen_corpus.py" --size-mb "$size_mb" --seed "$seed" --out "$corpus" \
      --manifest "$manifest" --force
  else
    log "reusing $corpus"
  fi
else
  [ -d "$corpus" ] || die "$corpus is not a folder"
  corpus=$(cd "$corpus" && pwd)
  [ -f "$corpus.manifest.json" ] && manifest=$corpus.manifest.json
fi
# The startup tree: what a pre-commit hook typically sees, a few dozen small files and no secret.
tiny=$out/tiny-seed$seed
if [ ! -f "$tiny.manifest.json" ]; then
  python3 "$BENCH/gen_corpus.py" --size-mb 0.05 --seed "$seed" --secrets 0 --decoys 2 \
    --out "$tiny" --manifest "$tiny.manifest.json" --force
fi

# --- patterns for ripgrep -------------------------------------------------------------------------
# rg joins all -f patterns into one regex, so capture-group names would clash: named groups
# become non-capturing groups (same language). Patterns rg rejects (e.g. a literal \n, which rg
# allows only with --multiline) are left out and listed in the results.
log "extracting patterns for rg"
patterns=$out/rg-patterns.txt
rejected=$out/rg-rejected.txt
: > "$patterns"
: > "$rejected"
total_patterns=0
while IFS= read -r line; do
  [[ "$line" == $'\t'* ]] || continue
  total_patterns=$((total_patterns + 1))
  p=$(printf '%s' "${line#$'\t'}" | sed -E 's/\(\?P<[A-Za-z_][A-Za-z0-9_]*>/(?:/g')
  if rg -q -e "$p" /dev/null 2>/dev/null || [ $? -eq 1 ]; then
    printf '%s\n' "$p" >> "$patterns"
  else
    printf '%s\n' "$p" >> "$rejected"
  fi
done < <("$nhiscan" rules list "${rule_args[@]+"${rule_args[@]}"}" --patterns --cache-dir none)
rg_patterns=$(wc -l < "$patterns")

# --- commands -------------------------------------------------------------------------------------
warm_cache=$out/cache-warm
cold_cache=$out/cache-cold
rm -rf "$warm_cache" "$cold_cache"
"$nhiscan" rules list "${rule_args[@]+"${rule_args[@]}"}" --cache-dir "$warm_cache" >/dev/null

q() { printf '%q ' "$@"; }
# In this kind of VM page faults are very expensive, and GNU cat allocates its 128 KiB buffer per
# file (glibc mmaps it, or trims the heap after freeing it): without these tunables the "floor"
# measures malloc, not I/O. They keep the buffer on the heap and the heap untrimmed.
cat_tunables=glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=268435456

nh_scan() { q "$nhiscan" scan "${rule_args[@]+"${rule_args[@]}"}" --threads "$1" --format json \
  --cache-dir "$warm_cache" "$corpus"; echo "> /dev/null"; }
rg_scan() { q rg --no-ignore --hidden --no-messages --count --threads "$1" -f "$patterns" "$corpus"
  echo "> $(q "$out/rg-count-$1.txt")"; }
cat_floor="find $(q "$corpus") -type f -print0 | GLIBC_TUNABLES=$cat_tunables xargs -0 cat > /dev/null"

# --- sanity runs: exit codes and what was found ---------------------------------------------------
case "$load_start" in
  [0-9].*) awk -v l="${load_start%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }' &&
    echo "compare.sh: warning: load average is $load_start on $(nproc) cores: timings will be noisy" >&2 ;;
esac
log "sanity runs"
set +e
"$nhiscan" scan "${rule_args[@]+"${rule_args[@]}"}" --threads "$threads" --format json \
  --cache-dir "$warm_cache" "$corpus" > "$out/findings.json"
rc=$?
[ $rc -le 1 ] || die "nhiscan scan exited $rc (see $out/findings.json)"
rg --no-ignore --hidden --no-messages --count --threads "$threads" -f "$patterns" "$corpus" > "$out/rg-count.txt"
rc=$?
[ $rc -le 1 ] || die "rg exited $rc"
set -e

# --- (a) throughput -------------------------------------------------------------------------------
log "throughput: $runs runs after 1 warm-up, $threads thread(s)"
hf=(hyperfine --style basic --warmup 1 --runs "$runs" --ignore-failure)
cmds=(-n "nhiscan" "$(nh_scan "$threads")" -n "ripgrep" "$(rg_scan "$threads")"
      -n "cat (I/O floor)" "$cat_floor")
if [ "$threads" -gt 1 ]; then
  cmds+=(-n "nhiscan -j1" "$(nh_scan 1)" -n "ripgrep -j1" "$(rg_scan 1)")
fi
if [ "$untuned_cat" -eq 1 ]; then
  cmds+=(-n "cat (no malloc tunables)" "find $(q "$corpus") -type f -print0 | xargs -0 cat > /dev/null")
fi
"${hf[@]}" --export-json "$out/hf-throughput.json" "${cmds[@]}" >&2

# --- (b) startup ----------------------------------------------------------------------------------
log "startup on $tiny: $startup_runs runs after 3 warm-ups"
tiny_scan() { q "$nhiscan" scan "${rule_args[@]+"${rule_args[@]}"}" --format json --cache-dir "$1" "$tiny"; }
hyperfine --style basic --shell=none --warmup 3 --runs "$startup_runs" --ignore-failure \
  --export-json "$out/hf-startup.json" \
  --prepare true -n "nhiscan, warm rule cache" "$(tiny_scan "$warm_cache")" \
  --prepare "rm -rf $cold_cache" -n "nhiscan, cold rule cache" "$(tiny_scan "$cold_cache")" \
  --prepare "rm -rf $cold_cache" -n "nhiscan, cold rule cache, database compiled" \
    "$(tiny_scan "$cold_cache") --rules $(q "$ROOT/bench/rules/bench_rules.jsonc")" \
  --prepare true -n "nhiscan, no rule cache" "$(tiny_scan none)" \
  --prepare true -n "ripgrep" "$(q rg --no-ignore --hidden --no-messages --count -f "$patterns" "$tiny")" >&2

# --- (c) peak RSS ---------------------------------------------------------------------------------
: > "$out/rss.tsv"
if [ -x /usr/bin/time ]; then
  log "peak RSS"
  rss() {  # name, shell command
    /usr/bin/time -f '%M' -o "$out/rss.tmp" sh -c "$2" >/dev/null 2>&1 || true
    printf '%s\t%s\n' "$1" "$(tail -1 "$out/rss.tmp")" >> "$out/rss.tsv"
  }
  rss "nhiscan" "$(nh_scan "$threads")"
  rss "ripgrep" "$(rg_scan "$threads")"
  rss "cat (I/O floor)" "$cat_floor"
  if [ "$threads" -gt 1 ]; then
    rss "nhiscan -j1" "$(nh_scan 1)"
    rss "ripgrep -j1" "$(rg_scan 1)"
  fi
  rss "nhiscan tiny, warm rule cache" "$(tiny_scan "$warm_cache") > /dev/null"
  rm -rf "$cold_cache"
  rss "nhiscan tiny, cold rule cache" "$(tiny_scan "$cold_cache") > /dev/null"
  rm -f "$out/rss.tmp"
fi

# --- summary --------------------------------------------------------------------------------------
git_rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- scanner CMakeLists.txt patterns 2>/dev/null || git_rev="$git_rev+dirty"
python3 "$BENCH/summarize.py" --out "$out" --corpus "$corpus" --manifest "$manifest" \
  --threads "$threads" --rules "$rule_count" --patterns "$total_patterns" --rg-patterns "$rg_patterns" \
  --rule-args "${extra_rules[*]+"${extra_rules[*]}"}" --git "$git_rev" --nhiscan "$nhiscan" \
  --tiny "$tiny" --elapsed $(( $(date +%s) - started )) \
  --load "$load_start / $(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?")" > "$out/results.md"
cat "$out/results.md"
