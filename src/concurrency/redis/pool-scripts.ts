import { PRELUDE } from './pool-script-prelude';

// The scripts of one pool's permits and line (keys and arguments: see the prelude).

/**
 * ARGV[5] waiter id, [6] score (-priority), [7] `wait` or `try`, [8] max queued (-1: no bound).
 * Returns {1, level, expiry} granted at once (lease id = waiter id), {0} none free (try), {2, queued}
 * queue full, {3, member} queued.
 */
export const ACQUIRE_SCRIPT = `${PRELUDE}
local id, score, mode, maxQueued = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
sweep()
if dispatch() > 0 then
  redis.call('ZADD', leases, now + ttl, id)
  return {1, level, now + ttl}
end
if mode == 'try' then return {0} end
local queued = redis.call('ZCARD', waiters)
if maxQueued >= 0 and queued >= maxQueued then return {2, queued} end
local member = string.format('%016d', redis.call('HINCRBY', cfg, 'wseq', 1)) .. '|' .. id
redis.call('ZADD', waiters, score, member)
redis.call('ZADD', wexp, now + ttl, member)
return {3, member}
`;

/**
 * ARGV[5] lease id, [6] the releasing process. Returns {1 when the lease was held (and is now
 * returned) else 0, the level, the expiry of leases granted now, then the ids of waiters of that
 * process granted}.
 */
export const RELEASE_SCRIPT = `${PRELUDE}
local removed = redis.call('ZREM', leases, ARGV[5])
sweep()
local _, mine = dispatch(ARGV[6] ~= '' and ARGV[6] or nil)
return {removed, level, now + ttl, unpack(mine)}
`;

/**
 * Takes a waiter out of the line. ARGV[5] waiter id, [6] member, [7] `release` to give back a
 * permit granted meanwhile (abort, timeout) or `keep` (re-bind: the grant stands).
 * Returns `withdrawn`, `released`, `granted` or `gone`.
 */
export const WITHDRAW_SCRIPT = `${PRELUDE}
local id, member, onGranted = ARGV[5], ARGV[6], ARGV[7]
if redis.call('ZREM', waiters, member) == 1 then
  redis.call('ZREM', wexp, member)
  return 'withdrawn'
end
if redis.call('ZSCORE', leases, id) then
  if onGranted == 'release' then
    redis.call('ZREM', leases, id)
    sweep()
    dispatch()
    return 'released'
  end
  return 'granted'
end
return 'gone'
`;

/**
 * The heartbeat of one process for one pool: renews its leases and waiters (TTL from now), then
 * sweeps what expired and hands out what that freed. ARGV[5] number of leases n, [6] `restore` to
 * re-add missing leases (Redis lost its data) or `renew`, then n lease ids, then waiter members.
 * Returns {Redis time (ms), lost lease ids..., '#', then per member: `waiting`, `granted` or `gone`};
 * every lease renewed or granted here expires at time + TTL.
 */
export const TICK_SCRIPT = `${PRELUDE}
local n, restore = tonumber(ARGV[5]), ARGV[6] == 'restore'
local out = {tostring(now)}
for i = 7, 6 + n do
  local id = ARGV[i]
  if redis.call('ZSCORE', leases, id) then
    redis.call('ZADD', leases, 'XX', now + ttl, id)
  elseif restore then
    redis.call('ZADD', leases, now + ttl, id)
  else
    out[#out + 1] = id
  end
end
out[#out + 1] = '#'
for i = 7 + n, #ARGV do
  local member = ARGV[i]
  local id = string.sub(member, 18)
  if redis.call('ZSCORE', waiters, member) then
    redis.call('ZADD', wexp, 'XX', now + ttl, member)
    out[#out + 1] = 'waiting'
  elseif redis.call('ZSCORE', leases, id) then
    redis.call('ZADD', leases, 'XX', now + ttl, id)
    out[#out + 1] = 'granted'
  else
    out[#out + 1] = 'gone'
  end
end
sweep()
sweepWaiters()
dispatch()
return out
`;

/**
 * ARGV[5] the new level: applies at once, preempts nobody (grants resume below it). Known level 0.
 * ARGV[6] the calling process, [7] the configuration version the level is in effect at: an older
 * one than the pool's (two processes applying levels in effect at once) changes nothing. Returns
 * {1 when the level went down else 0, then the other processes holding permits of the pool}: they
 * may be passing a permit on within its slice (see \`SLICE_ACKS_SCRIPT\`), which a lower level must
 * stop before the change counts as applied.
 */
export const CONFIGURE_SCRIPT = `${PRELUDE}
local at = tonumber(ARGV[7])
if at < tonumber(redis.call('HGET', cfg, 'levelVersion') or '0') then return {0} end
redis.call('HSET', cfg, 'levelVersion', at)
local previous = level
redis.call('HSET', cfg, 'level', ARGV[5])
level = tonumber(ARGV[5])
sweep()
dispatch()
if level >= previous then return {0} end
local out, seen = {1}, {}
for _, id in ipairs(redis.call('ZRANGE', leases, 0, -1)) do
  local owner = string.match(id, '^(.*)/[^/]*$')
  if owner ~= ARGV[6] and not seen[owner] then
    seen[owner] = true
    out[#out + 1] = owner
  end
end
-- Acknowledgements of processes holding nothing here any more are not needed again.
for _, field in ipairs(redis.call('HKEYS', cfg)) do
  if string.sub(field, 1, 4) == 'ack:' and not seen[string.sub(field, 5)] then redis.call('HDEL', cfg, field) end
end
return out
`;

/** A process has applied configuration version ARGV[6]: it passes on no permit above the new level. ARGV[5] process id. */
export const ACK_LEVEL_SCRIPT = `${PRELUDE}
redis.call('HSET', cfg, 'ack:' .. ARGV[5], ARGV[6])
return 1
`;

/**
 * ARGV[5] the configuration version of a lowered level, then process ids. Returns those that still
 * hold a permit of the pool and have not acknowledged that version (a dead process's permits
 * expire by their TTL, and it drops out).
 */
export const SLICE_ACKS_SCRIPT = `${PRELUDE}
sweep()
local version = tonumber(ARGV[5])
local holding = {}
for _, id in ipairs(redis.call('ZRANGE', leases, 0, -1)) do
  holding[string.match(id, '^(.*)/[^/]*$')] = true
end
local out = {}
for i = 6, #ARGV do
  if holding[ARGV[i]] and tonumber(redis.call('HGET', cfg, 'ack:' .. ARGV[i]) or '0') < version then
    out[#out + 1] = ARGV[i]
  end
end
return out
`;

/** Returns {level, permits held, waiters} after a sweep (expired leases and waiters not counted). */
export const STATS_SCRIPT = `${PRELUDE}
sweep()
sweepWaiters()
dispatch()
return {level, redis.call('ZCARD', leases), redis.call('ZCARD', waiters)}
`;
