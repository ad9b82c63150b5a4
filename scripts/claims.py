"""The paper's five claims and what the tool finds, as one Markdown table from the answers kept in
docs/data (scripts/kept.py), so that docs/results.md quotes no number by hand:

    /usr/bin/python3 scripts/claims.py

Each row: the claim in the paper's words (its abstract), the test that decides it (the kept answer,
its family and rule), the estimate with its 95% interval, the adjusted p where the test has one, and
the verdict by the rule written before the run. Paired differences and slopes are in R^2; sizes and
costs are ratios (the homogeneous network's over the heterogeneous one's).
"""
import json
import os
import sys

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPOSITORY, "docs", "data")

# (claim, the paper's words, kept answer, rows: hypothesis names or figure labels, how to read them)
CLAIMS = (
    ("1", "intrinsic heterogeneity significantly enhances performance", "tuned_baseline",
     ("rate-common", "rate-tuned", "lif-common", "lif-tuned")),
    ("2", "comparable performance with substantially lower operational, metabolic, and energetic costs",
     "figure_fig4", ("rate matched size", "rate flops_per_step at the matched size", "lif matched size",
                     "lif atp at the matched size", "lif energy_loihi2_j at the matched size",
                     "lif energy_spinnaker2_j at the matched size")),
    ("3", "only skewed heterogeneity profiles ... produce such performance gains", "claim3_skew",
     ("slope", "positive-vs-symmetric", "symmetric-no-gain")),
    ("4", "even recurrent connections removal does not compromise performance", "claim4_robust",
     ("no-recurrence-cv0.5", "no-recurrence-cv1", "no-recurrence-cv2", "drops-less-cv1")),
    ("4", "heterogeneous networks are highly resilient to severe alterations in their recurrent synaptic "
          "hyperparameters", "figure_fig3", ("rate g_rec:", "rate g_in:", "lif g_rec:", "lif g_in:")),
    ("5", "performance tracks with improved task-state alignment rather than merely higher state "
          "dimensionality", "figure_mech", ("rate,", "lif,")),
)


def load(name):
    with open(os.path.join(DATA, name + ".json")) as f:
        return json.load(f)


def number(value, digits=3):
    return "-" if value is None else f"{value:.{digits}g}"


def hypothesis_row(row):
    """A [[hypothesis]] verdict: its test and family, diff [interval], Holm p, verdict."""
    test = row["test"] + (f" (margin {row['margin']:g})" if row.get("margin") else "")
    what = row.get("compare", "")
    lo, hi = row["diff"] - row["ci95"], row["diff"] + row["ci95"]
    p = number(row["p_adj"], 2)
    if row["verdict"] == "contradicted":  # decided by the contrary p (against alpha / m), shown beside it
        p += f"; contrary {number(row['p_contrary'], 2)}"
    return (f"`{row['hypothesis']}`: {what}, {test}, family {row['family']}",
            f"{row['diff']:+.4f} [{lo:+.4f}, {hi:+.4f}]", p, row["verdict"])


def figure_row(row):
    """A figure's verdict: a regression coefficient with its Holm p, or a ratio with its bootstrap
    interval (no p: decided by where the interval lies)."""
    if "coef" in row:
        lo, hi = row["coef"] - row["ci95"], row["coef"] + row["ci95"]
        return (row["label"], f"{row['coef']:+.3f} [{lo:+.3f}, {hi:+.3f}]", number(row.get("p_adj"), 2),
                row["verdict"])
    text = row["text"]
    estimate = text.split(";")[0].split(": ", 1)[-1]
    return (row["label"], estimate, "-", row["verdict"])


def main():
    out = ["| claim | the paper | test | estimate [95% interval] | p (Holm) | verdict |", "|---|---|---|---|---|---|"]
    sources = []
    for entry in CLAIMS:
        claim, words, name, wanted = entry
        record = load(name)
        rows = record["answer"]["rows"]
        for k, key in enumerate(wanted):
            if name.startswith("figure_"):
                found = [r for r in rows if str(r["claim"]) == claim and r["label"].startswith(key)]
                cells = figure_row(found[0]) if found else None
            else:
                found = [r for r in rows if r["hypothesis"] == key]
                cells = hypothesis_row(found[0]) if found else None
            if cells is None:
                sys.exit(f"claims: docs/data/{name}.json has no row {key!r}")
            first = (claim if k == 0 and all(c != claim for c, *_ in CLAIMS[:CLAIMS.index(entry)]) else "",
                     f'"{words}"' if k == 0 else "")
            out.append("| " + " | ".join([*first, *cells]) + " |")
        sources.append(f"{name} (`{' '.join(record['query'])}`, numerics version {record['numerics_version']})")
    print("\n".join(out))
    print()
    print("From docs/data: " + "; ".join(sources) + ".")


if __name__ == "__main__":
    main()
