-- A flow child has finished: record it with its parent, in the parent's slot. Idempotent by child id
-- (a report processed twice, after a crash, changes nothing the second time). When it was the last
-- child the parent is queued; when it failed and its failure fails the parent, the parent goes to
-- its dead set, and if the parent itself reports to a batch or a parent of its own, an outbox entry
-- in this slot carries that on.
-- KEYS[1] status hash of the parent
-- KEYS[2] pending list of the parent's queue
-- KEYS[3] dead set of the parent's queue
-- KEYS[4] outbox of the parent's queue
-- ARGV[1] child id
-- ARGV[2] child's outcome: 'succeeded' | 'dead' | 'cancelled'
-- ARGV[3] child's result JSON, or ''
-- ARGV[4] child's error text, or ''
-- ARGV[5] what the child's failure does to the parent: 'FAIL_PARENT' | 'CONTINUE_PARENT'
-- ARGV[6] parent id
-- ARGV[7] channel on which to publish the parent id if someone awaits it
-- ARGV[8] dead set max count, ARGV[9] dead set max age ms
-- Returns one of 'gone' (the parent has no status), 'duplicate' (already recorded), 'late' (the parent
-- is no longer waiting), 'waiting' (other children are pending), 'released' (queued), 'failed' (dead).
-- include: job_status.lua
-- include: capped_set.lua
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'gone'
end
local child = ARGV[1]
if redis.call('HEXISTS', KEYS[1], 'r:' .. child) == 1 or redis.call('HEXISTS', KEYS[1], 'f:' .. child) == 1 then
  return 'duplicate'
end
local failed = ARGV[2] ~= 'succeeded'
if failed then
  local what = ARGV[2]
  if ARGV[4] ~= '' then
    what = what .. ': ' .. ARGV[4]
  end
  redis.call('HSET', KEYS[1], 'f:' .. child, what)
else
  redis.call('HSET', KEYS[1], 'r:' .. child, ARGV[3])
end
if redis.call('HGET', KEYS[1], 'state') ~= 'waiting-children' then
  return 'late'
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if failed and ARGV[5] ~= 'CONTINUE_PARENT' then
  local reason = 'child ' .. child .. ' ' .. ARGV[2]
  if ARGV[4] ~= '' then
    reason = reason .. ': ' .. string.sub(ARGV[4], 1, 300)
  end
  local element = redis.call('HGET', KEYS[1], 'element')
  -- A held parent never ran, so its element has no error yet: add one, as the dead set shows it.
  local dead = string.sub(element, 1, #element - 1) .. ',"error":' .. cjson.encode({ at = now,
    class = 'ChildFailed', message = reason }) .. '}'
  addCapped(KEYS[3], now, dead, ARGV[8], ARGV[9])
  endHeld(KEYS[1], KEYS[4], ARGV[6], ARGV[7], now, 'dead', reason)
  return 'failed'
end
local pending = redis.call('HINCRBY', KEYS[1], 'pending', -1)
if pending > 0 then
  redis.call('HSET', KEYS[1], 'updated', now)
  return 'waiting'
end
redis.call('LPUSH', KEYS[2], redis.call('HGET', KEYS[1], 'element'))
remember(KEYS[1], now .. ' waiting')
redis.call('HSET', KEYS[1], 'state', 'waiting', 'updated', now)
redis.call('HDEL', KEYS[1], 'element')
return 'released'
