"""The Lorenz input of hetsweep's model (docs/model.md, "Input") for the Python peers of bench/
(numpy_point.py, brian_lif.py): the system (10, 28, 8/3) integrated by RK4 at the sampling step,
its states after the transient, z-scored. The peers draw their own start, so their input is
hetsweep's in distribution, not sample by sample.
"""
import numpy as np


def lorenz(steps, rng, dt=0.01, transient=50.0, scale_steps=None):
    """`steps` states at dt after `transient` TU, from a start uniform within 5 of (0, 1, 25),
    z-scored with the mean and sd of the first `scale_steps` of them (all when None)."""
    def f(s):
        x, y, z = s
        return np.array([10.0 * (y - x), x * (28.0 - z) - y, x * y - 8.0 / 3.0 * z])

    s = np.array([0.0, 1.0, 25.0]) + rng.uniform(-5, 5, 3)
    skip = int(round(transient / dt))
    out = np.empty((steps, 3))
    for t in range(skip + steps):
        if t >= skip:
            out[t - skip] = s
        k1 = f(s)
        k2 = f(s + 0.5 * dt * k1)
        k3 = f(s + 0.5 * dt * k2)
        k4 = f(s + dt * k3)
        s = s + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    kept = out[:scale_steps] if scale_steps else out
    return (out - kept.mean(0)) / kept.std(0)
