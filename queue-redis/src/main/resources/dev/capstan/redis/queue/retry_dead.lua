-- Move dead jobs back to the back of their queue (a manual retry from the admin API).
-- KEYS[1] dead sorted set of the queue
-- KEYS[2] pending list of the queue
-- ARGV pairs: (element as stored in the dead set, element to enqueue)
-- Returns how many were moved.
local moved = 0
for i = 1, #ARGV, 2 do
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    redis.call('LPUSH', KEYS[2], ARGV[i + 1])
    moved = moved + 1
  end
end
return moved
