-- Slides a session's expiry: it now expires its idle timeout from now (never past its absolute deadline).
-- KEYS[1]  the session's hash
-- ARGV     none
-- Returns the session's fields and values (flat, like HGETALL) after the touch,
-- or an empty list if the session does not exist or has reached its deadline (it is then deleted).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local idle = tonumber(redis.call('HGET', KEYS[1], 'm:idle'))
local deadline = tonumber(redis.call('HGET', KEYS[1], 'm:deadline') or '0')
local ttl = idle
if deadline > 0 and deadline - now < ttl then
  ttl = deadline - now
end
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
  return {}
end
redis.call('HSET', KEYS[1], 'm:accessed', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], ttl)
return redis.call('HGETALL', KEYS[1])
