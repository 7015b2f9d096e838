-- Enqueue one tracked job (a job with a status: keepResult, a flow node, a batch callback) and create
-- its status hash in the same step. Idempotent by job id: a job id that already has a status is not
-- enqueued again (so a retried enqueue, or a callback enqueued twice after a crash, makes one job).
-- A client-chosen job id (JobRequest.jobId) is also remembered for its own retention, as
-- enqueue_guarded.lua does, so a repeat stays a no-op after the status's retention has passed.
-- Key types are checked before anything is written (a script error after a write keeps that write).
-- KEYS[1] pending list of the queue
-- KEYS[2] scheduled sorted set of the queue
-- KEYS[3] status hash of the job (ns:{q}:job:ID)
-- KEYS[4] completion record of the idempotency key, or KEYS[3] when none
-- KEYS[5] dedup record of the dedup key, or KEYS[3] when none
-- KEYS[6] record of the client's job id (ns:{q}:jobid:ID), or KEYS[3] when none
-- ARGV[1] encoded job
-- ARGV[2] run-at epoch ms (0 = now)
-- ARGV[3] job id
-- ARGV[4] '1' if KEYS[4] is a real completion record, else '0'
-- ARGV[5] dedup ttl ms, or '0' when KEYS[5] is not a real dedup record
-- ARGV[6] number of flow children the job waits for (0 = none: it is queued now or at its run-at)
-- ARGV[7] how long to remember the client's job id, ms, or '0' when KEYS[6] is not a real record
-- ARGV[8 ..] pairs of (field, value) stored in the status hash: type, keep, batch, parent, ...
-- Returns { outcome, job id }, outcome one of 'enqueued', 'scheduled', 'held', 'duplicate', 'completed',
-- or a WRONGTYPE error naming the key (nothing written).
-- include: wrong_type.lua
local idTtl = tonumber(ARGV[7])
local bad = wrongType(KEYS[1], 'list') or wrongType(KEYS[2], 'zset') or wrongType(KEYS[3], 'hash')
  or (ARGV[4] == '1' and wrongType(KEYS[4], 'string')) or (tonumber(ARGV[5]) > 0 and wrongType(KEYS[5], 'string'))
  or (idTtl > 0 and wrongType(KEYS[6], 'string'))
if bad then
  return redis.error_reply(bad .. '; the job was not written')
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return { 'duplicate', ARGV[3] }
end
if idTtl > 0 then
  -- The same request sent again (e.g. after a lost reply): the first one was stored, this is a no-op.
  local seen = redis.call('GET', KEYS[6])
  if seen then
    return { 'duplicate', seen }
  end
end
if ARGV[4] == '1' then
  local done = redis.call('GET', KEYS[4])
  if done then
    return { 'completed', done }
  end
end
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  local existing = redis.call('GET', KEYS[5])
  if existing then
    return { 'duplicate', existing }
  end
  redis.call('SET', KEYS[5], ARGV[3], 'PX', ttl)
end
if idTtl > 0 then
  redis.call('SET', KEYS[6], ARGV[3], 'PX', idTtl)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local children = tonumber(ARGV[6])
local runAt = tonumber(ARGV[2])
local state
if children > 0 then
  state = 'waiting-children'
elseif runAt > 0 then
  state = 'scheduled'
else
  state = 'waiting'
end
local fields = { 'state', state, 'created', now, 'updated', now, 'transitions', 1, 't:0', now .. ' ' .. state }
for i = 8, #ARGV, 2 do
  fields[#fields + 1] = ARGV[i]
  fields[#fields + 1] = ARGV[i + 1]
end
if children > 0 then
  fields[#fields + 1] = 'element'
  fields[#fields + 1] = ARGV[1]
  fields[#fields + 1] = 'pending'
  fields[#fields + 1] = children
  redis.call('HSET', KEYS[3], unpack(fields))
  return { 'held', ARGV[3] }
end
if runAt > 0 then
  fields[#fields + 1] = 'runAt'
  fields[#fields + 1] = runAt
  redis.call('HSET', KEYS[3], unpack(fields))
  redis.call('ZADD', KEYS[2], runAt, ARGV[1])
  return { 'scheduled', ARGV[3] }
end
redis.call('HSET', KEYS[3], unpack(fields))
redis.call('LPUSH', KEYS[1], ARGV[1])
return { 'enqueued', ARGV[3] }
