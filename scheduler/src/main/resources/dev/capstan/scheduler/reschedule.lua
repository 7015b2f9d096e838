-- Change the run-at of one delayed or retry job: replace its element (which records the run-at)
-- and its score together.
-- KEYS[1] scheduled sorted set of the queue
-- ARGV[1] the element exactly as stored now
-- ARGV[2] the element with the new run-at
-- ARGV[3] the new run-at, epoch ms (the score)
-- Returns 1 if rescheduled, 0 if it was no longer scheduled.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
  return 1
end
return 0
