#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
namespace hetsweep::cli {
int cmd_plan(const std::vector<std::string>&) { throw config_error("plan: not built yet"); }
int cmd_status(const std::vector<std::string>&) { throw config_error("status: not built yet"); }
}
