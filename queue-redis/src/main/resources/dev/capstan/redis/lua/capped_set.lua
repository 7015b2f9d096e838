-- A fragment, not a script: a script that says "-- include: capped_set.lua" gets this text in that
-- line's place when it is loaded (LuaScript.load). It has no KEYS or ARGV of its own.
-- The dead and cancelled sets are capped: scores are the server's time a job arrived, and only the
-- newest maxCount of the last maxAgeMs are kept, so a flood of failures cannot fill Redis.
-- trimCapped(key, now, maxCount, maxAgeMs) trims; addCapped(key, now, member, maxCount, maxAgeMs) adds
-- one member, then trims.
local function trimCapped(key, now, maxCount, maxAgeMs)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - tonumber(maxAgeMs)))
  local keep = tonumber(maxCount)
  if redis.call('ZCARD', key) > keep then
    redis.call('ZREMRANGEBYRANK', key, 0, -(keep + 1))
  end
end
local function addCapped(key, now, member, maxCount, maxAgeMs)
  redis.call('ZADD', key, now, member)
  trimCapped(key, now, maxCount, maxAgeMs)
end
