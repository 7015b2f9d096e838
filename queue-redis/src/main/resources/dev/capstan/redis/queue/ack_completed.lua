-- Acknowledge a job with an idempotency key and record its completion, atomically: either both
-- happen or neither, so a completed key is never run again and a recorded key always finished.
-- KEYS[1] processing list of the worker for this queue
-- KEYS[2] completion record of the idempotency key (ns:{q}:completed:KEY)
-- ARGV[1] the element as fetched
-- ARGV[2] job id
-- ARGV[3] how long to keep the completion record, ms
-- Returns 1 if the element was still in the processing list, else 0 (the completion is recorded either way).
local removed = redis.call('LREM', KEYS[1], -1, ARGV[1])
redis.call('SET', KEYS[2], ARGV[2], 'PX', tonumber(ARGV[3]))
return removed
