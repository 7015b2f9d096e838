-- Patches some fields of a flag (creating it switched off at 100% rollout if it does not exist),
-- bumps its version and announces the change.
-- KEYS[1]  the flag's hash
-- ARGV[1]  invalidation channel
-- ARGV[2]  flag name (the message published on the channel)
-- ARGV[3]  n: the number of field/value pairs to set
-- ARGV[4 .. 3+2n]  field/value pairs to set
-- ARGV[4+2n ..]    fields to delete
-- Returns the new version.
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'enabled', '0', 'rollout', '100')
end
local setCount = tonumber(ARGV[3])
local firstDelete = 4 + 2 * setCount
for i = 4, firstDelete - 1, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
for i = firstDelete, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'updatedAt', string.format('%d', now))
redis.call('PUBLISH', ARGV[1], ARGV[2])
return version
