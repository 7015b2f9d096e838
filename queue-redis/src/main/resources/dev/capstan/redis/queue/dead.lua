-- Move jobs into the queue's dead set (out of attempts, poison pill, undecodable, unknown type),
-- then trim the dead set by count and age. Scores are the server's time of death.
-- Key types are checked before anything is written: a script error after a write keeps that write,
-- so a wrong-type dead set must fail the call while every job is still in its processing list.
-- KEYS[1] processing list the jobs are in
-- KEYS[2] dead sorted set of the queue
-- ARGV[1] max number of dead jobs to keep
-- ARGV[2] max age of dead jobs, ms
-- ARGV[3 ..] pairs: (element as fetched, element to store in the dead set)
-- Returns how many were moved, or a WRONGTYPE error naming the key (nothing moved).
-- include: wrong_type.lua
-- include: capped_set.lua
local err = wrongType(KEYS[1], 'list') or wrongType(KEYS[2], 'zset')
if err then
  return redis.error_reply(err .. '; no job was moved')
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local moved = 0
for i = 3, #ARGV, 2 do
  if redis.call('LPOS', KEYS[1], ARGV[i], 'RANK', -1) then
    redis.call('ZADD', KEYS[2], now, ARGV[i + 1]) -- the job's new place first, then the old one goes
    redis.call('LREM', KEYS[1], -1, ARGV[i])
    moved = moved + 1
  end
end
trimCapped(KEYS[2], now, ARGV[1], ARGV[2])
return moved
