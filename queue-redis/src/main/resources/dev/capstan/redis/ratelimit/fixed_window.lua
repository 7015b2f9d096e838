-- Fixed window rate limiter: at most ARGV[1] permits per window aligned to the server clock.
-- KEYS[1]  hash of one limiter key: w = start (ms) of the window it counts, c = permits granted in it
-- ARGV[1]  limit (permits per window)
-- ARGV[2]  window length in ms
-- ARGV[3]  permits asked for
-- Returns {allowed 0|1, remaining, retry after in microseconds, limit}.
-- The window start is stored with the count (instead of relying on key expiry) so that a count can
-- never leak into the next window, even at the exact millisecond where the window turns over.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local start = now - (now % window)

local state = redis.call('HMGET', KEYS[1], 'w', 'c')
local count = 0
if tonumber(state[1]) == start then
  count = tonumber(state[2]) or 0
end

if count + permits > limit then
  return {0, limit - count, (start + window - now) * 1000, limit}
end

count = count + permits
redis.call('HSET', KEYS[1], 'w', start, 'c', count)
redis.call('PEXPIREAT', KEYS[1], start + window)
return {1, limit - count, 0, limit}
