-- Move one delayed or retry job from the scheduled set to the back of its queue, now. Key types are
-- checked before anything is written: with a wrong-type key the job stays scheduled.
-- KEYS[1] scheduled sorted set of the queue
-- KEYS[2] pending list of the queue
-- ARGV[1] the element exactly as stored in the scheduled set
-- Returns 1 if moved, 0 if it was no longer scheduled (promoted, deleted or changed meanwhile), or a WRONGTYPE error naming the key.
local function wrongType(key, want)
  local actual = redis.call('TYPE', key)['ok']
  if actual ~= 'none' and actual ~= want then
    return 'WRONGTYPE key ' .. key .. ' holds a ' .. actual .. ', not a ' .. want .. '; no job was moved'
  end
  return nil
end
local err = wrongType(KEYS[1], 'zset') or wrongType(KEYS[2], 'list')
if err then
  return redis.error_reply(err)
end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('LPUSH', KEYS[2], ARGV[1]) -- the job's new place first, then the old one goes
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
