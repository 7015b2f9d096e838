-- Release idempotency-key locks: the holder after a run that did not complete the key (failure,
-- retry, shutdown), or the reaper for a worker it declared dead.
-- KEYS[1 ..] locks of the keys (ns:{q}:keylock:KEY), all of one queue
-- ARGV[1] 'exact': delete a lock whose value equals its ARGV; 'holder': whose value starts with it
-- ARGV[2 ..] per key, the exact value, or the prefix "<worker id> <job id> " of the dead holder
-- Returns how many locks were deleted.
local prefixMatch = ARGV[1] == 'holder'
local deleted = 0
for i = 1, #KEYS do
  local value = redis.call('GET', KEYS[i])
  local want = ARGV[i + 1]
  if value and (value == want or (prefixMatch and string.sub(value, 1, #want) == want)) then
    redis.call('DEL', KEYS[i])
    deleted = deleted + 1
  end
end
return deleted
