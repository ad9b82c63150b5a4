"""The statistics of a paired comparison over replicates, checked against independent computations
from the raw scores: the variance components of network seeds and input realisations against
statsmodels' mixed model with crossed random effects (REML), the interval and p against scipy's
Student's t with Satterthwaite's degrees of freedom, the exact sign-flip p by enumerating the sign
patterns with itertools, Holm's and Benjamini-Hochberg's corrections against statsmodels'
multipletests, and the pigeonhole bootstrap interval against a numpy bootstrap of 20000 resamples.

The store is read here with h5py directly, and pairs are formed from its grid columns with numpy:
the check shares no code with the package or the binary."""
import itertools
import json
import os
import sys
import warnings

import h5py
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.regression.mixed_linear_model import MixedLM
from statsmodels.stats.multitest import multipletests

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import SMALL_SPEC, run, suite, workdir  # noqa: E402

test = suite()
work = workdir()
SPEC = work.file("small.toml", SMALL_SPEC)
CROSSED = work.file("crossed.h5")
run(["run", SPEC, "--store", CROSSED, "seed=[1,2,3,4,5]", "input_seed=[1,2,3,4]", "cv=[0,0.5,1]",
     "profile=[lognormal,gamma]"], ranks=2, check=0)


def query(path, *args):
    return json.loads(run(["query", path, *args, "--format", "json"], check=0).stdout)


def cells_of(path, level, by_profile):
    """The paired cells from the raw scores: per (profile if by_profile, network seed, input seed),
    the mean over tasks of clipped R^2 of the point at cv = level minus its cv = 0 partner."""
    with h5py.File(path, "r") as f:
        scores = np.clip(f["scores"][...], 0, None).mean(axis=1)
        grid = {k: f["grid"][k][...] for k in ("cv", "seed", "input_seed", "profile")}
    grid["profile"] = np.array([p.decode() if isinstance(p, bytes) else p for p in grid["profile"]])
    frame = pd.DataFrame({**grid, "score": scores})
    ref = frame[frame.cv == 0].set_index(["profile", "seed", "input_seed"]).score
    het = frame[frame.cv == level].copy()
    het["diff"] = het.score.values - ref.loc[list(zip(het.profile, het.seed, het.input_seed))].values
    keys = ["profile", "seed", "input_seed"] if by_profile else ["seed", "input_seed"]
    return het.groupby(keys)["diff"].mean().reset_index()


def check_components(got, want):
    """The tool's moments estimates against REML's. On a balanced table they are equal wherever every
    estimate is positive; where the tool clips one at 0, REML sits on that boundary too and moves the
    others a little (it fits them jointly), so they agree to 10% there."""
    scale = sum(want)
    boundary = min(got) == 0
    for g, w in zip(got, want):
        assert abs(g - w) <= (0.1 if boundary else 2e-3) * scale, (got, want)
    if boundary:
        assert want[got.index(0)] <= 0.02 * scale, (got, want)


def crossed_se_df(table):
    """The standard error of a crossed table's mean from its two-way ANOVA mean squares (components
    clipped at 0), and Satterthwaite's degrees of freedom."""
    I, J = table.shape
    ms_a = J * table.mean(axis=1).var(ddof=1)
    ms_b = I * table.mean(axis=0).var(ddof=1)
    resid = table - table.mean(axis=1, keepdims=True) - table.mean(axis=0, keepdims=True) + table.mean()
    ms_e = (resid ** 2).sum() / ((I - 1) * (J - 1))
    m_a, m_b = max(ms_a, ms_e), max(ms_b, ms_e)  # the components clipped at 0, as the tool does
    df = (m_a + m_b - ms_e) ** 2 / (m_a ** 2 / (I - 1) + m_b ** 2 / (J - 1) + ms_e ** 2 / ((I - 1) * (J - 1)))
    return np.sqrt((m_a + m_b - ms_e) / (I * J)), df


def mixed_model(cells):
    """REML variance components of diff ~ 1 with crossed random effects of seed and input_seed."""
    data = cells.assign(one=1)
    model = MixedLM.from_formula("diff ~ 1", data=data, groups="one",
                                 vc_formula={"seed": "0 + C(seed)", "input_seed": "0 + C(input_seed)"})
    # The REML surface is flat in small variances: the gradient methods stop early here, so each of
    # three optimisers runs and the fit of the highest restricted likelihood is kept.
    fits = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a component at 0 is on the boundary, as the tool's may be
        for method in ("nm", "powell", "lbfgs"):
            try:
                fits.append(model.fit(reml=True, method=method, maxiter=20000))
            except (ValueError, np.linalg.LinAlgError):
                pass
    fit = max(fits, key=lambda f: f.llf)
    names = model.exog_vc.names
    vc = dict(zip(names, fit.vcomp))
    return vc["seed"], vc["input_seed"], fit.scale, fit.fe_params["Intercept"], fit.bse_fe["Intercept"]


@test
def crossed_components_interval_and_p_match_a_mixed_model_and_scipy():
    answer = query(CROSSED, "--by", "cv", "--paired", "cv=0")
    assert answer["paired"]["resamples"] == 2000 and answer["adjust"] == "holm"
    rows = {r["cv"]: r for r in answer["rows"]}
    assert sorted(rows) == [0.5, 1], rows
    for level, row in rows.items():
        cells = cells_of(CROSSED, level, by_profile=False)
        assert row["test"] == "crossed" and row["networks"] == 5 and row["inputs"] == 4, row
        var_a, var_b, var_e, mean, se = mixed_model(cells)
        assert abs(row["diff"] - cells["diff"].mean()) < 1e-12, (row["diff"], cells["diff"].mean())
        assert abs(row["diff"] - mean) < 1e-9
        check_components([row["var_network"], row["var_input"], row["var_residual"]], [var_a, var_b, var_e])
        # The standard error of the mean: the mixed model's, and Satterthwaite's df from the mean squares.
        table = cells.pivot(index="seed", columns="input_seed", values="diff").values
        I, J = table.shape
        se_moments, df = crossed_se_df(table)
        if min(row["var_network"], row["var_input"]) > 0:
            assert abs(se_moments - se) <= 2e-3 * se, (se_moments, se)
        assert abs(row["df"] - df) <= 1e-9 * df, (row["df"], df)
        assert abs(row["ci95"] - stats.t.ppf(0.975, df) * se_moments) <= 1e-9, row
        p = 2 * stats.t.sf(abs(row["diff"]) / se_moments, df)
        assert abs(row["p"] - p) <= 1e-9 * max(p, 1e-300), (row["p"], p)
        # The pigeonhole bootstrap: rows and columns resampled independently, 20000 times here.
        rng = np.random.default_rng(7)
        means = np.array([table[rng.integers(0, I, I)][:, rng.integers(0, J, J)].mean() for _ in range(20000)])
        lo, hi = np.quantile(means, [0.025, 0.975])
        width = hi - lo
        assert abs(row["boot_lo"] - lo) < 0.1 * width and abs(row["boot_hi"] - hi) < 0.1 * width, (row, lo, hi)
        print(f"cv={level}: diff {row['diff']:+.4f}, components {row['var_network']:.2e} {row['var_input']:.2e} "
              f"{row['var_residual']:.2e} (REML {var_a:.2e} {var_b:.2e} {var_e:.2e}), df {df:.1f}, p {p:.2g}, "
              f"bootstrap [{row['boot_lo']:.4f}, {row['boot_hi']:.4f}] against [{lo:.4f}, {hi:.4f}]")


@test
def one_input_is_an_exact_sign_flip_test_over_the_network_seeds():
    answer = query(CROSSED, "--by", "cv", "--paired", "cv=0", "--where", "input_seed=2")
    for row in answer["rows"]:
        cells = cells_of(CROSSED, row["cv"], by_profile=False)
        d = cells[cells.input_seed == 2]["diff"].values
        assert row["test"] == "sign-flip" and row["networks"] == len(d) and row["inputs"] == 1, row
        observed = abs(d.sum())
        extreme = sum(abs((np.array(s) * d).sum()) >= observed - 1e-12
                      for s in itertools.product((1, -1), repeat=len(d)))
        assert row["p"] == extreme / 2 ** len(d), (row["p"], extreme)
        assert abs(row["var_network"] - d.var(ddof=1)) < 1e-15 and row["var_input"] is None
        assert abs(row["ci95"] - stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))) < 1e-12


@test
def a_family_is_corrected_by_holm_or_benjamini_hochberg():
    for method, name in (("holm", "holm"), ("bh", "fdr_bh"), ("none", None)):
        answer = query(CROSSED, "--by", "profile,cv", "--paired", "cv=0", "--adjust", method, "--family", "demo")
        assert answer["family"] == "demo" and answer["adjust"] == method
        p = np.array([r["p"] for r in answer["rows"]])
        adjusted = np.array([r["p_adj"] for r in answer["rows"]])
        want = p if name is None else multipletests(p, method=name)[1]
        assert np.allclose(adjusted, want, rtol=1e-12, atol=0), (method, adjusted, want)
    # The rows by profile are the profile's own cells.
    row = next(r for r in answer["rows"] if r["profile"] == "gamma" and r["cv"] == 1)
    cells = cells_of(CROSSED, 1, by_profile=True)
    assert abs(row["diff"] - cells[cells.profile == "gamma"]["diff"].mean()) < 1e-12


@test
def components_of_scores_and_the_design_that_reaches_a_half_width():
    answer = query(CROSSED, "--by", "cv", "--components")
    with h5py.File(CROSSED, "r") as f:
        scores = np.clip(f["scores"][...], 0, None).mean(axis=1)
        grid = {k: f["grid"][k][...] for k in ("cv", "seed", "input_seed")}
        same = f["same_as"][...]
    frame = pd.DataFrame({**grid, "score": scores})[same == np.arange(len(same))]
    for row in answer["rows"]:
        cells = frame[frame.cv == row["cv"]].groupby(["seed", "input_seed"]).score.mean().reset_index()
        cells = cells.rename(columns={"score": "diff"})
        var_a, var_b, var_e, _, _ = mixed_model(cells)
        check_components([row["var_network"], row["var_input"], row["var_residual"]], [var_a, var_b, var_e])
    design = query(CROSSED, "--by", "cv", "--paired", "cv=0", "--design", "0.004")
    assert design["half_width"] == 0.004
    rows = design["rows"]
    assert rows and all(r["half_width"] <= 0.004 for r in rows if r["half_width"] is not None), rows
    cheapest = [r for r in rows if r["note"] == "cheapest"]
    assert len(cheapest) == 2, rows
    print("designs for a half-width of 0.004:", [(r["cv"], r["networks"], r["inputs"]) for r in cheapest])


HYPOTHESES = """
[[hypothesis]]
name = "up"
compare = "cv=0"
where = ["cv=1", "profile=lognormal"]
test = "greater"
family = "f"

[[hypothesis]]
name = "down"
compare = "cv=0"
where = ["cv=1", "profile=gamma"]
test = "less"
family = "f"

[[hypothesis]]
name = "close"
compare = "cv=0"
where = ["cv=0.5"]
test = "equivalent"
margin = 0.03
family = "f"

[[hypothesis]]
name = "not-worse"
compare = "cv=0"
where = ["cv=1"]
test = "no_worse"
margin = 0.005
family = "g"

[[hypothesis]]
name = "one-input"
compare = "cv=0"
where = ["cv=1", "input_seed=1"]
test = "two-sided"
family = "g"
"""


@test
def hypotheses_are_decided_by_their_rule():
    spec = work.file("hypotheses.toml", SMALL_SPEC + HYPOTHESES)
    store = work.file("hypotheses.h5")
    run(["run", spec, "--store", store, "seed=[1,2,3,4,5]", "input_seed=[1,2,3,4]", "cv=[0,0.5,1]",
         "profile=[lognormal,gamma]"], ranks=2, check=0)
    answer = query(store, "--hypotheses")
    rows = {r["hypothesis"]: r for r in answer["rows"]}
    assert list(rows) == ["up", "down", "close", "not-worse", "one-input"], rows
    p = {}
    for name, row in rows.items():
        where = {"up": ("lognormal", 1, None), "down": ("gamma", 1, None), "close": (None, 0.5, None),
                 "not-worse": (None, 1, None), "one-input": (None, 1, 1)}[name]
        cells = cells_of(store, where[1], by_profile=True)
        if where[0]:
            cells = cells[cells.profile == where[0]]
        cells = cells.groupby(["seed", "input_seed"])["diff"].mean().reset_index()
        if where[2]:
            cells = cells[cells.input_seed == where[2]]
        d = cells["diff"].values
        assert abs(row["diff"] - d.mean()) < 1e-12, (name, row["diff"], d.mean())
        if name == "one-input":  # one input: the exact two-sided sign-flip test
            extreme = sum(abs((np.array(s) * d).sum()) >= abs(d.sum()) - 1e-12
                          for s in itertools.product((1, -1), repeat=len(d)))
            p[name] = extreme / 2 ** len(d)
            contrary = None
        else:
            table = cells.pivot(index="seed", columns="input_seed", values="diff").values
            I, J = table.shape
            ms_a = J * table.mean(axis=1).var(ddof=1)
            ms_b = I * table.mean(axis=0).var(ddof=1)
            resid = table - table.mean(axis=1, keepdims=True) - table.mean(axis=0, keepdims=True) + table.mean()
            ms_e = (resid ** 2).sum() / ((I - 1) * (J - 1))
            m_a, m_b = max(ms_a, ms_e), max(ms_b, ms_e)
            df = (m_a + m_b - ms_e) ** 2 / (m_a ** 2 / (I - 1) + m_b ** 2 / (J - 1) + ms_e ** 2 / ((I - 1) * (J - 1)))
            se = np.sqrt((m_a + m_b - ms_e) / (I * J))
            above = lambda shift: stats.t.sf((d.mean() - shift) / se, df)  # noqa: E731
            below = lambda shift: stats.t.cdf((d.mean() - shift) / se, df)  # noqa: E731
            margin = row["margin"] or 0
            p[name], contrary = {"greater": (above(0), below(0)), "less": (below(0), above(0)),
                                 "no_worse": (above(-margin), below(-margin)),
                                 "equivalent": (max(above(-margin), below(margin)),
                                                min(above(margin), below(-margin)))}[row["test"]]
        assert abs(row["p"] - p[name]) <= 1e-9 * max(p[name], 1e-300), (name, row["p"], p[name])
        if contrary is not None:
            assert abs(row["p_contrary"] - contrary) <= 1e-9 * max(contrary, 1e-300), (name, row, contrary)
    for family, names in (("f", ["up", "down", "close"]), ("g", ["not-worse", "one-input"])):
        holm = multipletests([p[n] for n in names], method="holm")[1]
        for n, h in zip(names, holm):
            row = rows[n]
            assert abs(row["p_adj"] - h) <= 1e-12, (n, row["p_adj"], h)
            want = ("supported" if h < 0.05 else
                    "contradicted" if row["p_contrary"] is not None and row["p_contrary"] < 0.05 / len(names)
                    else "undecided")
            assert row["verdict"] == want, (n, row, want)
    print("verdicts:", {n: (r["verdict"], round(r["p_adj"], 4)) for n, r in rows.items()})
    assert rows["down"]["verdict"] == "contradicted", rows["down"]  # heterogeneity helps: "less" is refuted


@test
def a_tuned_baseline_compares_each_network_at_its_best_validated_setting():
    store = work.file("tuned.h5")
    run(["run", SPEC, "--store", store, "seed=[1,2,3]", "input_seed=[1,2]", "cv=[0,1]", "profile=lognormal",
         "tau_mean=[0.1,0.2,0.4]"], ranks=2, check=0)
    answer = query(store, "--tuned", "tau_mean", "--paired", "cv=0")
    assert "tau_mean tuned on validation" in answer["filters"]["points"], answer["filters"]
    (row,) = answer["rows"]
    # From the raw store: per (cv, seed, input_seed) the point of the best validation score, then the
    # cv = 1 choice against the cv = 0 choice of the same seeds.
    with h5py.File(store, "r") as f:
        names = [n.decode() for n in f["metric_names"][...]]
        validation = f["metrics"][:, names.index("r2_validation_mean")]
        scores = np.clip(f["scores"][...], 0, None).mean(axis=1)
        grid = {k: f["grid"][k][...] for k in ("cv", "seed", "input_seed", "tau_mean")}
    frame = pd.DataFrame({**grid, "validation": validation, "score": scores})
    best = frame.loc[frame.groupby(["cv", "seed", "input_seed"]).validation.idxmax()].set_index(
        ["cv", "seed", "input_seed"])
    diffs = (best.loc[1.0].score - best.loc[0.0].score).values
    assert abs(row["diff"] - diffs.mean()) < 1e-12, (row["diff"], diffs.mean())
    assert row["pairs"] == 6 and row["networks"] == 3 and row["inputs"] == 2, row
    chosen = sorted(set(best.tau_mean))
    print(f"tuned: diff {row['diff']:+.4f} over {len(diffs)} cells; tau_mean chosen among {chosen}")
    # The test window never chooses: a point's validation score does not change with the test window's length.
    for bad, text in ((["--tuned", "cv"], None), (["--tuned", "profile"], "takes one value here"),
                      (["--tuned", "tier"], "task column")):
        p = run(["query", store, *bad, "--paired", "cv=0"], check=2)
        assert text is None or text in p.stderr, p.stderr
    p = run(["query", store, "--tuned", "tau_mean", "--by", "tau_mean"], check=2)
    assert "tau_mean is tuned" in p.stderr, p.stderr


@test
def a_contrast_is_a_difference_of_differences_per_replicate():
    store = work.file("contrast.h5")
    spec = work.file("contrast.toml", SMALL_SPEC + CONTRAST_HYPOTHESIS)
    run(["run", spec, "--store", store, "seed=[1,2,3]", "input_seed=[1,2]", "cv=[0,1]", "profile=lognormal",
         "g_rec=[0.0,0.9]"], ranks=2, check=0)
    answer = query(store, "--paired", "g_rec=0.9", "--where", "g_rec=0", "--by", "cv", "--contrast", "cv=0")
    (row,) = answer["rows"]
    with h5py.File(store, "r") as f:
        scores = np.clip(f["scores"][...], 0, None).mean(axis=1)
        grid = {k: f["grid"][k][...] for k in ("cv", "seed", "input_seed", "g_rec")}
    frame = pd.DataFrame({**grid, "score": scores}).set_index(["cv", "g_rec", "seed", "input_seed"]).score
    drop = {cv: frame.loc[(cv, 0.0)] - frame.loc[(cv, 0.9)] for cv in (0.0, 1.0)}
    cells = (drop[1.0] - drop[0.0]).values
    assert row["cv"] == 1 and row["networks"] == 3 and row["inputs"] == 2, row
    assert abs(row["diff"] - cells.mean()) < 1e-12, (row["diff"], cells.mean())
    assert abs(row["mean"] - drop[1.0].mean()) < 1e-12 and abs(row["reference"] - drop[0.0].mean()) < 1e-12, row
    p = run(["query", store, "--paired", "g_rec=0.9", "--by", "cv", "--contrast", "profile=gamma"], check=2)
    assert "profile is not a --by column" in p.stderr, p.stderr
    # The hypothesis of the same contrast: equivalence within 0.05 by two one-sided t tests, from the
    # crossed standard error of the cells' table.
    (h,) = query(store, "--hypotheses")["rows"]
    se, df = crossed_se_df((drop[1.0] - drop[0.0]).unstack().values)
    assert abs(h["diff"] - cells.mean()) < 1e-12 and h["compare"] == "g_rec=0.9 less cv=0", h
    tost = max(stats.t.sf((cells.mean() + 0.05) / se, df), stats.t.cdf((cells.mean() - 0.05) / se, df))
    assert abs(h["p"] - tost) <= 1e-9, (h["p"], tost)
    # A contrast is of paired differences, not of slopes.
    bad = work.file("contrast_bad.toml", SMALL_SPEC + CONTRAST_HYPOTHESIS.replace('compare = "g_rec=0.9"', 'slope = "g_rec"'))
    p = run(["run", bad, "--store", work.file("never.h5")], check=2)
    assert "a contrast is between paired differences; it needs compare" in p.stderr, p.stderr


CONTRAST_HYPOTHESIS = """
[[hypothesis]]
name = "drops-alike"
compare = "g_rec=0.9"
contrast = "cv=0"
where = ["g_rec=0"]
test = "equivalent"
margin = 0.05
"""


SKEW_HYPOTHESES = """
[[hypothesis]]
name = "skew-up"
slope = "skew"
where = ["cv=0.25"]
test = "greater"
family = "trend"

[[hypothesis]]
name = "skew-down"
slope = "skew"
where = ["cv=0.25"]
test = "less"
family = "trend"
"""


@test
def a_slope_is_the_least_squares_slope_per_replicate():
    spec = work.file("skew.toml", SMALL_SPEC + SKEW_HYPOTHESES)
    store = work.file("skew.h5")
    run(["run", spec, "--store", store, "seed=[1,2,3]", "input_seed=[1,2,3]", "cv=[0.25]", "profile=pearson3",
         "skew=[-1,0,0.5,1]"], ranks=2, check=0)
    answer = query(store, "--slope", "skew")
    (row,) = answer["rows"]
    with h5py.File(store, "r") as f:
        scores = np.clip(f["scores"][...], 0, None).mean(axis=1)
        grid = {k: f["grid"][k][...] for k in ("skew", "seed", "input_seed")}
    frame = pd.DataFrame({**grid, "score": scores})
    slopes = frame.groupby(["seed", "input_seed"]).apply(lambda c: np.polyfit(c["skew"], c["score"], 1)[0])
    table = slopes.unstack().values
    se, df = crossed_se_df(table)
    assert abs(row["slope"] - slopes.mean()) < 1e-12, (row["slope"], slopes.mean())
    assert abs(row["mean"] - frame.score.mean()) < 1e-12, row
    assert row["networks"] == 3 and row["inputs"] == 3 and row["points"] == 36 and row["incomplete"] == 0, row
    assert row["values"] == "-1 0 0.5 1", row
    assert abs(row["df"] - df) <= 1e-9 * df and abs(row["ci95"] - stats.t.ppf(0.975, df) * se) <= 1e-9, (row, se, df)
    p = 2 * stats.t.sf(abs(row["slope"]) / se, df)
    assert abs(row["p"] - p) <= 1e-9 * max(p, 1e-300), (row["p"], p)
    print(f"slope per unit of skew {row['slope']:+.5f} +- {row['ci95']:.5f}, p {p:.2g}, df {df:.1f}")
    # The hypotheses: one-sided t with the same se and df; greater and less are each other's contrary.
    hyp = {r["hypothesis"]: r for r in query(store, "--hypotheses")["rows"]}
    up = stats.t.sf(row["slope"] / se, df)
    assert abs(hyp["skew-up"]["p"] - up) <= 1e-9 and abs(hyp["skew-down"]["p"] - (1 - up)) <= 1e-9, hyp
    assert hyp["skew-up"]["compare"] == "slope skew" and hyp["skew-up"]["diff"] == row["slope"], hyp
    # A column that varies within a replicate is refused with its name; a text or --by column too.
    bad = work.file("skew2.h5")
    run(["run", spec, "--store", bad, "seed=[1]", "input_seed=[1]", "cv=[0.25,0.3]", "profile=pearson3",
         "skew=[0,1]", "N=20"], check=0)
    for args, text in ((["--slope", "skew"], "differ in cv: put it in --by"),
                       (["--slope", "profile"], "a slope needs a numeric column"),
                       (["--slope", "skew", "--by", "skew"], "skew is a --by column"),
                       (["--slope", "seed"], "seed column"),
                       (["--slope", "skew", "--paired", "cv=0.25"], "--slope and --paired: choose one")):
        p = run(["query", bad, *args], check=2)
        assert text in p.stderr, (args, p.stderr)
    answer = query(bad, "--slope", "skew", "--by", "cv")
    assert [r["slope"] is not None for r in answer["rows"]] == [True, True], answer["rows"]


@test
def the_options_are_checked():
    for args, text in ((["--adjust", "bonferoni"], "--adjust bonferoni: must be one of holm, bh, none"),
                       (["--resamples", "-3"], "--resamples -3: must be a whole number"),
                       (["--design", "0"], "--design 0: must be a half-width > 0")):
        p = run(["query", CROSSED, "--paired", "cv=0", *args], check=2)
        assert text in p.stderr, p.stderr
    p = run(["query", CROSSED, "--by", "cv", "--adjust", "bh"], check=2)
    assert "--adjust applies to --paired" in p.stderr, p.stderr


try:
    test.main()
finally:
    work.cleanup()
