#!/usr/bin/env bash
# Capstan vs BullMQ on the SAME Redis, alternately, with the same N and C (FLUSHALL between runs).
#
# Usage: benchmarks/compare.sh [--redis host:port] [--jobs N] [--concurrency C] [--runs K]
#                              [--latency-rate R] [--latency-seconds S] [--scheduled-jobs N]
#                              [--no-exactly-once] [--chart-dir DIR]
#   --redis       use this Redis (it is FLUSHALLed between runs!) instead of starting one on a free port
#   --runs        rounds of: ours, ours with --exactly-once (unless --no-exactly-once), the peer's
#                 (default 3); figures are medians
#   --chart-dir   also run the latency, scheduled and primitives benchmarks (primitives on a Redis of
#                 its own), and write PNG charts and the raw JSON lines there
#                 (BENCHMARKS.md is regenerated with: benchmarks/compare.sh --chart-dir docs/benchmarks)
# Environment: JAVA (default $JAVA_HOME/bin/java, else java), JAVA_OPTS, CAPSTAN_PEER_CACHE (see the peer's run.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
peer_dir=${PEER_DIR:-$root/../shared/peers/bullmq}
jar=$root/benchmarks/target/capstan-benchmarks.jar
java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
java=${java:-java}

redis_addr="" jobs=100000 concurrency=50 runs=3 chart_dir="" lat_rate=1000 lat_seconds=10 sched_jobs=10000 exactly_once=1
while [ $# -gt 0 ]; do
  case "$1" in
    --redis) redis_addr=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --chart-dir) chart_dir=$2; shift 2 ;;
    --latency-rate) lat_rate=$2; shift 2 ;;
    --latency-seconds) lat_seconds=$2; shift 2 ;;
    --scheduled-jobs) sched_jobs=$2; shift 2 ;;
    --no-exactly-once) exactly_once=0; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
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

results=$(mktemp /tmp/capstan-compare.XXXXXX.jsonl)
log=${results%.jsonl}.log
echo "[compare] N=$jobs C=$concurrency runs=$runs redis=$redis_addr; raw results: $results, log: $log" >&2
for i in $(seq "$runs"); do
  flush
  echo "[compare] run $i/$runs: capstan" >&2
  # shellcheck disable=SC2086
  "$java" ${JAVA_OPTS:-} -jar "$jar" throughput --redis "redis://$redis_addr" --jobs "$jobs" --concurrency "$concurrency" \
    2>>"$log" | tail -1 | tee -a "$results" >&2
  flush
  if [ "$exactly_once" = 1 ]; then
    echo "[compare] run $i/$runs: capstan --exactly-once" >&2
    # shellcheck disable=SC2086
    "$java" ${JAVA_OPTS:-} -jar "$jar" throughput --redis "redis://$redis_addr" --jobs "$jobs" --concurrency "$concurrency" \
      --exactly-once 2>>"$log" | tail -1 | tee -a "$results" >&2
    flush
  fi
  echo "[compare] run $i/$runs: bullmq" >&2
  "$peer_dir/run.sh" --host "$host" --port "$port" --jobs "$jobs" --concurrency "$concurrency" | tail -1 | tee -a "$results" >&2
done

# BullMQ's memory per waiting job, measured like ours (its bench does not report it).
flush
cache=${CAPSTAN_PEER_CACHE:-${TMPDIR:-/tmp}/capstan-peer-bullmq}
cp "$root/benchmarks/bullmq-memory.mjs" "$cache/"
node "$cache/bullmq-memory.mjs" --host "$host" --port "$port" --jobs "$jobs" | tail -1 | tee -a "$results" >&2
flush

if [ -n "$chart_dir" ]; then
  mkdir -p "$chart_dir"
  echo "[compare] latency at $lat_rate jobs/s for $lat_seconds s" >&2
  "$java" ${JAVA_OPTS:-} -jar "$jar" latency --redis "redis://$redis_addr" --rate "$lat_rate" --seconds "$lat_seconds" \
    --chart-dir "$chart_dir" 2>>"$log" | tail -1 | tee "$chart_dir/latency.json" >&2
  flush
  echo "[compare] scheduled: $sched_jobs jobs" >&2
  # shellcheck disable=SC2086
  "$java" ${JAVA_OPTS:-} -jar "$jar" scheduled --redis "redis://$redis_addr" --jobs "$sched_jobs" \
    2>>"$log" | tail -1 | tee "$chart_dir/scheduled.json" >&2
  flush
  echo "[compare] primitives (on a redis-server of their own, for clean INFO commandstats)" >&2
  # shellcheck disable=SC2086
  "$java" ${JAVA_OPTS:-} -jar "$jar" primitives --chart-dir "$chart_dir" \
    2>>"$log" | tail -1 | tee "$chart_dir/primitives.json" >&2
  cp "$results" "$chart_dir/compare.jsonl"
  "$java" -jar "$jar" charts --results "$results" --out "$chart_dir" | tail -1 > "$chart_dir/summary.json"
else
  "$java" -jar "$jar" charts --results "$results" | tail -1
fi
