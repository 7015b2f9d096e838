-- Resolves a short code and logs the click, in one round trip: the link and its shard's click log
-- share a hash tag. Nothing is logged for an unknown or expired code.
-- KEYS[1] the link (string: the target URL, expiring with the link)
-- KEYS[2] the click log of the link's shard (stream)
-- ARGV[1] the code
-- ARGV[2] the visitor id
-- Returns { target URL, remaining ttl in ms or -1 for a link that never expires }, or nil when there is no such link.
local url = redis.call('GET', KEYS[1])
if not url then
  return false
end
redis.call('XADD', KEYS[2], '*', 'c', ARGV[1], 'v', ARGV[2])
return { url, redis.call('PTTL', KEYS[1]) }
