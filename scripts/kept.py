"""Kept answers: a query's JSON answer saved in the repository (docs/data/NAME.json) with where it
came from, so that the numbers the docs quote can be traced to a store and regenerated from data
kept here, and a test can refuse numbers of other numerics.

    /usr/bin/python3 scripts/kept.py save NAME STORE.h5 [QUERY OPTIONS ...]
    /usr/bin/python3 scripts/kept.py figure NAME FIGURE.json STORE.h5
    /usr/bin/python3 scripts/kept.py table NAME [--columns A,B,...] [--digits N]
    /usr/bin/python3 scripts/kept.py refresh [NAME ...]

`save` runs `hetsweep query STORE QUERY OPTIONS --format json` and writes docs/data/NAME.json: the
answer, the query's words, and the store's sweep, spec hash, numerics version and hetsweep version,
and the commit of this checkout. `figure` keeps the verdict lines of a figure that analysis/paper.py
drew (FIGURE.json) with the same record of its store, as docs/data/NAME.json. `table` prints the answer's rows as a Markdown table (the columns
given, in that order; numbers to N significant digits, default 4, integers whole); the docs quote it
through scripts/docs.py's generated sections, so a page cannot drift from its data. `refresh` makes
every kept answer (or those named) again from its own record: a query's answer by running the query
it names against the store it names, a figure's verdicts from the figure analysis/paper.py last drew
(paper/FIGURE.json, of runs/paper/FIGURE.h5, as scripts/paper.sh draws it); after a recompute
(scripts/recompute.sh), so that no kept number is of other numerics. reproducibility.json is made by
scripts/reproducibility.py.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPOSITORY, "docs", "data")
sys.path.insert(0, os.path.join(REPOSITORY, "analysis"))


def binary():
    found = os.environ.get("HETSWEEP") or shutil.which("hetsweep") or os.path.join(REPOSITORY, "build", "hetsweep")
    if not os.access(found, os.X_OK):
        sys.exit(f"kept: no hetsweep binary at {found} (set HETSWEEP or build with scripts/setup.sh)")
    return found


def save(name, store, words):
    answer = json.loads(subprocess.run([binary(), "query", store, *words, "--format", "json"], check=True,
                                       capture_output=True, text=True).stdout)
    record = {"query": ["hetsweep", "query", os.path.relpath(store, REPOSITORY), *words], **provenance(store),
              "answer": answer}
    write(name, record, f"{len(answer['rows'])} rows")


def write(name, record, what):
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, name + ".json")
    with open(path, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(f"kept: wrote {os.path.relpath(path, REPOSITORY)} ({what})")


def provenance(store):
    import hetsweep

    s = hetsweep.open(store)
    commit = subprocess.run(["git", "-C", REPOSITORY, "describe", "--always", "--dirty", "--abbrev=12"],
                            capture_output=True, text=True).stdout.strip()
    return {"sweep": s.attrs.get("sweep_name"), "spec_hash": s.attrs.get("spec_hash"),
            "numerics_version": int(s.attrs.get("numerics_version")), "hetsweep_version": s.attrs.get("hetsweep_version"),
            "commit": commit}


def save_figure(name, drawn, store):
    with open(drawn) as f:
        figure = json.load(f)
    numbers = ("diff", "coef", "ci95", "df", "p", "p_adj", "networks", "inputs", "cells")
    rows = [{"claim": v["claim"], "label": v["label"], "text": v["text"], "verdict": v["verdict"],
             **{k: v[k] for k in numbers if v.get(k) is not None}} for v in figure["verdicts"]]
    record = {"query": ["bash", "scripts/paper.sh", figure["family"]["name"]], **provenance(store),
              "answer": {"rows": rows, "rule": figure["rule"], "caption": figure["caption"]}}
    write(name, record, f"{len(rows)} verdicts")


def refresh(names):
    records = sorted(f[:-5] for f in os.listdir(DATA) if f.endswith(".json"))
    unknown = [n for n in names if n not in records]
    if unknown:
        sys.exit(f"kept: no docs/data/{unknown[0]}.json (kept: {', '.join(records)})")
    os.chdir(REPOSITORY)  # the recorded stores are relative to it, and the answers name them so
    for name in names or records:
        with open(os.path.join(DATA, name + ".json")) as f:
            query = json.load(f).get("query")
        if not query:
            print(f"kept: {name}: not a kept answer (made by its own script), left as it is")
        elif query[:2] == ["hetsweep", "query"]:
            save(name, query[2], query[3:])
        elif query[:2] == ["bash", "scripts/paper.sh"]:
            figure = query[2]
            save_figure(name, os.path.join("paper", figure + ".json"), os.path.join("runs", "paper", figure + ".h5"))
        else:
            sys.exit(f"kept: {name}: made by `{' '.join(query)}`, which refresh does not know")


def cell(value, digits):
    if value is None:
        return "-"
    if isinstance(value, bool) or isinstance(value, str):
        return str(value).replace("|", "\\|")  # a cell of a Markdown table
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 1:
        return str(int(value))
    return f"{value:.{digits}g}"


def table(name, columns, digits, where=None):
    with open(os.path.join(DATA, name + ".json")) as f:
        record = json.load(f)
    rows = record["answer"]["rows"]
    if where:
        key, _, want = where.partition("=")
        rows = [r for r in rows if str(r.get(key)) == want]
        if not rows:
            sys.exit(f"kept: {name} has no row with {where}")
    columns = columns or list(rows[0])
    missing = [c for c in columns if c not in rows[0]]
    if missing:
        sys.exit(f"kept: {name} has no column {', '.join(missing)} (it has {', '.join(rows[0])})")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(cell(row[c], digits) for c in columns) + " |")
    print()
    source = "drawn by" if record["query"][0] == "bash" else "from"
    print(f"{source.capitalize()} `{' '.join(record['query'])}` (sweep {record['sweep']}, spec hash {record['spec_hash']}, "
          f"numerics version {record['numerics_version']}, hetsweep {record['hetsweep_version']}), kept in "
          f"docs/data/{name}.json.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save", help="run a query and keep its answer")
    s.add_argument("name")
    s.add_argument("store")
    s.add_argument("words", nargs=argparse.REMAINDER)
    g = sub.add_parser("figure", help="keep the verdicts of a figure analysis/paper.py drew")
    g.add_argument("name")
    g.add_argument("drawn")
    g.add_argument("store")
    t = sub.add_parser("table", help="print a kept answer as a Markdown table")
    t.add_argument("name")
    t.add_argument("--columns", type=lambda text: text.split(","), default=None)
    t.add_argument("--digits", type=int, default=4)
    t.add_argument("--where", default=None, help="KEY=VALUE: only the rows whose KEY is VALUE")
    r = sub.add_parser("refresh", help="make kept answers again from the queries and figures they record")
    r.add_argument("names", nargs="*")
    args = parser.parse_args()
    if args.command == "save":
        save(args.name, args.store, args.words)
    elif args.command == "figure":
        save_figure(args.name, args.drawn, args.store)
    elif args.command == "refresh":
        refresh(args.names)
    else:
        table(args.name, args.columns, args.digits, args.where)


if __name__ == "__main__":
    main()
