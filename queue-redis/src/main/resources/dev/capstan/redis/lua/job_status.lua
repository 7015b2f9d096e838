-- A fragment, not a script: a script that says "-- include: job_status.lua" gets this text in that
-- line's place when it is loaded (LuaScript.load). It has no KEYS or ARGV of its own.
-- remember(status, entry): a tracked job's state history, one short field per transition
-- ('t:N' -> 'epoch-ms state [detail]', details cut to 40 characters by short(text) so each stays
-- small), the last 50 kept, in the job's status hash.
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
-- endHeld(status, outbox, id, channel, now, outcome, err): a job that ends while its status hash holds
-- its element (a flow parent waiting for its children, which never ran) takes its final state and its
-- retention, wakes those who await it, and, when a batch or a flow parent must hear of it, leaves an
-- outbox entry in this slot for them.
local function endHeld(status, outbox, id, channel, now, outcome, err)
  local entry = now .. ' ' .. outcome
  if outcome ~= 'cancelled' then
    entry = entry .. ' ' .. short(err)
  end
  remember(status, entry)
  redis.call('HSET', status, 'state', outcome, 'updated', now, 'error', err)
  redis.call('HDEL', status, 'element')
  local keepMs = tonumber(redis.call('HGET', status, 'keep') or '0')
  if keepMs > 0 then
    redis.call('PEXPIRE', status, keepMs)
  end
  if redis.call('HGET', status, 'awaited') == '1' then
    redis.call('PUBLISH', channel, id)
  end
  local batch = redis.call('HGET', status, 'batch') or ''
  local parent = redis.call('HGET', status, 'parent') or ''
  if batch ~= '' or parent ~= '' then
    redis.call('HSET', outbox, id, cjson.encode({ o = outcome, at = now, b = batch, p = parent,
      f = redis.call('HGET', status, 'onFailure') or 'FAIL_PARENT', r = '', e = err }))
  end
end
