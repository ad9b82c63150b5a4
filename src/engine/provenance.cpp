// What a new store records of its making (engine/provenance.hpp): the spec, this build and the
// time, in UTC so that stores made anywhere compare.

#include <hetsweep/engine/provenance.hpp>

#include <hetsweep/version.hpp>
#include <hetsweep/vocab/numerics.hpp>

#include <ctime>

namespace hetsweep::engine {

store::provenance make_provenance(const sweep_spec& spec) {
    store::provenance p;
    p.sweep_name = spec.name;
    p.spec_text = spec.text;
    p.spec_hash = spec.hash();
    p.hetsweep_version = version;
    p.git_commit = git_commit;
    p.numerics_version = numerics_version;
    p.created = utc_now();
    p.invariants = spec.invariants();
    return p;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace hetsweep::engine
