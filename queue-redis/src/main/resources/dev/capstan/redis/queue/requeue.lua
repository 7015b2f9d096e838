-- Return jobs from a processing list to the front of their queue (graceful shutdown, reaper recovery).
-- KEYS[1] processing list the jobs are in
-- KEYS[2] pending list of the queue (RPUSH = front of the line, taken next)
-- ARGV pairs: (element as in the processing list, element to put back)
-- Returns how many were moved.
local moved = 0
for i = 1, #ARGV, 2 do
  if redis.call('LREM', KEYS[1], -1, ARGV[i]) == 1 then
    redis.call('RPUSH', KEYS[2], ARGV[i + 1])
    moved = moved + 1
  end
end
return moved
