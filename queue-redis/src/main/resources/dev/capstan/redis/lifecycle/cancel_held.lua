-- Cancels a flow parent that is still waiting for its children: it will not run. Its children run
-- on; their reports later find the parent cancelled and change nothing.
-- KEYS[1] status hash of the parent (which holds its element while it waits)
-- KEYS[2] outbox of the queue
-- KEYS[3] cancelled set of the queue
-- ARGV[1] job id
-- ARGV[2] channel on which to publish the job id if someone awaits it
-- ARGV[3] cancelled set max count, ARGV[4] cancelled set max age ms
-- Returns 1 when cancelled, 0 when the job was not waiting for children.
-- include: status_history.lua
if redis.call('HGET', KEYS[1], 'state') ~= 'waiting-children' then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local element = redis.call('HGET', KEYS[1], 'element')
redis.call('ZADD', KEYS[3], now, element)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (now - tonumber(ARGV[4])))
local keep = tonumber(ARGV[3])
if redis.call('ZCARD', KEYS[3]) > keep then
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(keep + 1))
end
remember(KEYS[1], now .. ' cancelled')
redis.call('HSET', KEYS[1], 'state', 'cancelled', 'updated', now, 'error', 'cancelled')
redis.call('HDEL', KEYS[1], 'element')
local keepMs = tonumber(redis.call('HGET', KEYS[1], 'keep') or '0')
if keepMs > 0 then
  redis.call('PEXPIRE', KEYS[1], keepMs)
end
if redis.call('HGET', KEYS[1], 'awaited') == '1' then
  redis.call('PUBLISH', ARGV[2], ARGV[1])
end
local batch = redis.call('HGET', KEYS[1], 'batch') or ''
local parent = redis.call('HGET', KEYS[1], 'parent') or ''
if batch ~= '' or parent ~= '' then
  redis.call('HSET', KEYS[2], ARGV[1], cjson.encode({ o = 'cancelled', at = now, b = batch, p = parent,
    f = redis.call('HGET', KEYS[1], 'onFailure') or 'FAIL_PARENT', r = '', e = 'cancelled' }))
end
return 1
