-- Enqueue a periodic job for one tick, exactly once however many schedulers race on the tick.
-- Two guards, both checked and set in this one atomic script:
--   * the tick key, set once (SET NX) with an expiry: a second attempt on the same tick finds it;
--   * the schedule's "covered" watermark, only ever raised: a tick at or before it was fired or
--     deliberately skipped already, even after its tick key expired.
-- Key types are checked before anything is written: a script error after a write keeps that write,
-- and a tick key set without its job would lose the tick.
-- KEYS[1] tick key of the schedule and tick (in the queue's hash tag)
-- KEYS[2] pending list of the queue (LPUSH = back of the line)
-- KEYS[3] state hash of the schedule (fields covered, lastTick, lastJobId, lastFiredAt)
-- ARGV[1] tick time, epoch ms (recorded as lastTick)
-- ARGV[2] watermark to record: the tick itself, or for a catch-up run the end of the missed span
-- ARGV[3] expiry of the tick key, ms
-- ARGV[4] encoded job
-- ARGV[5] job id
-- Returns 1 if this call enqueued the job, 0 if the tick was already fired or covered, or a WRONGTYPE error naming the key.
local function wrongType(key, want)
  local actual = redis.call('TYPE', key)['ok']
  if actual ~= 'none' and actual ~= want then
    return 'WRONGTYPE key ' .. key .. ' holds a ' .. actual .. ', not a ' .. want .. '; the tick was not fired'
  end
  return nil
end
local err = wrongType(KEYS[2], 'list') or wrongType(KEYS[3], 'hash') or wrongType(KEYS[1], 'string')
if err then
  return redis.error_reply(err)
end
local covered = tonumber(redis.call('HGET', KEYS[3], 'covered') or '0')
if covered >= tonumber(ARGV[2]) then
  return 0
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('LPUSH', KEYS[2], ARGV[4]) -- the job first: its guards follow
redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[3], 'covered', ARGV[2], 'lastTick', ARGV[1], 'lastJobId', ARGV[5], 'lastFiredAt', now)
return 1
