-- Records a running tracked job's progress in its status (only while it has one: an expired or
-- deleted status is not brought back half-filled).
-- KEYS[1] status hash of the job
-- ARGV[1] progress: '<percent> <message>'
-- Returns 1 when recorded, else 0.
if redis.call('HGET', KEYS[1], 'state') ~= 'running' then
  return 0
end
redis.call('HSET', KEYS[1], 'progress', ARGV[1])
return 1
