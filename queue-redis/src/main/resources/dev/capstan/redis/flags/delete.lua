-- Deletes a flag and announces the change.
-- KEYS[1]  the flag's hash
-- ARGV[1]  invalidation channel
-- ARGV[2]  flag name (the message published on the channel)
-- Returns 1 if the flag existed, else 0.
local existed = redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return existed
