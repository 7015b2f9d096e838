--[[
Reads the status of one actor of a topic if it is still live. Read-only.

KEYS[1]   statuses: hash actor -> status
KEYS[2]   expiries: sorted set actor -> expiry (epoch ms); a status is live while now < expiry
ARGV[1]   actor

Returns the status when live, else nil.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score or tonumber(score) <= now then
  return false
end
return redis.call('HGET', KEYS[1], ARGV[1])
