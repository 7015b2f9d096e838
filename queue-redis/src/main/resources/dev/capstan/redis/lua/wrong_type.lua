-- A fragment, not a script: a script that says "-- include: wrong_type.lua" gets this text in that
-- line's place when it is loaded (LuaScript.load). It has no KEYS or ARGV of its own.
-- wrongType(key, want): nil when the key is absent or of the type wanted, else the start of a
-- WRONGTYPE error naming the key (the caller adds what it did not do). Scripts check every key's type
-- before their first write, because a script error after a write keeps that write.
local function wrongType(key, want)
  local actual = redis.call('TYPE', key)['ok']
  if actual ~= 'none' and actual ~= want then
    return 'WRONGTYPE key ' .. key .. ' holds a ' .. actual .. ', not a ' .. want
  end
  return nil
end
