-- Concurrency limiter, extend: renew the lease of a permit that is still held.
-- KEYS[1]  sorted set of one limiter key: holder id -> lease expiry (ms of server time)
-- ARGV[1]  lease in ms (counted from now)
-- ARGV[2]  holder id of the permit
-- Returns the new lease expiry in ms, or 0 when the permit was released or its lease had expired
-- (an expired permit may already be held by someone else, so it is never revived).
local lease = tonumber(ARGV[1])
local holder = ARGV[2]

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local expiry = tonumber(redis.call('ZSCORE', KEYS[1], holder))
if expiry == nil or expiry <= now then
  redis.call('ZREM', KEYS[1], holder)
  return 0
end

local renewed = now + lease
redis.call('ZADD', KEYS[1], renewed, holder)
if redis.call('PTTL', KEYS[1]) < lease then
  redis.call('PEXPIRE', KEYS[1], lease)
end
return renewed
