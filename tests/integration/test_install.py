"""`cmake --install` puts hetsweep on PATH with its man page, bash completion and Python package,
and each works from where it was put: the binary runs, the man page names every command, the
completion completes commands, options (the same ones the binary accepts) and spec keys, and the
installed package imports."""
import glob
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import ENV, EXIT_USAGE, HETSWEEP, run, suite, workdir  # noqa: E402

test = suite()
work = workdir()
PREFIX = work.file("prefix")
BUILD = os.path.dirname(os.path.abspath(HETSWEEP))
subprocess.run(["cmake", "--install", BUILD, "--prefix", PREFIX], check=True, capture_output=True, text=True)
INSTALLED = os.path.join(PREFIX, "bin", "hetsweep")
COMPLETION = os.path.join(PREFIX, "share", "bash-completion", "completions", "hetsweep")
COMMANDS = ("point", "plan", "run", "submit", "status", "query", "keys", "version", "help")


def complete(*words):
    """What the installed completion offers for the command line `words` (the last one being typed)."""
    line = " ".join(f"'{w}'" for w in (INSTALLED,) + words)
    script = f'source {COMPLETION}; COMP_WORDS=({line}); COMP_CWORD={len(words)}; _hetsweep; ' \
             'printf "%s\\n" "${COMPREPLY[@]}"'
    p = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=ENV, check=True)
    return [w for w in p.stdout.split("\n") if w]


@test
def the_binary_runs_from_the_prefix():
    p = subprocess.run([INSTALLED, "version"], capture_output=True, text=True, env=ENV, check=True)
    assert p.stdout.startswith("hetsweep ") and "numerics version" in p.stdout, p.stdout


@test
def the_man_page_names_every_command():
    if not shutil.which("help2man"):
        print("help2man not installed (scripts/setup.sh installs it): no man page to check")
        return
    page = open(os.path.join(PREFIX, "share", "man", "man1", "hetsweep.1")).read()
    for command in COMMANDS[:-1]:
        assert re.search(rf"\b{command}\b", page), command


@test
def completion_offers_commands_options_and_keys():
    assert complete("st") == ["status"]
    assert set(complete("")) >= set(COMMANDS)
    assert complete("run", "jobs/demo.toml", "--st") == ["--store"]
    assert "tau.cv=" in complete("plan", "jobs/demo.toml", "tau.c")
    assert complete("status", "x.h5", "--format", "js") == ["json"]
    # Each command's options in the completion are the ones the binary accepts: an unknown option's
    # error lists them.
    for command in ("point", "plan", "run", "submit", "status", "query", "keys"):
        offered = set(complete(command, "x", "--")) - {"--help"}
        p = run([command, "x", "--zzzzzz"], check=EXIT_USAGE)
        known = set(re.search(r"\(known:([^)]*)\)", p.stderr).group(1).split())
        assert offered == known - {"--help"}, (command, sorted(offered ^ known))


@test
def the_python_package_imports_from_the_prefix():
    packages = glob.glob(os.path.join(PREFIX, "lib", "python3*", "dist-packages"))
    assert len(packages) == 1, packages
    env = dict(ENV, PYTHONPATH=packages[0])
    p = subprocess.run(["/usr/bin/python3", "-c", "import hetsweep; print(hetsweep.__file__); print(hetsweep.open)"],
                       capture_output=True, text=True, env=env, cwd=work.path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(packages[0]), p.stdout


test.main()
