-- Removes an outbox entry once it has been carried out, only if it is still the entry that was
-- processed (the job may have finished again meanwhile, e.g. retried by hand from the dead set,
-- and left a newer entry that must not be lost).
-- KEYS[1] outbox of the queue
-- ARGV[1] job id
-- ARGV[2] the entry as it was read
-- Returns 1 when removed, else 0.
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
