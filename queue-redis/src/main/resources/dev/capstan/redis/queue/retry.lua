-- Move failed jobs from a processing list into the scheduled set, to run again at their retry time.
-- A job is moved only if it is still in the processing list, so a job the reaper already returned
-- is not scheduled twice.
-- KEYS[1] processing list of the worker for this queue
-- KEYS[2] scheduled sorted set of the queue
-- ARGV triples: (element as fetched, element to schedule, run-at epoch ms)
-- Returns how many were moved.
local moved = 0
for i = 1, #ARGV, 3 do
  if redis.call('LREM', KEYS[1], -1, ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[2], ARGV[i + 2], ARGV[i + 1])
    moved = moved + 1
  end
end
return moved
