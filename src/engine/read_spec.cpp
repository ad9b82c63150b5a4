#include <hetsweep/engine/read_spec.hpp>

#include "protocol.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>

namespace hetsweep::engine {

sweep_spec read_spec(const comm::context& ctx, const std::string& spec_path, const std::string& store_path) {
    setup_message m;
    if (ctx.rank() == 0) {
        try {
            m.text = read_spec_file(spec_path);
            if (const std::string problem = store_path_problem(store_path); !problem.empty())
                m = {false, problem, false};
        } catch (const config_error& e) {
            m = {false, e.what(), false};
        }
    }
    m = comm::unpack<setup_message>(ctx.broadcast(comm::pack(m), 0));
    if (!m.ok) throw config_error(m.text);
    return parse_spec(m.text, spec_path);
}

}  // namespace hetsweep::engine
