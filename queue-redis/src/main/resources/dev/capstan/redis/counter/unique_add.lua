--[[
Adds ids to the HyperLogLog of the current bucket (server time) of a unique counter. The client
cannot know the server's bucket for sure, so it passes three candidate buckets around its estimate;
the script picks the current one.

KEYS[1..3]   candidate bucket keys (HyperLogLogs), same hash tag
ARGV[1..3]   their bucket starts (epoch seconds), in the same order
ARGV[4]      bucket width in seconds
ARGV[5]      retention in seconds: the bucket expires this long after its end
ARGV[6..]    ids

Returns {1, changed, bucket start}: changed = 1 when the estimate of the bucket changed;
     or {0, server time in epoch seconds} when no candidate is the current bucket (nothing written).
]]
local now = tonumber(redis.call('TIME')[1])
local width = tonumber(ARGV[4])
local start = now - (now % width)

local key
for i = 1, 3 do
  if tonumber(ARGV[i]) == start then
    key = KEYS[i]
    break
  end
end
if key == nil then
  return {0, now}
end

local changed = 0
-- unpack is bounded by the Lua stack: add in slices
for first = 6, #ARGV, 1000 do
  if redis.call('PFADD', key, unpack(ARGV, first, math.min(first + 999, #ARGV))) == 1 then
    changed = 1
  end
end
redis.call('EXPIREAT', key, start + width + tonumber(ARGV[5]))
return {1, changed, start}
