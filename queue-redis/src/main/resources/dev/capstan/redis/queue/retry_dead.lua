-- Move dead jobs back to the back of their queue (a manual retry from the admin API). Key types are
-- checked before anything is written: with a wrong-type key every job stays in the dead set.
-- KEYS[1] dead sorted set of the queue
-- KEYS[2] pending list of the queue
-- ARGV pairs: (element as stored in the dead set, element to enqueue)
-- Returns how many were moved, or a WRONGTYPE error naming the key (nothing moved).
-- include: wrong_type.lua
local err = wrongType(KEYS[1], 'zset') or wrongType(KEYS[2], 'list')
if err then
  return redis.error_reply(err .. '; no job was moved')
end
local moved = 0
for i = 1, #ARGV, 2 do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('LPUSH', KEYS[2], ARGV[i + 1]) -- the job's new place first, then the old one goes
    redis.call('ZREM', KEYS[1], ARGV[i])
    moved = moved + 1
  end
end
return moved
