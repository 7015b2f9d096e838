#!/usr/bin/env bash
# Where a Redis Cluster's extra CPU per job goes (BENCHMARKS.md, "Where the time goes"): one redis-server
# against a 3-primary cluster from redis-server/redis-cli/redis-benchmark on PATH, on fixed local ports
# 27101 and 27111-27113 (run it on a machine of your own): idle CPU per server, Redis CPU per plain
# command (LPUSH+RPOP, pipelined), and Redis CPU per Lua call (EVAL with 4 commands), 3 rounds each.
set -e
dir=$(mktemp -d); cd "$dir"
S=27101; C1=27111; C2=27112; C3=27113
start() { mkdir -p n$1; (cd n$1 && redis-server --port $1 --save '' --appendonly no --daemonize yes $2 --logfile log >/dev/null); }
start $S ""
for p in $C1 $C2 $C3; do start $p "--cluster-enabled yes --cluster-config-file nodes.conf"; done
sleep 1
yes yes | redis-cli --cluster create 127.0.0.1:$C1 127.0.0.1:$C2 127.0.0.1:$C3 --cluster-replicas 0 >/dev/null
until [ "$(redis-cli -p $C1 cluster info | grep -c 'cluster_state:ok')" = 1 ]; do sleep 0.5; done
sleep 2
cpu() { redis-cli -p $1 info cpu | awk -F: '/used_cpu_user:|used_cpu_sys:/{s+=$2} END{printf "%.6f", s}'; }
sumidle() { a=$(sumcpu "$@"); sleep 20; b=$(sumcpu "$@"); echo "scale=3; ($b - $a) * 1000 / 20" | bc -l; }
echo "idle CPU ms/s: single $(idle $S), cluster (3 nodes) $(idle $C1 $C2 $C3)"
N=300000
for round in 1 2 3; do
  for target in single cluster; do
    if [ $target = single ]; then ports="$S"; extra="-p $S"; else ports="$C1 $C2 $C3"; extra="-p $C1 --cluster"; fi
    a=$(sumcpu $ports)
    redis-benchmark $extra -n $N -c 50 -P 16 -r 100000 -q -t lpush,rpop >/dev/null 2>&1
    b=$(sumcpu $ports)
    echo "round $round $target: $(echo "scale=3; ($b - $a) * 1000000 / (2 * $N)" | bc -l) us of Redis CPU per command (lpush+rpop, pipelined 16)"
  done
done
# the node that owns slot of {q}
slot=$(redis-cli -p $C1 cluster keyslot '{q}k')
owner=$(redis-cli -p $C1 cluster nodes | awk -v s=$slot '{for(i=9;i<=NF;i++){split($i,r,"-"); if (s>=r[1] && s<=r[2]) {split($2,a,"[:@]"); print a[2]}}}' | head -1)
cpu() { redis-cli -p $1 info cpu | awk -F: '/used_cpu_user:|used_cpu_sys:/{s+=$2} END{printf "%.6f", s}'; }
N=200000
SCRIPT="redis.call('LPUSH', KEYS[1], ARGV[1]); redis.call('LPUSH', KEYS[2], ARGV[1]); redis.call('RPOP', KEYS[2]); return redis.call('RPOP', KEYS[1])"
for round in 1 2 3; do
  for port in $S $owner; do
    a=$(cpu $port)
    redis-benchmark -p $port -n $N -c 50 -P 16 -q EVAL "$SCRIPT" 2 '{q}k' '{q}k2' v >/dev/null 2>&1
    b=$(cpu $port)
    label=$([ $port = $S ] && echo single || echo "cluster node")
    echo "round $round $label: $(echo "scale=3; ($b - $a) * 1000000 / $N" | bc -l) us of Redis CPU per EVAL (4 commands inside)"
  done
done
for p in $S $C1 $C2 $C3; do redis-cli -p $p shutdown nosave >/dev/null 2>&1 || true; done
