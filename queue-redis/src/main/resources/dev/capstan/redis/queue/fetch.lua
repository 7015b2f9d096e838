-- Move up to ARGV[1] jobs from the queue into one worker's processing list, atomically, oldest first.
-- A job is never only in memory: until it is acknowledged it stays in the processing list, where the
-- reaper finds it if the worker dies. Same effect as ARGV[1] x LMOVE pending processing RIGHT LEFT,
-- in three commands whatever the batch size. Key types are checked before anything is written (a
-- script error after LTRIM would lose the jobs it took): with a wrong-type key nothing moves.
-- KEYS[1] pending list of the queue
-- KEYS[2] processing list of the worker for this queue
-- KEYS[3] set of worker ids that have a processing list for this queue
-- ARGV[1] max jobs to move
-- ARGV[2] worker id
-- Returns the moved elements, oldest first (possibly none), or a WRONGTYPE error naming the key.
-- include: wrong_type.lua
local max = tonumber(ARGV[1])
local taken = redis.call('LRANGE', KEYS[1], -max, -1) -- the oldest are at the right end
local n = #taken
if n == 0 then
  return {}
end
local err = wrongType(KEYS[2], 'list') or wrongType(KEYS[3], 'set')
if err then
  return redis.error_reply(err .. '; no job was moved')
end
redis.call('SADD', KEYS[3], ARGV[2])
local oldestFirst = {}
for i = n, 1, -1 do
  oldestFirst[#oldestFirst + 1] = taken[i]
end
-- LPUSH in oldest-first order leaves the most recently fetched at the left, as LMOVE would.
for i = 1, n, 1000 do
  redis.call('LPUSH', KEYS[2], unpack(oldestFirst, i, math.min(i + 999, n)))
end
redis.call('LTRIM', KEYS[1], 0, -n - 1)
return oldestFirst
