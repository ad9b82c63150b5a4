#pragma once

namespace hetsweep::comm {

// Kinds of point-to-point message. The values travel as MPI tags between the ranks of one run, so
// they need only be stable within one build; MPI guarantees tags up to 32767.
enum class tag : int {
    request = 1,  // a worker asks rank 0 for work
    assign,       // rank 0 hands a worker a grid point
    report,       // a worker reports the outcome of a point
    stop,         // rank 0 tells a worker that no work is left
};

}  // namespace hetsweep::comm
