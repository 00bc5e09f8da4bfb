#!/usr/bin/env python3
"""Generate a deterministic git repository with a realistic-ish history for nhiscan git benchmarks.

The history is written as a `git fast-import` stream (built in Python), then `git gc` packs it like
a real clone. Contents: a tree of source-like files in several languages, small edits per commit,
feature branches (most merged back with merge commits, some left open), renames, deletes, tags, a
few large files changed a few times, and a handful of planted synthetic Salesforce consumer secrets
(`SF_CLIENT_SECRET=` + 64 uppercase hex) that a later commit removes. The planted secrets are listed
in REPO.planted.json (next to the repository).

Usage: bench/gen_history.py --out bench/out/history-5000c-seed1 [--commits 5000] [--seed 1]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

LANGS = {
    "py": ("src/py", "def {f}({a}):\n    {v} = {a} * {n}\n    if {v} > {n2}:\n        return {v} - {n}\n    return {v}\n"),
    "java": ("src/main/java/com/acme", "    public int {f}(int {a}) {{\n        int {v} = {a} * {n};\n        return {v} > {n2} ? {v} - {n} : {v};\n    }}\n"),
    "js": ("web/src", "export function {f}({a}) {{\n  const {v} = {a} * {n};\n  return {v} > {n2} ? {v} - {n} : {v};\n}}\n"),
    "ts": ("web/src/lib", "export const {f} = ({a}: number): number => {{\n  const {v} = {a} * {n};\n  return {v} > {n2} ? {v} - {n} : {v};\n}};\n"),
    "go": ("internal/svc", "func {f}({a} int) int {{\n\t{v} := {a} * {n}\n\tif {v} > {n2} {{\n\t\treturn {v} - {n}\n\t}}\n\treturn {v}\n}}\n"),
    "c": ("native/src", "static int {f}(int {a}) {{\n    int {v} = {a} * {n};\n    return {v} > {n2} ? {v} - {n} : {v};\n}}\n"),
    "cls": ("force-app/main/default/classes", "    public static Integer {f}(Integer {a}) {{\n        Integer {v} = {a} * {n};\n        return {v} > {n2} ? {v} - {n} : {v};\n    }}\n"),
    "xml": ("force-app/main/default/objects", "    <fields>\n        <fullName>{f}__c</fullName>\n        <label>{a} {v}</label>\n        <length>{n}</length>\n    </fields>\n"),
    "yaml": ("deploy/k8s", "- name: {f}\n  image: registry.example.com/{a}:{n}\n  replicas: {n2}\n  env:\n    - {{name: {v}, value: \"{n}\"}}\n"),
    "json": ("config", "  \"{f}\": {{\"{a}\": {n}, \"{v}\": {n2}}},\n"),
    "md": ("docs", "## {f}\n\nThe {a} step multiplies by {n} and caps the {v} at {n2}.\n\n"),
}
WORDS = ("alpha beta gamma delta order invoice account contact lead case quote cart user token "
         "session cache queue batch sync export import report metric audit policy route handler").split()


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def ident(self):
        return self.r.choice(WORDS) + self.r.choice(WORDS).capitalize() + str(self.r.randrange(100))

    def chunk(self, ext, k):
        tmpl = LANGS[ext][1]
        return "".join(tmpl.format(f=self.ident(), a=self.r.choice(WORDS), v=self.r.choice(WORDS) + "V",
                                   n=self.r.randrange(1, 999), n2=self.r.randrange(1000, 99999))
                       for _ in range(k))

    def hex64(self):
        return "".join(self.r.choice("0123456789ABCDEF") for _ in range(64))

    def key3mvg(self):
        al = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._"
        return "3MVG9" + "".join(self.r.choice(al) for _ in range(80))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="repository directory to create (replaced if it exists)")
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=600, help="files in the initial tree")
    ap.add_argument("--secrets", type=int, default=6, help="planted synthetic credentials")
    ap.add_argument("--large-mb", type=float, default=4.0, help="size of each large file")
    args = ap.parse_args()

    g = Gen(args.seed)
    r = g.r
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_AUTHOR_DATE="1600000000 +0000", GIT_COMMITTER_DATE="1600000000 +0000",
               LC_ALL="C", TZ="UTC")
    t0 = time.time()
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", out], check=True, env=env)

    stream = []
    w = stream.append
    mark = [0]
    when = [1600000000]

    def data(s):
        b = s.encode()
        w(b"data %d\n" % len(b))
        w(b)
        w(b"\n")

    def commit(ref, msg, changes, parent=None, merge=None):
        mark[0] += 1
        when[0] += r.randrange(600, 7200)
        w(b"commit %s\nmark :%d\n" % (ref.encode(), mark[0]))
        who = b"Dev%d <dev%d@example.com> %d +0000\n" % (r.randrange(12), r.randrange(12), when[0])
        w(b"author " + who)
        w(b"committer " + who)
        data(msg)
        if parent is not None:
            w(b"from :%d\n" % parent)
        if merge is not None:
            w(b"merge :%d\n" % merge)
        for op in changes:
            if op[0] == "M":
                w(b"M 100644 inline %s\n" % op[1].encode())
                data(op[2])
            elif op[0] == "D":
                w(b"D %s\n" % op[1].encode())
            elif op[0] == "R":
                w(b"R %s %s\n" % (op[1].encode(), op[2].encode()))
        w(b"\n")
        return mark[0]

    # Initial tree.
    tree = {}
    exts = list(LANGS)
    for i in range(args.files):
        ext = r.choice(exts)
        path = "%s/%s_%d.%s" % (LANGS[ext][0], r.choice(WORDS), i, ext)
        tree[path] = g.chunk(ext, r.randrange(3, 40))
    tree["README.md"] = "# acme-platform\n\nSynthetic history for nhiscan benchmarks.\n"
    tree[".env.example"] = "SF_CLIENT_ID=\nSF_CLIENT_SECRET=\nSF_INSTANCE_URL=https://acme.my.salesforce.com\n"
    large = ["assets/vendor/bundle.min.js", "data/fixtures/accounts.json", "data/seed/products.csv"]
    large_bytes = int(args.large_mb * 1024 * 1024)

    def large_content(p):
        if p.endswith(".js"):
            unit = g.chunk("js", 50).replace("\n", "")
        elif p.endswith(".json"):
            unit = g.chunk("json", 50)
        else:
            unit = "".join("%d,%s,%s,%d.%02d\n" % (r.randrange(10**6), g.ident(), r.choice(WORDS), r.randrange(999), r.randrange(100)) for _ in range(60))
        reps = large_bytes // len(unit) + 1
        parts = []
        for _ in range(reps):  # vary so deltas don't collapse everything
            parts.append(unit if r.random() < 0.9 else unit[::-1])
        return "".join(parts)[:large_bytes]

    tip = {"main": commit("refs/heads/main", "Initial import\n", [("M", p, c) for p, c in sorted(tree.items())])}
    n_done = 1

    # Plan: planted secrets (commit index -> removal index), large-file updates.
    span = max(args.commits, 10)
    plant_at = sorted(r.sample(range(span // 20, span - span // 20), args.secrets))
    planted = []
    pending_removal = {}  # commit index -> path
    large_at = {int(span * f): p for f, p in zip((0.05, 0.3, 0.55, 0.8, 0.95), large * 2)}
    large_at.update({int(span * 0.1) + k: p for k, p in enumerate(large)})

    feature = None  # dict: name, tip mark, tree (copy), changes, locked, left
    feat_no = 0
    locked = set()

    def edit(content, ext):
        lines = content.splitlines(keepends=True)
        if len(lines) > 400:
            lines = lines[:300]
        k = r.random()
        if k < 0.5 and lines:
            i = r.randrange(len(lines))
            lines[i:i + r.randrange(1, 6)] = g.chunk(ext, 1).splitlines(keepends=True)
        elif k < 0.85:
            lines.insert(r.randrange(len(lines) + 1), g.chunk(ext, r.randrange(1, 3)))
        elif lines:
            i = r.randrange(len(lines))
            del lines[i:i + r.randrange(1, 4)]
        return "".join(lines)

    while n_done < args.commits:
        idx = n_done
        # Start or finish a feature branch.
        if feature is None and r.random() < 0.02:
            feat_no += 1
            cands = [p for p in tree if p not in large and not p.startswith(".env")]
            fl = set(r.sample(cands, min(8, len(cands))))
            locked |= fl
            feature = {"name": "refs/heads/feature/f%03d-%s" % (feat_no, r.choice(WORDS)), "tip": tip["main"],
                       "tree": dict(tree), "changes": {}, "locked": fl, "left": r.randrange(5, 40)}
        if feature is not None and feature["left"] <= 0:
            if r.random() < 0.8:  # merge back
                ch = [("M", p, c) if c is not None else ("D", p) for p, c in sorted(feature["changes"].items())]
                for p, c in feature["changes"].items():
                    if c is None:
                        tree.pop(p, None)
                    else:
                        tree[p] = c
                tip["main"] = commit("refs/heads/main", "Merge branch '%s'\n" % feature["name"][11:], ch,
                                     parent=tip["main"], merge=feature["tip"])
                n_done += 1
            locked -= feature["locked"]
            feature = None
            continue
        on_feature = feature is not None and r.random() < 0.4
        if on_feature:
            ft = feature["tree"]
            changes = []
            for _ in range(r.randrange(1, 4)):
                if r.random() < 0.2:
                    ext = r.choice(exts)
                    p = "%s/%s_f%d_%d.%s" % (LANGS[ext][0], r.choice(WORDS), feat_no, idx, ext)
                    c = g.chunk(ext, r.randrange(3, 20))
                    feature["locked"].add(p)
                else:
                    p = r.choice(sorted(feature["locked"] & set(ft)))
                    c = edit(ft[p], p.rsplit(".", 1)[1])
                ft[p] = c
                feature["changes"][p] = c
                changes.append(("M", p, c))
            feature["tip"] = commit(feature["name"], "%s: work on %s\n" % (feature["name"][11:], r.choice(WORDS)),
                                    changes, parent=feature["tip"])
            feature["left"] -= 1
            n_done += 1
            continue
        # Ordinary main commit.
        changes = []
        msg = "Update %s handling\n" % r.choice(WORDS)
        due = [k for k in pending_removal if k <= idx]
        if due:
            p = pending_removal.pop(min(due))
            changes.append(("D", p))
            tree.pop(p, None)
            msg = "Remove leaked credentials from %s\n" % p
        elif plant_at and idx >= plant_at[0]:
            plant_at.pop(0)
            sec = g.hex64()
            p = r.choice(["config/salesforce.env", "deploy/.env.staging", "scripts/sf-login.properties",
                          "config/integration.env", "ops/.env.prod", "tools/sf/.env"])
            if p in tree:
                p += ".%d" % len(planted)
            line = "SF_CLIENT_SECRET=" + sec
            c = "# Salesforce integration\nSF_CLIENT_ID=%s\n%s\nSF_INSTANCE_URL=https://acme.my.salesforce.com\n" % (g.key3mvg(), line)
            tree[p] = c
            changes.append(("M", p, c))
            planted.append({"path": p, "secret": sec, "line": 3, "commit_index": idx})
            k = idx + r.randrange(3, 60)
            while k in pending_removal:
                k += 1
            pending_removal[k] = p
            msg = "Add Salesforce integration settings\n"
        elif idx in large_at:
            p = large_at[idx]
            c = large_content(p)
            tree[p] = c
            changes.append(("M", p, c))
            msg = "Refresh %s\n" % p
        else:
            free = [p for p in tree if p not in locked and p not in large and not p.endswith((".env", ".properties")) and ".env" not in p]
            k = r.random()
            if k < 0.015 and free:  # rename
                old = r.choice(free)
                d, _, base = old.rpartition("/")
                new = "%s%s_%s" % (d + "/" if d else "", r.choice(WORDS), base)
                if new not in tree:
                    changes.append(("R", old, new))
                    tree[new] = tree.pop(old)
                    msg = "Rename %s\n" % base
            elif k < 0.025 and len(free) > 50:  # delete
                p = r.choice(free)
                changes.append(("D", p))
                tree.pop(p)
                msg = "Drop %s\n" % p.rpartition("/")[2]
            elif k < 0.08:  # add
                ext = r.choice(exts)
                p = "%s/%s_m%d.%s" % (LANGS[ext][0], r.choice(WORDS), idx, ext)
                tree[p] = g.chunk(ext, r.randrange(3, 30))
                changes.append(("M", p, tree[p]))
                msg = "Add %s\n" % p.rpartition("/")[2]
            else:
                for p in r.sample(free, min(len(free), r.randrange(1, 5))):
                    tree[p] = edit(tree[p], p.rsplit(".", 1)[1])
                    changes.append(("M", p, tree[p]))
        if not changes:
            continue
        tip["main"] = commit("refs/heads/main", msg, changes, parent=tip["main"])
        n_done += 1
        if r.random() < 0.004:
            w(b"reset refs/tags/v%d.%d\nfrom :%d\n\n" % (n_done // 1000, n_done % 1000, tip["main"]))
    # Leave the open feature branch (if any) as a ref; its tip is already written.
    if feature is not None:
        locked -= feature["locked"]
    # Any planted secret not yet removed gets removed now.
    if pending_removal:
        ch = [("D", p) for p in pending_removal.values()]
        tip["main"] = commit("refs/heads/main", "Remove leaked credentials\n", ch, parent=tip["main"])
        for p in pending_removal.values():
            tree.pop(p, None)

    blob = b"".join(stream)
    t1 = time.time()
    subprocess.run(["git", "-C", out, "fast-import", "--quiet", "--done"], input=blob + b"done\n", check=True, env=env)
    t2 = time.time()
    subprocess.run(["git", "-C", out, "reset", "-q", "--hard", "main"], check=True, env=env)
    subprocess.run(["git", "-C", out, "gc", "-q", "--prune=now"], check=True, env=env)
    t3 = time.time()
    with open(out.rstrip("/") + ".planted.json", "w") as f:
        json.dump({"seed": args.seed, "commits": n_done, "planted": planted}, f, indent=1)
    refs = subprocess.run(["git", "-C", out, "for-each-ref", "--format=%(refname)"], capture_output=True, text=True, env=env).stdout.split()
    print("gen_history: %s: %d commits, %d refs, %d planted secrets, stream %.1f MiB; generate %.1fs, fast-import %.1fs, checkout+gc %.1fs"
          % (out, n_done, len(refs), len(planted), len(blob) / 2**20, t1 - t0, t2 - t1, t3 - t2), file=sys.stderr)


if __name__ == "__main__":
    main()
