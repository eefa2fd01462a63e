import { PRELUDE } from './pool-script-prelude';

/**
 * Re-bind, first step: takes waiters of this process out of the old pool's line in one atomic
 * step, so that the old pool grants none of them afterwards. ARGV[5..] pairs of member and
 * `release` (the waiter failed: a permit granted meanwhile goes back) or `keep` (it moves: a grant
 * made before this step stands, bounded by the permits free then). Returns per pair `withdrawn`,
 * `released`, `granted <lease expiry>` or `gone`; the permits given back go to the line once all are out.
 */
export const WITHDRAW_MANY_SCRIPT = `${PRELUDE}
local out, released = {}, false
for i = 5, #ARGV, 2 do
  local member, onGranted = ARGV[i], ARGV[i + 1]
  local id = string.sub(member, 18)
  if redis.call('ZREM', waiters, member) == 1 then
    redis.call('ZREM', wexp, member)
    out[#out + 1] = 'withdrawn'
  elseif redis.call('ZSCORE', leases, id) then
    if onGranted == 'release' then
      redis.call('ZREM', leases, id)
      released = true
      out[#out + 1] = 'released'
    else
      out[#out + 1] = 'granted ' .. redis.call('ZSCORE', leases, id)
    end
  else
    out[#out + 1] = 'gone'
  end
end
if released then
  sweep()
  dispatch()
end
return out
`;

/**
 * Re-bind, second step: queues moved waiters in the new pool's line in the order given (no queue
 * bound: a re-bind must not lose waiters); while the line is empty and permits are free, the first
 * ones are granted at once. ARGV[5..] pairs of waiter id and score (-priority). Returns per pair
 * `granted <lease expiry>` (lease id = waiter id) or the member it queued as.
 */
export const ENQUEUE_MANY_SCRIPT = `${PRELUDE}
sweep()
local free = dispatch()
local out = {}
for i = 5, #ARGV, 2 do
  local id, score = ARGV[i], ARGV[i + 1]
  if free > 0 then
    redis.call('ZADD', leases, now + ttl, id)
    free = free - 1
    out[#out + 1] = 'granted ' .. (now + ttl)
  else
    local member = string.format('%016d', redis.call('HINCRBY', cfg, 'wseq', 1)) .. '|' .. id
    redis.call('ZADD', waiters, score, member)
    redis.call('ZADD', wexp, now + ttl, member)
    out[#out + 1] = member
  end
end
return out
`;
