-- Enqueue many jobs in one round trip: some to run now, some at a time.
-- Key types are checked before anything is written: a script error after a write keeps that write,
-- and a call that fails half-way would make its caller enqueue the written half twice.
-- KEYS[1] pending list of the queue (consumers take from the right, so LPUSH is the back of the line)
-- KEYS[2] scheduled sorted set of the queue (score = run-at, epoch ms)
-- ARGV[1] n: how many of the following elements run now
-- ARGV[2 .. n+1] encoded jobs to run now
-- ARGV[n+2 ..] pairs of (run-at ms, encoded job) for the scheduled set
-- Returns the number of jobs written, or a WRONGTYPE error naming the key (nothing written).
-- include: wrong_type.lua
local n = tonumber(ARGV[1])
local err = (n > 0 and wrongType(KEYS[1], 'list')) or (#ARGV > n + 1 and wrongType(KEYS[2], 'zset'))
if err then
  return redis.error_reply(err .. '; no job was written')
end
local chunk = {}
for i = 2, n + 1 do
  chunk[#chunk + 1] = ARGV[i]
  if #chunk == 1000 then
    redis.call('LPUSH', KEYS[1], unpack(chunk))
    chunk = {}
  end
end
if #chunk > 0 then
  redis.call('LPUSH', KEYS[1], unpack(chunk))
end
local written = n
for i = n + 2, #ARGV, 2 do
  redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
  written = written + 1
end
return written
