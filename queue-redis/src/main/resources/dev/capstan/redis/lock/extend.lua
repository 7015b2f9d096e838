-- Resets the lease of the lock only if it is still held with the given token.
-- KEYS[1] lock key
-- ARGV[1] token  (of the lease being extended)
-- ARGV[2] lease  (milliseconds from now)
-- Returns 1 when extended, 0 when the token did not match (lease already lost).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
