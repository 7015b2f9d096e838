-- Record that a member is alive until now + ttl (server clock), with optional info fields.
-- KEYS[1] sorted set of members of the group (score = expiry, epoch ms)
-- KEYS[2] info hash of this member (same hash tag as KEYS[1])
-- ARGV[1] member id
-- ARGV[2] ttl, ms
-- ARGV[3 ..] field/value pairs replacing the member's info (none: keep the info as it is)
-- Returns { new expiry, previous expiry or -1 if the member was not in the group, server now }, epoch ms:
-- a previous expiry before now means the member was silent past its ttl (others may have taken it for dead).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local expiry = now + ttl
local previous = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], expiry, ARGV[1])
if #ARGV > 2 then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[2], unpack(ARGV, 3))
end
redis.call('PEXPIRE', KEYS[2], ttl)
if previous then
  previous = tonumber(previous)
else
  previous = -1
end
return { expiry, previous, now }
