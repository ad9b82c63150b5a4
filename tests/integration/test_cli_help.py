"""Every command answers --help and -h with its usage and exit 0 (without starting MPI or reading
anything), `hetsweep help CMD` does the same, a misspelt command or option gets the nearest one
named, and status, plan and keys say in JSON (--format json) what their text says."""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import EXIT_USAGE, SMALL_SPEC, SOURCE, run, suite, workdir  # noqa: E402

test = suite()
COMMANDS = ("point", "plan", "run", "submit", "status", "query", "keys", "version")


@test
def every_command_answers_help():
    for command in COMMANDS:
        for flag in ("--help", "-h"):
            p = run([command, flag], check=0)
            assert p.stdout.startswith(f"usage: hetsweep {command}"), (command, flag, p.stdout[:200])
            assert p.stderr == "", (command, flag, p.stderr)
        assert run(["help", command], check=0).stdout.startswith(f"usage: hetsweep {command}"), command
    # --help anywhere among the arguments, even after a spec that does not exist.
    assert run(["plan", "no/such/spec.toml", "--help"], check=0).stdout.startswith("usage: hetsweep plan")


@test
def the_overview_lists_every_command():
    p = run(["--help"], check=0)
    for command in COMMANDS:
        assert f"\n  {command}" in p.stdout, command
    assert run([], check=EXIT_USAGE).stdout == p.stdout


@test
def a_misspelt_command_gets_a_suggestion():
    for wrong, right in (("stauts", "status"), ("pln", "plan"), ("qeury", "query"), ("sbumit", "submit")):
        p = run([wrong], check=EXIT_USAGE)
        assert f'unknown command "{wrong}" (did you mean {right}?)' in p.stderr, (wrong, p.stderr)
    p = run(["frobnicate"], check=EXIT_USAGE)
    assert "did you mean" not in p.stderr and 'unknown command "frobnicate"' in p.stderr, p.stderr



@test
def a_misspelt_option_gets_the_nearest_one():
    p = run(["run", "jobs/demo.toml", "--stroe", "x.h5"], check=EXIT_USAGE)
    assert "unknown option --stroe (did you mean --store?)" in p.stderr, p.stderr
    p = run(["plan", "jobs/demo.toml", "--rank", "4"], check=EXIT_USAGE)
    assert "did you mean --ranks?" in p.stderr, p.stderr
    p = run(["plan", "jobs/demo.toml", "--zzzzzz"], check=EXIT_USAGE)
    assert "did you mean" not in p.stderr and "unknown option --zzzzzz" in p.stderr, p.stderr


@test
def status_json_says_what_the_store_holds():
    work = workdir()
    path = work.file("small.h5")
    run(["run", work.file("small.toml", SMALL_SPEC), "--store", path], ranks=1, check=0)
    with h5py.File(path, "r+") as f:
        f["status"][3] = 0  # one pending point
        status = f["status"][...]
        cv = f["grid/cv"][...]
        runs = len(f["runs"])
    answer = json.loads(run(["status", path, "--format", "json"], check=0).stdout)
    assert answer["points"] == {"total": 24, "done": int((status == 1).sum()), "failed": 0, "pending": 1,
                                "complete": False}, answer["points"]
    assert answer["sweep_name"] == "small" and len(answer["runs"]) == runs and answer["failures"] == []
    by_cv = {float(a["value"]): a for a in answer["axes"]["cv"]}
    for value in np.unique(cv):
        rows = cv == value
        assert by_cv[value]["total"] == int(rows.sum()) and by_cv[value]["done"] == int((status[rows] == 1).sum())
    assert set(answer["axes"]) == {"cv", "profile", "seed"}, answer["axes"].keys()
    assert run(["status", path, "--format", "yaml"], check=EXIT_USAGE).stderr
    # The store named as run and submit name it: --store FILE.h5, for status and query alike.
    assert run(["status", "--store", path, "--format", "json"], check=0).stdout == json.dumps(answer) or \
        json.loads(run(["status", "--store", path, "--format", "json"], check=0).stdout) == answer
    assert run(["query", "--store", path, "--by", "cv"], check=0).stdout == run(["query", path, "--by", "cv"],
                                                                                   check=0).stdout
    assert "as FILE.h5 or as --store FILE.h5" in run(["status", path, "--store", path], check=EXIT_USAGE).stderr


@test
def plan_json_matches_the_text():
    spec = os.path.join(SOURCE, "jobs", "demo.toml")
    text = run(["plan", spec], check=0).stdout
    answer = json.loads(run(["plan", spec, "--format", "json"], check=0).stdout)
    assert f"{answer['points']} points" in text and f"{answer['distinct']} distinct computations" in text, text
    # 3 seeds x 7 distinct networks' points (cv = 0 once per seed): 4 + 3 a seed at batch = 4.
    assert (answer["points"], answer["distinct"], answer["batch"], answer["batches"]) == (72, 63, 4, 18), answer
    assert f"{answer['batches']} batches" in text, text
    eight = json.loads(run(["plan", spec, "sweep.batch=8", "--format", "json"], check=0).stdout)
    assert eight["batches"] == 9 and eight["spec_hash"] == answer["spec_hash"], eight
    assert answer["grids"][0]["axes"]["tau.cv"] == ["0.0", "0.5", "1.0", "2.0"], answer["grids"]
    assert set(answer["wall_seconds"]) == {"2", "16", "128"} and answer["core_seconds"] > 0


@test
def keys_json_is_the_table():
    table = run(["keys"], check=0).stdout
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| `")]
    answer = json.loads(run(["keys", "--format", "json"], check=0).stdout)
    assert [k["key"] for k in answer["keys"]] == [r[0].strip("| `") for r in rows]
    assert [k["default"] for k in answer["keys"]] == [r[1].strip("`") for r in rows]
    assert set(answer["models"]) == {"rate", "lif", "rate_adapt"} and "batch" in answer["sweep_keys"]


test.main()
