-- A worker starts a tracked job: its status says running (with the worker and attempt), and the
-- worker learns in the same round trip whether a cancellation was asked for while the job waited,
-- and, for a flow parent, what its children returned.
-- KEYS[1] status hash of the job
-- KEYS[2] cancel requests of the queue (sorted set of job ids)
-- ARGV[1] job id
-- ARGV[2] worker id
-- ARGV[3] attempt number, counted from 1 (as JobContext.attempt)
-- Returns { 'cancel' } when a cancellation was asked for; else { 'run', field, value, ... } with the
-- flow children's results ('r:CHILD' -> JSON) and failures ('f:CHILD' -> what happened).
-- include: job_status.lua
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return { 'cancel' }
end
local out = { 'run' }
if redis.call('EXISTS', KEYS[1]) == 0 then
  return out -- its status is gone (retention passed, or deleted): run it without one
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
remember(KEYS[1], now .. ' running attempt ' .. ARGV[3] .. ' on ' .. ARGV[2])
redis.call('HSET', KEYS[1], 'state', 'running', 'worker', ARGV[2], 'attempt', ARGV[3], 'updated', now)
redis.call('HDEL', KEYS[1], 'runAt', 'progress')
if redis.call('HEXISTS', KEYS[1], 'pending') == 0 then
  return out -- not a flow parent: no children to hand over
end
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local p = string.sub(all[i], 1, 2)
  if p == 'r:' or p == 'f:' then
    out[#out + 1] = all[i]
    out[#out + 1] = all[i + 1]
  end
end
return out
