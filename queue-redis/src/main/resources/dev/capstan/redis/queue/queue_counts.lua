-- A queue's counts in one consistent look: waiting, the oldest waiting element (for the queue's
-- latency), in flight (summed over its workers' processing lists), scheduled and dead. Read one by
-- one, a job that moved between two reads was counted twice or not at all. Reads only. The caller
-- passes the processing lists of the workers it read from the workers set; if that set changed since
-- (a worker's first fetch), the answer says so and the caller may read it again. Key types are
-- checked first, so that a key of the wrong type is named.
-- KEYS[1] pending list of the queue
-- KEYS[2] scheduled sorted set of the queue
-- KEYS[3] dead sorted set of the queue
-- KEYS[4] set of worker ids that have a processing list for this queue
-- KEYS[5 ..] processing lists of those workers, in the order of ARGV
-- ARGV[1 ..] the worker ids whose processing lists are KEYS[5 ..]
-- Returns { waiting, oldest waiting element or false, in flight, scheduled, dead, current } where
-- current is 1 when the workers set is still the one passed (else 0: a processing list may be
-- missing from in flight), or a WRONGTYPE error naming the key.
-- include: wrong_type.lua
local err = wrongType(KEYS[1], 'list') or wrongType(KEYS[2], 'zset') or wrongType(KEYS[3], 'zset')
  or wrongType(KEYS[4], 'set')
for i = 5, #KEYS do
  err = err or wrongType(KEYS[i], 'list')
end
if err then
  return redis.error_reply(err .. '; nothing was counted')
end
local current = 1
if redis.call('SCARD', KEYS[4]) ~= #ARGV then
  current = 0
end
for i = 1, #ARGV do
  if current == 1 and redis.call('SISMEMBER', KEYS[4], ARGV[i]) == 0 then
    current = 0
  end
end
local inFlight = 0
for i = 5, #KEYS do
  inFlight = inFlight + redis.call('LLEN', KEYS[i])
end
return { redis.call('LLEN', KEYS[1]), redis.call('LINDEX', KEYS[1], -1), inFlight, redis.call('ZCARD', KEYS[2]),
  redis.call('ZCARD', KEYS[3]), current }
