#!/usr/bin/env bash
# Integration test of slurm/local-cluster.sh, run as root on one machine:
# the cluster starts (twice: the second start is a no-op), runs a 2-rank MPI
# program through `srun --mpi=pmix` and through `mpirun` in an allocation,
# delivers `scancel --batch --signal=USR1` to a trap in a batch script, re-runs
# a requeued job at once after `scontrol update StartTime=now+1`, does the same
# for a job that requeues itself from its USR1 trap (the shape of hetsweep's
# batch scripts), and stops (twice). Prints the measured timings. Exit 0 only
# if every check passed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly root
readonly cluster=$root/slurm/local-cluster.sh
readonly state_dir=${HETSWEEP_SLURM_DIR:-/var/tmp/hetsweep-slurm}
readonly jobcomp=$state_dir/jobcomp.log
work=$(mktemp -d /tmp/hetsweep-test-cluster.XXXXXX)
readonly work

cleanup() {
    local rc=$?
    "$cluster" stop >/dev/null || rc=1
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT

# The batch jobs inherit these (sbatch exports the environment by default).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_mpi_yield_when_idle=1

ok() { printf 'ok - %s\n' "$*"; }

fail() {
    printf 'FAIL - %s\n' "$*" >&2
    {
        echo "--- squeue"
        squeue -t all 2>&1 || true
        echo "--- $jobcomp"
        tail -n 5 "$jobcomp" 2>&1 || true
        local f
        for f in "$work"/*.out; do
            [[ -e $f ]] || continue
            echo "--- $f"
            cat "$f"
        done
        for f in slurmctld slurmd; do
            echo "--- $state_dir/$f.log (last 15 lines)"
            tail -n 15 "$state_dir/$f.log" 2>&1 || true
        done
    } >&2
    exit 1
}

# Wall-clock time in milliseconds.
now_ms() {
    local us=${EPOCHREALTIME//[!0-9]/}
    echo $((us / 1000))
}

seconds_since() {
    local ms=$(($(now_ms) - $1))
    printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s; fail after SECONDS.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# The final jobcomp record of a job; a requeued run leaves a PENDING record
# before it, which is not final.
final_record() {
    grep -E "^JobId=$1 " "$jobcomp" 2>/dev/null | grep -v ' JobState=PENDING ' | tail -n 1
}

job_finished() { [[ -n $(final_record "$1") ]]; }

# wait_job_ok JOBID SECONDS: the job ends within SECONDS, COMPLETED, exit 0.
wait_job_ok() {
    wait_until "$2" job_finished "$1" || fail "job $1 not finished after $2 s"
    local record
    record=$(final_record "$1")
    [[ $record == *" JobState=COMPLETED "* && $record == *" ExitCode=0:0"* ]] ||
        fail "job $1 did not complete with exit code 0: $record"
}

job_state() { squeue -h -j "$1" -o %T 2>/dev/null; }

job_pending() { [[ $(job_state "$1") == PENDING ]]; }

file_has_line() { grep -qx -- "$2" "$1" 2>/dev/null; }

line_count() { if [[ -e $1 ]]; then wc -l <"$1"; else echo 0; fi; }

lines_at_least() { (($(line_count "$1") >= $2)); }

submit() { sbatch --parsable --chdir="$work" --time=2 "$@"; }

# check_two_ranks FILE: both ranks of a 2-rank world printed, once each.
check_two_ranks() {
    local rank
    for rank in 0 1; do
        [[ $(grep -cx "rank $rank of 2" "$1") == 1 ]] ||
            fail "$1: expected 'rank $rank of 2' exactly once"
    done
    [[ $(grep -c '^rank ' "$1") == 2 ]] || fail "$1: expected exactly 2 rank lines"
}

# --- setup ---------------------------------------------------------------
[[ $EUID -eq 0 ]] || fail "must run as root"
command -v mpicc >/dev/null || fail "mpicc not found: apt-get install libopenmpi-dev"

cat >"$work/hello.c" <<'EOF'
#include <mpi.h>
#include <stdio.h>

int main(int argc, char** argv) {
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    printf("rank %d of %d\n", rank, size);
    MPI_Finalize();
    return 0;
}
EOF
mpicc -o "$work/hello" "$work/hello.c" || fail "mpicc could not build the MPI hello"

# --- start, and start again ----------------------------------------------
t0=$(now_ms)
"$cluster" start || fail "local-cluster.sh start"
time_start=$(seconds_since "$t0")
ok "cluster started in $time_start s"

# shellcheck source=/dev/null
source "$state_dir/env"
[[ -r $SLURM_CONF ]] || fail "env file points at a missing SLURM_CONF=$SLURM_CONF"

t0=$(now_ms)
again=$("$cluster" start) || fail "second start exited non-zero"
[[ $again == *"already up"* ]] || fail "second start did not see the running cluster: $again"
ok "second start is a no-op ($(seconds_since "$t0") s)"
"$cluster" status >/dev/null || fail "status exits non-zero on a running cluster"
ok "status exits 0 on a running cluster"

# --- MPI through srun --mpi=pmix ------------------------------------------
cat >"$work/srun.sh" <<EOF
#!/bin/bash
srun --mpi=pmix -n 2 "$work/hello"
EOF
t0=$(now_ms)
job=$(submit -n 2 -o "$work/srun.out" "$work/srun.sh") || fail "sbatch of the srun job"
wait_job_ok "$job" 30
time_first_job=$(seconds_since "$t0")
check_two_ranks "$work/srun.out"
ok "srun --mpi=pmix ran ranks 0 and 1 (job $job, $time_first_job s from sbatch to done)"

# --- MPI through mpirun inside the allocation ----------------------------
cat >"$work/mpirun.sh" <<EOF
#!/bin/bash
mpirun -n 2 "$work/hello"
EOF
t0=$(now_ms)
job=$(submit -n 2 -o "$work/mpirun.out" "$work/mpirun.sh") || fail "sbatch of the mpirun job"
wait_job_ok "$job" 30
check_two_ranks "$work/mpirun.out"
ok "mpirun in the allocation ran ranks 0 and 1 (job $job, $(seconds_since "$t0") s)"

# --- USR1 to the batch shell ----------------------------------------------
# `sleep & wait` so that bash runs the trap at once, not after a foreground
# command returns.
cat >"$work/signal.sh" <<EOF
#!/bin/bash
trap 'echo got-USR1 >>"$work/signal.log"; exit 0' USR1
echo ready >>"$work/signal.log"
while :; do sleep 1 & wait \$!; done
EOF
job=$(submit -n 1 -o "$work/signal.out" "$work/signal.sh") || fail "sbatch of the signal job"
wait_until 20 file_has_line "$work/signal.log" ready || fail "signal job $job never got ready"
t0=$(now_ms)
scancel --batch --signal=USR1 "$job" || fail "scancel --batch --signal=USR1 $job"
wait_until 10 file_has_line "$work/signal.log" got-USR1 || fail "the trap in job $job never saw USR1"
time_signal=$(seconds_since "$t0")
wait_job_ok "$job" 20
ok "scancel --batch --signal=USR1 reached the trap in $time_signal s (job $job)"

# --- requeue, and start again at once ------------------------------------
# The first run waits to be requeued; the second one ends.
cat >"$work/requeue.sh" <<EOF
#!/bin/bash
echo "run \${SLURM_RESTART_COUNT-unset}" >>"$work/runs.log"
if [[ \${SLURM_RESTART_COUNT:-0} == 0 ]]; then
    while :; do sleep 1 & wait \$!; done
fi
EOF
job=$(submit -n 1 -o "$work/requeue.out" "$work/requeue.sh") || fail "sbatch of the requeue job"
wait_until 20 lines_at_least "$work/runs.log" 1 || fail "requeue job $job never ran"
scontrol requeue "$job" || fail "scontrol requeue $job"
t0=$(now_ms)
wait_until 20 job_pending "$job" || fail "requeued job $job not pending (state: $(job_state "$job"))"
reason=$(squeue -h -j "$job" -o %r)
[[ $reason == BeginTime ]] ||
    fail "requeued job $job should wait for its begin time, but waits for: $reason"
# now+1, not now: slurmd refuses a launch credential issued in the same
# second as the requeue's kill ("Job credential revoked") and the job FAILS.
scontrol update JobId="$job" StartTime=now+1 || fail "scontrol update JobId=$job StartTime=now+1"
wait_until 20 lines_at_least "$work/runs.log" 2 || fail "requeued job $job did not run again within 20 s"
time_requeue=$(seconds_since "$t0")
wait_job_ok "$job" 20
runs=$(tr '\n' ' ' <"$work/runs.log")
[[ $runs == "run unset run 1 " || $runs == "run 0 run 1 " ]] ||
    fail "job $job should have run twice, with SLURM_RESTART_COUNT unset or 0, then 1: $runs"
ok "requeued job $job ran again $time_requeue s after the requeue (runs: $runs)"

# --- USR1 makes the job requeue itself, as hetsweep's batch scripts do -----
# --open-mode=append: a re-run truncates the output file otherwise.
cat >"$work/self-requeue.sh" <<EOF
#!/bin/bash
echo "output of run \${SLURM_RESTART_COUNT:-0}"
echo "run \${SLURM_RESTART_COUNT:-0}" >>"$work/self-runs.log"
if [[ \${SLURM_RESTART_COUNT:-0} == 0 ]]; then
    trap 'scontrol requeue "\$SLURM_JOB_ID"; exit 0' USR1
    echo ready >>"$work/self-runs.log"
    while :; do sleep 1 & wait \$!; done
fi
EOF
job=$(submit -n 1 --open-mode=append -o "$work/self-requeue.out" "$work/self-requeue.sh") ||
    fail "sbatch of the self-requeue job"
wait_until 20 file_has_line "$work/self-runs.log" ready || fail "self-requeue job $job never got ready"
scancel --batch --signal=USR1 "$job" || fail "scancel --batch --signal=USR1 $job"
t0=$(now_ms)
wait_until 20 job_pending "$job" || fail "job $job did not requeue itself (state: $(job_state "$job"))"
scontrol update JobId="$job" StartTime=now+1 || fail "scontrol update JobId=$job StartTime=now+1"
wait_job_ok "$job" 20
time_self_requeue=$(seconds_since "$t0")
[[ $(tr '\n' ' ' <"$work/self-runs.log") == "run 0 ready run 1 " ]] ||
    fail "job $job should have run twice: $(tr '\n' ' ' <"$work/self-runs.log")"
for run in 0 1; do
    grep -qx "output of run $run" "$work/self-requeue.out" ||
        fail "$work/self-requeue.out lacks the output of run $run"
done
ok "job $job requeued itself on USR1 and ran again, done $time_self_requeue s later, output appended"

# --- stop, and stop again -------------------------------------------------
"$cluster" stop >/dev/null || fail "stop"
"$cluster" stop >/dev/null || fail "stop on a stopped cluster"
if "$cluster" status >/dev/null; then fail "status exits 0 on a stopped cluster"; fi
ok "stop twice, and status exits non-zero on a stopped cluster"

printf 'timings: start %s s, first job %s s, requeue to re-run %s s, USR1 to trap %s s, self-requeue to done %s s\n' \
    "$time_start" "$time_first_job" "$time_requeue" "$time_signal" "$time_self_requeue"
