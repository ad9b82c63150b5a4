"""Every command answers --help and -h with its usage and exit 0 (without starting MPI or reading
anything), `hetsweep help CMD` does the same, and a misspelt command gets the nearest one named."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import EXIT_USAGE, run, suite  # noqa: E402

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


test.main()
