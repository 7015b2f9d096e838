-- Move one delayed or retry job from the scheduled set to the back of its queue, now.
-- KEYS[1] scheduled sorted set of the queue
-- KEYS[2] pending list of the queue
-- ARGV[1] the element exactly as stored in the scheduled set
-- Returns 1 if moved, 0 if it was no longer scheduled (promoted, deleted or changed meanwhile).
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0
