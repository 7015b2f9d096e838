-- Return jobs from a processing list to the front of their queue (graceful shutdown, reaper recovery,
-- the reconciler returning jobs its worker never received). Key types are checked before anything is
-- written (a script error after a write keeps that write): with a wrong-type key nothing moves.
-- KEYS[1] processing list the jobs are in
-- KEYS[2] pending list of the queue (RPUSH = front of the line, taken next)
-- ARGV pairs: (element as in the processing list, element to put back)
-- Returns how many were moved, or a WRONGTYPE error naming the key (nothing moved).
-- include: wrong_type.lua
local err = wrongType(KEYS[1], 'list') or wrongType(KEYS[2], 'list')
if err then
  return redis.error_reply(err .. '; no job was moved')
end
local moved = 0
for i = 1, #ARGV, 2 do
  if redis.call('LPOS', KEYS[1], ARGV[i], 'RANK', -1) then
    redis.call('RPUSH', KEYS[2], ARGV[i + 1]) -- the job's new place first, then the old one goes
    redis.call('LREM', KEYS[1], -1, ARGV[i])
    moved = moved + 1
  end
end
return moved
