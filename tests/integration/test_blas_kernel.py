"""The BLAS kernel: hetsweep names it, restarts itself with the one asked for (before MPI_Init, so
under mpirun too), records it in the store's run log, and leaves a user's OPENBLAS_CORETYPE alone.

The automatic choice (a generic fallback kernel on a CPU that can run a better one) cannot be
provoked on a CPU that OpenBLAS knows; the decision is unit-tested (tests/unit/test_blas.cpp), and
the restart it leads to is the one HETSWEEP_BLAS_CORETYPE=NAME exercises here.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import ENV, HETSWEEP, MPIRUN, SMALL_SPEC  # noqa: E402


def hetsweep(*args, env_extra=None, ranks=None):
    env = dict(ENV)
    for k in ("HETSWEEP_BLAS_CORETYPE", "OPENBLAS_CORETYPE"):
        env.pop(k, None)
    env.update(env_extra or {})
    command = [HETSWEEP, *args] if ranks is None else [MPIRUN, "-n", str(ranks), HETSWEEP, *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def kernel_of(version_output):
    line = next(x for x in version_output.splitlines() if x.startswith("BLAS: "))
    return line.split("kernel ", 1)[1].split(" ", 1)[0]


def main():
    # The library's own pick (keep), and hetsweep's (auto: the same unless the pick is a generic
    # fallback, which it then replaces, saying so).
    own_pick = kernel_of(hetsweep("version", env_extra={"HETSWEEP_BLAS_CORETYPE": "keep"}).stdout)
    native = hetsweep("version")
    assert native.returncode == 0, native
    assert ("restarting" in native.stderr) == (kernel_of(native.stdout) != own_pick), (own_pick, native)
    print(f"OpenBLAS picks {own_pick}; hetsweep runs", [x for x in native.stdout.splitlines() if x.startswith("BLAS")][0])

    asked = hetsweep("version", env_extra={"HETSWEEP_BLAS_CORETYPE": "Prescott"})
    assert asked.returncode == 0, asked
    assert kernel_of(asked.stdout) == "Prescott", asked.stdout
    assert asked.stderr.count("restarting with OPENBLAS_CORETYPE=Prescott") == (own_pick != "Prescott"), asked.stderr

    # The user's own OPENBLAS_CORETYPE stands, and "keep" never restarts.
    own = hetsweep("version", env_extra={"OPENBLAS_CORETYPE": "Prescott"})
    assert kernel_of(own.stdout) == "Prescott" and own.stderr == "", own
    keep = hetsweep("version", env_extra={"OPENBLAS_CORETYPE": "Haswell", "HETSWEEP_BLAS_CORETYPE": "keep"})
    assert kernel_of(keep.stdout) == "Haswell" and keep.stderr == "", keep

    # Under mpirun: every rank restarts before MPI_Init, one line is printed, the run log names the
    # kernel, and the results agree with the native kernel's to rounding.
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, "small.toml")
        with open(spec, "w") as f:
            f.write(SMALL_SPEC)
        stores = {}
        other = "Sandybridge" if own_pick == "Haswell" else "Haswell"
        for name, extra in (("native", {"HETSWEEP_BLAS_CORETYPE": "keep"}), ("other", {"HETSWEEP_BLAS_CORETYPE": other})):
            stores[name] = os.path.join(tmp, f"{name}.h5")
            r = hetsweep("run", spec, "--store", stores[name], "network.seed=[1,2]", "tau.cv=[0.0,1.0]",
                         "tau.profile=lognormal", env_extra=extra, ranks=2)
            assert r.returncode == 0, r
            restarts = r.stderr.count("restarting with OPENBLAS_CORETYPE")
            assert restarts == (name == "other"), r.stderr
            status = hetsweep("status", stores[name])
            assert status.returncode == 0, status
            expected = own_pick if name == "native" else other
            assert f"kernel {expected}" in status.stdout, status.stdout
            with h5py.File(stores[name], "r") as f:
                record = f["runs"][sorted(f["runs"])[-1]]
                blas = record.attrs["blas"]
                blas = blas.decode() if isinstance(blas, bytes) else blas
                assert blas.endswith(f"kernel {expected}"), blas
        with h5py.File(stores["native"], "r") as a, h5py.File(stores["other"], "r") as b:
            x, y = a["scores"][...], b["scores"][...]
            worst = float(np.max(np.abs(x - y)))
            # Kernels may round the single-precision products with the targets differently
            # (readout.precision): within float accuracy (every R^2 within 2e-6 across precisions).
            assert worst < 1e-5, worst
            print(f"{own_pick} against {other} kernel: largest |R^2 difference| {worst:.1e} over {x.size} scores")
    print("test_blas_kernel: ok")


if __name__ == "__main__":
    main()
