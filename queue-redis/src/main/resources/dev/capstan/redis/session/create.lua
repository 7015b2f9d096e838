-- Creates a session hash that expires after its idle timeout (or at its absolute deadline, if sooner).
-- KEYS[1]  the session's hash
-- ARGV[1]  idle timeout, ms (> 0)
-- ARGV[2]  maximum lifetime, ms (0 = none)
-- ARGV[3..] attribute field/value pairs (fields already prefixed with 'a:')
-- Returns the creation time in ms (server clock), or 0 if a session with this id already exists.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local idle = tonumber(ARGV[1])
local maxLifetime = tonumber(ARGV[2])
local deadline = 0
local ttl = idle
if maxLifetime > 0 then
  deadline = now + maxLifetime
  if maxLifetime < ttl then
    ttl = maxLifetime
  end
end
local nowText = string.format('%d', now)
redis.call('HSET', KEYS[1], 'm:created', nowText, 'm:accessed', nowText,
  'm:idle', ARGV[1], 'm:deadline', string.format('%d', deadline))
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ttl)
return now
