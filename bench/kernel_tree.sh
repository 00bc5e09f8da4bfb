#!/usr/bin/env bash
# The tree-scan comparison on a real source tree: the Linux 6.1 source that Debian ships in its
# linux-source-6.1 package (78,579 files, 1.3 GB of C, assembly, device trees, docs and scripts),
# fetched with apt once into bench/out/. Times `nhiscan scan` (all threads, then one) against
# the cat floor with hyperfine, page cache warm, as compare.sh does (the tree may be a symlink); ripgrep is left out (one run
# of all the patterns over 1.3 GB takes minutes: `bench/compare.sh --corpus DIR` includes it).
# Then the pre-commit case in a large repository: the tree committed once into a git repository
# (bench/out/kernel-repo, built once: an 8 MiB index of 78,635 entries, one pack), 5 files edited
# and staged, one with a new synthetic secret; `nhiscan staged` next to `git diff --cached
# --name-only` (what any pre-commit hook runs first), warm cache, with the phases of one run.
#
#   bench/kernel_tree.sh                    # fetch once (~140 MB), then 5 runs of each
#   bench/kernel_tree.sh --runs 3 --nhiscan path/to/nhiscan
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$ROOT/bench/out
nhiscan=$ROOT/build/nhiscan
runs=5
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --nhiscan) nhiscan=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "kernel_tree.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v hyperfine >/dev/null || { echo "kernel_tree.sh: hyperfine is required" >&2; exit 2; }
[ -x "$nhiscan" ] || { echo "kernel_tree.sh: $nhiscan is not executable" >&2; exit 2; }

tree=$out/linux-source-6.1
if [ ! -d "$tree" ]; then
  mkdir -p "$out"
  (
    cd "$out"
    apt-get download linux-source-6.1
    # Unpacked aside and moved into place whole: an interrupted unpacking is not measured later.
    rm -rf linux-source-6.1.tmp && mkdir linux-source-6.1.tmp
    dpkg-deb --fsys-tarfile linux-source-6.1_*_all.deb |
      tar -xO ./usr/src/linux-source-6.1.tar.xz | tar -xJ -C linux-source-6.1.tmp
    mv linux-source-6.1.tmp/linux-source-6.1 linux-source-6.1
    rm -rf linux-source-6.1.tmp linux-source-6.1_*_all.deb
  )
fi

q() { printf '%q ' "$@"; }
# The same glibc tunables as compare.sh's floor (see the comment there).
tunables=glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=268435456
cache=$out/cache-warm
"$nhiscan" rules list --cache-dir "$cache" >/dev/null
hyperfine --style basic --warmup 1 --runs "$runs" --ignore-failure \
  --export-json "$out/hf-kernel-tree.json" \
  -n "nhiscan" "$(q "$nhiscan" scan --format json --cache-dir "$cache" "$tree") > /dev/null" \
  -n "nhiscan -j1" "$(q "$nhiscan" scan -j 1 --format json --cache-dir "$cache" "$tree") > /dev/null" \
  -n "cat (I/O floor)" \
  "find $(q "$tree/") -type f -print0 | GLIBC_TUNABLES=$tunables xargs -0 cat > /dev/null"

# Pre-commit in a large repository.
repo=$out/kernel-repo
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo.tmp" && mkdir "$repo.tmp"
  cp -a "$tree/." "$repo.tmp/"
  (
    cd "$repo.tmp"
    export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
    git init -q -b main
    git config gc.auto 0  # else the commit starts a background gc that the one below trips over
    git add -f -A .  # -f: Debian's tree ignores everything in its .gitignore
    git -c user.name=bench -c user.email=bench@example.com commit -q -m import
    git gc -q  # one pack, as in a fresh clone
  )
  mv "$repo.tmp" "$repo"
fi
git -C "$repo" reset -q --hard
files=(kernel/fork.c mm/mmap.c fs/open.c net/socket.c init/main.c)
for f in "${files[@]}"; do echo "/* edited by kernel_tree.sh */" >> "$repo/$f"; done
secret=$(python3 -c 'import random; r = random.Random(8); print("".join(r.choice("0123456789ABCDEF") for _ in range(64)))')
echo "static const char *sf_client_secret = \"SF_CLIENT_SECRET=$secret\";" >> "$repo/init/main.c"
git -C "$repo" add -f -- "${files[@]}"
hyperfine --style basic -N --warmup 3 --runs 40 --ignore-failure \
  --export-json "$out/hf-kernel-staged.json" \
  -n "nhiscan staged" "$(q "$nhiscan" staged --cache-dir "$cache" --format json --output /dev/null "$repo")" \
  -n "git diff --cached --name-only" "$(q git -C "$repo" diff --cached --name-only)"
echo "phases of one warm run (ms):"
"$nhiscan" staged --cache-dir "$cache" --format json --timings "$repo" |
  python3 -c 'import json, sys; s = json.load(sys.stdin)["stats"]; print("  findings", s["findings"], " ".join("%s %.1f" % (p["phase"], p["ms"]) for p in s["phases"][1:]))' || true
git -C "$repo" reset -q --hard
