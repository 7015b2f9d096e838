-- GCRA (generic cell rate algorithm, the leaky bucket as a meter): one key holds the theoretical
-- arrival time (TAT) of the next permit; a call is granted if, after adding its cost to the TAT,
-- the TAT is at most burst emission intervals ahead of now.
-- KEYS[1]  string of one limiter key: the TAT in microseconds of server time
-- ARGV[1]  rate: permits per period
-- ARGV[2]  period in microseconds
-- ARGV[3]  burst: permits that may be granted at once (>= 1)
-- ARGV[4]  permits asked for
-- Returns {allowed 0|1, remaining, retry after in microseconds, burst}.
local interval = tonumber(ARGV[2]) / tonumber(ARGV[1])
local burst = tonumber(ARGV[3])
local permits = tonumber(ARGV[4])
local tolerance = burst * interval

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then
  tat = now
end

local newTat = tat + permits * interval
local allowAt = newTat - tolerance
if now < allowAt then
  local remaining = math.max(0, math.floor((now + tolerance - tat) / interval))
  return {0, remaining, math.ceil(allowAt - now), burst}
end

-- integers as %.0f: tostring would keep only 14 significant digits of a 16-digit time
redis.call('SET', KEYS[1], string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1)
local remaining = math.max(0, math.floor((now + tolerance - newTat) / interval))
return {1, remaining, 0, burst}
