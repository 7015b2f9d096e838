-- A member leaves the group now (clean shutdown).
-- KEYS[1] sorted set of members of the group
-- KEYS[2] info hash of this member
-- ARGV[1] member id
-- Returns 1 if the member was present.
redis.call('DEL', KEYS[2])
return redis.call('ZREM', KEYS[1], ARGV[1])
