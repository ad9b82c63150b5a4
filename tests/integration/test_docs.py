"""The command outputs README.md and the docs quote are those of a fresh run (scripts/docs.sh
--check makes the stores and runs every quoted command); a stale one fails here, naming the block."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import ENV, HETSWEEP, SOURCE, suite  # noqa: E402

test = suite()


@test
def quoted_outputs_are_current():
    p = subprocess.run(["bash", os.path.join(SOURCE, "scripts", "docs.sh"), "--check", "--build",
                        os.path.dirname(os.path.abspath(HETSWEEP))], env=ENV, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    # Every marked block was checked: as many as the files mark (a marker the check skipped fails here).
    marked = sum(open(os.path.join(SOURCE, f)).read().count(opening)
                 for opening in ("<!-- docs.sh: run -->", "<!-- docs.sh: output of")
                 for f in ("README.md", "docs/specs.md", "docs/running.md", "docs/query.md", "docs/lif.md",
                           "docs/store.md", "docs/results.md"))
    found = re.search(r"docs: checked (\d+) quoted runs and (\d+) generated sections in README.md, docs/specs.md, "
                      r"docs/running.md, docs/query.md, docs/lif.md, docs/store.md, docs/results.md", p.stdout)
    assert found, p.stdout
    assert int(found.group(1)) + int(found.group(2)) == marked, (found.group(0), marked)


@test
def numbers_are_compared_at_the_stated_tolerance():
    sys.path.insert(0, os.path.join(SOURCE, "scripts"))
    import docs
    agree = docs.lines_agree
    # Two CPUs: the ninth significant digit moves (seen between an EPYC with and one without AVX-512).
    assert agree("0,0,0.41074578413286505,0.0139", "0,0,0.41074578462133754,0.0139")
    # A generic BLAS kernel moves a mean score by about 1e-8: within the absolute 1e-7.
    assert agree("ci95=0.004046965605349252", "ci95=0.004046955737611553")
    assert not agree("mean=0.3583", "mean=0.3585")  # a change a reader sees
    assert not agree("mean=0.358268916133575", "mean=0.358278916133575")  # 1e-5: not rounding
    assert agree("0.3557", "0.3556") and not agree("0.3557", "0.3555")  # one unit of the last printed digit
    assert not agree("points=9", "points=8") and not agree("24 points", "25 points")  # counts are exact
    # An exponent is compared relatively: no absolute tolerance makes two tiny p-values equal.
    assert not agree("p=4.4e-50", "p=4.4e-40") and agree("p=4.4e-50", "p=4.5e-50")
    assert not agree("p=4.4e-50", "p=4.6e-50")
    assert not agree("cv  0.5", "cv 0.5")  # the text around the numbers is compared as it is
    assert agree("spec hash c966bd09b1f7b683", "spec hash c966bd09b1f7b683")
    assert not agree("spec hash c966bd09b1f7b683", "spec hash c966bd09b1f7b684")  # not a number: exact
    assert docs.blocks_agree(["$ x", "0.1234567891"], ["$ x", "0.1234567890"])
    assert not docs.blocks_agree(["$ x", "1"], ["$ x", "1", "2"])


@test
def kept_answers_are_of_these_numerics():
    # A number the docs quote from docs/data must come from a store of the numerics this build
    # computes: a kept answer of other numerics is stale (scripts/kept.py save makes it again).
    import json
    numerics = subprocess.run([HETSWEEP, "version"], env=ENV, capture_output=True, text=True).stdout.split(
        "numerics version ", 1)[1].split()[0]
    folder = os.path.join(SOURCE, "docs", "data")
    kept = [n for n in sorted(os.listdir(folder)) if n.endswith(".json") and n != "reproducibility.json"]
    assert kept, folder
    for name in kept:
        record = json.load(open(os.path.join(folder, name)))
        assert str(record["numerics_version"]) == numerics, \
            f"docs/data/{name} is of numerics {record['numerics_version']}, this build computes {numerics}"
        made_by = (["hetsweep", "query"], ["bash", "scripts/paper.sh"])  # a query, or a figure's verdicts
        assert record["query"][:2] in made_by and record["answer"]["rows"], name


test.main()
