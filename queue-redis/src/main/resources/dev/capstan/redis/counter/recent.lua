--[[
Reads the last n buckets of one counter resolution up to the current one (server time).

KEYS[1]   the resolution's hash: field = bucket start (epoch seconds), value = count
ARGV[1]   bucket width in seconds
ARGV[2]   n, the number of buckets

Returns {start of the oldest bucket, count1, ..., countn}, oldest first; counts are strings
(they may exceed the 2^53 a Lua number holds exactly), '0' for a bucket never incremented.
]]
local now = tonumber(redis.call('TIME')[1])
local width = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local oldest = now - (now % width) - (n - 1) * width
local reply = {oldest}
for i = 0, n - 1 do
  reply[i + 2] = redis.call('HGET', KEYS[1], string.format('%d', oldest + i * width)) or '0'
end
return reply
