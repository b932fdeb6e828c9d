#!/usr/bin/env bash
# A single-node Slurm cluster on loopback, for testing `phaselab sweep --backend slurm` for real
# (CI runs it; see docs/scale-out.md). Needs root and Debian's slurmctld slurmd slurm-client munge.
#   scripts/slurm-local.sh install   # apt-get the four packages (≈ 10 s)
#   scripts/slurm-local.sh up        # write slurm.conf, start munged, slurmctld, slurmd; wait until idle
#   scripts/slurm-local.sh down      # stop the daemons, remove pid and state files
set -euo pipefail
CONF_DIR=/etc/slurm
STATE=/var/spool/phaselab-slurm
NODE=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))

case "${1:-}" in
  install)
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
    ;;
  up)
    mkdir -p "$CONF_DIR" "$STATE/ctld" "$STATE/d" /run/munge /var/log/slurm
    cat > "$CONF_DIR/slurm.conf" <<CONF
ClusterName=phaselab
SlurmctldHost=$NODE(127.0.0.1)
# bind every daemon to the address its node resolves to (127.0.0.1), not to all interfaces
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
DefMemPerCPU=1000
MinJobAge=600
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
    if [ ! -s /etc/munge/munge.key ]; then
      mkdir -p /etc/munge
      dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
    fi
    chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    chmod 400 /etc/munge/munge.key
    pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged
    pgrep -x slurmctld >/dev/null || slurmctld
    pgrep -x slurmd >/dev/null || slurmd
    for _ in $(seq 1 60); do
      if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)'; then
        echo "slurm: node $NODE idle ($CPUS CPUs)"
        exit 0
      fi
      sleep 0.5
    done
    echo "slurm did not come up; logs in /var/log/slurm" >&2
    tail -20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
    exit 1
    ;;
  down)
    for d in slurmd slurmctld munged; do pkill -x "$d" 2>/dev/null || true; done
    for _ in $(seq 1 20); do pgrep -x slurmd >/dev/null || pgrep -x slurmctld >/dev/null || pgrep -x munged >/dev/null || break; sleep 0.25; done
    rm -rf "$STATE" /run/munge/munged.pid
    ;;
  *)
    echo "usage: scripts/slurm-local.sh install|up|down" >&2
    exit 2
    ;;
esac
