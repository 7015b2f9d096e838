-- A tracked job goes back to the scheduled set for a later attempt (a retry after a failure, or a
-- reschedule: throttled, retry-later, idempotency key busy) and its status says so, in one step; the
-- run-at time is announced on the promoters' wake-up channel (as retry.lua does), so that a sleeping
-- promoter brings it back on time. Key types are checked before anything is written: with a
-- wrong-type key the job stays in its processing list.
-- KEYS[1] processing list of the worker for this queue
-- KEYS[2] scheduled sorted set of the queue
-- KEYS[3] status hash of the job
-- KEYS[4] cancel requests of the queue
-- ARGV[1] the element as fetched
-- ARGV[2] the element to schedule
-- ARGV[3] run-at epoch ms
-- ARGV[4] the state to show: 'retrying' or 'scheduled'
-- ARGV[5] error text (for 'retrying'), or ''
-- ARGV[6] job id
-- ARGV[7] attempt the job will be at (counted from 1)
-- ARGV[8] wake-up channel of the promoters ('' = do not announce)
-- ARGV[9] queue name (the announcement is "queue runAt")
-- Returns 1 when moved, 0 when the job was no longer in the processing list, -1 when a cancellation
-- was asked for (nothing moved: the caller finishes it as cancelled instead), or a WRONGTYPE error
-- naming the key (nothing moved).
-- include: job_status.lua
-- include: wrong_type.lua
local bad = wrongType(KEYS[1], 'list') or wrongType(KEYS[2], 'zset') or wrongType(KEYS[3], 'hash')
  or wrongType(KEYS[4], 'zset')
if bad then
  return redis.error_reply(bad .. '; the job was not moved')
end
if redis.call('ZSCORE', KEYS[4], ARGV[6]) then
  return -1
end
if redis.call('LREM', KEYS[1], -1, ARGV[1]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
if ARGV[8] ~= '' then
  redis.call('PUBLISH', ARGV[8], ARGV[9] .. ' ' .. ARGV[3])
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local entry = now .. ' ' .. ARGV[4]
  if ARGV[5] ~= '' then
    entry = entry .. ' ' .. short(ARGV[5])
  end
  remember(KEYS[3], entry)
  redis.call('HSET', KEYS[3], 'state', ARGV[4], 'runAt', ARGV[3], 'updated', now, 'attempt', ARGV[7])
  redis.call('HDEL', KEYS[3], 'progress')
  if ARGV[5] ~= '' then
    redis.call('HSET', KEYS[3], 'error', ARGV[5])
  end
end
return 1
