-- GCRA with bookings, for work that can wait (a throttled job): a call either takes a permit now or
-- books the next free one for its ticket (e.g. a job id), so every waiter gets a slot of its own and
-- asks exactly twice (book, then claim) instead of retrying against the others at every retry-after.
-- The TAT advances for a booking as for a grant, so bookings and plain GCRA calls on the same key
-- share one limit.
-- KEYS[1]  string: the TAT in microseconds of server time (the same key as gcra.lua)
-- KEYS[2]  sorted set: ticket -> booked time (microseconds of server time)
-- ARGV[1]  rate: permits per period
-- ARGV[2]  period in microseconds
-- ARGV[3]  burst: permits that may be granted at once (>= 1)
-- ARGV[4]  ticket
-- ARGV[5]  how early a booked ticket may claim its slot, in microseconds (clock and timer slack)
-- ARGV[6]  how long a booking is kept after its time if never claimed, in microseconds
-- Returns {granted 0|1, wait in microseconds (0 when granted), booked 0|1}.
local interval = tonumber(ARGV[2]) / tonumber(ARGV[1])
local tolerance = tonumber(ARGV[3]) * interval
local ticket = ARGV[4]
local slack = tonumber(ARGV[5])
local keep = tonumber(ARGV[6])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local booked = redis.call('ZSCORE', KEYS[2], ticket)
if booked then
  booked = tonumber(booked)
  if booked <= now + slack then
    redis.call('ZREM', KEYS[2], ticket)
    return {1, 0, 0}
  end
  return {0, math.ceil(booked - now), 1}
end

local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then
  tat = now
end
local newTat = tat + interval
local allowAt = newTat - tolerance
-- integers as %.0f: tostring would keep only 14 significant digits of a 16-digit time
redis.call('SET', KEYS[1], string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1)
if allowAt <= now then
  return {1, 0, 0}
end

redis.call('ZADD', KEYS[2], string.format('%.0f', allowAt), ticket)
-- bookings never claimed (the job was deleted) are dropped once well past their time
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now - keep))
redis.call('PEXPIRE', KEYS[2], math.ceil((allowAt - now + keep) / 1000) + 1)
return {0, math.ceil(allowAt - now), 1}
