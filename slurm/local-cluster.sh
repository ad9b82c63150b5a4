#!/usr/bin/env bash
# A single-node Slurm on this machine, for tests: munged, slurmctld and slurmd
# started by hand (no systemd, no cgroups), configured from a private state
# directory so nothing under /etc/slurm is needed or touched.
#
#   slurm/local-cluster.sh start    # idempotent; prints the SLURM_CONF export
#   slurm/local-cluster.sh status   # exit 0 only if the node is usable
#   slurm/local-cluster.sh stop     # idempotent; cancels jobs, stops daemons
#
# Environment:
#   HETSWEEP_SLURM_DIR          state directory  [/var/tmp/hetsweep-slurm]
#   HETSWEEP_SLURM_CPUS         CPUs declared for the node  [nproc]
#   HETSWEEP_SLURM_CRED_EXPIRE  credential lifetime in s, which is also the wait
#                               before a requeued job may start again  [120]
#   HETSWEEP_SLURM_START_TIMEOUT  seconds to wait for an idle node  [30]
#
# Every `start` on a stopped cluster is a fresh cluster: no job survives a
# stop (job ids keep counting up, so they never repeat in one state directory),
# and the previous logs, jobcomp log included, are kept once as *.prev.
#
# Behaviour that tests on this cluster must expect (22.05, measured here):
# - a requeued job pends (Reason=BeginTime) for cred_expire + 1 s. To re-run it
#   at once, `scontrol update JobId=N StartTime=now+1` once it is PENDING; with
#   StartTime=now it sometimes FAILS, when its new credential falls in the
#   same second as the requeue ("Job credential revoked").
# - a re-run truncates the job's output file unless sbatch has
#   --open-mode=append.
# - finished jobs are listed in $HETSWEEP_SLURM_DIR/jobcomp.log (no sacct); a
#   requeued run leaves a JobState=PENDING line there.
set -euo pipefail

node=$(hostname -s)
readonly node
readonly state_dir=${HETSWEEP_SLURM_DIR:-/var/tmp/hetsweep-slurm}
readonly conf=$state_dir/slurm.conf
readonly env_file=$state_dir/env
readonly cpus=${HETSWEEP_SLURM_CPUS:-$(nproc)}
readonly cred_expire=${HETSWEEP_SLURM_CRED_EXPIRE:-120}
readonly start_timeout=${HETSWEEP_SLURM_START_TIMEOUT:-30}
readonly ctld_port=6817
readonly slurmd_port=6818

readonly munge_key=/etc/munge/munge.key
readonly munge_run=/run/munge
readonly munge_socket=$munge_run/munge.socket.2
# Present only while the running munged is one this script started.
readonly munge_owned_pid=$state_dir/munged.pid

export SLURM_CONF=$conf

log() { printf 'local-cluster: %s\n' "$*"; }
die() { printf 'local-cluster: error: %s\n' "$*" >&2; exit 1; }

usage() {
    echo "usage: $0 {start|stop|status}" >&2
    exit 2
}

check_settings() {
    [[ $cpus =~ ^[1-9][0-9]*$ ]] ||
        die "HETSWEEP_SLURM_CPUS = '$cpus': must be a positive integer"
    if ! [[ $cred_expire =~ ^[0-9]+$ ]] || ((cred_expire < 5)); then
        die "HETSWEEP_SLURM_CRED_EXPIRE = '$cred_expire': must be an integer >= 5 (Slurm's minimum)"
    fi
    [[ $start_timeout =~ ^[1-9][0-9]*$ ]] ||
        die "HETSWEEP_SLURM_START_TIMEOUT = '$start_timeout': must be a positive integer"
}

# alive PID [NAME]: PID is a running process, called NAME if given. A zombie
# counts as dead: daemons are orphans, and PID 1 on this kind of machine reaps
# them only seconds after they exit.
alive() {
    local stat
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    [[ ${stat#*) } != Z* ]] || return 1
    [[ -z ${2-} || $stat == "$1 ($2) "* ]]
}

# pid_of FILE NAME: print the pid recorded in FILE if that process is alive and
# is NAME; a stale or recycled pid prints nothing.
pid_of() {
    local pid
    { read -r pid <"$1"; } 2>/dev/null || return 1
    [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" "$2" || return 1
    echo "$pid"
}

# wait_until SECONDS CMD...: poll CMD every 0.2 s; fail after SECONDS.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# terminate FILE NAME: SIGTERM the recorded process, SIGKILL it after 10 s.
terminate() {
    local pid
    pid=$(pid_of "$1" "$2") || { rm -f "$1"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_until 10 not_alive "$pid"; then
        log "$2 (pid $pid) ignored SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_until 5 not_alive "$pid" || die "$2 (pid $pid) survives SIGKILL"
    fi
    rm -f "$1"
    log "stopped $2 (pid $pid)"
}

not_alive() { ! alive "$1"; }

munge_works() {
    munge -n -S "$munge_socket" 2>/dev/null | unmunge -S "$munge_socket" >/dev/null 2>&1
}

node_state() {
    sinfo -h -N -n "$node" -o %T 2>/dev/null | head -n 1
}

node_idle() { [[ $(node_state) == idle ]]; }

# A running cluster is healthy when both daemons are ours and alive and the
# node accepts work (idle, or busy with jobs).
healthy() {
    pid_of "$state_dir/slurmctld.pid" slurmctld >/dev/null &&
        pid_of "$state_dir/slurmd.pid" slurmd >/dev/null &&
        munge_works &&
        [[ $(node_state) =~ ^(idle|mixed|allocated|completing|planned)$ ]]
}

ensure_munge_key() {
    [[ -s $munge_key ]] && return 0
    getent passwd munge >/dev/null || die "user munge missing: apt-get install munge"
    install -d -o munge -g munge -m 0700 "$(dirname "$munge_key")"
    mungekey --create --keyfile="$munge_key"
    chown munge:munge "$munge_key"
    chmod 0400 "$munge_key"
    log "created $munge_key"
}

# munged checks that these are owned by munge and not writable by others.
ensure_munge_dirs() {
    install -d -o munge -g munge -m 0755 "$munge_run"
    install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
}

start_munge() {
    if munge_works; then
        pid_of "$munge_owned_pid" munged >/dev/null || log "using the munged already running"
        return 0
    fi
    command -v munged >/dev/null || die "munged not found: apt-get install munge"
    ensure_munge_key
    ensure_munge_dirs
    # A munged killed hard leaves its socket behind, and a new one refuses to
    # start next to it; nothing answers on it (munge_works failed), so drop it.
    rm -f "$munge_socket"
    runuser -u munge -- munged ||
        die "munged failed to start; see /var/log/munge/munged.log:
$(tail -n 20 /var/log/munge/munged.log 2>/dev/null)"
    wait_until 10 munge_works ||
        die "munged does not answer on $munge_socket; see /var/log/munge/munged.log:
$(tail -n 20 /var/log/munge/munged.log 2>/dev/null)"
    cp "$munge_run/munged.pid" "$munge_owned_pid"
    log "started munged (pid $(<"$munge_owned_pid"))"
}

# The node's memory as slurmd detects it. Without RealMemory a node has 1 MB
# and every job asking for --mem is rejected at submission.
memory_mb() {
    local mb
    mb=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9][0-9]*\).*/\1/p')
    echo "${mb:-1}"
}

write_conf() {
    cat >"$conf" <<EOF
# Written by hetsweep slurm/local-cluster.sh; rewritten on every fresh start.
ClusterName=hetsweep
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_socket,cred_expire=$cred_expire
CredType=cred/munge

StateSaveLocation=$state_dir/ctld
SlurmdSpoolDir=$state_dir/spool
SlurmctldPidFile=$state_dir/slurmctld.pid
SlurmdPidFile=$state_dir/slurmd.pid
SlurmctldLogFile=$state_dir/slurmctld.log
SlurmdLogFile=$state_dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# An empty plugin stack, so that nothing under /etc/slurm is read.
PlugStackConfig=$state_dir/plugstack.conf

# No cgroups: processes are tracked through /proc, tasks are not bound.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$state_dir/jobcomp.log
MailProg=/bin/true

MpiDefault=pmix
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
# Schedule on every event without batching delays, and run both the main and
# the backfill scheduler every second: backfill skips cycles in which no state
# changed, so a job whose begin time passes (a requeued one) would otherwise
# wait for the main scheduler's default 60 s pass.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,sched_interval=1,bf_interval=1
ReturnToService=2
# Lets the node declare more CPUs than the machine has.
SlurmdParameters=config_overrides
JobRequeue=1
MinJobAge=30
KillWait=2
InactiveLimit=0
OverTimeLimit=0

NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$(memory_mb) State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
    : >"$state_dir/plugstack.conf"
    printf 'export SLURM_CONF=%s\n' "$conf" >"$env_file"
}

# port_free PORT: nothing listens on PORT (TCP).
port_free() {
    ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

daemon_logs() {
    local f
    for f in slurmctld slurmd; do
        printf -- '--- %s/%s.log (last 20 lines)\n' "$state_dir" "$f"
        tail -n 20 "$state_dir/$f.log" 2>/dev/null || echo "(no log)"
    done
}

cmd_start() {
    check_settings
    mkdir -p "$state_dir"
    if healthy; then
        log "already up and healthy (node $node: $(node_state))"
        local running_cpus
        running_cpus=$(sinfo -h -N -n "$node" -o %c 2>/dev/null)
        [[ $running_cpus == "$cpus" ]] ||
            log "note: the running node has $running_cpus CPUs, not $cpus; stop it first to change that"
        echo "export SLURM_CONF=$conf"
        return 0
    fi
    # Half-up leftovers (one daemon dead, node down) are restarted from scratch.
    stop_slurm
    local p
    for p in "$ctld_port" "$slurmd_port"; do
        port_free "$p" ||
            die "TCP port $p is in use by another process (another Slurm?): $(ss -Htlnp "sport = :$p" 2>/dev/null)"
    done

    local t0=$SECONDS
    start_munge
    command -v slurmctld >/dev/null || die "slurmctld not found: apt-get install slurmctld"
    command -v slurmd >/dev/null || die "slurmd not found: apt-get install slurmd"
    mkdir -p "$state_dir/ctld" "$state_dir/spool"
    local f
    for f in slurmctld.log slurmd.log jobcomp.log; do
        if [[ -e $state_dir/$f ]]; then mv -f "$state_dir/$f" "$state_dir/$f.prev"; fi
    done
    write_conf

    # -c: a fresh cluster, no jobs recovered from an earlier run.
    slurmctld -c || die "slurmctld failed to start:
$(daemon_logs)"
    slurmd -c || die "slurmd failed to start:
$(daemon_logs)"
    if ! wait_until "$start_timeout" node_idle; then
        die "node $node not idle after ${start_timeout} s (state: '$(node_state)'):
$(daemon_logs)"
    fi
    log "up in $((SECONDS - t0)) s: node $node idle with $cpus CPUs, partition debug"
    log "state in $state_dir; for clients run (or source $env_file):"
    echo "export SLURM_CONF=$conf"
}

# Cancel every job first: slurmstepd and the job's processes outlive slurmd.
# Jobs end only through a live slurmd; without one there is nothing to wait
# for, and the next slurmd start kills the orphans that the fresh slurmctld
# does not know.
cancel_all_jobs() {
    pid_of "$state_dir/slurmctld.pid" slurmctld >/dev/null &&
        pid_of "$state_dir/slurmd.pid" slurmd >/dev/null || return 0
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null) || return 0
    [[ -n $jobs ]] || return 0
    # shellcheck disable=SC2086  # one job id per word
    scancel $jobs 2>/dev/null || true
    wait_until 15 no_jobs_left || log "jobs still listed after scancel: $(squeue -h -o '%A %T' | tr '\n' ' ')"
}

# squeue lists only unfinished jobs (pending, running, completing) by default.
no_jobs_left() { [[ -z $(squeue -h -o %A 2>/dev/null) ]]; }

stop_slurm() {
    cancel_all_jobs
    terminate "$state_dir/slurmd.pid" slurmd
    terminate "$state_dir/slurmctld.pid" slurmctld
}

cmd_stop() {
    stop_slurm
    terminate "$munge_owned_pid" munged
    log "stopped"
}

cmd_status() {
    local ok=0 pid name
    for name in slurmctld slurmd; do
        if pid=$(pid_of "$state_dir/$name.pid" "$name"); then
            log "$name up (pid $pid)"
        else
            log "$name down"
            ok=1
        fi
    done
    if munge_works; then
        if pid=$(pid_of "$munge_owned_pid" munged); then
            log "munged up (pid $pid, started by this script)"
        else
            log "munged up (not started by this script)"
        fi
    else
        log "munged down"
        ok=1
    fi
    if pid_of "$state_dir/slurmctld.pid" slurmctld >/dev/null; then
        sinfo || ok=1
        healthy || ok=1
    fi
    echo "export SLURM_CONF=$conf"
    return "$ok"
}

[[ $EUID -eq 0 ]] || die "must run as root (the daemons run as root and munge)"
[[ $# -eq 1 ]] || usage
case $1 in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*) usage ;;
esac
