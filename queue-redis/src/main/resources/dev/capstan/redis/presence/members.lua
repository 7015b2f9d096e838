-- List members by liveness, by the server clock, and forget members silent for too long.
-- KEYS[1] sorted set of members of the group (score = expiry, epoch ms)
-- ARGV[1] 'online' (expiry > now) or 'silent' (expired, but within ARGV[2] ms ago)
-- ARGV[2] for 'silent': how far back to look, ms
-- ARGV[3] forget members whose expiry is older than this many ms ago
-- Returns the member ids.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[3])))
if ARGV[1] == 'online' then
  return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
end
return redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[2]), now)
