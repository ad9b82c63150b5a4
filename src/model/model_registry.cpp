#include <hetsweep/model/neuron_model.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/text.hpp>

#include <stdexcept>
#include <string>

namespace hetsweep {

// Each model's one instance, defined in its own file. A registry filled by static constructors
// would be simpler to extend but fails silently in a static library: the linker drops an object
// file nothing refers to. So the models are listed here, a line each.
const neuron_model& rate_model();
const neuron_model& lif_model();
const neuron_model& rate_adapt_model();

namespace {

const std::vector<const neuron_model*>& registry() {
    static const std::vector<const neuron_model*> models = {
        &rate_model(),
        &lif_model(),
        &rate_adapt_model(),
    };
    return models;
}

}  // namespace

void neuron_model::simulate_batch(const std::vector<point_params>&, std::uint64_t, const Eigen::MatrixXd&,
                                  noise_path&, std::int64_t, const std::vector<Eigen::Ref<Eigen::MatrixXd>>&,
                                  std::vector<point_result>&) const {
    throw std::logic_error(std::string("the ") + name() + " model does not simulate batches");
}

const neuron_model& find_model(const std::string& name) {
    for (const auto* m : registry())
        if (name == m->name()) return *m;
    find_model_rules(name);  // names the models there are, for a model without rules
    throw config_error("network.model = \"" + name + "\": the model has rules but no simulation kernel");
}

}  // namespace hetsweep
