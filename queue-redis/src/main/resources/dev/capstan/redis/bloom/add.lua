--[[
Sets the bits of a batch of items in a Bloom filter, after checking (or, on first use, storing)
the filter's parameters, so that a filter is never written with positions of another shape.

KEYS[1]   bits key: a string used as the bit array (SETBIT grows it on demand)
KEYS[2]   parameters key: a hash {bits, hashes, scheme} stored beside the bit array
ARGV[1]   bits (m)
ARGV[2]   hashes (k)
ARGV[3]   position scheme
ARGV[4..] bit positions, k per item, item after item (computed by the client)

Returns {1, flags}: flags has one character per item, '1' when at least one of its bits was 0
        (the item was certainly new), '0' when all its bits were already set;
     or {0, stored bits, stored hashes, stored scheme} when the stored parameters differ
        (nothing is written then).
]]
local stored = redis.call('HMGET', KEYS[2], 'bits', 'hashes', 'scheme')
if stored[1] then
  if stored[1] ~= ARGV[1] or stored[2] ~= ARGV[2] or stored[3] ~= ARGV[3] then
    return {0, stored[1], stored[2] or '', stored[3] or ''}
  end
else
  redis.call('HSET', KEYS[2], 'bits', ARGV[1], 'hashes', ARGV[2], 'scheme', ARGV[3])
end

local k = tonumber(ARGV[2])
local flags = {}
local item = 0
for first = 4, #ARGV, k do
  local new = '0'
  for i = first, first + k - 1 do
    if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then
      new = '1'
    end
  end
  item = item + 1
  flags[item] = new
end
return {1, table.concat(flags)}
