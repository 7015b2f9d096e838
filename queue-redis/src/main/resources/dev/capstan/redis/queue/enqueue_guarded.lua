-- Enqueue one job that carries an idempotency key and/or a dedup key, atomically with the checks.
-- KEYS[1] pending list of the queue
-- KEYS[2] scheduled sorted set of the queue
-- KEYS[3] completion record of the idempotency key (ns:{q}:completed:KEY), or the pending key when none
-- KEYS[4] dedup record of the dedup key (ns:{q}:dedup:KEY), or the pending key when none
-- ARGV[1] encoded job
-- ARGV[2] run-at epoch ms (0 = now)
-- ARGV[3] job id
-- ARGV[4] '1' if KEYS[3] is a real completion record, else '0'
-- ARGV[5] dedup ttl ms, or '0' when KEYS[4] is not a real dedup record
-- Returns { 'completed', id of the job that completed } | { 'duplicate', id of the existing job } | { 'enqueued' | 'scheduled', job id }.
if ARGV[4] == '1' then
  local done = redis.call('GET', KEYS[3])
  if done then
    return { 'completed', done }
  end
end
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  local existing = redis.call('GET', KEYS[4])
  if existing then
    return { 'duplicate', existing }
  end
  redis.call('SET', KEYS[4], ARGV[3], 'PX', ttl)
end
local runAt = tonumber(ARGV[2])
if runAt > 0 then
  redis.call('ZADD', KEYS[2], runAt, ARGV[1])
  return { 'scheduled', ARGV[3] }
end
redis.call('LPUSH', KEYS[1], ARGV[1])
return { 'enqueued', ARGV[3] }
