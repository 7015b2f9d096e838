-- Acknowledge a job with an idempotency key, record its completion and release the key's lock,
-- atomically: either all happen or none, so a completed key is never run again and a recorded key
-- always finished. Only the lock's holder may do it: a copy whose lock is gone (its worker was
-- declared dead and the job recovered, or the lease ran out) must not record over the other copy.
-- KEYS[1] processing list of the worker for this queue
-- KEYS[2] completion record of the idempotency key (ns:{q}:completed:KEY)
-- KEYS[3] lock of the key (ns:{q}:keylock:KEY)
-- ARGV[1] the element as fetched
-- ARGV[2] job id
-- ARGV[3] how long to keep the completion record, ms
-- ARGV[4] the lock's value as taken by this copy ("<worker id> <job id> <fencing token>")
-- Returns 1 if recorded and the element was in the processing list, 0 if recorded but the element
-- was gone, -1 if the lock is not held by this copy (nothing written).
if redis.call('GET', KEYS[3]) ~= ARGV[4] then
  return -1
end
local actual = redis.call('TYPE', KEYS[1])['ok']
if actual ~= 'none' and actual ~= 'list' then
  return redis.error_reply('WRONGTYPE key ' .. KEYS[1] .. ' holds a ' .. actual .. ', not a list; the job was not acknowledged')
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', tonumber(ARGV[3]))
local removed = redis.call('LREM', KEYS[1], -1, ARGV[1])
redis.call('DEL', KEYS[3])
return removed
