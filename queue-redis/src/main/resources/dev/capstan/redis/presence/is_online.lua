-- Is a member alive, by the server clock?
-- KEYS[1] sorted set of members of the group (score = expiry, epoch ms)
-- ARGV[1] member id
-- Returns 1 if its expiry is in the future, else 0.
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiry then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(expiry) > now then
  return 1
end
return 0
