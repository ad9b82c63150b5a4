#!/usr/bin/python3
"""Re-run the examples of a Markdown file and write their real output back.

    /usr/bin/python3 scripts/docs-examples.py docs/query.md --dir runs/docs [--check]

Every fenced block whose lines start with `$ hetsweep ...` or `$ /usr/bin/python3 analysis/...` is an
example: each command runs in --dir (where the stores it names live: demo.h5, sizes.h5) with this
checkout's build/hetsweep, and the lines after it, up to the next command or the end of the block,
become its output. A block that shows a shortened output (a line "..." after the command) is left
alone. --check writes nothing and exits 1 when an output differs.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, cwd):
    words = shlex.split(command)
    if words[0] == "hetsweep":
        words[0] = os.path.join(ROOT, "build", "hetsweep")
    elif words[0] == "/usr/bin/python3" and words[1].startswith("analysis/"):
        words[1] = os.path.join(ROOT, words[1])
    env = dict(os.environ, HETSWEEP=os.path.join(ROOT, "build", "hetsweep"))
    p = subprocess.run(words, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    return (p.stdout + p.stderr).rstrip("\n").splitlines()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("markdown")
    ap.add_argument("--dir", required=True, help="directory the commands run in")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    lines = open(args.markdown).read().split("\n")
    out, i, changed = [], 0, 0
    command = re.compile(r"^\$ (hetsweep|/usr/bin/python3 analysis/)")
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if not line.startswith("```"):
            continue
        block = []
        while i < len(lines) and not lines[i].startswith("```"):
            block.append(lines[i])
            i += 1
        shortened = any(b.strip() == "..." for b in block)
        if not block or not command.match(block[0]) or shortened:
            out += block
            continue
        new = []
        for b in block:
            if b.startswith("$ "):
                new.append(b)
                new += run(b[2:], args.dir)
        if new != block:
            changed += 1
        out += new
    if args.check:
        print(f"{args.markdown}: {changed} example blocks differ from their output")
        sys.exit(1 if changed else 0)
    open(args.markdown, "w").write("\n".join(out))
    print(f"{args.markdown}: {changed} example blocks rewritten")


if __name__ == "__main__":
    main()
