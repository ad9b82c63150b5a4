#pragma once

// The task family y(t) = u_k(t + Delta)^d: k in 1..3, d in 1..6, Delta in linspace(-2, 2, 49), 882
// tasks. Task index = ((k-1)*6 + (d-1))*49 + j. Its targets are model/tasks.hpp.

namespace hetsweep {

struct task_family {
    int dims = 3;
    int max_degree = 6;
    int n_delta = 49;
    double delta_max = 2.0;  // [TU]

    int size() const { return dims * max_degree * n_delta; }
    double nominal_delta(int j) const { return -delta_max + 2 * delta_max * j / (n_delta - 1); }
};

}  // namespace hetsweep
