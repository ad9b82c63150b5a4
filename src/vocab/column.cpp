#include <hetsweep/vocab/column.hpp>

#include <hetsweep/text.hpp>

namespace hetsweep {

std::string column::display(std::size_t row) const {
    switch (kind) {
        case value_kind::text:
            return text[row];
        case value_kind::boolean:
            return numbers[row] != 0 ? "true" : "false";
        case value_kind::integer:
            return std::to_string(static_cast<long long>(numbers[row]));
        case value_kind::real:
            return shortest(numbers[row]);
    }
    return {};
}

std::vector<column> grid_columns(const std::vector<point_params>& points) {
    std::vector<const param_key*> keys;
    for (const auto& key : param_table()) keys.push_back(&key);
    return grid_columns(points, keys);
}

std::vector<column> grid_columns(const std::vector<point_params>& points,
                                 const std::vector<const param_key*>& keys) {
    std::vector<column> out;
    for (const param_key* k : keys) {
        const param_key& key = *k;
        column c{key.name, key.kind, {}, {}, key.seed};
        for (const auto& p : points) {
            if (key.kind == value_kind::text)
                c.text.push_back(std::get<std::string>(key.get(p)));
            else
                c.numbers.push_back(as_number(key.get(p)));
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace hetsweep
