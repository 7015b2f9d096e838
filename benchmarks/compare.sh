#!/usr/bin/env bash
# Capstan vs BullMQ on the SAME Redis, alternately, with the same N and C (FLUSHALL between runs), with
# what each costs per job (Redis CPU, client CPU, Redis commands, commands sent), plus, with
# --chart-dir, everything else BENCHMARKS.md shows: latency, scheduled lateness (warm and cold worker, and cold
# with a JDK AOT cache on JDK 25+),
# scale-out over worker JVMs, Redis Cluster, primitives, and the charts.
#
# Usage: benchmarks/compare.sh [--redis host:port] [--jobs N] [--concurrency C] [--runs K]
#                              [--count-jobs N] [--latency-rate R] [--latency-seconds S]
#                              [--scheduled-jobs N] [--no-exactly-once] [--no-scaleout] [--no-cluster]
#                              [--chart-dir DIR]
#   --redis       use this Redis (it is FLUSHALLed between runs!) instead of starting one on a free port
#   --runs        rounds of: ours, ours with --exactly-once (unless --no-exactly-once), the peer's
#                 (default 3); figures are medians, ratios the median of the per-round ratios
#   --count-jobs  jobs in the untimed MONITOR samples that count the commands sent per job (default 20000)
#   --chart-dir   also run the latency, scheduled, scale-out, Cluster and primitives benchmarks (the
#                 latter two on Redis servers of their own), and write PNG charts and the raw JSON there
#                 (BENCHMARKS.md is regenerated with: benchmarks/compare.sh --chart-dir docs/benchmarks)
# Every JSON line gets "load": the 1/5/15-minute load averages when the run started.
# Environment: JAVA (default $JAVA_HOME/bin/java, else java), JAVA_OPTS, CAPSTAN_PEER_CACHE (see the peer's run.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
peer_dir=${PEER_DIR:-$root/../shared/peers/bullmq}
jar=$root/benchmarks/target/capstan-benchmarks.jar
java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
java=${java:-java}

redis_addr="" jobs=100000 concurrency=50 runs=3 chart_dir="" lat_rate=1000 lat_seconds=10 sched_jobs=10000
exactly_once=1 scaleout=1 cluster=1 count_jobs=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --redis) redis_addr=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --count-jobs) count_jobs=$2; shift 2 ;;
    --chart-dir) chart_dir=$2; shift 2 ;;
    --latency-rate) lat_rate=$2; shift 2 ;;
    --latency-seconds) lat_seconds=$2; shift 2 ;;
    --scheduled-jobs) sched_jobs=$2; shift 2 ;;
    --no-exactly-once) exactly_once=0; shift ;;
    --no-scaleout) scaleout=0; shift ;;
    --no-cluster) cluster=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 64 ;;
  esac
done

java_major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ -z "$java_major" ] || [ "${java_major%%.*}" -lt 21 ]; then
  echo "[compare] $java is Java ${java_major:-?}; the benchmark jar needs Java 21+ (set JAVA or JAVA_HOME)" >&2
  exit 1
fi

if [ ! -f "$jar" ]; then
  echo "[compare] building $jar" >&2
  (cd "$root" && ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests)
fi

# The peer: the pinned BullMQ installed once into a cache folder, as the peer's run.sh does; our driver
# (bullmq-bench.mjs: the same workload as the peer's bench.mjs, with phase marks and cost figures) runs there.
cache=${CAPSTAN_PEER_CACHE:-${TMPDIR:-/tmp}/capstan-peer-bullmq}
mkdir -p "$cache"
if [ ! -d "$cache/node_modules/bullmq" ]; then
  echo "[compare] installing the peer (BullMQ) into $cache" >&2
  cp "$peer_dir/package.json" "$cache/"
  (cd "$cache" && npm install --silent --no-audit --no-fund >/dev/null)
fi
cp "$root/benchmarks/bullmq-bench.mjs" "$cache/"

server_pid=""
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [ -z "$redis_addr" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --loglevel warning \
    >/dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis_addr=127.0.0.1:$port
  echo "[compare] started redis-server on port $port (pid $server_pid)" >&2
fi
host=${redis_addr%:*}
port=${redis_addr##*:}
flush() { redis-cli -h "$host" -p "$port" flushall >/dev/null; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Appends "load" (taken when the run started) to the last JSON line a command printed.
with_load() { local l; l=$1; tail -1 | sed "s/}\$/,\"load\":\"$l\"}/"; }

results=$(mktemp /tmp/capstan-compare.XXXXXX.jsonl)
log=${results%.jsonl}.log
started=$(date +%s)
echo "[compare] N=$jobs C=$concurrency runs=$runs redis=$redis_addr; raw results: $results, log: $log; load $(load)" >&2
capstan() { "$java" ${JAVA_OPTS:-} -jar "$jar" "$@"; }
for i in $(seq "$runs"); do
  flush
  echo "[compare] run $i/$runs: capstan (load $(load))" >&2
  l=$(load); capstan throughput --redis "redis://$redis_addr" --jobs "$jobs" --concurrency "$concurrency" \
    2>>"$log" | with_load "$l" | tee -a "$results" >&2
  flush
  if [ "$exactly_once" = 1 ]; then
    echo "[compare] run $i/$runs: capstan --exactly-once (load $(load))" >&2
    l=$(load); capstan throughput --redis "redis://$redis_addr" --jobs "$jobs" --concurrency "$concurrency" \
      --exactly-once 2>>"$log" | with_load "$l" | tee -a "$results" >&2
    flush
  fi
  echo "[compare] run $i/$runs: bullmq (load $(load))" >&2
  l=$(load); node "$cache/bullmq-bench.mjs" --host "$host" --port "$port" --jobs "$jobs" --concurrency "$concurrency" \
    2>>"$log" | with_load "$l" | tee -a "$results" >&2
done

# Commands sent per job: one untimed run of each under MONITOR (it slows the server: rates not used).
echo "[compare] counting commands sent per job ($count_jobs jobs each, under MONITOR)" >&2
flush
l=$(load); capstan count-commands --redis "$redis_addr" -- "$java" ${JAVA_OPTS:-} -jar "$jar" throughput \
  --redis "redis://$redis_addr" --jobs "$count_jobs" --concurrency "$concurrency" 2>>"$log" | with_load "$l" >>"$results"
flush
if [ "$exactly_once" = 1 ]; then
  l=$(load); capstan count-commands --redis "$redis_addr" -- "$java" ${JAVA_OPTS:-} -jar "$jar" throughput \
    --redis "redis://$redis_addr" --jobs "$count_jobs" --concurrency "$concurrency" --exactly-once 2>>"$log" \
    | with_load "$l" >>"$results"
  flush
fi
l=$(load); capstan count-commands --redis "$redis_addr" -- node "$cache/bullmq-bench.mjs" --host "$host" --port "$port" \
  --jobs "$count_jobs" --concurrency "$concurrency" 2>>"$log" | with_load "$l" >>"$results"
flush

if [ -n "$chart_dir" ]; then
  mkdir -p "$chart_dir"
  echo "[compare] latency at $lat_rate jobs/s for $lat_seconds s (load $(load))" >&2
  l=$(load); capstan latency --redis "redis://$redis_addr" --rate "$lat_rate" --seconds "$lat_seconds" \
    --chart-dir "$chart_dir" 2>>"$log" | with_load "$l" | tee "$chart_dir/latency.json" >&2
  flush
  echo "[compare] scheduled: $sched_jobs jobs, warm worker (load $(load))" >&2
  l=$(load); capstan scheduled --redis "redis://$redis_addr" --jobs "$sched_jobs" \
    2>>"$log" | with_load "$l" | tee "$chart_dir/scheduled.json" | tee -a "$results" >&2
  flush
  for i in $(seq "$runs"); do
    echo "[compare] scheduled: $sched_jobs jobs, cold worker (--warmup-jobs 0), run $i/$runs (load $(load))" >&2
    l=$(load); capstan scheduled --redis "redis://$redis_addr" --jobs "$sched_jobs" --warmup-jobs 0 \
      2>>"$log" | with_load "$l" | tee -a "$results" >&2
    flush
  done
  if [ "${java_major%%.*}" -ge 25 ]; then
    # The JDK's ahead-of-time cache (JEP 483/514/515: classes loaded and linked, method profiles), trained on one
    # cold run of the same workload, then the cold runs again with it.
    aot=$(mktemp /tmp/capstan-scheduled.XXXXXX.aot); rm -f "$aot"
    echo "[compare] scheduled: training a JDK AOT cache ($aot) on one cold run (load $(load))" >&2
    "$java" ${JAVA_OPTS:-} -XX:AOTCacheOutput="$aot" -jar "$jar" scheduled --redis "redis://$redis_addr" \
      --jobs "$sched_jobs" --warmup-jobs 0 >/dev/null 2>>"$log"
    flush
    for i in $(seq "$runs"); do
      echo "[compare] scheduled: $sched_jobs jobs, cold worker with the AOT cache, run $i/$runs (load $(load))" >&2
      l=$(load); "$java" ${JAVA_OPTS:-} -XX:AOTCache="$aot" -jar "$jar" scheduled --redis "redis://$redis_addr" \
        --jobs "$sched_jobs" --warmup-jobs 0 2>>"$log" | with_load "$l" | tee -a "$results" >&2
      flush
    done
    rm -f "$aot"
  fi
  if [ "$scaleout" = 1 ]; then
    for i in $(seq "$runs"); do
      # 1 then 3 in odd rounds, 3 then 1 in even ones: neither always runs on the warmer machine
      if [ $((i % 2)) = 1 ]; then order="1 3"; else order="3 1"; fi
      for w in $order; do
        echo "[compare] scale-out: $w worker JVM(s) on one queue, run $i/$runs (load $(load))" >&2
        l=$(load); capstan scaleout --redis "redis://$redis_addr" --workers "$w" --jobs "$jobs" \
          --concurrency "$concurrency" 2>>"$log" | with_load "$l" | tee -a "$results" >&2
        flush
      done
    done
  fi
  if [ "$cluster" = 1 ]; then
    echo "[compare] Redis Cluster (3 primaries of its own) against one server, 6 queues (load $(load))" >&2
    l=$(load); capstan throughput --cluster --jobs "$jobs" --concurrency "$concurrency" --runs "$runs" \
      2>>"$log" | with_load "$l" | tee -a "$results" >&2
  fi
  echo "[compare] primitives (on a redis-server of their own, for clean INFO commandstats; load $(load))" >&2
  l=$(load); capstan primitives --chart-dir "$chart_dir" 2>>"$log" | with_load "$l" | tee "$chart_dir/primitives.json" >&2
  cp "$results" "$chart_dir/compare.jsonl"
  capstan charts --results "$results" --out "$chart_dir" | tail -1 > "$chart_dir/summary.json"
else
  capstan charts --results "$results" | tail -1
fi
echo "[compare] done in $(( $(date +%s) - started )) s; load $(load)" >&2
