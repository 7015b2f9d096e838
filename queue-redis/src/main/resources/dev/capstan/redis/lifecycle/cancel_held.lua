-- Cancels a flow parent that is still waiting for its children: it will not run. Its children run
-- on; their reports later find the parent cancelled and change nothing.
-- KEYS[1] status hash of the parent (which holds its element while it waits)
-- KEYS[2] outbox of the queue
-- KEYS[3] cancelled set of the queue
-- ARGV[1] job id
-- ARGV[2] channel on which to publish the job id if someone awaits it
-- ARGV[3] cancelled set max count, ARGV[4] cancelled set max age ms
-- Returns 1 when cancelled, 0 when the job was not waiting for children.
-- include: job_status.lua
-- include: capped_set.lua
if redis.call('HGET', KEYS[1], 'state') ~= 'waiting-children' then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
addCapped(KEYS[3], now, redis.call('HGET', KEYS[1], 'element'), ARGV[3], ARGV[4])
endHeld(KEYS[1], KEYS[2], ARGV[1], ARGV[2], now, 'cancelled', 'cancelled')
return 1
