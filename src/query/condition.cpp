#include <hetsweep/query/condition.hpp>

#include "number.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <cctype>

namespace hetsweep::query {

namespace {

std::string trim(const std::string& s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

}  // namespace

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
        if (c.kind == value_kind::boolean && (text == "true" || text == "false")) {
            x = text == "true";
        } else if (!parse_number(text, x)) {
            if (c.kind == value_kind::boolean)
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

}  // namespace hetsweep::query
