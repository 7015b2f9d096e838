-- Delete every waiting job of a queue and say how many there were, atomically.
-- KEYS[1] pending list of the queue
-- ARGV none
-- Returns the number of jobs deleted.
local n = redis.call('LLEN', KEYS[1])
redis.call('DEL', KEYS[1])
return n
