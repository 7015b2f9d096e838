-- Asks for a running job to be cancelled: records the request where the job's worker looks for it
-- (at start, at every settle step, at its heartbeat), and on the job's status. Old requests (for jobs
-- that finished before their worker saw the request) are trimmed here.
-- KEYS[1] cancel requests of the queue (sorted set: job id -> time of the request)
-- KEYS[2] status hash of the job, or KEYS[1] when the job has none
-- ARGV[1] job id
-- ARGV[2] '1' if KEYS[2] is a real status hash
-- ARGV[3] how long a request is kept, ms
-- Returns 1 when recorded, 0 when the job's status says it has already finished.
-- include: job_status.lua
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[2] == '1' then
  local state = redis.call('HGET', KEYS[2], 'state')
  if state == 'succeeded' or state == 'dead' or state == 'cancelled' then
    return 0
  end
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[3])))
if ARGV[2] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then
  remember(KEYS[2], now .. ' cancel-requested')
  redis.call('HSET', KEYS[2], 'cancel', '1', 'updated', now)
end
return 1
