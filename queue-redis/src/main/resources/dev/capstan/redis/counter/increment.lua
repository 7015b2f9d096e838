--[[
Adds a delta to the current bucket (server time) of each resolution of one counter, and trims
buckets that left the retention window whenever a new bucket is opened.

KEYS[1..n]   one hash per resolution: field = bucket start (epoch seconds), value = count
ARGV[1]      delta (integer, may be negative)
ARGV[2i]     bucket width in seconds of KEYS[i]
ARGV[2i+1]   number of buckets of KEYS[i] to keep, the current one included

Returns the new count of the current bucket of KEYS[1].
]]
local now = tonumber(redis.call('TIME')[1])
local delta = ARGV[1]
local result = 0

for i = 1, #KEYS do
  local key = KEYS[i]
  local width = tonumber(ARGV[2 * i])
  local keep = tonumber(ARGV[2 * i + 1])
  local start = now - (now % width)
  local field = string.format('%d', start)
  local opened = redis.call('HEXISTS', key, field) == 0
  local count = redis.call('HINCRBY', key, field, delta)
  if i == 1 then
    result = count
  end
  if opened then
    -- once per bucket width: drop every bucket older than the oldest one kept
    local oldest = start - (keep - 1) * width
    local stale = {}
    for _, f in ipairs(redis.call('HKEYS', key)) do
      local bucket = tonumber(f)
      if bucket == nil or bucket < oldest then
        stale[#stale + 1] = f
      end
    end
    for first = 1, #stale, 1000 do
      redis.call('HDEL', key, unpack(stale, first, math.min(first + 999, #stale)))
    end
  end
  -- the whole hash goes once no bucket written from now on could still be inside the retention
  redis.call('EXPIRE', key, keep * width)
end
return result
