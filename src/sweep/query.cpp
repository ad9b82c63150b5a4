#include <hetsweep/sweep/query.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/param_table.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <unordered_map>

namespace hetsweep::query {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Rows of the score matrix read at once: 512 x 882 doubles = 3.6 MB, large enough that a read costs
// little more than its bytes, small enough to stay in the cache while it is summed.
constexpr std::uint64_t block_rows = 512;

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
    return out;
}

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

std::string trim(const std::string& s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

bool parse_number(const std::string& text, double& out) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && std::isfinite(out);
}

bool same_number(double a, double b) {
    return a == b || std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// Distinct values of rows `rows` of c: numbers ascending, text in order of first appearance; and
// the level of each of those rows.
levels distinct(const column& c, const std::vector<std::uint64_t>& rows,
                std::vector<std::uint32_t>* level_of) {
    levels out;
    out.name = c.name;
    out.type = c.type;
    if (level_of) level_of->resize(rows.size());
    if (c.is_text()) {
        std::unordered_map<std::string, std::uint32_t> index;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& v = c.text[rows[i]];
            auto [it, fresh] = index.try_emplace(v, std::uint32_t(out.text.size()));
            if (fresh) out.text.push_back(v);
            if (level_of) (*level_of)[i] = it->second;
        }
        return out;
    }
    std::vector<double> values;
    values.reserve(rows.size());
    for (auto r : rows) values.push_back(c.numbers[r]);
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    out.numbers = sorted;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        column one{c.name, c.type, {sorted[i]}, {}};
        out.text.push_back(one.display(0));
    }
    if (level_of)
        for (std::size_t i = 0; i < rows.size(); ++i)
            (*level_of)[i] =
                std::uint32_t(std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin());
    return out;
}

std::vector<std::uint64_t> all_rows(std::size_t n) {
    std::vector<std::uint64_t> rows(n);
    for (std::size_t i = 0; i < n; ++i) rows[i] = i;
    return rows;
}

}  // namespace

std::string describe_values(const column& c) {
    const levels l = distinct(c, all_rows(c.size()), nullptr);
    if (l.text.size() <= 12) return join(l.text);
    if (c.is_text()) {
        std::vector<std::string> first(l.text.begin(), l.text.begin() + 12);
        return join(first) + ", ... (" + std::to_string(l.text.size()) + " values)";
    }
    return l.text.front() + " .. " + l.text.back() + " (" + std::to_string(l.text.size()) + " values)";
}

bool varies(const column& c) {
    if (c.size() < 2) return false;
    if (c.is_text())
        return std::any_of(c.text.begin(), c.text.end(), [&](const auto& v) { return v != c.text[0]; });
    return std::any_of(c.numbers.begin(), c.numbers.end(), [&](double v) { return v != c.numbers[0]; });
}

namespace {

struct found {
    const column* col = nullptr;
    bool per_task = false;
};

const column* by_name(const std::vector<column>& columns, const std::string& name) {
    for (const auto& c : columns)
        if (c.name == name) return &c;
    return nullptr;
}

// A grid column by its name or its spec path ("cv", "tau.cv"), a task column by its name or as
// "task.<name>" (for a task column that a grid column of the same name hides).
found find_column(const table& t, const std::string& name, const std::string& context) {
    if (name.rfind("task.", 0) == 0) {
        if (const column* c = by_name(t.tasks, name.substr(5))) return {c, true};
    } else if (const column* c = by_name(t.grid, name)) {
        return {c, false};
    } else if (const param_key* k = find_param(name); k && name.find('.') != std::string::npos) {
        if (const column* c = by_name(t.grid, k->name)) return {c, false};
    } else if (const column* c = by_name(t.tasks, name)) {
        return {c, true};
    }
    std::vector<std::string> axes, constant, task_names, all;
    for (const auto& c : t.grid) (varies(c) ? axes : constant).push_back(c.name);
    for (const auto& c : t.tasks) task_names.push_back(c.name);
    all = axes;
    all.insert(all.end(), constant.begin(), constant.end());
    all.insert(all.end(), task_names.begin(), task_names.end());
    std::string best;
    std::size_t best_d = 3;
    const std::string leaf = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    for (const auto& n : all)
        if (const std::size_t d = edit_distance(leaf, n); d < best_d) {
            best_d = d;
            best = n;
        }
    throw config_error(context + ": no such axis" + (best.empty() ? "" : " (did you mean " + best + "?)") +
                       " (axes: " + (axes.empty() ? "none" : join(axes)) +
                       "; task columns: " + join(task_names) + "; and " + std::to_string(constant.size()) +
                       " grid columns that take one value here, which hetsweep query FILE --columns lists)");
}

struct moments {
    std::uint64_t n = 0;
    double mean = 0, m2 = 0;
    double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();

    void add(double x) {
        ++n;
        const double delta = x - mean;
        mean += delta / double(n);
        m2 += delta * (x - mean);
        min = std::min(min, x);
        max = std::max(max, x);
    }
    // Chan et al.'s pairwise update: exact moments of the union.
    void merge(const moments& o) {
        if (!o.n) return;
        if (!n) {
            *this = o;
            return;
        }
        const double total = double(n + o.n), delta = o.mean - mean;
        mean += delta * double(o.n) / total;
        m2 += o.m2 + delta * delta * double(n) * double(o.n) / total;
        n += o.n;
        min = std::min(min, o.min);
        max = std::max(max, o.max);
    }
};

double median(std::vector<double>& v) {
    if (v.empty()) return nan;
    const std::size_t h = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(h), v.end());
    const double upper = v[h];
    if (v.size() % 2) return upper;
    return 0.5 * (*std::max_element(v.begin(), v.begin() + std::ptrdiff_t(h)) + upper);
}

std::vector<double> statistics(const std::vector<statistic>& wanted, const moments& m,
                               std::vector<double>& values) {
    const double n = double(m.n);
    const double sd = m.n > 1 ? std::sqrt(m.m2 / (n - 1)) : nan;
    std::vector<double> out;
    for (statistic s : wanted) {
        switch (s) {
            case statistic::mean:
                out.push_back(m.n ? m.mean : nan);
                break;
            case statistic::sd:
                out.push_back(sd);
                break;
            case statistic::sem:
                out.push_back(sd / std::sqrt(n));
                break;
            case statistic::ci95:
                out.push_back(m.n > 1 ? t_quantile(0.975, n - 1) * sd / std::sqrt(n) : nan);
                break;
            case statistic::min:
                out.push_back(m.n ? m.min : nan);
                break;
            case statistic::max:
                out.push_back(m.n ? m.max : nan);
                break;
            case statistic::median:
                out.push_back(median(values));
                break;
            case statistic::n:
                out.push_back(n);
                break;
        }
    }
    return out;
}

// Rows of all tasks in one group take a fast path: eight independent partial sums that the
// compiler can keep in one vector register. A NaN or an infinity anywhere shows in the raw sum
// (clipping would hide -inf) and sends the row to the checked loop instead.
constexpr int lanes = 8;

template <bool clip>
bool row_sum(const double* row, std::size_t n, double& total) {
    double raw[lanes] = {}, clipped[lanes] = {};
    std::size_t j = 0;
    for (; j + lanes <= n; j += lanes)
        for (int k = 0; k < lanes; ++k) {
            raw[k] += row[j + k];
            if (clip) clipped[k] += std::max(row[j + k], 0.0);
        }
    for (; j < n; ++j) {
        raw[0] += row[j];
        if (clip) clipped[0] += std::max(row[j], 0.0);
    }
    double r = 0, c = 0;
    for (int k = 0; k < lanes; ++k) {
        r += raw[k];
        c += clipped[k];
    }
    total = clip ? c : r;
    return std::isfinite(r);
}

bool row_sum(const double* row, std::size_t n, bool clip, double& total) {
    return clip ? row_sum<true>(row, n, total) : row_sum<false>(row, n, total);
}

// The moments of a row of finite values whose mean is known.
template <bool clip>
moments row_moments(const double* row, std::size_t n, double mean) {
    double m2[lanes] = {}, lo[lanes], hi[lanes];
    std::fill(lo, lo + lanes, std::numeric_limits<double>::infinity());
    std::fill(hi, hi + lanes, -std::numeric_limits<double>::infinity());
    std::size_t j = 0;
    auto one = [&](int k, double v) {
        if (clip) v = std::max(v, 0.0);
        m2[k] += (v - mean) * (v - mean);
        lo[k] = std::min(lo[k], v);
        hi[k] = std::max(hi[k], v);
    };
    for (; j + lanes <= n; j += lanes)
        for (int k = 0; k < lanes; ++k) one(k, row[j + k]);
    for (; j < n; ++j) one(0, row[j]);
    moments m;
    m.n = n;
    m.mean = mean;
    for (int k = 0; k < lanes; ++k) {
        m.m2 += m2[k];
        m.min = std::min(m.min, lo[k]);
        m.max = std::max(m.max, hi[k]);
    }
    return m;
}

// Calls visit(index into p.points, pointer to the score row) for every done selected point, reading
// the score matrix in blocks of consecutive rows that skip runs of rows not needed.
template <class visitor>
void for_each_done_row(const plan& p, const row_reader& read, visitor&& visit) {
    std::vector<std::size_t> wanted;
    for (std::size_t i = 0; i < p.points.size(); ++i)
        if (p.done[i]) wanted.push_back(i);
    for (std::size_t i = 0; i < wanted.size();) {
        const std::uint64_t first = p.points[wanted[i]];
        std::size_t j = i;
        while (j < wanted.size() && p.points[wanted[j]] < first + block_rows) ++j;
        const std::uint64_t count = p.points[wanted[j - 1]] - first + 1;
        const std::vector<double> block = read(first, count);
        if (block.size() != count * p.n_tasks)
            throw error("query: the row reader returned a block of the wrong size");
        for (; i < j; ++i) visit(wanted[i], block.data() + (p.points[wanted[i]] - first) * p.n_tasks);
    }
}

}  // namespace

std::string shortest(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
}

std::string column::display(std::size_t row) const {
    switch (type) {
        case kind::text:
            return text[row];
        case kind::boolean:
            return numbers[row] != 0 ? "true" : "false";
        case kind::integer:
            return std::to_string(static_cast<long long>(numbers[row]));
        case kind::real:
            return shortest(numbers[row]);
    }
    return {};
}

std::string condition::describe() const {
    return option + " " + text;
}

std::string condition::canonical() const {
    switch (kind) {
        case op::in:
            return key + "=" + join(values, ",");
        case op::not_in:
            return key + "!=" + join(values, ",");
        case op::less:
            return key + "<" + values[0];
        case op::less_equal:
            return key + "<=" + values[0];
        case op::greater:
            return key + ">" + values[0];
        case op::greater_equal:
            return key + ">=" + values[0];
        case op::range:
            return key + "=" + values[0] + ".." + values[1];
    }
    return {};
}

condition parse_condition(const std::string& option, const std::string& text) {
    const std::string forms =
        "expected KEY=VALUE, KEY=V1,V2, KEY=LO..HI, KEY!=VALUE, KEY<X, KEY<=X, KEY>X or KEY>=X";
    condition c;
    c.option = option;
    c.text = text;
    const std::size_t at = text.find_first_of("=!<>");
    if (at == std::string::npos) throw config_error(c.describe() + ": malformed condition; " + forms);
    c.key = trim(text.substr(0, at));
    const bool key_ok = !c.key.empty() && std::all_of(c.key.begin(), c.key.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
    });
    if (!key_ok)
        throw config_error(c.describe() + ": malformed condition, no valid key before the operator; " +
                           forms);
    std::string rest = text.substr(at);
    std::string op_text;
    for (const char* candidate : {"!=", "<=", ">=", "=", "<", ">"})
        if (rest.rfind(candidate, 0) == 0) {
            op_text = candidate;
            break;
        }
    if (op_text.empty()) throw config_error(c.describe() + ": malformed condition; " + forms);
    const std::string value = trim(rest.substr(op_text.size()));
    if (value.empty())
        throw config_error(c.describe() + ": no value after " + quoted(op_text) + "; " + forms);
    if (value.find_first_of("=<>!") != std::string::npos)
        throw config_error(c.describe() + ": malformed condition, two operators; " + forms);
    auto list = [&](const std::string& v) {
        std::vector<std::string> items;
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = v.find(',', start);
            items.push_back(
                trim(v.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
            if (items.back().empty())
                throw config_error(c.describe() + ": empty value in the list " + quoted(v) + "; " + forms);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        return items;
    };
    if (op_text == "=" || op_text == "!=") {
        const std::size_t dots = value.find("..");
        if (op_text == "=" && dots != std::string::npos) {
            c.kind = condition::op::range;
            c.values = {trim(value.substr(0, dots)), trim(value.substr(dots + 2))};
            if (c.values[0].empty() || c.values[1].empty() || c.values[1].find("..") != std::string::npos)
                throw config_error(c.describe() + ": malformed range " + quoted(value) +
                                   "; a range is LO..HI");
        } else {
            c.kind = op_text == "=" ? condition::op::in : condition::op::not_in;
            c.values = list(value);
        }
    } else {
        c.kind = op_text == "<"    ? condition::op::less
                 : op_text == "<=" ? condition::op::less_equal
                 : op_text == ">"  ? condition::op::greater
                                   : condition::op::greater_equal;
        c.values = {value};
    }
    return c;
}

condition parse_value_condition(const std::string& option, const std::string& key, const std::string& text) {
    const std::string t = trim(text);
    const bool has_op = !t.empty() && (t[0] == '<' || t[0] == '>' || t[0] == '!' || t[0] == '=');
    condition c = parse_condition(option, key + (has_op ? "" : "=") + t);
    c.text = text;
    return c;
}

std::vector<char> evaluate(const condition& cond, const column& c) {
    std::vector<char> mask(c.size(), 0);
    if (c.is_text()) {
        if (cond.kind != condition::op::in && cond.kind != condition::op::not_in)
            throw config_error(cond.describe() + ": " + c.name + " is text; use " + c.name + "=VALUE, " +
                               c.name + "=V1,V2 or " + c.name + "!=VALUE");
        const bool in = cond.kind == condition::op::in;
        for (std::size_t i = 0; i < c.text.size(); ++i) {
            const bool listed =
                std::find(cond.values.begin(), cond.values.end(), c.text[i]) != cond.values.end();
            mask[i] = listed == in;
        }
        return mask;
    }
    std::vector<double> v;
    for (const auto& text : cond.values) {
        double x = 0;
        if (c.type == column::kind::boolean && (text == "true" || text == "false")) {
            x = text == "true";
        } else if (!parse_number(text, x)) {
            if (c.type == column::kind::boolean)
                throw config_error(cond.describe() + ": " + c.name + " is true or false, " + quoted(text) +
                                   " is neither");
            throw config_error(cond.describe() + ": " + c.name + " is numeric, " + quoted(text) +
                               " is not a number");
        }
        v.push_back(x);
    }
    if (cond.kind == condition::op::range && v[0] > v[1])
        throw config_error(cond.describe() + ": the range is empty (" + cond.values[0] + " > " +
                           cond.values[1] + ")");
    for (std::size_t i = 0; i < c.numbers.size(); ++i) {
        const double x = c.numbers[i];
        bool ok = false;
        switch (cond.kind) {
            case condition::op::in:
            case condition::op::not_in:
                ok = std::any_of(v.begin(), v.end(), [&](double y) { return same_number(x, y); });
                if (cond.kind == condition::op::not_in) ok = !ok;
                break;
            case condition::op::less:
                ok = x < v[0] && !same_number(x, v[0]);
                break;
            case condition::op::less_equal:
                ok = x <= v[0] || same_number(x, v[0]);
                break;
            case condition::op::greater:
                ok = x > v[0] && !same_number(x, v[0]);
                break;
            case condition::op::greater_equal:
                ok = x >= v[0] || same_number(x, v[0]);
                break;
            case condition::op::range:
                ok = (x >= v[0] || same_number(x, v[0])) && (x <= v[1] || same_number(x, v[1]));
                break;
        }
        mask[i] = ok;
    }
    return mask;
}

const char* to_string(statistic s) {
    switch (s) {
        case statistic::mean:
            return "mean";
        case statistic::sd:
            return "sd";
        case statistic::sem:
            return "sem";
        case statistic::ci95:
            return "ci95";
        case statistic::min:
            return "min";
        case statistic::max:
            return "max";
        case statistic::median:
            return "median";
        case statistic::n:
            return "n";
    }
    return "";
}

statistic parse_statistic(const std::string& name) {
    const statistic all[] = {statistic::mean, statistic::sd,  statistic::sem,    statistic::ci95,
                             statistic::min,  statistic::max, statistic::median, statistic::n};
    std::vector<std::string> known;
    for (statistic s : all) {
        if (name == to_string(s)) return s;
        known.push_back(to_string(s));
    }
    throw config_error("--stat " + name + ": unknown statistic (known: " + join(known) + ")");
}

namespace {

// Regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz),
// evaluated where it converges fast and mirrored elsewhere.
double beta_fraction(double a, double b, double x) {
    const double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    if (std::fabs(d) < tiny) d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m < 100000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
        d = 1 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
        d = 1 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1) < 1e-16) break;
    }
    return h;
}

double incomplete_beta(double a, double b, double x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const double front =
        std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
    return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

// P(T > t) for t >= 0.
double t_upper_tail(double t, double df) {
    return 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

// z with P(Z > z) = q for a standard normal Z, 0 < q <= 1/2.
double normal_upper_quantile(double q) {
    double lo = 0, hi = 40;
    for (int i = 0; i < 200 && hi - lo > 1e-16 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (0.5 * std::erfc(mid / std::sqrt(2.0)) > q ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

}  // namespace

double t_quantile(double p, double df) {
    if (!(df > 0) || !(p > 0 && p < 1)) return nan;
    if (p < 0.5) return -t_quantile(1 - p, df);
    if (p == 0.5) return 0;
    const double tail = 1 - p;
    if (df > 1000) {
        // The prefactor of the incomplete beta function is a difference of large log-gammas here,
        // which costs digits; the Cornish-Fisher expansion (Abramowitz and Stegun 26.7.5) is exact to
        // about 1e-16 instead.
        const double z = normal_upper_quantile(tail), z2 = z * z;
        const double g1 = (z2 + 1) * z / 4;
        const double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
        const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
        const double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
        return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
    }
    double lo = 0, hi = 1;
    while (t_upper_tail(hi, df) > tail) {
        lo = hi;
        hi *= 2;
    }
    // The tail falls monotonically in t: bisect to the last bit.
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (t_upper_tail(mid, df) > tail ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

bool plan::by_tasks() const {
    return std::any_of(by.begin(), by.end(), [](const levels& l) { return l.per_task; });
}

plan make_plan(const table& t, const request& r) {
    plan p;
    p.req = r;
    p.n_tasks = t.n_tasks;
    p.n_points = t.n_points;
    for (auto s : t.status)
        if (s >= 0 && s <= 2) ++p.counts[s];

    // Filters: each must select something on its own, and all together too.
    std::vector<char> point_mask(t.n_points, 1), task_mask(t.n_tasks, 1);
    std::vector<std::string> point_filters, task_filters;
    for (const auto& cond : r.where) {
        const found f = find_column(t, cond.key, cond.describe());
        const auto mask = evaluate(cond, *f.col);
        if (std::find(mask.begin(), mask.end(), 1) == mask.end())
            throw config_error(cond.describe() + ": selects no " + (f.per_task ? "tasks" : "points") + " (" +
                               f.col->name + " takes " + describe_values(*f.col) + ")");
        auto& into = f.per_task ? task_mask : point_mask;
        for (std::size_t i = 0; i < mask.size(); ++i) into[i] &= mask[i];
        (f.per_task ? task_filters : point_filters).push_back(cond.describe());
        condition shown = cond;
        shown.key = f.col->name;
        (f.per_task ? p.task_filters : p.point_filters).push_back(shown.canonical());
        const bool none_left = std::find(into.begin(), into.end(), 1) == into.end();
        if (none_left)
            throw config_error(join(f.per_task ? task_filters : point_filters, " and ") +
                               ": together select no " + (f.per_task ? "tasks" : "points"));
    }
    for (std::uint64_t i = 0; i < t.n_points; ++i)
        if (point_mask[i]) p.points.push_back(i);
    for (std::uint32_t j = 0; j < t.n_tasks; ++j)
        if (task_mask[j]) p.tasks.push_back(j);
    if (t.n_points == 0) throw config_error("the store has no points");
    for (auto i : p.points) p.done.push_back(t.status[i] == 1);

    // Groups: the levels of each grouping column, then one group per combination that occurs.
    std::vector<std::vector<std::uint32_t>> point_levels, task_levels;  // per grid/task by column
    const std::vector<std::uint64_t> task_rows(p.tasks.begin(), p.tasks.end());
    for (const auto& name : r.by) {
        const found f = find_column(t, name, "--by " + name);
        for (const auto& l : p.by)
            if (l.name == f.col->name && l.per_task == f.per_task)
                throw config_error("--by " + name + ": " + f.col->name + " is given twice");
        std::vector<std::uint32_t> level_of;
        levels l = distinct(*f.col, f.per_task ? task_rows : p.points, &level_of);
        l.per_task = f.per_task;
        p.by.push_back(std::move(l));
        (f.per_task ? task_levels : point_levels).push_back(std::move(level_of));
    }
    auto group = [](std::size_t n, const std::vector<std::vector<std::uint32_t>>& levels_of,
                    std::vector<std::uint32_t>& group_of,
                    std::vector<std::vector<std::uint32_t>>& group_levels) {
        std::map<std::vector<std::uint32_t>, std::uint32_t> ids;
        std::vector<std::vector<std::uint32_t>> keys(n);
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto& l : levels_of) keys[i].push_back(l[i]);
            ids.emplace(keys[i], 0);
        }
        std::uint32_t next = 0;
        for (auto& [key, id] : ids) {  // std::map: ids follow the order of the levels
            id = next++;
            group_levels.push_back(key);
        }
        if (group_levels.empty()) group_levels.emplace_back();
        group_of.resize(n);
        for (std::size_t i = 0; i < n; ++i) group_of[i] = ids[keys[i]];
    };
    group(p.points.size(), point_levels, p.point_group, p.point_group_levels);
    group(p.tasks.size(), task_levels, p.task_group, p.task_group_levels);
    p.task_group_size.assign(p.n_task_groups(), 0);
    for (auto g : p.task_group) ++p.task_group_size[g];
    return p;
}

point_values per_point_scores(const plan& p, const row_reader& read) {
    const std::size_t groups = p.n_task_groups();
    point_values out;
    out.values.assign(p.points.size() * groups, nan);
    const bool clip = p.req.clip;
    const bool contiguous = p.all_tasks() && groups == 1;
    std::vector<double> sum(groups);
    std::vector<std::size_t> count(groups);
    for_each_done_row(p, read, [&](std::size_t i, const double* row) {
        double total = 0;
        if (contiguous && row_sum(row, p.n_tasks, clip, total)) {
            out.values[i] = total / double(p.n_tasks);
            return;
        }
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(count.begin(), count.end(), 0);
        for (std::size_t k = 0; k < p.tasks.size(); ++k) {
            const double v = row[p.tasks[k]];
            if (!std::isfinite(v)) {
                ++out.non_finite;
                continue;
            }
            sum[p.task_group[k]] += clip ? std::max(v, 0.0) : v;
            ++count[p.task_group[k]];
        }
        for (std::size_t g = 0; g < groups; ++g)
            if (count[g]) out.values[i * groups + g] = sum[g] / double(count[g]);
    });
    return out;
}

point_values per_point_given(const plan& p, const std::vector<double>& per_store_point) {
    if (p.n_task_groups() != 1) throw error("per_point_given: the plan groups tasks");
    if (per_store_point.size() != p.n_points)
        throw error("per_point_given: one value per point of the store expected");
    point_values out;
    out.values.assign(p.points.size(), nan);
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        if (!p.done[i]) continue;
        const double v = per_store_point[p.points[i]];
        if (std::isfinite(v))
            out.values[i] = v;
        else
            ++out.non_finite;
    }
    return out;
}

namespace {

std::vector<std::uint32_t> row_levels(const plan& p, std::size_t point_group, std::size_t task_group) {
    std::vector<std::uint32_t> out;
    std::size_t gi = 0, ti = 0;
    for (const auto& l : p.by)
        out.push_back(l.per_task ? p.task_group_levels[task_group][ti++]
                                 : p.point_group_levels[point_group][gi++]);
    return out;
}

bool wants_median(const plan& p) {
    return std::find(p.req.stats.begin(), p.req.stats.end(), statistic::median) != p.req.stats.end();
}

result finish(const plan& p, std::vector<moments>& acc, std::vector<std::vector<double>>& values,
              const std::vector<std::uint64_t>& points_in, std::uint64_t non_finite) {
    const std::size_t tg = p.n_task_groups();
    std::vector<std::uint64_t> total(p.n_point_groups(), 0);
    for (auto g : p.point_group) ++total[g];
    result out;
    out.non_finite = non_finite;
    for (std::size_t g = 0; g < p.n_point_groups(); ++g)
        for (std::size_t k = 0; k < tg; ++k) {
            const std::size_t cell = g * tg + k;
            row r;
            r.level = row_levels(p, g, k);
            r.stats = statistics(p.req.stats, acc[cell], values[cell]);
            r.points = points_in[cell];
            r.points_total = total[g];
            r.tasks = p.task_group_size[k];
            r.n = acc[cell].n;
            out.rows.push_back(std::move(r));
        }
    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const row& a, const row& b) { return a.level < b.level; });
    return out;
}

}  // namespace

result summarise_points(const plan& p, const point_values& v) {
    const std::size_t tg = p.n_task_groups(), cells = p.n_point_groups() * tg;
    std::vector<moments> acc(cells);
    std::vector<std::vector<double>> values(cells);
    std::vector<std::uint64_t> points_in(cells, 0);
    for (std::size_t i = 0; i < p.points.size(); ++i)
        for (std::size_t k = 0; k < tg; ++k) {
            const double x = v.values[i * tg + k];
            if (std::isnan(x)) continue;
            const std::size_t cell = p.point_group[i] * tg + k;
            acc[cell].add(x);
            values[cell].push_back(x);
            ++points_in[cell];
        }
    return finish(p, acc, values, points_in, v.non_finite);
}

result summarise_tasks(const plan& p, const row_reader& read) {
    const std::size_t tg = p.n_task_groups(), cells = p.n_point_groups() * tg;
    const bool keep = wants_median(p), clip = p.req.clip;
    std::vector<moments> acc(cells);
    std::vector<std::vector<double>> values(cells);
    std::vector<std::uint64_t> points_in(cells, 0);
    std::uint64_t non_finite = 0;
    std::vector<moments> local(tg);
    std::vector<double> sum(tg);
    std::vector<std::uint64_t> count(tg);
    const bool contiguous = p.all_tasks() && tg == 1;
    for_each_done_row(p, read, [&](std::size_t i, const double* row) {
        double total = 0;
        if (contiguous && row_sum(row, p.n_tasks, clip, total)) {
            const double mean = total / double(p.n_tasks);
            acc[p.point_group[i]].merge(clip ? row_moments<true>(row, p.n_tasks, mean)
                                             : row_moments<false>(row, p.n_tasks, mean));
            ++points_in[p.point_group[i]];
            if (keep)
                for (std::size_t j = 0; j < p.n_tasks; ++j)
                    values[p.point_group[i]].push_back(clip ? std::max(row[j], 0.0) : row[j]);
            return;
        }
        // Two passes over the row: its mean per task group, then the squared deviations.
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(count.begin(), count.end(), 0);
        for (std::size_t k = 0; k < p.tasks.size(); ++k) {
            const double v = row[p.tasks[k]];
            if (!std::isfinite(v)) {
                ++non_finite;
                continue;
            }
            sum[p.task_group[k]] += clip ? std::max(v, 0.0) : v;
            ++count[p.task_group[k]];
        }
        for (std::size_t g = 0; g < tg; ++g)
            local[g] = moments{count[g], count[g] ? sum[g] / double(count[g]) : 0};
        for (std::size_t k = 0; k < p.tasks.size(); ++k) {
            double v = row[p.tasks[k]];
            if (!std::isfinite(v)) continue;
            if (clip) v = std::max(v, 0.0);
            moments& m = local[p.task_group[k]];
            m.m2 += (v - m.mean) * (v - m.mean);
            m.min = std::min(m.min, v);
            m.max = std::max(m.max, v);
            if (keep) values[p.point_group[i] * tg + p.task_group[k]].push_back(v);
        }
        for (std::size_t g = 0; g < tg; ++g) {
            if (!local[g].n) continue;
            const std::size_t cell = p.point_group[i] * tg + g;
            acc[cell].merge(local[g]);
            ++points_in[cell];
        }
    });
    return finish(p, acc, values, points_in, non_finite);
}

cost_result cost_per_level(const plan& p, const table& t, const point_values& score,
                           const std::vector<double>& cost, const cost_request& c) {
    if (p.n_task_groups() != 1)
        throw config_error("--cost: --by names a task column; group costs by grid axes only");
    const found level = find_column(t, c.level_axis, "--level-axis " + c.level_axis);
    if (level.per_task)
        throw config_error("--level-axis " + c.level_axis + ": a task column, not a grid axis");
    std::vector<const column*> averaged;
    for (const auto& name : c.average) {
        const found f = find_column(t, name, "--average " + name);
        if (f.per_task) throw config_error("--average " + name + ": a task column, not a grid axis");
        if (f.col == level.col)
            throw config_error("--average " + name + ": " + name + " is the level axis (--level-axis)");
        averaged.push_back(f.col);
    }
    for (const auto& l : p.by) {
        if (l.name == level.col->name)
            throw config_error("--by " + l.name + ": " + l.name +
                               " is the level axis, a column of the answer already");
        for (const column* a : averaged)
            if (a->name == l.name)
                throw config_error("--by " + l.name + ": " + l.name +
                                   " is averaged over (--average); a configuration mixes its values");
    }

    cost_result out;
    std::vector<std::uint32_t> level_of;
    out.level_values = distinct(*level.col, p.points, &level_of);
    if (c.reference.empty()) {
        out.reference = 0;
    } else {
        const auto& names = out.level_values.text;
        auto it = std::find(names.begin(), names.end(), c.reference);
        double x = 0;
        if (it == names.end() && !level.col->is_text() && parse_number(c.reference, x))
            for (std::size_t i = 0; i < names.size(); ++i)
                if (same_number(out.level_values.numbers[i], x)) it = names.begin() + std::ptrdiff_t(i);
        if (it == names.end())
            throw config_error("--reference " + c.reference + ": not a level of " + level.col->name +
                               " (levels: " + join(names) + ")");
        out.reference = std::uint32_t(it - names.begin());
    }

    // A configuration: the selected points equal in every varying grid column but the averaged ones.
    std::vector<std::vector<std::uint32_t>> keys(p.points.size());
    for (const auto& col : t.grid) {
        const bool is_averaged = std::find(averaged.begin(), averaged.end(), &col) != averaged.end();
        std::vector<std::uint32_t> l;
        const levels values = distinct(col, p.points, &l);
        if (is_averaged || values.text.size() < 2) continue;
        for (std::size_t i = 0; i < keys.size(); ++i) keys[i].push_back(l[i]);
        const bool named = &col != level.col && std::none_of(p.by.begin(), p.by.end(), [&](const levels& b) {
            return !b.per_task && b.name == col.name;
        });
        if (named) out.configuration_columns.push_back(col.name);
    }
    struct configuration {
        double score = 0, cost = 0;
        std::uint64_t n = 0;
        std::size_t first = 0;  // a selected point of it, for its description
    };
    std::map<std::vector<std::uint32_t>, configuration> configs;
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        auto [it, fresh] = configs.try_emplace(keys[i]);
        if (fresh) it->second.first = i;
        const double s = score.values[i], k = cost[p.points[i]];
        if (!p.done[i] || !std::isfinite(s) || !std::isfinite(k)) continue;
        it->second.score += s;
        it->second.cost += k;
        ++it->second.n;
    }
    out.configurations = configs.size();
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    for (auto& [key, conf] : configs) {
        if (!conf.n) continue;
        conf.score /= double(conf.n);
        conf.cost /= double(conf.n);
        lowest = std::min(lowest, conf.score);
        highest = std::max(highest, conf.score);
    }
    if (!std::isfinite(lowest)) {
        if (std::find(p.done.begin(), p.done.end(), 1) == p.done.end())
            throw config_error("--cost " + c.metric + ": no point of the selection is done yet");
        throw config_error("--cost " + c.metric + ": no done point of the selection has a value of " +
                           c.metric + " (NaN: not computed for this model)");
    }

    out.bins = c.bins;
    if (out.bins.empty()) {
        // At most about ten round thresholds from the lowest to the highest configuration score.
        for (int per_unit : {200, 100, 50, 40, 20, 10, 5, 2, 1}) {
            const double first = std::floor(lowest * per_unit);
            if ((highest * per_unit - first) <= 10 || per_unit == 1) {
                for (double k = first; k / per_unit <= highest; ++k) out.bins.push_back(k / per_unit);
                break;
            }
        }
    }

    const std::size_t n_levels = out.level_values.text.size(), n_bins = out.bins.size();
    // Rows by group, then bin, then level: the levels of one bin side by side.
    auto cell = [&](std::size_t g, std::size_t l, std::size_t b) { return (g * n_bins + b) * n_levels + l; };
    std::vector<cost_row> best(p.n_point_groups() * n_levels * n_bins);
    for (std::size_t g = 0; g < p.n_point_groups(); ++g)
        for (std::uint32_t l = 0; l < n_levels; ++l)
            for (std::size_t b = 0; b < n_bins; ++b) {
                cost_row& r = best[cell(g, l, b)];
                r.group = std::uint32_t(g);
                r.level = l;
                r.bin = b;
            }
    for (const auto& [key, conf] : configs) {
        if (!conf.n) continue;
        const std::size_t i = conf.first;
        for (std::size_t b = 0; b < n_bins; ++b) {
            if (conf.score < out.bins[b]) continue;
            cost_row& r = best[cell(p.point_group[i], level_of[i], b)];
            if (r.reached && (conf.cost > r.cost || (conf.cost == r.cost && conf.score <= r.score))) continue;
            r.reached = true;
            r.cost = conf.cost;
            r.score = conf.score;
            r.points = conf.n;
            std::vector<std::string> parts;
            for (const auto& name : out.configuration_columns) {
                const column* col = by_name(t.grid, name);
                parts.push_back(name + "=" + col->display(p.points[i]));
            }
            r.configuration = parts.empty() ? "-" : join(parts);
        }
    }
    for (auto& r : best) {
        const cost_row& ref = best[cell(r.group, out.reference, r.bin)];
        r.saving = r.reached && ref.reached ? ref.cost / r.cost : nan;
    }
    out.rows = std::move(best);
    return out;
}

}  // namespace hetsweep::query
