-- Acknowledge finished jobs: remove them from the worker's processing list.
-- Scans from the tail, where the oldest fetched (and so usually the first finished) jobs are.
-- KEYS[1] processing list of the worker for this queue
-- ARGV[1 ..] the exact elements as fetched
-- Returns how many were found and removed (fewer means the reaper already returned some to the queue).
local removed = 0
for i = 1, #ARGV do
  removed = removed + redis.call('LREM', KEYS[1], -1, ARGV[i])
end
return removed
