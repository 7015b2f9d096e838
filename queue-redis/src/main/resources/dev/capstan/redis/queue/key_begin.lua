-- Before a job with an idempotency key runs: skip it if the key completed, wait if another copy
-- holds the key's lock, else take the lock. The lock lives in the queue's slot, holds
-- "<worker id> <job id> <fencing token>" and has a short lease that the holder's heartbeat renews
-- (key_renew.lua); the reaper deletes it when it declares the holder dead (key_release.lua).
-- The fencing token comes from one counter per queue, so it grows with every lock taken in the queue.
-- KEYS[1] completion record of the key (ns:{q}:completed:KEY)
-- KEYS[2] lock of the key (ns:{q}:keylock:KEY)
-- KEYS[3] fencing counter of the queue's key locks (ns:{q}:keyfence)
-- ARGV[1] worker id
-- ARGV[2] job id
-- ARGV[3] lease, ms
-- Returns { 'done', id of the job that completed the key } | { 'busy', holder } | { 'locked', holder }
-- where holder is the lock's value "<worker id> <job id> <fencing token>".
local done = redis.call('GET', KEYS[1])
if done then
  return { 'done', done }
end
local holder = redis.call('GET', KEYS[2])
if holder then
  return { 'busy', holder }
end
local fence = redis.call('INCR', KEYS[3])
local value = ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. fence
redis.call('SET', KEYS[2], value, 'PX', tonumber(ARGV[3]))
return { 'locked', value }
