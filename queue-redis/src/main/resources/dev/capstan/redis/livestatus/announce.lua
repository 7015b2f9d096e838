--[[
Stores (or refreshes) the status of one actor of a topic until now + ttl (server time), drops the
statuses that already expired, and publishes the change.

KEYS[1]   statuses: hash actor -> status
KEYS[2]   expiries: sorted set actor -> expiry (epoch ms); a status is live while now < expiry
ARGV[1]   actor
ARGV[2]   status
ARGV[3]   ttl in milliseconds (> 0)
ARGV[4]   channel to publish on
ARGV[5]   message to publish

Returns the expiry (epoch ms).
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for first = 1, #expired, 1000 do
  redis.call('HDEL', KEYS[1], unpack(expired, first, math.min(first + 999, #expired)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)

local expiry = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], expiry, ARGV[1])

-- both keys live exactly as long as the longest-lived status of the topic
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
redis.call('PEXPIREAT', KEYS[2], last[2])

redis.call('PUBLISH', ARGV[4], ARGV[5])
return expiry
