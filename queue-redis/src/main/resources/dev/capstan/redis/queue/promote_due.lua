-- Move due jobs (run-at <= the server's now) from the scheduled set to the back of the queue.
-- Atomic: a job is either still scheduled or in the queue, never both and never neither, so
-- several promoters may race on the same set without duplicates. Key types are checked before
-- anything is written (a script error after a write keeps that write): with a wrong-type pending
-- list every job stays scheduled.
-- KEYS[1] scheduled sorted set of the queue
-- KEYS[2] pending list of the queue
-- ARGV[1] max jobs to move in this call
-- Returns { moved count, score of the earliest job still scheduled or -1 }, or a WRONGTYPE error naming the key.
-- include: wrong_type.lua
local err = wrongType(KEYS[1], 'zset') or wrongType(KEYS[2], 'list')
if err then
  return redis.error_reply(err .. '; no job was moved')
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for i = 1, #due do
  redis.call('LPUSH', KEYS[2], due[i]) -- the job's new place first, then the old one goes
  redis.call('ZREM', KEYS[1], due[i])
end
local next = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local nextScore = -1
if #next > 0 then
  nextScore = next[2]
end
return { #due, nextScore }
