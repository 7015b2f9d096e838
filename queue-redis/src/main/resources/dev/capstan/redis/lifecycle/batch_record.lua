-- Records in the batch's slot that a member job finished (or that the producer sealed the batch),
-- once per job and outcome, and fires the callbacks whose moment has come: 'complete' when no job is
-- pending after the seal, 'success' when moreover every job succeeded (which may come later, when a
-- dead job retried by hand succeeds). A callback fires once: a flag in this hash, set in this step.
-- The caller then enqueues each fired callback idempotently and confirms it (field done:EVENT).
-- KEYS[1] batch info hash (counts; 'pending' includes one unit for the open producer until the seal)
-- KEYS[2] batch members hash (job id -> 'p' | 'succeeded' | 'dead' | 'cancelled')
-- ARGV[1] job id ('' with outcome 'sealed')
-- ARGV[2] outcome: 'succeeded' | 'dead' | 'cancelled' | 'sealed'
-- Returns {} when the batch is gone, else { total, succeeded, dead, cancelled, pending, events ... }
-- where events are the callbacks fired and not yet confirmed.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local outcome = ARGV[2]
if outcome == 'sealed' then
  if redis.call('HGET', KEYS[1], 'sealed') ~= '1' then
    redis.call('HSET', KEYS[1], 'sealed', '1')
    redis.call('HINCRBY', KEYS[1], 'pending', -1)
  end
else
  local prev = redis.call('HGET', KEYS[2], ARGV[1])
  if prev and prev ~= outcome then
    if prev == 'p' then
      redis.call('HINCRBY', KEYS[1], 'pending', -1)
    else
      redis.call('HINCRBY', KEYS[1], prev, -1) -- a job that died and, retried by hand, finished again
    end
    redis.call('HINCRBY', KEYS[1], outcome, 1)
    redis.call('HSET', KEYS[2], ARGV[1], outcome)
  end
end
local info = redis.call('HMGET', KEYS[1], 'total', 'succeeded', 'dead', 'cancelled', 'pending', 'completedAt',
  'succeededAt', 'cb:complete', 'cb:success', 'keep')
local total, succeeded, pending = tonumber(info[1]), tonumber(info[2]), tonumber(info[5])
if pending <= 0 then
  if not info[6] then
    redis.call('HSET', KEYS[1], 'completedAt', now)
    if info[8] then
      redis.call('HSET', KEYS[1], 'fired:complete', '1')
    end
  end
  if succeeded == total and not info[7] then
    redis.call('HSET', KEYS[1], 'succeededAt', now)
    if info[9] then
      redis.call('HSET', KEYS[1], 'fired:success', '1')
    end
  end
  local keepMs = tonumber(info[10] or '0')
  if keepMs > 0 then
    redis.call('PEXPIRE', KEYS[1], keepMs)
    redis.call('PEXPIRE', KEYS[2], keepMs)
  end
end
local out = { info[1], info[2], info[3], info[4], info[5] }
local fired = redis.call('HMGET', KEYS[1], 'fired:complete', 'done:complete', 'fired:success', 'done:success')
if fired[1] == '1' and fired[2] ~= '1' then
  out[#out + 1] = 'complete'
end
if fired[3] == '1' and fired[4] ~= '1' then
  out[#out + 1] = 'success'
end
return out
