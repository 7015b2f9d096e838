-- Counts a batch of logged clicks into per-link counters and visitor HyperLogLogs and removes the
-- batch from the log, atomically, so every click is counted exactly once: an aggregator that read
-- the same batch as another finds the log's head moved and counts nothing.
-- KEYS[1] the shard's click log (stream)
-- KEYS[2..] per link of the batch, three keys: the link, its click counter, its visitors (HLL)
-- ARGV[1] the id of the batch's first entry, which must still be the first of the log
-- ARGV[2] the id just after the batch's last entry (XTRIM MINID removes everything before it)
-- ARGV[3..] per link, in KEYS order: the number of clicks, the number n of distinct visitors, the n visitor ids
-- Returns the number of clicks counted, or -1 when the batch had already been taken.
local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
if #head == 0 or head[1][1] ~= ARGV[1] then
  return -1
end
local counted = 0
local arg = 3
for k = 2, #KEYS, 3 do
  local clicks = tonumber(ARGV[arg])
  local n = tonumber(ARGV[arg + 1])
  local ttl = redis.call('PTTL', KEYS[k])
  -- a link that expired before its clicks were counted takes them with it
  if ttl ~= -2 then
    redis.call('INCRBY', KEYS[k + 1], clicks)
    redis.call('PFADD', KEYS[k + 2], unpack(ARGV, arg + 2, arg + 1 + n))
    if ttl > 0 then
      redis.call('PEXPIRE', KEYS[k + 1], ttl)
      redis.call('PEXPIRE', KEYS[k + 2], ttl)
    end
    counted = counted + clicks
  end
  arg = arg + 2 + n
end
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[2])
return counted
