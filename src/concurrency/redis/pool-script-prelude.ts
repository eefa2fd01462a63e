/**
 * The prelude of every pool script of the Redis pool backend. Each runs atomically in Redis, so a grant never
 * races another process's grant. Time comes from `redis.call('TIME')` only, never a client clock
 * (allowed before writes since Redis 5's effect replication).
 *
 * Every pool script takes KEYS = cfg, leases, waiters, waiter-expiry (one hash tag) and
 * ARGV = pool id, grant channel prefix, lease TTL (ms), the level the caller knows (0: none),
 * then its own arguments from ARGV[5].
 *
 * The line of waiters is cluster-wide: ZSET `waiters`, score -priority, member
 * `<16-digit seq>|<waiter id>` where seq comes from HINCRBY (arrival order at Redis), so equal
 * scores sort FIFO by member. A permit is handed to the head waiter *inside* the script that frees
 * it (release, cancel, resize, sweep of an expired lease), and the grant is published to the
 * waiter's process (`<prefix>:grants:<process id>`, message `<waiter id> <pool id> <level> <lease
 * expiry>`, the expiry in Redis time: the fencing check of the receiver): a grant costs
 * the releaser's one script and no extra round trip for the waiter. Pub/sub can drop messages on a
 * reconnect, so each process's heartbeat (`tick`) also reports its waiters that were granted.
 */
export const PRELUDE = `
local cfg, leases, waiters, wexp = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local pool, channelPrefix, ttl, knownLevel = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', cfg, 'level', 'holdUntil')
local level = state[1] and tonumber(state[1])
local holdUntil = state[2] and tonumber(state[2]) or 0
-- A caller that knows the level while Redis has none: Redis lost this pool (restart, flush). Grants
-- pause while every live process re-adds its held leases (each does at once on reconnecting, and
-- at its next heartbeat): no overshoot. Bounded apart from the (long) lease TTL.
if not level and knownLevel > 0 then
  level = knownLevel
  holdUntil = now + math.min(ttl, 3000)
  redis.call('HSET', cfg, 'level', level, 'holdUntil', holdUntil)
end
level = level or 0
-- Expired leases go on every call (a crashed process's permits); expired waiters (a crashed
-- process's places in line) in the heartbeat and stats, which every live waiter's process runs.
local function sweep()
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
end
local function sweepWaiters()
  local dead = redis.call('ZRANGEBYSCORE', wexp, '-inf', now, 'LIMIT', 0, 200)
  if #dead > 0 then
    redis.call('ZREM', waiters, unpack(dead))
    redis.call('ZREM', wexp, unpack(dead))
  end
end
local function freePermits()
  if now < holdUntil then return 0 end
  return level - redis.call('ZCARD', leases)
end
-- Hands free permits to the line, head first. Grants to \`preferred\` (the releasing process) are
-- returned in the reply instead of published: no pub/sub hop for those.
local function dispatch(preferred)
  local free = freePermits()
  local mine = {}
  while free > 0 do
    local head = redis.call('ZRANGE', waiters, 0, 0)
    if #head == 0 then break end
    local pick = head[1]
    redis.call('ZREM', waiters, pick)
    redis.call('ZREM', wexp, pick)
    local id = string.sub(pick, 18)
    redis.call('ZADD', leases, now + ttl, id)
    local owner = string.match(id, '^(.*)/[^/]*$')
    if owner == preferred then
      mine[#mine + 1] = id
    else
      redis.call('PUBLISH', channelPrefix .. owner, id .. ' ' .. pool .. ' ' .. level .. ' ' .. (now + ttl))
    end
    free = free - 1
  end
  return free, mine
end
`;
