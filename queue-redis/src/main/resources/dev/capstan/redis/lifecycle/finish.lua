-- A job ends: it succeeded, died, or was cancelled. Removes it from where it is (a worker's
-- processing list, or, when cancelled before it ran, the queue's pending list or scheduled set) and,
-- in the same step: puts it in the dead or cancelled set, records an idempotency key's completion,
-- updates its status (kept for its retention from now on) and wakes those who await it, and writes
-- an outbox entry when a batch or a flow parent must hear of it (done in their own slots afterwards,
-- by the finishing worker, or by the sweeper if that worker dies first). A cancellation asked for
-- while the job ran turns any outcome into 'cancelled'. Key types are checked before anything is
-- written (a script error after a write keeps that write): with a wrong-type key the job stays where
-- it is. A success that records an idempotency key's completion needs this copy to still hold the
-- key's lock (as ack_completed.lua): a copy whose lock is gone writes nothing.
-- KEYS[1] where the job is: processing list, pending list or scheduled set
-- KEYS[2] status hash of the job, or KEYS[1] when the job has none
-- KEYS[3] outbox of the queue (hash: job id -> entry)
-- KEYS[4] cancel requests of the queue (sorted set of job ids)
-- KEYS[5] dead set of the queue
-- KEYS[6] cancelled set of the queue
-- KEYS[7] completion record of the idempotency key, or KEYS[1] when none
-- KEYS[8] dedup record of the dedup key, or KEYS[1] when none
-- KEYS[9] lock of the idempotency key (ns:{q}:keylock:KEY), or KEYS[1] when none
-- ARGV[1] the element as it is stored in KEYS[1]
-- ARGV[2] 'list' or 'zset': the type of KEYS[1]
-- ARGV[3] outcome asked for: 'succeeded' | 'dead' | 'cancelled'
-- ARGV[4] element to store in the dead set (for 'dead'), else ''
-- ARGV[5] result JSON, or ''
-- ARGV[6] error text, or ''
-- ARGV[7] job id
-- ARGV[8] '1' if KEYS[2] is a real status hash
-- ARGV[9] '1' if KEYS[7] is a real completion record
-- ARGV[10] completion record retention, ms
-- ARGV[11] '1' if KEYS[8] is a real dedup record
-- ARGV[12] batch id, or ''
-- ARGV[13] flow parent id, or ''
-- ARGV[14] what the job's failure does to its parent ('FAIL_PARENT' | 'CONTINUE_PARENT')
-- ARGV[15] channel on which to publish the job id if someone awaits it
-- ARGV[16] dead set max count, ARGV[17] dead set max age ms
-- ARGV[18] cancelled set max count, ARGV[19] cancelled set max age ms
-- ARGV[20] the key lock's value as taken by this copy, or '' when it holds none
-- Returns { 1, final outcome [, outbox entry written] }, { 0 } when the job was not there (already
-- moved: nothing done), { -1 } when a success would record the key's completion but this copy no
-- longer holds the key's lock (nothing done), or a WRONGTYPE error naming the key (nothing done).
-- include: job_status.lua
-- include: capped_set.lua
-- include: wrong_type.lua
local bad = wrongType(KEYS[1], ARGV[2]) or wrongType(KEYS[4], 'zset') or wrongType(KEYS[5], 'zset')
  or wrongType(KEYS[6], 'zset') or ((ARGV[12] ~= '' or ARGV[13] ~= '') and wrongType(KEYS[3], 'hash'))
  or (ARGV[8] == '1' and wrongType(KEYS[2], 'hash'))
if bad then
  return redis.error_reply(bad .. '; the job was not moved')
end
if ARGV[20] ~= '' and ARGV[3] == 'succeeded' and ARGV[9] == '1' and redis.call('GET', KEYS[9]) ~= ARGV[20] then
  return { -1 }
end
local removed
if ARGV[2] == 'zset' then
  removed = redis.call('ZREM', KEYS[1], ARGV[1])
else
  removed = redis.call('LREM', KEYS[1], -1, ARGV[1])
end
if removed == 0 then
  return { 0 }
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = ARGV[7]
local outcome = ARGV[3]
if redis.call('ZREM', KEYS[4], id) == 1 then
  outcome = 'cancelled'
end
local result = ARGV[5]
local err = ARGV[6]
if outcome == 'dead' then
  addCapped(KEYS[5], now, ARGV[4], ARGV[16], ARGV[17])
elseif outcome == 'cancelled' then
  result = ''
  if err == '' then
    err = 'cancelled'
  end
  addCapped(KEYS[6], now, ARGV[1], ARGV[18], ARGV[19])
  if ARGV[11] == '1' and redis.call('GET', KEYS[8]) == id then
    redis.call('DEL', KEYS[8]) -- a cancelled job gives its dedup key back
  end
else
  err = ''
  if ARGV[9] == '1' then
    redis.call('SET', KEYS[7], id, 'PX', tonumber(ARGV[10]))
  end
end
if ARGV[8] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then
  local entry = now .. ' ' .. outcome
  if err ~= '' and outcome ~= 'cancelled' then
    entry = entry .. ' ' .. short(err)
  end
  remember(KEYS[2], entry)
  local fields = { 'state', outcome, 'updated', now }
  if result ~= '' then
    fields[#fields + 1] = 'result'
    fields[#fields + 1] = result
  end
  if err ~= '' then
    fields[#fields + 1] = 'error'
    fields[#fields + 1] = err
  end
  redis.call('HSET', KEYS[2], unpack(fields))
  redis.call('HDEL', KEYS[2], 'progress', 'runAt', 'element')
  local kept = redis.call('HMGET', KEYS[2], 'keep', 'awaited')
  local keepMs = tonumber(kept[1] or '0')
  if keepMs > 0 then
    redis.call('PEXPIRE', KEYS[2], keepMs)
  end
  if kept[2] == '1' then
    redis.call('PUBLISH', ARGV[15], id)
  end
end
if ARGV[12] ~= '' or ARGV[13] ~= '' then
  local entry = cjson.encode({ o = outcome, at = now, b = ARGV[12], p = ARGV[13], f = ARGV[14], r = result, e = err })
  redis.call('HSET', KEYS[3], id, entry)
  return { 1, outcome, entry }
end
return { 1, outcome }
