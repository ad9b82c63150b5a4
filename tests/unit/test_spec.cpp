// Sweep specs: every rule's message names the key, the value and the rule;
// command-line overrides; the canonical text and hash.

#include <hetsweep/errors.hpp>
#include <hetsweep/sweep/spec.hpp>
#include <hetsweep/vocab/numerics.hpp>

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/error_of.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

const std::string origin = "jobs/example.toml";

using test::error_of;

std::string parse_error(const std::string& text) {
    return error_of([&] { parse_spec(text, origin); });
}

std::string override_error(const std::string& assignment, const std::string& text = "") {
    return error_of([&] {
        sweep_spec spec = parse_spec(text, origin);
        apply_override(spec, assignment);
    });
}

// Every piece must appear in the message.
void expect_message(const std::string& message, const std::vector<std::string>& pieces) {
    for (const auto& piece : pieces)
        EXPECT_NE(message.find(piece), std::string::npos) << "\"" << piece << "\" missing from: " << message;
}

TEST(SpecParse, ValuesAndDefaults) {
    const sweep_spec empty = parse_spec("", origin);
    EXPECT_EQ(empty.name, "example");  // the file's stem
    EXPECT_EQ(empty.seed, 0u);
    EXPECT_TRUE(empty.axes.empty());
    EXPECT_TRUE(empty.zip.empty());
    const point_params defaults;
    EXPECT_EQ(empty.base.N, defaults.N);
    EXPECT_EQ(empty.base.p, defaults.p);
    EXPECT_EQ(empty.base.profile, defaults.profile);
    EXPECT_EQ(empty.base.ridge, defaults.ridge);

    const sweep_spec spec = parse_spec(R"(
[sweep]
name = "trial"
seed = 17
description = "a test"
[network]
N = 100
p = 0.2
balanced = true
[tau]
profile = "gamma"
cv = 1        # an integer is a fine real
[readout]
ridge = 1e-4
)",
                                       origin);
    EXPECT_EQ(spec.name, "trial");
    EXPECT_EQ(spec.seed, 17u);
    EXPECT_EQ(spec.base.N, 100);
    EXPECT_EQ(spec.base.p, 0.2);
    EXPECT_TRUE(spec.base.balanced);
    EXPECT_EQ(spec.base.profile, "gamma");
    EXPECT_EQ(spec.base.cv, 1.0);
    EXPECT_EQ(spec.base.ridge, 1e-4);
    EXPECT_EQ(spec.base.g_rec, defaults.g_rec);  // untouched keys keep their defaults
}

TEST(SpecParse, AxesInTableOrder) {
    const sweep_spec spec = parse_spec(R"(
[tau]
cv = [0, 0.5, 1]
[network]
g_rec = [0.5, 0.9]
N = [50, 100]
)",
                                       origin);
    ASSERT_EQ(spec.axes.size(), 3u);
    EXPECT_EQ(spec.axes[0].key->path(), "network.N");
    EXPECT_EQ(spec.axes[1].key->path(), "network.g_rec");
    EXPECT_EQ(spec.axes[2].key->path(), "tau.cv");
    EXPECT_EQ(spec.axes[0].values, (std::vector<param_value>{std::int64_t(50), std::int64_t(100)}));
    EXPECT_EQ(spec.axes[2].values, (std::vector<param_value>{0.0, 0.5, 1.0}));
    ASSERT_NE(spec.find_axis("cv"), nullptr);
    EXPECT_EQ(spec.find_axis("tau.cv"), spec.find_axis("cv"));
    EXPECT_EQ(spec.find_axis("p"), nullptr);
}

TEST(SpecErrors, UnknownKeyWithSuggestion) {
    const std::string close = parse_error("[network]\ng_recc = 0.5\n");
    expect_message(close, {origin, "network.g_recc", "unknown key", "did you mean network.g_rec?"});
    const std::string far = parse_error("[network]\nzzzzzzzz = 1\n");
    expect_message(far, {"network.zzzzzzzz", "unknown key"});
    EXPECT_EQ(far.find("did you mean"), std::string::npos) << far;
    expect_message(parse_error("[sweep]\nsed = 3\n"), {"sweep.sed", "unknown key", "name, seed, batch, zip"});
}

TEST(SpecErrors, UnknownOrMisplacedSection) {
    expect_message(parse_error("[netwrk]\nN = 5\n"), {origin, "netwrk", "unknown section", "network"});
    expect_message(parse_error("cv = 0.5\n"), {"cv", "belong in their section", "tau.cv"});
    expect_message(parse_error("network = 5\n"), {"network", "must be a table"});
}

// [[hypothesis]] tables: read, not hashed, and every mistake named with its key and rule.
TEST(SpecHypotheses, AreReadCheckedAndNotHashed) {
    const std::string h =
        "[[hypothesis]]\nname = \"up\"\ncompare = \"cv=0\"\nwhere = [\"cv=1\"]\ntest = \"greater\"\n";
    const sweep_spec with = parse_spec("[tau]\ncv = [0, 1]\n" + h, origin);
    const sweep_spec without = parse_spec("[tau]\ncv = [0, 1]\n", origin);
    ASSERT_EQ(with.hypotheses.size(), 1u);
    EXPECT_EQ(with.hypotheses[0].name, "up");
    EXPECT_EQ(with.hypotheses[0].where, std::vector<std::string>{"cv=1"});
    EXPECT_EQ(with.hypotheses[0].family, "hypotheses");
    EXPECT_EQ(with.hash(), without.hash()) << "a hypothesis changes nothing computed";
    expect_message(parse_error(h + "tset = \"less\"\n"),
                   {"hypothesis up", "tset", "unknown key", "did you mean test?"});
    expect_message(parse_error("[[hypothesis]]\nname = \"x\"\ncompare = \"cv=0\"\ntest = \"greatr\"\n"),
                   {"test = \"greatr\"", "must be one of", "did you mean greater?"});
    expect_message(parse_error("[[hypothesis]]\nname = \"x\"\ncompare = \"cv=0\"\ntest = \"no_worse\"\n"),
                   {"hypothesis x", "needs a margin", "before the run"});
    expect_message(parse_error(h + "margin = 0.01\n"), {"margin: applies to no_worse and equivalent only"});
    expect_message(parse_error("[[hypothesis]]\nname = \"x\"\ncompare = \"cv<1\"\ntest = \"less\"\n"),
                   {"compare = \"cv<1\"", "must be KEY=VALUE"});
    expect_message(parse_error(h + h), {"name = \"up\"", "two hypotheses have this name"});
    expect_message(parse_error("[[hypothesis]]\nname = \"a b\"\n"), {"letters, digits"});
}

TEST(SpecErrors, WrongType) {
    expect_message(parse_error("[network]\np = \"0.1\"\n"),
                   {"network.p = \"0.1\"", "must be a finite number"});
    expect_message(parse_error("[network]\nN = 200.5\n"), {"network.N = 200.5", "must be an integer"});
    expect_message(parse_error("[network]\nbalanced = 1\n"),
                   {"network.balanced = 1", "must be true or false"});
    expect_message(parse_error("[tau]\nprofile = 3\n"),
                   {"tau.profile = 3", "must be one of lognormal, gamma, uniform, normal"});
    expect_message(parse_error("[network]\nN = {a = 1}\n"), {"network.N", "not a table"});
    expect_message(parse_error("[sweep]\nseed = -1\n"), {"sweep.seed = -1", "integer >= 0"});
}

// The value in a message is the value written: quoting p = 1.0000001 as "1"
// would contradict the rule "(0, 1]", and N = 200.0 as "200" the rule "an integer".
TEST(SpecErrors, FloatValueIsQuotedAsWritten) {
    expect_message(parse_error("[network]\np = 1.0000001\n"), {"network.p = 1.0000001: must be"});
    expect_message(parse_error("[network]\nN = 200.0\n"), {"network.N = 200.0: must be an integer"});
    expect_message(parse_error("[tau]\ncv = 10.0000001\n"), {"tau.cv = 10.0000001: must be"});
}

TEST(SpecErrors, OutOfRange) {
    expect_message(parse_error("[network]\np = 1.7\n"), {origin, "network.p = 1.7: must be", "(0, 1]"});
    expect_message(parse_error("[network]\np = 0\n"), {"network.p = 0: must be", "(0, 1]"});  // open bound
    expect_message(parse_error("[network]\nN = 0\n"), {"network.N = 0: must be an integer in [1, 100000]"});
    expect_message(parse_error("[tau]\ncv = -0.1\n"), {"tau.cv = -0.1: must be", "[0, 10]"});
    expect_message(parse_error("[tau]\nprofile = \"cauchy\"\n"),
                   {"tau.profile = \"cauchy\": must be one of"});
    expect_message(parse_error("[tau]\nmatch = \"exact\"\n"),
                   {"tau.match = \"exact\": must be one of empirical, truncated, none"});
    expect_message(parse_error("[timeline]\nmargin = 1.5\n"), {"timeline.margin = 1.5: must be"});
    // Boundaries that are allowed.
    EXPECT_NO_THROW(parse_spec("[network]\np = 1\nN = 1\n[tau]\ncv = 0\n", origin));
    // An axis value breaks the rule like a scalar does.
    expect_message(parse_error("[network]\np = [0.1, 1.7]\n"), {"network.p = 1.7: must be"});
}

TEST(SpecErrors, BadAxes) {
    expect_message(parse_error("[network]\nN = []\n"), {"network.N = []", "at least one value"});
    expect_message(parse_error("[network]\nN = [[1, 2], [3]]\n"), {"network.N", "nested"});
    expect_message(parse_error("[tau]\ncv = [0.5, 0.5]\n"), {"tau.cv", "0.5", "listed twice"});
    expect_message(parse_error("[tau]\ncv = [1, 0.5, 1.0]\n"),
                   {"tau.cv", "1.0", "listed twice"});  // 1 and 1.0 are one value
    expect_message(parse_error("[tau]\nprofile = [\"gamma\", \"gamma\"]\n"),
                   {"tau.profile", "\"gamma\"", "listed twice"});
    // A long axis whose repeat comes last, and -0.0, which is the value 0.0.
    std::string seeds = "[network]\nseed = [";
    for (int i = 1; i <= 100000; ++i) seeds += std::to_string(i) + ", ";
    expect_message(parse_error(seeds + "77777]\n"), {"network.seed", "77777", "listed twice"});
    expect_message(parse_error("[tau]\ncv = [0.0, 0.5, -0.0]\n"), {"tau.cv", "listed twice"});
}

TEST(SpecErrors, BadZip) {
    const std::string axes = "[tau]\ncv = [0, 0.5]\n[network]\nN = [10, 20, 30]\ng_rec = [0.5, 0.9]\n";
    expect_message(parse_error("[sweep]\nzip = [\"cv\", \"p\"]\n" + axes),
                   {"sweep.zip", "\"p\"", "is not an axis"});
    expect_message(parse_error("[sweep]\nzip = [\"cv\", \"N\"]\n" + axes),
                   {"sweep.zip", "cv", "N", "vary together", "2 and 3 values"});
    expect_message(parse_error("[sweep]\nzip = [[\"cv\"]]\n" + axes), {"sweep.zip", "at least two axes"});
    expect_message(parse_error("[sweep]\nzip = [\"cv\"]\n" + axes), {"sweep.zip", "at least two axes"});
    expect_message(parse_error("[sweep]\nzip = [[\"cv\", \"g_rec\"], [\"g_rec\", \"cv\"]]\n" + axes),
                   {"sweep.zip", "more than one group"});
    expect_message(parse_error("[sweep]\nzip = \"cv\"\n" + axes), {"sweep.zip", "list of axis names"});
    EXPECT_NO_THROW(parse_spec("[sweep]\nzip = [\"tau.cv\", \"g_rec\"]\n" + axes, origin));
}

// A spec with several errors reports them all, a line each, up to 20 and how many more.
TEST(SpecErrors, EveryErrorAtOnce) {
    const std::string message =
        parse_error("[network]\np = 1.7\nNN = 3\n[tau]\ncvv = 1\n[sweep]\nseedd = 1\n[nosuch]\nx = 1\n");
    expect_message(message, {"network.p = 1.7: must be", "network.NN: unknown key", "tau.cvv: unknown key",
                             "sweep.seedd: unknown key", "nosuch: unknown section"});
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 4) << message;
    std::string many = "[network]\n";
    for (int i = 0; i < 25; ++i) many += "k" + std::to_string(i) + "xyz = 1\n";
    const std::string capped = parse_error(many);
    EXPECT_EQ(std::count(capped.begin(), capped.end(), '\n'), 20) << capped;
    expect_message(capped, {"... and 5 more"});
}

TEST(SpecErrors, MalformedTomlReportsTheLine) {
    expect_message(parse_error("[network]\nN = 200\np = = 0.1\n"), {origin, "line 3"});
    expect_message(parse_error("\n\n\n\n[tau\ncv = 1\n"), {"line 5"});
}

TEST(SpecOverride, LeafDottedListsAndBareWords) {
    sweep_spec spec = parse_spec("[tau]\ncv = [0, 0.5]\n", origin);
    apply_override(spec, "N=100");
    EXPECT_EQ(spec.base.N, 100);
    apply_override(spec, "network.g_rec=0.7");
    EXPECT_EQ(spec.base.g_rec, 0.7);
    apply_override(spec, "profile=gamma");  // a bare word for a string key
    EXPECT_EQ(spec.base.profile, "gamma");
    apply_override(spec, "tau.match=\"none\"");
    EXPECT_EQ(spec.base.match, "none");
    // A scalar replaces an axis from the file ...
    apply_override(spec, "cv=0.25");
    EXPECT_EQ(spec.find_axis("cv"), nullptr);
    EXPECT_EQ(spec.base.cv, 0.25);
    // ... and a list makes one, in table order among the others.
    apply_override(spec, "cv=[0, 1, 2]");
    apply_override(spec, "N=[50, 100]");
    ASSERT_EQ(spec.axes.size(), 2u);
    EXPECT_EQ(spec.axes[0].key->name, "N");
    EXPECT_EQ(spec.axes[1].values, (std::vector<param_value>{0.0, 1.0, 2.0}));
    apply_override(spec, "profile=[\"lognormal\", \"gamma\"]");
    ASSERT_NE(spec.find_axis("profile"), nullptr);
    EXPECT_EQ(spec.find_axis("profile")->values.size(), 2u);
    apply_override(spec, "sweep.seed=42");
    EXPECT_EQ(spec.seed, 42u);
    apply_override(spec, "sweep.zip=[\"N\", \"profile\"]");
    ASSERT_EQ(spec.zip.size(), 1u);
}

// START:STOP:STEP makes an axis of numbers (each rounded to 12 significant digits, so 0.1 steps
// land on the decimal values); a list of bare words is a list of strings.
TEST(SpecOverride, RangesAndListsOfBareWords) {
    sweep_spec spec = parse_spec("", origin);
    apply_override(spec, "cv=0:2:0.5");
    EXPECT_EQ(spec.find_axis("cv")->values, (std::vector<param_value>{0.0, 0.5, 1.0, 1.5, 2.0}));
    apply_override(spec, "g_rec=0.6:0.9:0.1");
    EXPECT_EQ(spec.find_axis("g_rec")->values, (std::vector<param_value>{0.6, 0.7, 0.8, 0.9}));
    apply_override(spec, "N=100:400:100");
    EXPECT_EQ(spec.find_axis("N")->values, (std::vector<param_value>{std::int64_t(100), std::int64_t(200),
                                                                     std::int64_t(300), std::int64_t(400)}));
    apply_override(spec, "profile=[lognormal, gamma,uniform]");
    EXPECT_EQ(
        spec.find_axis("profile")->values,
        (std::vector<param_value>{std::string("lognormal"), std::string("gamma"), std::string("uniform")}));
    apply_override(spec, "tau_mean=[0.1, 0.3]");  // numbers stay numbers
    EXPECT_EQ(spec.find_axis("tau_mean")->values, (std::vector<param_value>{0.1, 0.3}));
    apply_override(spec, "cv=1:1:0.5");  // one value
    EXPECT_EQ(spec.find_axis("cv")->values, (std::vector<param_value>{1.0}));
    const std::string rule = "a range is START:STOP:STEP";
    expect_message(override_error("cv=0:2:0"), {"cv=0:2:0", rule});
    expect_message(override_error("cv=2:0:0.5"), {rule});
    expect_message(override_error("cv=0:1:0.3"), {rule});
    expect_message(override_error("cv=0:1e9:1e-3"), {"at most 10000 values"});
    expect_message(override_error("N=1:3:0.5"), {"network.N", "must be an integer"});
    expect_message(override_error("profile=[lognormal, cauchy]"), {"tau.profile", "cauchy"});
}

// BASE*FACTOR^FIRST..LAST makes a geometric axis: integers for whole bases, factors and exponents,
// else values rounded to 12 significant digits.
TEST(SpecOverride, GeometricAxes) {
    sweep_spec spec = parse_spec("", origin);
    apply_override(spec, "N=50*2^0..4");
    EXPECT_EQ(spec.find_axis("N")->values,
              (std::vector<param_value>{std::int64_t(50), std::int64_t(100), std::int64_t(200),
                                        std::int64_t(400), std::int64_t(800)}));
    apply_override(spec, "noise=1*10^-3..0");
    EXPECT_EQ(spec.find_axis("noise")->values, (std::vector<param_value>{0.001, 0.01, 0.1, 1.0}));
    apply_override(spec, "cv=0.25*2^-1..1");
    EXPECT_EQ(spec.find_axis("cv")->values, (std::vector<param_value>{0.125, 0.25, 0.5}));
    const std::string rule = "a geometric axis is BASE*FACTOR^FIRST..LAST";
    expect_message(override_error("N=50*2^4..0"), {"N=50*2^4..0", rule});
    expect_message(override_error("N=3*0^0..1"), {rule});
    expect_message(override_error("N=3*2^0..20000"), {"at most 10000 values"});
    expect_message(override_error("cv=1*10^0..400"), {"each finite"});
    expect_message(override_error("N=50*2^0..12"),
                   {"network.N = 102400", "must be an integer in [1, 100000]"});
}

TEST(SpecOverride, Errors) {
    expect_message(override_error("N"), {"override \"N\"", "expected key=value"});
    expect_message(override_error("=5"), {"\"=5\"", "expected key=value"});
    expect_message(override_error("g_recc=0.5"), {"g_recc", "unknown key", "did you mean network.g_rec?"});
    expect_message(override_error("p=1.7"), {"network.p = 1.7: must be"});
    // A bare word for a non-string key fails its type rule, naming key, word and rule.
    expect_message(override_error("cv=abc"),
                   {"override cv=abc", "tau.cv = \"abc\": must be a finite number"});
    expect_message(override_error("N=abc"), {"network.N = \"abc\": must be an integer"});
    expect_message(override_error("profile=a,b"), {"profile=a,b", "cannot read the value"});
    expect_message(override_error("profile=cauchy"), {"tau.profile = \"cauchy\": must be one of"});
    expect_message(override_error("cv=[0.5, 0.5]"), {"tau.cv", "listed twice"});
    expect_message(override_error("sweep.seed=-3"), {"sweep.seed = -3", "integer >= 0"});
    // A zipped axis cannot silently become a scalar.
    expect_message(
        override_error("cv=0.5",
                       "[sweep]\nzip = [\"cv\", \"N\"]\n[tau]\ncv = [0, 1]\n[network]\nN = [10, 20]\n"),
        {"sweep.zip", "\"cv\" is not an axis"});
}

TEST(SpecCanonical, IgnoresCommentsFormattingAndOrder) {
    const sweep_spec a = parse_spec(R"(# first spelling
[sweep]
name = "a"
seed = 3
description = "one"
zip = ["cv", "g_rec"]
[network]
N = 100
g_rec = [0.5, 0.9]
[tau]
cv = [0, 0.5]
profile = "gamma"
)",
                                    "a.toml");
    const sweep_spec b = parse_spec(R"(
[tau]
profile   =   "gamma"      # reordered, respaced, commented
cv = [ 0.0,
       0.5 ]
[network]
g_rec = [5e-1, 0.9]
p = 0.1                    # the default, now explicit
N = 100
[sweep]
zip = [["tau.cv", "g_rec"]]
seed = 3
name = "b"
description = "two"
)",
                                    "b.toml");
    EXPECT_EQ(a.canonical(), b.canonical());
    EXPECT_EQ(a.hash(), b.hash());
    EXPECT_EQ(a.hash().size(), 16u);
    EXPECT_EQ(a.hash(), fnv1a64_hex(a.canonical()));
}

// Two spellings of one zip group give the same grid (zipped axes are taken in
// table order), so they must give the same hash, or `run` would refuse to
// resume a store made with the other spelling.
TEST(SpecCanonical, ZipGroupOrderDoesNotChangeTheHash) {
    const std::string axes = "[network]\nN = [10, 20]\ng_rec = [0.5, 0.9]\n[tau]\ncv = [0, 0.5]\n";
    const sweep_spec a = parse_spec("[sweep]\nzip = [\"cv\", \"g_rec\"]\n" + axes, "a.toml");
    const sweep_spec b = parse_spec("[sweep]\nzip = [\"g_rec\", \"cv\"]\n" + axes, "b.toml");
    EXPECT_EQ(a.canonical(), b.canonical());
    EXPECT_EQ(a.hash(), b.hash());
}

// A different valid value for `key`, or nothing if the key has only one.
std::optional<param_value> another_value(const param_key& key, const param_value& current) {
    std::vector<param_value> candidates;
    switch (key.kind) {
        case value_kind::integer: {
            const auto i = std::get<std::int64_t>(current);
            candidates = {i + 1, i - 1};
            break;
        }
        case value_kind::real: {
            const double x = std::get<double>(current);
            candidates = {x * 1.5, x * 0.5, x + 0.5, 0.5, 0.25, 3.0};
            break;
        }
        case value_kind::boolean:
            candidates = {!std::get<bool>(current)};
            break;
        case value_kind::text:
            for (const auto& c : key.choices) candidates.push_back(c);
            break;
    }
    for (const auto& v : candidates)
        if (v != current && key.check(v).empty()) return v;
    return std::nullopt;
}

TEST(SpecCanonical, ChangesWhenAnyValueChanges) {
    const std::string text = "[tau]\ncv = [0, 0.5]\n[network]\nN = [10, 20]\n";
    const sweep_spec base = parse_spec(text, origin);
    std::vector<std::string> hashes = {base.hash()};
    int changed = 0;
    for (const auto& key : param_table()) {
        sweep_spec spec = parse_spec(text, origin);
        if (spec.find_axis(key.name)) continue;
        const auto v = another_value(key, key.get(spec.base));
        if (!v) {
            // A free-text key names a file (tau.file): test_tau_file.cpp changes it and its content.
            if (key.kind == value_kind::text && key.choices.empty()) continue;
            EXPECT_EQ(key.choices.size(), 1u) << key.path();  // only single-choice keys cannot change
            continue;
        }
        apply_override(spec, key.path() + "=" + format_value(*v));
        EXPECT_EQ(key.get(spec.base), *v) << key.path();
        EXPECT_NE(spec.canonical(), base.canonical()) << key.path();
        for (const auto& h : hashes) EXPECT_NE(spec.hash(), h) << key.path();
        hashes.push_back(spec.hash());
        ++changed;
    }
    EXPECT_GE(changed, int(param_table().size()) - 3);
    // Axis values, their order, the seed and the zip groups count too.
    for (const std::string& assignment :
         {std::string("cv=[0, 0.6]"), std::string("cv=[0.5, 0]"), std::string("N=[10, 20, 30]"),
          std::string("sweep.seed=1"), std::string("sweep.zip=[\"cv\", \"N\"]")}) {
        sweep_spec spec = parse_spec(text, origin);
        apply_override(spec, assignment);
        for (const auto& h : hashes) EXPECT_NE(spec.hash(), h) << assignment;
        hashes.push_back(spec.hash());
    }
    // The name and description are not results.
    EXPECT_EQ(parse_spec("[sweep]\nname = \"other\"\ndescription = \"x\"\n" + text, origin).hash(),
              base.hash());
}

TEST(SpecCanonical, KeysAtTheirDefaultsLeaveTheHashAlone) {
    const sweep_spec bare = parse_spec("[tau]\ncv = [0, 0.5]\n", origin);
    std::string explicit_defaults, section;
    for (const auto& key : param_table()) {
        if (key.section != section) explicit_defaults += "[" + (section = key.section) + "]\n";
        explicit_defaults +=
            key.name + " = " + (key.name == "cv" ? "[0, 0.5]" : format_value(key.get(point_params{}))) + "\n";
    }
    const sweep_spec full = parse_spec(explicit_defaults, origin);
    EXPECT_EQ(full.canonical(), bare.canonical());
    EXPECT_EQ(full.hash(), bare.hash());
    EXPECT_EQ(bare.canonical(), "hetsweep-spec 2\nnumerics " + std::to_string(numerics_version) +
                                    "\nsweep.seed = 0\ntau.cv = [0.0, 0.5]\n");
}

// The defaults of numerics version 7 (those of 3 to 6 and readout.scoring). A default that changes changes
// the numbers of every spec that leaves it out, so it must come with a new numerics_version
// (model/numerics.hpp), which refuses to resume stores of the old numbers; then pin the new defaults here. A
// key added later is not pinned and must default to the old behaviour.
TEST(SpecCanonical, DefaultsArePinnedToTheNumericsVersion) {
    ASSERT_EQ(numerics_version, 7) << "pin the defaults of the new numerics version below";
    const std::vector<std::pair<std::string, std::string>> pinned = {
        {"network.model", "\"rate\""},
        {"network.seed", "1"},
        {"network.N", "200"},
        {"network.p", "0.1"},
        {"network.balanced", "false"},
        {"network.g_rec", "0.9"},
        {"network.g_in", "1.0"},
        {"network.input_fraction", "1.0"},
        {"network.prune", "0.0"},
        {"network.noise", "0.1"},
        {"network.noise_window", "0.01"},
        {"network.dt", "0.01"},
        {"tau.profile", "\"lognormal\""},
        {"tau.cv", "0.0"},
        {"tau.tau_mean", "0.3"},
        {"tau.floor", "0.01"},
        {"tau.match", "\"empirical\""},
        {"input.input_seed", "1"},
        {"input.lorenz_sigma", "10.0"},
        {"input.lorenz_rho", "28.0"},
        {"input.lorenz_beta", "2.6666666666666665"},
        {"input.transient", "50.0"},
        {"input.step", "0.01"},
        {"timeline.washout", "20.0"},
        {"timeline.train", "100.0"},
        {"timeline.test", "50.0"},
        {"timeline.margin", "2.0"},
        {"readout.mode", "\"validated\""},
        {"readout.ridge", "0.01"},
        {"readout.ridge_min", "1e-08"},
        {"readout.ridge_max", "10.0"},
        {"readout.ridge_steps", "19"},
        {"readout.folds", "3"},
        {"readout.gap", "2.0"},
        {"readout.select", "\"task\""},
        {"readout.precision", "\"single\""},
        {"readout.scoring", "\"fractions\""},
        {"tau.file", "\"\""},
        {"tau.file_mode", "\"pool\""},
        {"mechanisms.components", "10"},
        {"lif.tau_syn", "0.05"},
        {"lif.t_ref", "0.02"},
        {"lif.i_bias", "0.7"},
        {"lif.tau_readout", "0.1"},
        {"lif.substeps", "1"},
        {"cost.tu_seconds", "0.1"},
        {"cost.atp_per_spike", "3.84e+08"},
        {"cost.atp_per_synaptic_event", "41000.0"},
        {"cost.atp_resting_per_neuron_per_s", "3.42e+08"},
        {"cost.loihi2_synop_j", "2.36e-11"},
        {"cost.loihi2_spike_j", "1.7e-12"},
        {"cost.loihi2_neuron_update_j", "5.2e-11"},
        {"cost.loihi2_static_w_per_core", "0.001"},
        {"cost.loihi2_neurons_per_core", "8192.0"},
        {"cost.spinnaker2_synop_j", "8e-10"},
        {"cost.spinnaker2_spike_j", "1e-10"},
        {"cost.spinnaker2_neuron_update_j", "1e-09"},
        {"cost.spinnaker2_static_w_per_core", "0.005"},
        {"cost.spinnaker2_neurons_per_core", "256.0"},
        {"cost.static_share", "\"pro_rata\""},
    };
    for (const auto& [path, value] : pinned) {
        const param_key* key = find_param(path);
        ASSERT_NE(key, nullptr) << path << " left the key table: stores of numerics " << numerics_version
                                << " name it";
        EXPECT_EQ(format_value(key->get(point_params{})), value)
            << path << ": its default changed; bump numerics_version";
    }
}

TEST(SpecCanonical, Fnv1a64KnownAnswers) {
    // The FNV-1a 64-bit test vectors of its authors.
    EXPECT_EQ(fnv1a64_hex(""), "cbf29ce484222325");
    EXPECT_EQ(fnv1a64_hex("a"), "af63dc4c8601ec8c");
    EXPECT_EQ(fnv1a64_hex("foobar"), "85944171f73967e8");
}

}  // namespace
}  // namespace hetsweep
