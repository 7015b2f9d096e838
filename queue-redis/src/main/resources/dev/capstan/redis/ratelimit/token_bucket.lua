-- Token bucket rate limiter: a bucket of ARGV[1] tokens refilled continuously at ARGV[2] tokens per
-- ARGV[3] microseconds; a call takes ARGV[4] tokens or is denied without taking any.
-- KEYS[1]  hash of one limiter key: tk = tokens left (fractional), ts = time (us) they were counted
-- ARGV[1]  capacity (tokens; also the largest burst)
-- ARGV[2]  refill tokens per period
-- ARGV[3]  refill period in microseconds
-- ARGV[4]  permits (tokens) asked for
-- Returns {allowed 0|1, remaining whole tokens, retry after in microseconds, capacity}.
-- A missing key is a full bucket, so the key expires once the bucket would be full again.
local capacity = tonumber(ARGV[1])
local perMicro = tonumber(ARGV[2]) / tonumber(ARGV[3])
local permits = tonumber(ARGV[4])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local state = redis.call('HMGET', KEYS[1], 'tk', 'ts')
local tokens = tonumber(state[1])
local last = tonumber(state[2])
if tokens == nil or last == nil then
  tokens = capacity
else
  -- a clock that stepped back must not take tokens away
  tokens = math.min(capacity, tokens + math.max(0, now - last) * perMicro)
end

if tokens < permits then
  local retry = math.ceil((permits - tokens) / perMicro)
  return {0, math.floor(tokens), retry, capacity}
end

tokens = tokens - permits
redis.call('HSET', KEYS[1], 'tk', string.format('%.17g', tokens), 'ts', string.format('%.0f', now))
local untilFull = math.ceil((capacity - tokens) / perMicro / 1000) + 1
redis.call('PEXPIRE', KEYS[1], untilFull)
return {1, math.floor(tokens), 0, capacity}
