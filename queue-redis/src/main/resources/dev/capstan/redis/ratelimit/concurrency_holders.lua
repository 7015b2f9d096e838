-- Concurrency limiter, holders: how many permits of one key are held right now (leases not expired).
-- KEYS[1]  sorted set of one limiter key: holder id -> lease expiry (ms of server time)
-- (no ARGV)
-- Returns the number of live holders. Read-only: expired members are only counted out, not removed.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.0f', now), '+inf')
