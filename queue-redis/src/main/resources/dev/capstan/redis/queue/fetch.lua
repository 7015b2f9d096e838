-- Move up to ARGV[1] jobs from the queue into one worker's processing list, atomically, oldest first.
-- A job is never only in memory: until it is acknowledged it stays in the processing list, where the
-- reaper finds it if the worker dies.
-- KEYS[1] pending list of the queue
-- KEYS[2] processing list of the worker for this queue
-- KEYS[3] set of worker ids that have a processing list for this queue
-- ARGV[1] max jobs to move
-- ARGV[2] worker id
-- Returns the moved elements (possibly empty).
local max = tonumber(ARGV[1])
local moved = {}
for i = 1, max do
  local element = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
  if not element then
    break
  end
  moved[#moved + 1] = element
end
if #moved > 0 then
  redis.call('SADD', KEYS[3], ARGV[2])
end
return moved
