#include <hetsweep/vocab/model_rules.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

namespace hetsweep {

// Each model's rules, defined in its own file. A registry filled by static constructors would be
// simpler to extend but fails silently in a static library: the linker drops an object file nothing
// refers to. So the models are listed here, a line each.
const model_rules& rate_rules();
const model_rules& lif_rules();
const model_rules& rate_adapt_rules();

const std::vector<const model_rules*>& all_model_rules() {
    static const std::vector<const model_rules*> models = {
        &rate_rules(),
        &lif_rules(),
        &rate_adapt_rules(),
    };
    return models;
}

const model_rules& find_model_rules(const std::string& name) {
    for (const auto* m : all_model_rules())
        if (name == m->name) return *m;
    throw config_error("network.model = \"" + name + "\": must be one of " + join(model_names()));
}

std::vector<std::string> model_names() {
    std::vector<std::string> names;
    for (const auto* m : all_model_rules()) names.emplace_back(m->name);
    return names;
}

}  // namespace hetsweep
