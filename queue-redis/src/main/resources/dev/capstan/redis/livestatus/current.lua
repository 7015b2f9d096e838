--[[
Lists the live statuses of a topic, dropping those that expired.

KEYS[1]   statuses: hash actor -> status
KEYS[2]   expiries: sorted set actor -> expiry (epoch ms); a status is live while now < expiry
ARGV      none

Returns {actor1, status1, expiry1, actor2, ...} for the live statuses.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for first = 1, #expired, 1000 do
  redis.call('HDEL', KEYS[1], unpack(expired, first, math.min(first + 999, #expired)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)

local reply = {}
local live = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #live, 2 do
  local status = redis.call('HGET', KEYS[1], live[i])
  if status then
    reply[#reply + 1] = live[i]
    reply[#reply + 1] = status
    reply[#reply + 1] = live[i + 1]
  end
end
return reply
