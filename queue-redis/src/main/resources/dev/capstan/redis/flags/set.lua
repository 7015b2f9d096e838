-- Replaces a flag's whole state, bumps its version and announces the change.
-- KEYS[1]  the flag's hash
-- ARGV[1]  invalidation channel
-- ARGV[2]  flag name (the message published on the channel)
-- ARGV[3..] field/value pairs of the new state (enabled, rollout, allow:<id>, deny:<id>)
-- Returns the new version.
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') + 1
redis.call('DEL', KEYS[1])
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'version', string.format('%d', version), 'updatedAt', string.format('%d', now))
redis.call('PUBLISH', ARGV[1], ARGV[2])
return version
