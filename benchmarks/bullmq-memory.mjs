// Redis memory per waiting BullMQ job, measured the way Capstan's `throughput` command measures its
// own: INFO memory used_memory before and after adding N jobs with addBulk (batches of 1,000), with
// the same small payload {"userId":12345,"template":"welcome"} and removeOnComplete as the peer
// bench. compare.sh copies this file next to the peer's cached node_modules and runs it there.
// Usage: node bullmq-memory.mjs --port P [--host H] [--jobs N]. Prints one JSON line.
import { Queue } from 'bullmq';
import IORedis from 'ioredis';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const N = parseInt(arg('jobs', '100000'), 10);
const connection = { host: arg('host', '127.0.0.1'), port: parseInt(arg('port', '6379'), 10) };

const redis = new IORedis(connection);
const usedMemory = async () => parseInt((await redis.info('memory')).match(/used_memory:(\d+)/)[1], 10);

const queue = new Queue('peer-memory', { connection });
await queue.obliterate({ force: true });
// One untimed job first, so the queue's fixed keys (meta, id counter) and loaded scripts are not
// counted per job, as Capstan's warm-up does for its own.
await queue.add('noop', { userId: 12345, template: 'welcome' }, { removeOnComplete: true });
const before = await usedMemory();
for (let i = 0; i < N; i += 1000) {
  const jobs = [];
  for (let j = i; j < Math.min(N, i + 1000); j++) {
    jobs.push({ name: 'noop', data: { userId: 12345, template: 'welcome' }, opts: { removeOnComplete: true } });
  }
  await queue.addBulk(jobs);
}
const after = await usedMemory();
console.log(JSON.stringify({
  benchmark: 'memory', impl: 'bullmq', jobs: N,
  bytes_per_job: Math.round(((after - before) / N) * 10) / 10,
}));
await queue.obliterate({ force: true });
await queue.close();
await redis.quit();
process.exit(0);
