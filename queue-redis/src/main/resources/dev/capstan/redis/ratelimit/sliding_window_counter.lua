-- Sliding-window counter rate limiter (approximate): two fixed-window counters, the previous one
-- weighted by how much of it still overlaps the sliding window.
-- KEYS[1]  hash of one limiter key: w = start (ms) of the current window, c = its count,
--          p = the count of the window before it
-- ARGV[1]  limit (permits per window)
-- ARGV[2]  window length in ms
-- ARGV[3]  permits asked for
-- Returns {allowed 0|1, remaining, retry after in microseconds, limit}.
-- Estimate = p * (window - elapsed) / window + c; a call is granted while estimate + permits <= limit.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local start = now - (now % window)
local elapsed = now - start

local state = redis.call('HMGET', KEYS[1], 'w', 'c', 'p')
local stored = tonumber(state[1])
local current, previous = 0, 0
if stored == start then
  current = tonumber(state[2]) or 0
  previous = tonumber(state[3]) or 0
elseif stored == start - window then
  previous = tonumber(state[2]) or 0
end

local weighted = previous * (window - elapsed) / window
local estimate = weighted + current

if estimate + permits > limit then
  local retry
  local room = limit - permits - current
  if room >= 0 and previous > 0 then
    -- still this window, once the previous window's weight has decayed enough
    retry = math.ceil(window * (1 - room / previous)) - elapsed
  else
    -- next window: the current count becomes the weighted previous one
    retry = window - elapsed
    if current > limit - permits then
      retry = retry + math.ceil(window * (1 - (limit - permits) / current))
    end
  end
  if retry < 1 then
    retry = 1
  end
  return {0, math.max(0, math.floor(limit - estimate)), retry * 1000, limit}
end

current = current + permits
redis.call('HSET', KEYS[1], 'w', start, 'c', current, 'p', previous)
-- the current count still matters as the previous one during the whole next window
redis.call('PEXPIREAT', KEYS[1], start + 2 * window)
return {1, math.max(0, math.floor(limit - weighted - current)), 0, limit}
