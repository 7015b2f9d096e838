-- Renew the leases of the idempotency-key locks one worker holds in one queue (on its heartbeat).
-- A lock whose value is no longer the holder's (expired and taken, or deleted by the reaper that
-- declared the worker dead) is not touched: the worker must stop that job (it was fenced off).
-- KEYS[1 ..] locks of the keys (ns:{q}:keylock:KEY), all of one queue
-- ARGV[1] lease, ms
-- ARGV[2 ..] the value each lock must still hold, in the order of KEYS
-- Returns a list with, per key, 1 if renewed or 0 if the lock is no longer held with that value.
local lease = tonumber(ARGV[1])
local result = {}
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[i + 1] then
    redis.call('PEXPIRE', KEYS[i], lease)
    result[i] = 1
  else
    result[i] = 0
  end
end
return result
