-- Reads a tracked job's status for someone who will wait for it to finish: while it has not
-- finished, marks it awaited, so that the script that finishes it publishes its id. Read and mark
-- in one step, so that a job finishing in between cannot be missed.
-- KEYS[1] status hash of the job
-- ARGV none
-- Returns the status hash as field, value, ... (empty when there is no status).
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return {}
end
if state ~= 'succeeded' and state ~= 'dead' and state ~= 'cancelled' then
  redis.call('HSET', KEYS[1], 'awaited', '1')
end
return redis.call('HGETALL', KEYS[1])
