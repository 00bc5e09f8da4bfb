#!/usr/bin/env bash
# How a history sweep's peak memory grows with the number of objects, next to git's own.
#
# Generates (once) repositories of the same shape at several sizes with `git fast-import`: every
# commit changes one small file in each of 100 folders (10 x 10, two levels deep), so it adds
# 100 blobs, 111 trees and itself: about 212 objects a commit, mostly trees and blobs, as in a
# large real history. Then runs `nhiscan git` and `git cat-file --batch-all-objects --batch` on
# each and prints wall time, peak RSS and peak anonymous RSS (RSS without mapped files: packs and
# pack indexes), and how much each grows per object from the smallest size to the largest.
# Writes bench/out/mem-scale.md.
#
# Usage: bench/mem_scale.sh [--nhiscan PATH] [--commits "2500 5000 10000"]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
sizes="2500 5000 10000"
nhiscan=""
while [ $# -gt 0 ]; do
  case "$1" in
    --nhiscan) nhiscan=$2; shift 2 ;;
    --commits) sizes=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mem_scale.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for t in git python3; do
  command -v "$t" >/dev/null || { echo "mem_scale.sh: needs $t" >&2; exit 2; }
done
[ -n "$nhiscan" ] || nhiscan="$root/build/nhiscan"
[ -x "$nhiscan" ] || { echo "mem_scale.sh: no nhiscan binary at $nhiscan" >&2; exit 2; }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
mkdir -p "$out"

# A fast-import stream of $1 commits on one branch.
stream() {
  python3 -c '
import sys
commits = int(sys.argv[1])
w = sys.stdout.buffer.write
def data(b):
    w(b"data %d\n" % len(b)); w(b); w(b"\n")
for c in range(commits):
    w(b"commit refs/heads/main\n")
    w(b"committer Bench <bench@example.com> %d +0000\n" % (1700000000 + c * 60))
    data(b"change %d" % c)
    for f in range(100):
        w(b"M 100644 inline d%d/e%d/value.txt\n" % (f // 10, f % 10))
        data(b"value %d of folder %d\n" % (c, f))
w(b"done\n")
' "$1"
}

# Runs a command (stdout to /dev/null) and prints its wall time in seconds, its peak RSS and its
# peak anonymous RSS in KiB (sampled from /proc every 10 ms). Exit status 0 or 1 (findings) is
# success.
measure() {
  python3 -c '
import os, resource, subprocess, sys, time
start = time.monotonic()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak_anon = 0
while proc.poll() is None:
    try:
        with open("/proc/%d/status" % proc.pid) as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    peak_anon = max(peak_anon, int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.01)
wall = time.monotonic() - start
if proc.returncode not in (0, 1):
    sys.exit("mem_scale.sh: %s exited with %d" % (sys.argv[1], proc.returncode))
print("%.2f %d %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, peak_anon))
' "$@"
}

{
  echo "| commits | objects | \`nhiscan git\` wall | nhiscan peak RSS (anonymous) | \`cat-file --batch\` wall | cat-file peak RSS (anonymous) |"
  echo "|---|---|---|---|---|---|"
} > "$out/mem-scale.md"
first="" last=""
for commits in $sizes; do
  repo="$out/wide-${commits}c"
  if [ ! -d "$repo/.git" ]; then
    echo "== generating $repo" >&2
    rm -rf "$repo" && git init -q -b main "$repo"
    stream "$commits" | git -C "$repo" fast-import --quiet --done
  fi
  objects=$(git -C "$repo" count-objects -v | awk '/^(count|in-pack):/ {n += $2} END {print n}')
  read -r nh_wall nh_rss nh_anon < <(measure "$nhiscan" git --progress never --format json -o /dev/null "$repo")
  read -r git_wall git_rss git_anon < <(measure git -C "$repo" cat-file --batch-all-objects --batch)
  printf '| %s | %s | %s s | %s MiB (%s) | %s s | %s MiB (%s) |\n' "$commits" "$objects" "$nh_wall" \
    $((nh_rss / 1024)) $((nh_anon / 1024)) "$git_wall" $((git_rss / 1024)) $((git_anon / 1024)) \
    | tee -a "$out/mem-scale.md"
  [ -n "$first" ] || first="$objects $nh_rss $nh_anon $git_rss $git_anon"
  last="$objects $nh_rss $nh_anon $git_rss $git_anon"
done
read -r o1 r1 a1 g1 ga1 <<< "$first"
read -r o2 r2 a2 g2 ga2 <<< "$last"
if [ "$o2" != "$o1" ]; then
  per() { echo $(( ($2 - $1) * 1024 / (o2 - o1) )); }
  echo "per object, from $o1 to $o2 objects: nhiscan $(per "$r1" "$r2") bytes of RSS ($(per "$a1" "$a2") anonymous), cat-file $(per "$g1" "$g2") ($(per "$ga1" "$ga2") anonymous)" \
    | tee -a "$out/mem-scale.md"
fi
