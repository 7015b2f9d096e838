-- Moves a session to a new id in one step: the old id stops working at the instant the new one
-- starts. Counts as an access: the idle expiry restarts (never past the absolute deadline).
-- Both keys share one hash tag (the new id keeps the old id's routing prefix), so RENAME is legal
-- in Redis Cluster.
-- KEYS[1]  the session's current hash
-- KEYS[2]  the hash under the new id
-- ARGV     none
-- Returns {1, field, value, ...} (the moved session, like HGETALL) on success,
-- {0} if the session does not exist (or reached its deadline), {-1} if the new id is taken.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0}
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {-1}
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
  return {0}
end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], 'm:accessed', string.format('%d', now))
redis.call('PEXPIRE', KEYS[2], ttl)
local result = redis.call('HGETALL', KEYS[2])
table.insert(result, 1, 1)
return result
