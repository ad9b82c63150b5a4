#include "answer.hpp"

#include "common.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace hetsweep::cli {

namespace {

std::string general(double x, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    return buf;
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

bool is_missing(const answer_column& c, const answer_cell& v) {
    const bool numeric =
        c.style == cell_style::fixed || c.style == cell_style::general || c.style == cell_style::exact;
    return v.missing || (numeric && std::isnan(v.number));
}

std::string integer_text(double x) {
    return std::to_string(static_cast<unsigned long long>(x));
}

std::string table_text(const answer_column& c, const answer_cell& v) {
    if (is_missing(c, v)) return v.table.empty() ? "-" : v.table;
    switch (c.style) {
        case cell_style::text:
            return v.text;
        case cell_style::level:
            return c.levels->text[v.level];
        case cell_style::integer:
            return integer_text(v.number);
        case cell_style::fixed:
            return fixed(v.number, c.digits);
        case cell_style::general:
            return general(v.number, c.digits);
        case cell_style::exact:
            return shortest(v.number);
        case cell_style::done_of:
            return v.number == double(v.total) ? integer_text(v.number)
                                               : integer_text(v.number) + "/" + std::to_string(v.total);
    }
    return {};
}

std::string csv_text(const answer_column& c, const answer_cell& v) {
    if (is_missing(c, v)) return "";
    switch (c.style) {
        case cell_style::text:
            return csv_cell(v.text);
        case cell_style::level:
            return csv_cell(c.levels->text[v.level]);
        case cell_style::integer:
        case cell_style::done_of:
            return integer_text(v.number);
        case cell_style::fixed:
        case cell_style::general:
        case cell_style::exact:
            return shortest(v.number);
    }
    return {};
}

std::string json_text(const answer_column& c, const answer_cell& v) {
    if (is_missing(c, v)) return v.json.empty() ? "null" : v.json;
    switch (c.style) {
        case cell_style::text:
            return json_string(v.text);
        case cell_style::level:
            return level_json(*c.levels, v.level);
        case cell_style::integer:
        case cell_style::done_of:
            return integer_text(v.number);
        case cell_style::fixed:
        case cell_style::general:
        case cell_style::exact:
            return json_number(v.number);
    }
    return {};
}

// Columns padded to their widest cell; numbers right-aligned.
std::string write_table(const answer& a) {
    std::vector<std::size_t> shown;
    for (std::size_t j = 0; j < a.columns.size(); ++j)
        if (a.columns[j].in_table) shown.push_back(j);
    std::vector<std::vector<std::string>> lines(1);
    for (std::size_t j : shown) lines[0].push_back(a.columns[j].name);
    for (const auto& row : a.rows) {
        lines.emplace_back();
        for (std::size_t j : shown) lines.back().push_back(table_text(a.columns[j], row[j]));
    }
    std::vector<std::size_t> width(shown.size(), 0);
    for (const auto& l : lines)
        for (std::size_t k = 0; k < shown.size(); ++k) width[k] = std::max(width[k], l[k].size());
    std::ostringstream out;
    for (const auto& c : a.comments) out << "# " << c << '\n';
    for (const auto& l : lines) {
        std::string text;
        for (std::size_t k = 0; k < shown.size(); ++k) {
            const std::string pad(width[k] - l[k].size(), ' ');
            const bool last = k + 1 == shown.size();
            text += (k ? "  " : "") + (a.columns[shown[k]].right ? pad + l[k] : l[k] + (last ? "" : pad));
        }
        out << text << '\n';
    }
    return out.str();
}

std::string write_csv(const answer& a) {
    std::ostringstream out;
    for (const auto& c : a.comments) out << "# " << c << '\n';
    std::string line;
    for (const auto& c : a.columns)
        if (c.in_csv) line += (line.empty() ? "" : ",") + csv_cell(c.name);
    out << line << '\n';
    for (const auto& row : a.rows) {
        line.clear();
        bool first = true;
        for (std::size_t j = 0; j < a.columns.size(); ++j)
            if (a.columns[j].in_csv) {
                line += (first ? "" : ",") + csv_text(a.columns[j], row[j]);
                first = false;
            }
        out << line << '\n';
    }
    return out.str();
}

std::string write_json(const answer& a) {
    std::vector<std::size_t> order = a.json_order;
    if (order.empty())
        for (std::size_t j = 0; j < a.columns.size(); ++j) order.push_back(j);
    std::ostringstream out;
    out << "{\n" << a.json_header << "  \"rows\": [";
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        out << (i ? ",\n    {" : "\n    {");
        bool first = true;
        for (std::size_t j : order) {
            if (!a.columns[j].in_json) continue;
            const auto& c = a.columns[j];
            out << (first ? "" : ", ") << json_string(c.json_name.empty() ? c.name : c.json_name) << ": "
                << json_text(a.columns[j], a.rows[i][j]);
            first = false;
        }
        out << "}";
    }
    out << "\n  ]\n}\n";
    return out.str();
}

}  // namespace

output_format parse_output_format(const std::string& name) {
    if (name == "table") return output_format::table;
    if (name == "csv") return output_format::csv;
    if (name == "json") return output_format::json;
    throw config_error("--format " + name + ": must be table, csv or json");
}

std::string level_json(const query::levels& l, std::uint32_t i) {
    if (l.type == value_kind::text) return json_string(l.text[i]);
    if (l.type == value_kind::boolean) return l.numbers[i] != 0 ? "true" : "false";
    return json_number(l.numbers[i]);
}

std::string write_answer(const answer& a, output_format f) {
    switch (f) {
        case output_format::table:
            return write_table(a);
        case output_format::csv:
            return write_csv(a);
        case output_format::json:
            return write_json(a);
    }
    return {};
}

}  // namespace hetsweep::cli
