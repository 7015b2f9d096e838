-- Sliding-window log rate limiter: at most ARGV[1] permits in ANY window of ARGV[2] ms (exact).
-- KEYS[1]  sorted set of one limiter key: one member per granted permit, scored by its grant time (ms)
-- ARGV[1]  limit (permits per window)
-- ARGV[2]  window length in ms
-- ARGV[3]  permits asked for
-- ARGV[4]  member prefix unique to this call (the members are prefix:1 .. prefix:permits)
-- Returns {allowed 0|1, remaining, retry after in microseconds, limit}.
-- A permit granted at time s counts for the window (now - window, now], so it leaves the log once
-- now >= s + window. Denied calls are not logged: the set never holds more than limit members.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
local id = ARGV[4]

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])

if count + permits > limit then
  -- the call fits once the (count + permits - limit) oldest permits have left the window
  local need = count + permits - limit
  local nth = redis.call('ZRANGE', KEYS[1], need - 1, need - 1, 'WITHSCORES')
  local retry = tonumber(nth[2]) + window - now
  return {0, limit - count, retry * 1000, limit}
end

for i = 1, permits do
  redis.call('ZADD', KEYS[1], now, id .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], window)
return {1, limit - count - permits, 0, limit}
