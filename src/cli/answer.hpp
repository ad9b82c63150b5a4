#pragma once

// An answer of `hetsweep query` as one table, whatever the format: its header (comment lines for the
// table and CSV, members for JSON), its columns and its rows. Each kind of answer (statistics, paired,
// cost) builds one; three writers print any answer as an aligned table, CSV or JSON.

#include <hetsweep/query/levels.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep::cli {

enum class output_format { table, csv, json };

// How a column's cells print in each format.
enum class cell_style {
    text,     // as is; left-aligned in the table
    level,    // a --by level: its text in the table and CSV, a JSON string, boolean or number
    integer,  // a count
    fixed,    // a number with `digits` decimals in the table
    general,  // a number with `digits` significant digits in the table
    exact,    // a number in its shortest exact spelling, in the table too
    done_of,  // "done/total" in the table (just "done" when they are equal): number holds done, total
};

struct answer_column {
    std::string name;  // in the table's and the CSV's header, and in JSON unless json_name is set
    cell_style style = cell_style::fixed;
    int digits = 4;
    const query::levels* levels = nullptr;  // style level: the column's levels
    // Where the column appears; a column may carry what another format shows apart (points_total).
    bool in_table = true, in_csv = true, in_json = true;
    bool right = true;  // numbers right-aligned in the table
    std::string json_name;
};

// One cell: a number, a text or a level index, as its column's style reads it. A missing cell (or a
// NaN number) prints as "-" in the table, nothing in the CSV and null in JSON, unless `table` or
// `json` say otherwise (a literal for JSON: `0`, `null`).
struct answer_cell {
    double number = 0;
    std::uint64_t total = 0;  // done_of: the total
    std::string text;
    std::uint32_t level = 0;
    bool missing = false;
    std::string table, json;  // overrides for a missing cell
};

struct answer {
    std::vector<std::string> comments;  // the header of the table and of the CSV, a line each
    std::string json_header;            // the JSON object's members before its rows, each line ending ",\n"
    std::vector<answer_column> columns;
    std::vector<std::vector<answer_cell>> rows;
    std::vector<std::size_t> json_order;  // the columns' order in a JSON row, where not theirs
};

output_format parse_output_format(const std::string& name);  // throws config_error
// A level as a JSON value: a string, a boolean or a number, by the levels' kind.
std::string level_json(const query::levels& l, std::uint32_t i);
std::string write_answer(const answer& a, output_format f);

}  // namespace hetsweep::cli
