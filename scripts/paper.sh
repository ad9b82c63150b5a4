#!/usr/bin/env bash
# One figure of the paper (Golmohammadi, Luboeinski and Tetzlaff, arXiv:2412.05126): runs or
# resumes its sweep (jobs/paper/FIGURE.toml) on local MPI ranks, draws paper/FIGURE.png and .pdf,
# and prints one verdict line per claim the figure tests.
#
#   bash scripts/paper.sh FIGURE [--quick] [--ranks R] [--slurm | --render-only] [--out DIR]
#   bash scripts/paper.sh all [--quick] ...
#
# FIGURE: fig2 fig3 fig4 fig5 mech robust (or all).
#   --quick    a reduced sweep (2 network seeds x 2 input realisations, fewer levels and values,
#              smaller N): each figure in about a minute on 2 cores; its store and figure get a
#              -quick suffix
#   --ranks R  MPI ranks (default: HETSWEEP_RANKS or 2); with --slurm, the job's --ntasks
#   --slurm    print the `hetsweep submit` line for the figure's sweep instead of running it;
#              run this script again without --slurm once the job is done to draw the figure
#   --render-only  draw the figure from the store as it is, without running the sweep (a store
#              another build or a SLURM job computed); prints the store's provenance first
#   --out DIR  folder for the figures (default paper/)
#   --runs DIR folder for the stores and run logs (default runs/paper/)
# Environment: HETSWEEP (a built binary: then nothing is installed or built), HETSWEEP_RANKS.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
figures=(fig2 fig3 fig4 fig5 mech robust)
figure="" quick=0 slurm=0 render_only=0 out=paper runs=runs/paper ranks="${HETSWEEP_RANKS:-2}"
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --quick) quick=1 ;;
    --slurm) slurm=1 ;;
    --render-only) render_only=1 ;;
    --ranks) ranks="${2:?--ranks needs a number}"; shift ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    --runs) runs="${2:?--runs needs a folder}"; shift ;;
    -*) echo "paper.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$figure" ] || { echo "paper.sh: one FIGURE only (or all)" >&2; exit 2; }; figure="$1" ;;
  esac
  shift
done
[ -n "$figure" ] || { usage >&2; exit 2; }
if [ "$figure" != all ] && [[ ! " ${figures[*]} " =~ " $figure " ]]; then
  echo "paper.sh: unknown figure '$figure' (one of: ${figures[*]}, all)" >&2
  exit 2
fi
[[ "$ranks" =~ ^[1-9][0-9]*$ ]] || { echo "paper.sh: --ranks $ranks: must be a whole number >= 1" >&2; exit 2; }
((slurm && render_only)) && { echo "paper.sh: --slurm and --render-only exclude each other" >&2; exit 2; }

# The reduced sweep of each figure, as overrides of its spec: the levels 0 and 1 throughout, fewer
# values per axis, N = 100 where size is not the question. Both replicate factors stay crossed (2 x 2),
# so the quick verdicts take the same path (test = crossed) as the full ones; a top-level override
# replaces every grid's own seeds.
quick_overrides() {
  local seeds="network.seed=[1,2] input.input_seed=[1,2]"
  case "$1" in
    fig2) echo "$seeds network.N=100 tau.cv=[0.0,1.0,2.0]" ;;
    fig3) echo "$seeds tau.cv=[0.0,1.0]" \
               "grid.rate-N.network.N=[50,100,200] grid.lif-N.network.N=[50,100,200]" \
               "grid.rate-noise.network.noise=[0.0,0.1,1.0] grid.lif-noise.network.noise=[0.0,0.1,1.0]" \
               "grid.rate-g_in.network.g_in=[0.5,1.0,4.0] grid.lif-g_in.network.g_in=[0.5,1.0,4.0]" \
               "grid.rate-g_rec.network.g_rec=[0.0,0.9,2.0] grid.lif-g_rec.network.g_rec=[0.0,0.9,2.0]" ;;
    fig4) echo "$seeds network.N=[50,100,200] tau.cv=[0.0,1.0]" ;;
    fig5) echo "$seeds network.N=100 grid.tau_mean.tau.tau_mean=[0.1,0.3,1.0] grid.tau_mean.tau.cv=[0.0,1.0]" \
               "grid.profiles.tau.cv=[0.5,1.0]" ;;
    mech) echo "$seeds network.N=100 tau.profile=lognormal" ;;
    robust) echo "$seeds network.N=100 tau.cv=[0.0,1.0] grid.data.timeline.train=[25.0,50.0,100.0]" ;;
  esac
}

if [ -n "${HETSWEEP:-}" ]; then
  hetsweep="$HETSWEEP"
else
  bash scripts/setup.sh >/dev/null
  hetsweep=build/hetsweep
fi
export HETSWEEP="$hetsweep"  # analysis/paper.py queries the store with the same binary
source scripts/mpi-env.sh
mkdir -p "$runs" "$out"

one() {
  local fig="$1" suffix="" overrides=()
  if ((quick)); then
    suffix="-quick"
    read -r -a overrides <<<"$(quick_overrides "$fig")"
  fi
  local spec="jobs/paper/$fig.toml" store="$runs/$fig$suffix.h5"
  echo "== $fig$suffix: $spec -> $store"
  if ((slurm)); then
    echo "submit with (then run this script again without --slurm to draw the figure):"
    echo "  $hetsweep submit $spec --store $store --ntasks $ranks ${overrides[*]}"
    return 0
  fi
  local start=$SECONDS
  if ((render_only)); then
    [ -f "$store" ] || { echo "paper.sh: --render-only: no store $store (run the sweep first)" >&2; return 1; }
    # Which build computed the store, and whether every point is done: the figure shows what is there.
    "$hetsweep" status "$store" | sed -n '2,3p'
    /usr/bin/python3 analysis/paper.py "$fig" "$store" --out "$out" --name "$fig$suffix"
    echo "== $fig$suffix took $((SECONDS - start)) s"
    return 0
  fi
  # The run's table of means goes to a log (the verdicts below are the figure's numbers); its
  # progress line and any error stay on the terminal.
  local log="$runs/$fig$suffix.log"
  if ! mpirun -n "$ranks" "$hetsweep" run "$spec" --store "$store" "${overrides[@]}" >"$log"; then
    echo "paper.sh: the $fig sweep did not finish (its output: $log); run this again to resume" >&2
    return 1
  fi
  /usr/bin/python3 analysis/paper.py "$fig" "$store" --out "$out" --name "$fig$suffix"
  echo "== $fig$suffix took $((SECONDS - start)) s"
}

if [ "$figure" = all ]; then
  for f in "${figures[@]}"; do one "$f"; done
else
  one "$figure"
fi
