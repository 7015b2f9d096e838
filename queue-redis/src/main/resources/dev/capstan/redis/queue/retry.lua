-- Move failed or deferred jobs from a processing list into the scheduled set, to run again at their
-- retry time, and announce the earliest of those times on the promoters' wake-up channel (without
-- it a sleeping promoter would see the job only at its next periodic look, up to a second late:
-- that halved the rate of throttled job types).
-- A job is moved only if it is still in the processing list, so a job the reaper already returned
-- is not scheduled twice. Key types are checked before anything is written (a script error after a
-- write keeps that write): with a wrong-type key every job stays in its processing list.
-- KEYS[1] processing list of the worker for this queue
-- KEYS[2] scheduled sorted set of the queue
-- ARGV[1] wake-up channel of the promoters ('' = do not announce)
-- ARGV[2] queue name (the announcement is "queue runAt")
-- ARGV[3..] triples: (element as fetched, element to schedule, run-at epoch ms)
-- Returns how many were moved, or a WRONGTYPE error naming the key (nothing moved).
-- include: wrong_type.lua
local err = wrongType(KEYS[1], 'list') or wrongType(KEYS[2], 'zset')
if err then
  return redis.error_reply(err .. '; no job was moved')
end
local moved = 0
local earliest = nil
for i = 3, #ARGV, 3 do
  if redis.call('LPOS', KEYS[1], ARGV[i], 'RANK', -1) then
    redis.call('ZADD', KEYS[2], ARGV[i + 2], ARGV[i + 1]) -- the job's new place first, then the old one goes
    redis.call('LREM', KEYS[1], -1, ARGV[i])
    moved = moved + 1
    local runAt = tonumber(ARGV[i + 2])
    if earliest == nil or runAt < earliest then
      earliest = runAt
    end
  end
end
if earliest ~= nil and ARGV[1] ~= '' then
  redis.call('PUBLISH', ARGV[1], ARGV[2] .. ' ' .. string.format('%.0f', earliest))
end
return moved
