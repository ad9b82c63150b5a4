#include <hetsweep/vocab/identity.hpp>

#include <hetsweep/vocab/fnv1a.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <cmath>
#include <cstring>
#include <unordered_map>

namespace hetsweep {

namespace {

std::string identity_of(const point_params& p, bool with_tau) {
    std::string out;
    for (const auto& k : param_table())
        if (k.applies_to(p) && (with_tau || k.section != "tau"))
            out += k.path() + " = " + format_value(k.get(p)) + "\n";
    return out;
}

// The values of the given columns at a point, as one string (numbers by their bits, -0 as 0).
std::string signature(const std::vector<const column*>& columns, std::uint64_t i) {
    std::string out;
    for (const column* c : columns) {
        if (c->is_text()) {
            out += c->text[i];
        } else {
            char bits[sizeof(double)];
            const double x = c->numbers[i] == 0 ? 0.0 : c->numbers[i];
            std::memcpy(bits, &x, sizeof bits);
            out.append(bits, sizeof bits);
        }
        out += '\x1f';
    }
    return out;
}

}  // namespace

std::string point_identity(const point_params& p) {
    return identity_of(p, true);
}

std::string network_identity(const point_params& p) {
    return identity_of(p, false);
}

std::vector<std::size_t> first_of_each_identity(std::size_t n,
                                                const std::function<std::string(std::size_t)>& identity_of) {
    // A point keeps 8 bytes (its hash), not its identity text.
    std::unordered_multimap<std::uint64_t, std::size_t> first_of;
    std::vector<std::size_t> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string text = identity_of(i);
        const std::uint64_t h = fnv1a64(text);
        out[i] = i;
        const auto [from, to] = first_of.equal_range(h);
        for (auto it = from; it != to && out[i] == i; ++it)
            if (identity_of(it->second) == text) out[i] = it->second;
        if (out[i] == i) first_of.emplace(h, i);
    }
    return out;
}

std::vector<std::string> identity_texts(const std::vector<column>& grid, std::uint64_t n_points,
                                        const point_params& defaults) {
    std::vector<std::pair<const param_key*, const column*>> keyed;
    for (const auto& c : grid) {
        const param_key* k = find_param(c.name);
        keyed.emplace_back(k && (k->kind == value_kind::text) == c.is_text() ? k : nullptr, &c);
    }
    std::vector<std::string> out(n_points);
    for (std::uint64_t i = 0; i < n_points; ++i) {
        point_params p = defaults;
        std::string raw;
        for (const auto& [k, c] : keyed) {
            const double x = c->is_text() ? 0.0 : c->numbers[i];  // unused for text
            const bool integral = std::isfinite(x) && std::abs(x) < 9e18;
            if (!k || (k->kind == value_kind::integer && !integral)) {
                raw += c->name + '=' + c->display(i) + '\n';
                continue;
            }
            switch (k->kind) {
                case value_kind::integer:
                    k->set(p, param_value(std::int64_t(x)));
                    break;
                case value_kind::real:
                    k->set(p, param_value(x));
                    break;
                case value_kind::boolean:
                    k->set(p, param_value(x != 0));
                    break;
                case value_kind::text:
                    k->set(p, param_value(c->text[i]));
                    break;
            }
        }
        out[i] = point_identity(p) + raw;
    }
    return out;
}

std::vector<std::uint64_t> partners(const std::vector<column>& grid, const column& key,
                                    const std::vector<char>& is_reference, const column* tuned) {
    std::vector<const column*> others;
    for (const auto& c : grid)
        if (&c != &key && &c != tuned) others.push_back(&c);
    const std::uint64_t n = is_reference.size();
    std::unordered_map<std::string, std::uint64_t> reference_of;
    for (std::uint64_t j = 0; j < n; ++j)
        if (is_reference[j]) reference_of.emplace(signature(others, j), j);
    std::vector<std::uint64_t> out(n, no_partner);
    for (std::uint64_t i = 0; i < n; ++i) {
        const auto it = reference_of.find(signature(others, i));
        if (it != reference_of.end()) out[i] = it->second;
    }
    return out;
}

replicate_factors factors_of(const std::vector<column>& grid, std::uint64_t point) {
    std::vector<const column*> network, input;
    for (const auto& c : grid)
        if (c.seed) (c.name == network_seed_key ? network : input).push_back(&c);
    return {signature(network, point), signature(input, point)};
}

std::string replicate_of(const std::vector<column>& grid, std::uint64_t point) {
    std::vector<const column*> seeds;
    for (const auto& c : grid)
        if (c.seed) seeds.push_back(&c);
    return signature(seeds, point);
}

}  // namespace hetsweep
