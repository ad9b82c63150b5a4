"""The command outputs README.md and docs/query.md quote are those of a fresh run (scripts/docs.sh
--check makes the stores and runs every quoted command); a stale one fails here, naming the block."""
import os
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
    assert "docs: checked 17 quoted runs in README.md, docs/query.md" in p.stdout, p.stdout


test.main()
