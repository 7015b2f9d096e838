-- A tracked job goes back to the scheduled set for a later attempt (a retry after a failure, or a
-- reschedule: throttled, retry-later, idempotency key busy) and its status says so, in one step.
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
-- ARGV[7] attempt the job will be at
-- Returns 1 when moved, 0 when the job was no longer in the processing list, -1 when a cancellation
-- was asked for (nothing moved: the caller finishes it as cancelled instead).
if redis.call('ZSCORE', KEYS[4], ARGV[6]) then
  return -1
end
if redis.call('LREM', KEYS[1], -1, ARGV[1]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
if redis.call('EXISTS', KEYS[3]) == 1 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local detail = string.gsub(string.sub(ARGV[5], 1, 200), '\n', ' ')
  local history = (redis.call('HGET', KEYS[3], 'history') or '') .. now .. ' ' .. ARGV[4]
  if detail ~= '' then
    history = history .. ' ' .. detail
  end
  history = history .. '\n'
  if #history > 4096 then
    history = string.sub(history, string.find(history, '\n', #history - 4096, true) + 1)
  end
  redis.call('HSET', KEYS[3], 'state', ARGV[4], 'runAt', ARGV[3], 'updated', now, 'history', history,
    'attempt', ARGV[7])
  redis.call('HDEL', KEYS[3], 'progress')
  if ARGV[5] ~= '' then
    redis.call('HSET', KEYS[3], 'error', ARGV[5])
  end
end
return 1
