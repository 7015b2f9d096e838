-- A fragment, not a script: a script that says "-- include: status_history.lua" gets this text in that
-- line's place when it is loaded (LuaScript.load). It has no KEYS or ARGV of its own.
-- A tracked job's state history: one short field per transition ('t:N' -> 'epoch-ms state [detail]',
-- details cut to 40 characters so each stays small), the last 50 kept, in the job's status hash.
local function remember(key, entry)
  local n = redis.call('HINCRBY', key, 'transitions', 1)
  redis.call('HSET', key, 't:' .. (n - 1), entry)
  if n > 50 then
    redis.call('HDEL', key, 't:' .. (n - 51))
  end
end
local function short(text)
  return (string.gsub(string.sub(text, 1, 40), '\n', ' '))
end
