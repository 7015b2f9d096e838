-- Deletes the lock only if it is still held with the given token, then tells waiters.
-- KEYS[1] lock key
-- ARGV[1] token    (of the lease being released)
-- ARGV[2] channel  (pub/sub channel waiters listen on; a channel, not a key)
-- ARGV[3] lock name (the message: which lock became free)
-- Returns 1 when released, 0 when the token did not match (lease already lost).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0
