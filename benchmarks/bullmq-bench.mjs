// Our driver for the peer (BullMQ), measured the way Capstan's `throughput` command measures itself:
// the same workload as the peer's own bench.mjs (N no-op jobs added with addBulk, 1,000 per call,
// removeOnComplete; one Worker with concurrency C, timed until N 'completed' events), plus what that
// bench does not report:
//   - phases with marks at the same points as Capstan's (enqueue start/20 %/80 %/end, drain
//     start/20 %/80 %/end), each with wall time, this node process's CPU (utime+stime from
//     /proc/self/stat, every thread: V8's compiler and GC threads too), Redis CPU (INFO cpu
//     used_cpu_user+used_cpu_sys) and Redis commands (INFO commandstats calls, without INFO/ECHO);
//   - each mark sends ECHO capstan-phase:NAME, so that a MONITOR of the server (the benchmark jar's
//     `count-commands`) can count the commands sent in each phase;
//   - start-up CPU (node start, module loading, before the first job), untimed warm-up jobs in another
//     queue (--warmup-jobs, as Capstan's), Redis bytes per waiting job (used_memory delta after the
//     enqueue), and a check that every job ran and none is left in Redis.
// The payload is Capstan's: {"userId":12345,"template":"welcome"}.
// compare.sh copies this file next to the peer's cached node_modules (see the peer's run.sh) and runs
// it there. Usage: node bullmq-bench.mjs --port P [--host H] [--jobs N] [--concurrency C]
//                  [--warmup-jobs W]. Prints progress on stderr and one JSON line last on stdout.
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { readdirSync, readFileSync } from 'node:fs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const N = parseInt(arg('jobs', '100000'), 10);
const C = parseInt(arg('concurrency', '50'), 10);
const WARMUP = parseInt(arg('warmup-jobs', '2000'), 10);
const BATCH = 1000;
const connection = { host: arg('host', '127.0.0.1'), port: parseInt(arg('port', '6379'), 10) };
const PAYLOAD = { userId: 12345, template: 'welcome' };
const log = (msg) => process.stderr.write(`[bullmq-bench] ${msg}\n`);
const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;

// utime and stime are fields 14 and 15 of /proc/self/stat, in clock ticks (USER_HZ, 100 on Linux).
const CLK_TCK = 100;
const cpuTicks = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return { user: parseInt(fields[11], 10), sys: parseInt(fields[12], 10) };
};
const processCpuMs = () => { const t = cpuTicks(); return ((t.user + t.sys) * 1000) / CLK_TCK; };
const processSysMs = () => (cpuTicks().sys * 1000) / CLK_TCK;
// CPU so far of each live thread, ms, summed by name with digits dropped (node's main thread, V8's
// worker threads for concurrent compilation and GC, libuv's pool), as Capstan's meter does.
const threadCpuMs = () => {
  const byName = {};
  for (const task of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+/g, '#');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = (byName[name] || 0) + ((parseInt(f[11], 10) + parseInt(f[12], 10)) * 1000) / CLK_TCK;
    } catch (e) { /* the thread ended meanwhile */ }
  }
  return byName;
};
const startup = { wall_s: round(process.uptime(), 3), client_cpu_ms: 0 };

const meter = new IORedis(connection);
const infoField = (info, re) => [...info.matchAll(re)].reduce((sum, m) => sum + parseFloat(m[1]), 0);
const mark = async (name, jobs) => {
  const threads = threadCpuMs();
  const cpu = processCpuMs();
  const sys = processSysMs();
  const t = process.hrtime.bigint();
  await meter.echo(`capstan-phase:${name}`);
  const cpuInfo = await meter.info('cpu');
  const stats = await meter.info('commandstats');
  const calls = [...stats.matchAll(/^cmdstat_([a-z|_-]+):calls=(\d+)/gm)]
    .filter((m) => m[1] !== 'info' && m[1] !== 'echo')
    .reduce((sum, m) => sum + parseInt(m[2], 10), 0);
  return { name, jobs, t, cpu, sys, threads, redisCpu: infoField(cpuInfo, /^used_cpu_(?:user|sys):([\d.]+)/gm), calls };
};
const phase = (from, to) => {
  const jobs = to.jobs - from.jobs;
  const clientMs = to.cpu - from.cpu;
  const redisMs = (to.redisCpu - from.redisCpu) * 1000;
  const calls = to.calls - from.calls;
  const p = {
    from: from.name, to: to.name, jobs, wall_s: round(Number(to.t - from.t) / 1e9, 3),
    client_cpu_ms: round(clientMs, 1), client_sys_cpu_ms: round(to.sys - from.sys, 1),
    redis_cpu_ms: round(redisMs, 1), redis_calls: calls,
  };
  const byThread = {};
  for (const [name, ms] of Object.entries(to.threads)) {
    const d = ms - (from.threads[name] || 0);
    if (d > 0) byThread[name] = round(d, 1);
  }
  p.client_cpu_ms_by_thread = byThread;
  if (jobs > 0) {
    p.client_cpu_us_per_job = round((clientMs * 1000) / jobs, 2);
    p.redis_cpu_us_per_job = round((redisMs * 1000) / jobs, 2);
    p.redis_calls_per_job = round(calls / jobs, 3);
  }
  return p;
};
const usedMemory = async () => parseInt((await meter.info('memory')).match(/used_memory:(\d+)/)[1], 10);

/** Enqueues n jobs and drains them with one worker; marks are named with the prefix. */
async function run(name, n, prefix) {
  const marks = {};
  const steadyAt = [Math.max(1, Math.floor(n / 5)), Math.max(1, Math.floor((n * 4) / 5))];
  const markOnce = async (m, done, at) => {
    if (done >= at && !marks[prefix + m]) {
      marks[prefix + m] = 'pending';
      marks[prefix + m] = await mark(prefix + m, done);
    }
  };
  const queue = new Queue(name, { connection });
  await queue.obliterate({ force: true });
  // One job added and removed first, so the queue's fixed keys (meta, id counter) and the loaded
  // scripts are not counted per job (Capstan's warm-up queue does the same for its own).
  await (await queue.add('noop', PAYLOAD, { removeOnComplete: true })).remove();
  const memBefore = await usedMemory();
  marks[`${prefix}enqueue-start`] = await mark(`${prefix}enqueue-start`, 0);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += BATCH) {
    const jobs = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) {
      jobs.push({ name: 'noop', data: PAYLOAD, opts: { removeOnComplete: true } });
    }
    await queue.addBulk(jobs);
    const done = Math.min(n, i + BATCH);
    await markOnce('enqueue-20', done, steadyAt[0]);
    await markOnce('enqueue-80', done, steadyAt[1]);
  }
  const enqueueS = Number(process.hrtime.bigint() - t0) / 1e9;
  marks[`${prefix}enqueue-end`] = await mark(`${prefix}enqueue-end`, n);
  const bytesPerJob = ((await usedMemory()) - memBefore) / n;

  let done = 0;
  const steadyMarks = [];
  marks[`${prefix}drain-start`] = await mark(`${prefix}drain-start`, 0);
  const t1 = process.hrtime.bigint();
  let worker;
  await new Promise((resolve) => {
    worker = new Worker(name, async () => {}, { connection, concurrency: C });
    worker.on('completed', () => {
      done += 1;
      if (done === steadyAt[0] || done === steadyAt[1]) {
        const m = done === steadyAt[0] ? 'drain-20' : 'drain-80';
        steadyMarks.push(markOnce(m, done, done)); // not awaited here: the worker goes on meanwhile
      }
      if (done === n) resolve();
    });
  });
  const processS = Number(process.hrtime.bigint() - t1) / 1e9;
  await Promise.all(steadyMarks);
  marks[`${prefix}drain-end`] = await mark(`${prefix}drain-end`, n);
  await worker.close();

  // Every job ran (N completed events) and nothing is left: no job in any state, no job hash or lock.
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'paused',
    'prioritized', 'waiting-children');
  let jobKeys = 0;
  let cursor = '0';
  do {
    const [next, keys] = await meter.scan(cursor, 'MATCH', `bull:${name}:*`, 'COUNT', 1000);
    jobKeys += keys.filter((k) => /^bull:[^:]+:\d+(:.*)?$/.test(k)).length;
    cursor = next;
  } while (cursor !== '0');
  const leftover = { ...counts, job_keys: jobKeys };
  await queue.obliterate({ force: true });
  await queue.close();
  return { enqueueS, processS, bytesPerJob, handled: done, leftover, marks };
}

startup.client_cpu_ms = round(processCpuMs(), 1);
let warmup = null;
if (WARMUP > 0) {
  log(`warm-up: ${WARMUP} jobs`);
  const w = await run('peer-bench-warmup', WARMUP, 'warmup-');
  warmup = phase(w.marks['warmup-enqueue-start'], w.marks['warmup-drain-end']);
}
log(`enqueue ${N} jobs in batches of ${BATCH}, drain with concurrency ${C}`);
const r = await run('peer-bench', N, '');
const m = r.marks;
const phases = {
  enqueue: phase(m['enqueue-start'], m['enqueue-end']),
  enqueue_steady: phase(m['enqueue-20'], m['enqueue-80']),
  drain: phase(m['drain-start'], m['drain-end']),
  drain_steady: phase(m['drain-20'], m['drain-80']),
};
const totalCpuMs = processCpuMs();
const verified = r.handled === N && Object.values(r.leftover).every((v) => v === 0);
console.log(JSON.stringify({
  benchmark: 'throughput', impl: 'bullmq', peer: 'bullmq', jobs: N, concurrency: C, batch: BATCH,
  enqueue_per_s: Math.round(N / r.enqueueS), jobs_per_s: Math.round(N / r.processS),
  bytes_per_job: round(r.bytesPerJob, 1), enqueue_s: round(r.enqueueS, 3), drain_s: round(r.processS, 3),
  redis_cpu_us_per_job: round(((phases.enqueue.redis_cpu_ms + phases.drain.redis_cpu_ms) * 1000) / N, 2),
  redis_cpu_us_per_job_steady: round(phases.enqueue_steady.redis_cpu_us_per_job + phases.drain_steady.redis_cpu_us_per_job, 2),
  client_cpu_us_per_job_steady: round(phases.enqueue_steady.client_cpu_us_per_job + phases.drain_steady.client_cpu_us_per_job, 2),
  client_cpu_us_per_job_total: round((totalCpuMs * 1000) / N, 2),
  redis_calls_per_job: round((phases.enqueue.redis_calls + phases.drain.redis_calls) / N, 3),
  startup_cpu_ms: startup.client_cpu_ms, startup_s: startup.wall_s,
  warmup_cpu_ms: warmup ? warmup.client_cpu_ms : 0,
  phases, handled: r.handled, leftover: r.leftover, warmup_jobs: WARMUP, verified,
  versions: { node: process.version, bullmq: JSON.parse(readFileSync(new URL('./node_modules/bullmq/package.json', import.meta.url), 'utf8')).version },
}));
if (!verified) {
  log(`error: expected ${N} completed jobs and nothing left in Redis, got ${r.handled} and ${JSON.stringify(r.leftover)}`);
}
await meter.quit();
process.exit(verified ? 0 : 1);
