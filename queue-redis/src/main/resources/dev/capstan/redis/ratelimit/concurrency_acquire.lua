-- Concurrency limiter (distributed semaphore), acquire: take one of ARGV[1] permits for a lease.
-- KEYS[1]  sorted set of one limiter key: holder id -> lease expiry (ms of server time)
-- ARGV[1]  max concurrent permits
-- ARGV[2]  lease in ms
-- ARGV[3]  holder id of the new permit (unique per acquire)
-- Returns {1, lease expiry ms, holders after} when granted,
--         {0, ms until the earliest lease expires, holders} when all permits are taken.
-- Expired leases are purged first, so the permit of a holder that died comes back after its lease.
local max = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local holder = ARGV[3]

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local holders = redis.call('ZCARD', KEYS[1])
if holders >= max then
  local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(earliest[2]) - now, holders}
end

local expiry = now + lease
redis.call('ZADD', KEYS[1], expiry, holder)
-- the set lives as long as its longest lease (leases may differ between limiter instances)
if redis.call('PTTL', KEYS[1]) < lease then
  redis.call('PEXPIRE', KEYS[1], lease)
end
return {1, expiry, holders + 1}
