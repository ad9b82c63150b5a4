#include <hetsweep/engine/read_spec.hpp>

#include "protocol.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>

#include <fstream>
#include <sstream>

namespace hetsweep::engine {

sweep_spec read_spec(const comm::context& ctx, const std::string& spec_path, const std::string& store_path) {
    setup_message m;
    if (ctx.rank() == 0) {
        std::ifstream in(spec_path);
        std::stringstream text;
        text << in.rdbuf();
        if (!in) {
            m = {false, spec_path + ": cannot read the spec file", false};
        } else if (const std::string problem = store_path_problem(store_path); !problem.empty()) {
            m = {false, problem, false};
        } else {
            m.text = text.str();
        }
    }
    m = comm::unpack<setup_message>(ctx.broadcast(comm::pack(m), 0));
    if (!m.ok) throw config_error(m.text);
    return parse_spec(m.text, spec_path);
}

}  // namespace hetsweep::engine
