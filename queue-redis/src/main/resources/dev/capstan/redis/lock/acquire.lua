-- Takes the lock when it is free and hands out the next fencing token, atomically.
-- KEYS[1] lock key   (value: the holder's random token; TTL: the lease)
-- KEYS[2] fence key  (an ever-increasing counter without TTL, same hash slot as the lock key)
-- ARGV[1] token      (random, unique to this acquisition)
-- ARGV[2] lease      (milliseconds)
-- Returns {1, fencingToken} when acquired, {0, pttl of the current holder} otherwise
-- (pttl -1: the key has no expiry; -2: it vanished between the two calls).
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local fence = redis.call('INCR', KEYS[2])
  return {1, fence}
end
return {0, redis.call('PTTL', KEYS[1])}
