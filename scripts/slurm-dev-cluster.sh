#!/usr/bin/env bash
# A single-node Slurm cluster for developing and testing llem's Slurm executor (Debian's
# slurmctld, slurmd, slurm-client and munge; no accounting database, no systemd).
#
#   scripts/slurm-dev-cluster.sh start    start munged, slurmctld and slurmd; prints the SLURM_CONF path
#   scripts/slurm-dev-cluster.sh stop     stop them (the state folder is kept for the logs)
#   scripts/slurm-dev-cluster.sh status   the daemons and `sinfo`; exit 1 when not running
#
# Everything lives in one state folder, LLEM_SLURM_DIR [/tmp/llem-slurm]: slurm.conf, gres.conf,
# a munge key and socket of its own (the machine's munge, if any, is left alone), spool, logs.
# Client commands find the cluster through SLURM_CONF=$LLEM_SLURM_DIR/slurm.conf.
#
# The node offers LLEM_SLURM_CPUS [2] CPUs and LLEM_SLURM_GPUS [4] fake GPUs: character devices
# (copies of /dev/null) listed in gres.conf, so Slurm schedules `--gres=gpu:N` and sets
# CUDA_VISIBLE_DEVICES for each task exactly as on a GPU node. Needs root (mknod, daemons).
set -euo pipefail

DIR=${LLEM_SLURM_DIR:-/tmp/llem-slurm}
CPUS=${LLEM_SLURM_CPUS:-2}
GPUS=${LLEM_SLURM_GPUS:-4}
CTLD_PORT=${LLEM_SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${LLEM_SLURM_SLURMD_PORT:-6818}
NODE=$(hostname -s)
CONF=$DIR/slurm.conf
export SLURM_CONF=$CONF

die() { echo "slurm-dev-cluster: $*" >&2; exit 1; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  mkdir -p "$DIR"/{spool/ctld,spool/d,log,run,dev}
  mkdir -p "$DIR/munge"
  chown munge:munge "$DIR/munge"
  chmod 0755 "$DIR/munge"
  if [ ! -f "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
    chown munge:munge "$DIR/munge/munge.key"
    chmod 0400 "$DIR/munge/munge.key"
  fi
  local gres_line="" gres_node=""
  if [ "$GPUS" -gt 0 ]; then
    for ((i = 0; i < GPUS; i++)); do
      [ -c "$DIR/dev/fakegpu$i" ] || mknod "$DIR/dev/fakegpu$i" c 1 3
      chmod 0666 "$DIR/dev/fakegpu$i"
    done
    gres_line="NodeName=$NODE Name=gpu File=$DIR/dev/fakegpu[0-$((GPUS - 1))]"
    gres_node="Gres=gpu:$GPUS"
  fi
  cat >"$DIR/gres.conf" <<EOF
AutoDetect=off
$gres_line
EOF
  cat >"$CONF" <<EOF
# Written by scripts/slurm-dev-cluster.sh: a single-node development cluster.
ClusterName=llem-dev
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$DIR/spool/ctld
SlurmdSpoolDir=$DIR/spool/d
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
KillWait=10
MinJobAge=600
InactiveLimit=0
Waittime=0
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS $gres_node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  for tool in munged slurmctld slurmd sbatch; do
    command -v "$tool" >/dev/null || die "$tool not found: apt-get install -y slurmctld slurmd slurm-client munge"
  done
  if pid_alive "$DIR/run/slurmctld.pid" && pid_alive "$DIR/run/slurmd.pid"; then
    echo "$CONF"
    return 0
  fi
  write_conf
  if ! pid_alive "$DIR/munge/munged.pid"; then
    runuser -u munge -- munged \
      --key-file="$DIR/munge/munge.key" \
      --socket="$DIR/munge/munge.socket" \
      --pid-file="$DIR/munge/munged.pid" \
      --log-file="$DIR/munge/munged.log" \
      --seed-file="$DIR/munge/munged.seed" ||
      die "munged did not start (see $DIR/munge/munged.log)"
  fi
  pid_alive "$DIR/run/slurmctld.pid" || slurmctld -c -f "$CONF" || die "slurmctld did not start (see $DIR/log/slurmctld.log)"
  pid_alive "$DIR/run/slurmd.pid" || slurmd -f "$CONF" || die "slurmd did not start (see $DIR/log/slurmd.log)"
  # Ready when the node is idle (slurmd registered) and the controller answers.
  for _ in $(seq 1 60); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
    case "$state" in
      idle | mixed | allocated) echo "$CONF"; return 0 ;;
      down* | drain*) scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "the node did not become idle within 30 s (state '${state:-none}'; see $DIR/log)"
}

stop_one() {
  local pidfile=$1
  if pid_alive "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

stop() {
  # Jobs first, so no task outlives the cluster.
  if pid_alive "$DIR/run/slurmctld.pid"; then scancel --full --quiet --user=root 2>/dev/null || true; fi
  stop_one "$DIR/run/slurmd.pid"
  stop_one "$DIR/run/slurmctld.pid"
  stop_one "$DIR/munge/munged.pid"
}

status() {
  local ok=0
  for d in slurmctld:"$DIR/run/slurmctld.pid" slurmd:"$DIR/run/slurmd.pid" munged:"$DIR/munge/munged.pid"; do
    if pid_alive "${d#*:}"; then echo "${d%%:*} running (pid $(cat "${d#*:}"))"; else echo "${d%%:*} stopped"; ok=1; fi
  done
  if [ $ok -eq 0 ]; then
    echo "SLURM_CONF=$CONF"
    sinfo -N -o '%N %T %c %G' || ok=1
  fi
  return $ok
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
