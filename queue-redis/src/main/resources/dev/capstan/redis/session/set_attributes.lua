-- Sets attributes of an existing session, keeping its expiry (a plain HSET on an expired session
-- would create a hash without a TTL that never goes away).
-- KEYS[1]  the session's hash
-- ARGV     attribute field/value pairs (fields already prefixed with 'a:')
-- Returns 1 if the session exists (and was changed), else 0.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i = 1, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1
