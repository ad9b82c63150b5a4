"""The README and the user guide tell the truth about what the binary says of itself."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import SOURCE, run, suite

test = suite()
readme = open(os.path.join(SOURCE, "README.md")).read()
specs = open(os.path.join(SOURCE, "docs", "specs.md")).read()  # holds the key reference table


@test
def key_table_is_the_binarys():
    table = run(["keys"], check=0).stdout
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) > 20, table
    missing = [row for row in rows if row not in specs]
    assert not missing, "docs/specs.md key table is stale; paste `hetsweep keys`. Missing rows:\n" + "\n".join(missing)
    documented = re.findall(r"^\| `([a-z_]+\.[A-Za-z_0-9]+)` \|", specs, re.M)
    keys = [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]
    assert sorted(set(documented) & set(keys)) == sorted(keys), "docs/specs.md lists keys the binary does not have"


@test
def commands_in_the_readme_exist():
    for script in ("scripts/demo.sh", "scripts/test.sh", "scripts/setup.sh", ".ci/run"):
        assert os.path.exists(os.path.join(SOURCE, script)), script
        assert script.split("/")[-1] in readme or script == ".ci/run" and ".ci/run" in readme, script
    ci = open(os.path.join(SOURCE, ".ci/run")).read()
    assert "scripts/test.sh" in ci
    usage = run(["--help"], check=0).stdout
    commands = re.findall(r"^  ([a-z]+)(?: |$)", usage, re.M)
    assert "schema" in commands and "version" in commands, usage
    for command in commands:
        assert f"hetsweep {command}" in readme, f"README does not show `hetsweep {command}`"


@test
def no_placeholders_left():
    left = re.findall(r"^[A-Z_]{6,}$", readme, re.M)
    assert not left, f"README placeholders: {left}"


@test
def every_link_stays_in_the_repository_and_resolves():
    # The README and the docs render on any clone: each link is an anchor or a file of the repository.
    documents = ["README.md"] + ["docs/" + n for n in sorted(os.listdir(os.path.join(SOURCE, "docs")))
                                 if n.endswith(".md")]
    for name in documents:
        text = re.sub(r"```.*?```", "", open(os.path.join(SOURCE, name)).read(), flags=re.S)
        folder = os.path.dirname(os.path.join(SOURCE, name))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            assert not re.match(r"[a-z]+:", target), f"{name}: link {target} leaves the repository"
            path = target.split("#")[0]
            if not path:
                continue  # an anchor of the same page
            full = os.path.normpath(os.path.join(folder, path))
            assert full.startswith(os.path.normpath(SOURCE) + os.sep), f"{name}: link {target} leaves the repository"
            assert os.path.exists(full), f"{name}: link {target} names no file of the repository"


test.main()
