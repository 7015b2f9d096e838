-- Enqueue one job that carries an idempotency key, a dedup key and/or a client-chosen job id,
-- atomically with the checks. Key types are checked, and the job is written before its records, so
-- that a failing call leaves neither a job without its record nor a record without its job.
-- KEYS[1] pending list of the queue
-- KEYS[2] scheduled sorted set of the queue
-- KEYS[3] completion record of the idempotency key (ns:{q}:completed:KEY), or the pending key when none
-- KEYS[4] dedup record of the dedup key (ns:{q}:dedup:KEY), or the pending key when none
-- KEYS[5] record of the client's job id (ns:{q}:jobid:ID), or the pending key when none
-- ARGV[1] encoded job
-- ARGV[2] run-at epoch ms (0 = now)
-- ARGV[3] job id
-- ARGV[4] '1' if KEYS[3] is a real completion record, else '0'
-- ARGV[5] dedup ttl ms, or '0' when KEYS[4] is not a real dedup record
-- ARGV[6] how long to remember the client's job id, ms, or '0' when KEYS[5] is not a real record
-- Returns { 'completed', id of the job that completed } | { 'duplicate', id of the existing job }
--       | { 'enqueued' | 'scheduled', job id }, or a WRONGTYPE error naming the key (nothing written).
-- include: wrong_type.lua
local runAt = tonumber(ARGV[2])
local dedupTtl = tonumber(ARGV[5])
local idTtl = tonumber(ARGV[6])
local err = (runAt > 0 and wrongType(KEYS[2], 'zset')) or (runAt <= 0 and wrongType(KEYS[1], 'list'))
  or (ARGV[4] == '1' and wrongType(KEYS[3], 'string')) or (dedupTtl > 0 and wrongType(KEYS[4], 'string'))
  or (idTtl > 0 and wrongType(KEYS[5], 'string'))
if err then
  return redis.error_reply(err .. '; the job was not written')
end
if idTtl > 0 then
  -- The same request sent again (e.g. after a lost reply): the first one was stored, this is a no-op.
  local seen = redis.call('GET', KEYS[5])
  if seen then
    return { 'duplicate', seen }
  end
end
if ARGV[4] == '1' then
  local done = redis.call('GET', KEYS[3])
  if done then
    return { 'completed', done }
  end
end
if dedupTtl > 0 then
  local existing = redis.call('GET', KEYS[4])
  if existing then
    return { 'duplicate', existing }
  end
end
local outcome
if runAt > 0 then
  redis.call('ZADD', KEYS[2], runAt, ARGV[1])
  outcome = 'scheduled'
else
  redis.call('LPUSH', KEYS[1], ARGV[1])
  outcome = 'enqueued'
end
if dedupTtl > 0 then
  redis.call('SET', KEYS[4], ARGV[3], 'PX', dedupTtl)
end
if idTtl > 0 then
  redis.call('SET', KEYS[5], ARGV[3], 'PX', idTtl)
end
return { outcome, ARGV[3] }
