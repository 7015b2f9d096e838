-- Forget a worker's processing list once it is empty (after the reaper emptied it).
-- KEYS[1] processing list of the worker for this queue
-- KEYS[2] set of worker ids that have a processing list for this queue
-- ARGV[1] worker id
-- Returns 1 if the worker was forgotten, 0 if its list still holds jobs.
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[1])
  return 1
end
return 0
