#!/usr/bin/env bash
# The tree-scan comparison on a real source tree: the Linux 6.1 source that Debian ships in its
# linux-source-6.1 package (78,579 files, 1.3 GB of C, assembly, device trees, docs and scripts),
# fetched with apt once into bench/out/. Times `nhiscan scan` (all threads, then one) against
# the cat floor with hyperfine, page cache warm, as compare.sh does (the tree may be a symlink); ripgrep is left out (one run
# of all the patterns over 1.3 GB takes minutes: `bench/compare.sh --corpus DIR` includes it).
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
