--[[
Removes the status of one actor of a topic, drops the statuses that already expired, and publishes
the change if the actor's status was still live.

KEYS[1]   statuses: hash actor -> status
KEYS[2]   expiries: sorted set actor -> expiry (epoch ms); a status is live while now < expiry
ARGV[1]   actor
ARGV[2]   channel to publish on
ARGV[3]   message to publish

Returns 1 when a live status was removed, else 0.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
local live = score and tonumber(score) > now
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])

local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for first = 1, #expired, 1000 do
  redis.call('HDEL', KEYS[1], unpack(expired, first, math.min(first + 999, #expired)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)

if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
end

if live then
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0
