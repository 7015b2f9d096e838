--[[
Tests a batch of items against a Bloom filter, after checking its stored parameters. Read-only:
a filter that was never written answers "absent" for every item and is not created.

KEYS[1]   bits key: a string used as the bit array
KEYS[2]   parameters key: a hash {bits, hashes, scheme} stored beside the bit array
ARGV[1]   bits (m)
ARGV[2]   hashes (k)
ARGV[3]   position scheme
ARGV[4..] bit positions, k per item, item after item (computed by the client)

Returns {1, flags}: flags has one character per item, '1' when all its bits are set (the item
        might be present), '0' when one is not (the item is certainly absent);
     or {0, stored bits, stored hashes, stored scheme} when the stored parameters differ.
]]
local stored = redis.call('HMGET', KEYS[2], 'bits', 'hashes', 'scheme')
if stored[1] and (stored[1] ~= ARGV[1] or stored[2] ~= ARGV[2] or stored[3] ~= ARGV[3]) then
  return {0, stored[1], stored[2] or '', stored[3] or ''}
end

local k = tonumber(ARGV[2])
local flags = {}
local item = 0
for first = 4, #ARGV, k do
  local present = '1'
  for i = first, first + k - 1 do
    if redis.call('GETBIT', KEYS[1], ARGV[i]) == 0 then
      present = '0'
      break
    end
  end
  item = item + 1
  flags[item] = present
end
return {1, table.concat(flags)}
