-- Registers jobs as members of a batch before they are enqueued, counting each id once (a retried
-- add of the same ids counts nothing twice).
-- KEYS[1] batch info hash
-- KEYS[2] batch members hash (job id -> 'p' pending | final outcome)
-- ARGV job ids
-- Returns how many ids were new, -1 when the batch is already complete, -2 when it does not exist.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -2
end
if redis.call('HEXISTS', KEYS[1], 'completedAt') == 1 then
  return -1
end
local added = 0
for i = 1, #ARGV do
  added = added + redis.call('HSETNX', KEYS[2], ARGV[i], 'p')
end
if added > 0 then
  redis.call('HINCRBY', KEYS[1], 'total', added)
  redis.call('HINCRBY', KEYS[1], 'pending', added)
end
return added
