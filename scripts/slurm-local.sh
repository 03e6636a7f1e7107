#!/usr/bin/env bash
# slurm-local.sh start|stop DIR  -  a private single-node Slurm cluster on this machine, for tests.
#
# start DIR  Starts munged (as user munge, with its own key and socket) and slurmctld + slurmd
#            (as root), with every key, socket, state, spool, log and pid file under DIR, both
#            daemons bound to 127.0.0.1 on free ports, one node named `hostname -s` with
#            CPUs=$(nproc). Returns once the node is idle. Clients reach this cluster, and only
#            it, with   SLURM_CONF=DIR/slurm.conf sbatch|squeue|...
#            With SLURM_LOCAL_OWNER=PID set, a watchdog stops the cluster when that process ends,
#            so a test that crashes leaves no daemons behind.
# stop DIR   Cancels the cluster's jobs and stops the daemons by their pid files (SIGTERM, then
#            SIGKILL after 10 s). Safe to repeat.
#
# Exit status: 0 done; 3 Slurm cannot run here (not root, or slurm-wlm / munge not installed);
# 1 a daemon did not come up (the logs are in DIR/log and DIR/munge).
set -Eeuo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
dir=$(realpath -m -- "$2")
conf=$dir/slurm.conf
self=$(realpath -- "$0")

# Whether process $1 runs (a zombie, ended but not yet reaped by its parent, does not).
alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# Ends the process in pid file $1: SIGTERM, then SIGKILL if it is still there after 10 s.
stop_pid_file() {
  local file=$1 pid i
  [[ -s $file ]] || return 0
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

stop() {
  [[ -d $dir ]] || return 0
  # The watchdog runs this very function when its owner ends: it must not kill itself.
  if [[ -s $dir/run/watchdog.pid && $(<"$dir/run/watchdog.pid") != "$$" ]]; then
    stop_pid_file "$dir/run/watchdog.pid"
  fi
  if [[ -s $dir/run/slurmctld.pid && -f $conf ]]; then
    SLURM_CONF=$conf timeout 5 scancel --quiet --user="$(id -un)" </dev/null >/dev/null 2>&1 || true
  fi
  stop_pid_file "$dir/run/slurmd.pid"
  stop_pid_file "$dir/run/slurmctld.pid"
  stop_pid_file "$dir/munge/munged.pid"
  rm -f "$dir/run/watchdog.pid"
}

# A TCP port nobody listens on, from the ephemeral-free range 20000-29999.
free_port() {
  local port taken
  taken=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 10000))
    grep -qx "$port" <<<"$taken" || {
      echo "$port"
      return
    }
  done
  echo "slurm-local: no free port found" >&2
  return 1
}

start() {
  local missing=() tool
  for tool in munged slurmctld slurmd sbatch squeue sinfo scancel ss runuser; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    echo "slurm-local: cannot run Slurm here: missing ${missing[*]} (install slurm-wlm munge)" >&2
    exit 3
  fi
  if [[ $(id -u) -ne 0 ]] || ! id munge >/dev/null 2>&1; then
    echo "slurm-local: cannot run Slurm here: needs root and the munge user" >&2
    exit 3
  fi

  local host cpus ctld_port slurmd_port
  host=$(hostname -s)
  cpus=$(nproc)
  ctld_port=$(free_port)
  slurmd_port=$(free_port)
  while [[ $slurmd_port == "$ctld_port" ]]; do slurmd_port=$(free_port); done

  mkdir -p "$dir"/{run,log,state,spool,munge}
  # munged runs as munge and insists that its key is its own and private, and that every user
  # can reach its socket (searchable folders all the way down, nothing writable by others).
  chmod 755 "$dir"
  chown munge: "$dir/munge"
  chmod 711 "$dir/munge"
  if ! runuser -u munge -- test -x "$dir/munge"; then
    echo "slurm-local: the munge user cannot reach $dir (make its parent folders searchable)" >&2
    exit 1
  fi
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chown munge: "$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
  runuser -u munge -- munged \
    --key-file="$dir/munge/munge.key" \
    --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" \
    --log-file="$dir/munge/munged.log" \
    --seed-file="$dir/munge/munged.seed" \
    </dev/null >/dev/null 2>&1 || {
    echo "slurm-local: munged did not start; see $dir/munge/munged.log" >&2
    exit 1
  }

  # NoCtldInAddrAny / NoInAddrAny make the daemons bind the addresses given below (127.0.0.1)
  # instead of every interface.
  cat >"$conf" <<EOF
# Private single-node cluster written by scripts/slurm-local.sh; reachable from this machine only.
ClusterName=sttvp-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Start batch jobs as soon as they are submitted or a CPU frees up (defaults wait up to 3 s).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
KillWait=5
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$conf

  if [[ -n ${SLURM_LOCAL_OWNER:-} ]]; then
    # Detached from the caller's stdio, so a caller reading our output is not kept waiting.
    # shellcheck disable=SC2016  # expanded by the inner bash, on purpose
    setsid bash -c '
      while [[ -d "$2/run" ]] && state=$(ps -o stat= -p "$1") && [[ $state != Z* ]]; do
        sleep 1
      done
      exec bash "$3" stop "$2"' _ "$SLURM_LOCAL_OWNER" "$dir" "$self" \
      </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/run/watchdog.pid"
  fi

  slurmctld -f "$conf" </dev/null >"$dir/log/slurmctld.out" 2>&1 || {
    echo "slurm-local: slurmctld did not start; see $dir/log/slurmctld.log" >&2
    stop
    exit 1
  }
  slurmd -f "$conf" -N "$host" </dev/null >"$dir/log/slurmd.out" 2>&1 || {
    echo "slurm-local: slurmd did not start; see $dir/log/slurmd.log" >&2
    stop
    exit 1
  }
  local state=""
  for ((i = 0; i < 300; i++)); do
    state=$(sinfo --noheader --format=%t 2>/dev/null || true)
    [[ $state == idle ]] && break
    sleep 0.1
  done
  if [[ $state != idle ]]; then
    echo "slurm-local: node not idle after 30 s (state '${state}'); logs in $dir/log" >&2
    stop
    exit 1
  fi
  echo "slurm-local: up: SLURM_CONF=$conf (controller 127.0.0.1:$ctld_port, node $host, $cpus CPUs)"
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
