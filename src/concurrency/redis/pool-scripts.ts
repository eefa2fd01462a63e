/**
 * The Lua scripts of the Redis pool backend. Each runs atomically in Redis, so a grant never
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
const PRELUDE = `
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
 * ARGV[6] the calling process. Returns {1 when the level went down else 0, then the other processes
 * holding permits of the pool}: they may be passing a permit on within its slice (see
 * \`SLICE_ACKS_SCRIPT\`), which a lower level must stop before the change counts as applied.
 */
export const CONFIGURE_SCRIPT = `${PRELUDE}
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

/*
 * Configuration scripts: KEYS = pools, pool-seq, bindings, version, levels (the `{config}` tag);
 * ARGV[1] the change channel. Each change bumps `version` and publishes it; each script returns
 * {status, version} so that the caller knows which snapshot already contains its change.
 */
const CONFIG_PRELUDE = `
local pools, poolSeq, bindings, version, levels = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel = ARGV[1]
local function changed()
  local v = redis.call('INCR', version)
  redis.call('PUBLISH', channel, v)
  return v
end
local function current()
  return tonumber(redis.call('GET', version) or '0')
end
`;

/** ARGV[2] pool id, [3] level: lists the pool (keeping its first position when listed again). Returns {1, version, 1 when changed else 0}. */
export const REGISTER_POOL_SCRIPT = `${CONFIG_PRELUDE}
local changes = 0
if not redis.call('ZSCORE', pools, ARGV[2]) then
  redis.call('ZADD', pools, redis.call('INCR', poolSeq), ARGV[2])
  changes = 1
end
if redis.call('HGET', levels, ARGV[2]) ~= ARGV[3] then
  redis.call('HSET', levels, ARGV[2], ARGV[3])
  changes = 1
end
if changes == 1 then return {1, changed(), 1} end
return {1, current(), 0}
`;

/** ARGV[2] pool id: unlists the pool ({1, version}), or refuses with its members ({0, members...}). */
export const REMOVE_POOL_SCRIPT = `${CONFIG_PRELUDE}
local all = redis.call('HGETALL', bindings)
local members = {0}
for i = 1, #all, 2 do
  if all[i + 1] == ARGV[2] then members[#members + 1] = all[i] end
end
if #members > 1 then return members end
if redis.call('ZREM', pools, ARGV[2]) == 1 then return {1, changed()} end
return {1, current()}
`;

/** ARGV[2] connection id, [3] pool id. Returns {0} for an unknown pool, {1, version} when bound. */
export const BIND_SCRIPT = `${CONFIG_PRELUDE}
if not redis.call('ZSCORE', pools, ARGV[3]) then return {0} end
if redis.call('HGET', bindings, ARGV[2]) ~= ARGV[3] then
  redis.call('HSET', bindings, ARGV[2], ARGV[3])
  return {1, changed()}
end
return {1, current()}
`;

/** ARGV[2] connection id. Returns {1, version}. */
export const UNBIND_SCRIPT = `${CONFIG_PRELUDE}
if redis.call('HDEL', bindings, ARGV[2]) == 1 then return {1, changed()} end
return {1, current()}
`;

/** Returns {version, pool ids in order, flattened bindings, flattened levels} in one consistent read. */
export const SNAPSHOT_SCRIPT = `${CONFIG_PRELUDE}
return {current(), redis.call('ZRANGE', pools, 0, -1), redis.call('HGETALL', bindings), redis.call('HGETALL', levels)}
`;

/**
 * After Redis lost its data: lists the pools, levels and bindings this process knew again,
 * without overwriting what another process restored first, and carries the configuration version
 * on from the highest any restorer knew: versions never go back, so no process's view can take a
 * new change for an old one. ARGV[2] the version this process knew, [3] n pools, then n pool id /
 * level pairs, then connection id / pool id pairs.
 */
export const RESTORE_CONFIG_SCRIPT = `${CONFIG_PRELUDE}
local known = tonumber(ARGV[2])
if current() < known then redis.call('SET', version, known) end
local n = tonumber(ARGV[3])
for i = 4, 2 + 2 * n, 2 do
  if not redis.call('ZSCORE', pools, ARGV[i]) then redis.call('ZADD', pools, redis.call('INCR', poolSeq), ARGV[i]) end
  redis.call('HSETNX', levels, ARGV[i], ARGV[i + 1])
end
for i = 3 + 2 * n + 1, #ARGV, 2 do redis.call('HSETNX', bindings, ARGV[i], ARGV[i + 1]) end
return {1, changed()}
`;

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

/**
 * Reclaims the permits and places in line of processes found dead (their connection is gone from
 * Redis: `CLIENT LIST`), then hands the freed permits to the line. KEYS[5] the liveness hash
 * (another hash tag: Redis Cluster is not supported, see redis-connection.ts), ARGV[5] grace (ms),
 * [6..] process ids; one that renewed its liveness meanwhile (it had reconnected) is spared.
 * Returns {permits reclaimed, places in line removed}.
 */
export const REAP_SCRIPT = `${PRELUDE}
local dead = {}
local grace = tonumber(ARGV[5])
for i = 6, #ARGV do
  if now - tonumber(redis.call('HGET', KEYS[5], ARGV[i]) or '0') > grace then dead[ARGV[i]] = true end
end
local function ownerOf(id) return string.match(id, '^(.*)/[^/]*$') end
local permits, places = 0, 0
for _, id in ipairs(redis.call('ZRANGE', leases, 0, -1)) do
  if dead[ownerOf(id)] then
    redis.call('ZREM', leases, id)
    permits = permits + 1
  end
end
for _, member in ipairs(redis.call('ZRANGE', waiters, 0, -1)) do
  if dead[ownerOf(string.sub(member, 18))] then
    redis.call('ZREM', waiters, member)
    redis.call('ZREM', wexp, member)
    places = places + 1
  end
end
sweep()
dispatch()
return {permits, places}
`;

/*
 * Liveness of the processes (KEYS = clients, alive: the `{config}` tag). A process registers the
 * Redis client id of its command connection and renews `alive` (Redis time) at every heartbeat.
 * One whose `alive` is older than the grace is a candidate; it is dead when its connection is gone
 * from `CLIENT LIST` too (a process stopped by SIGSTOP or a paused Redis keeps its connection and
 * is never reclaimed that way; a killed one's socket is closed by its kernel at once).
 */

/**
 * ARGV[1] process id, [2] its client id (empty: keep the registered one), [3] grace (ms).
 * Returns {Redis time, then process id / client id pairs of the other processes silent for longer than the grace}.
 */
export const ALIVE_SCRIPT = `
local clients, alive = KEYS[1], KEYS[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[2] ~= '' then redis.call('HSET', clients, ARGV[1], ARGV[2]) end
redis.call('HSET', alive, ARGV[1], now)
local grace = tonumber(ARGV[3])
local out = {tostring(now)}
local all = redis.call('HGETALL', alive)
for i = 1, #all, 2 do
  if all[i] ~= ARGV[1] and now - tonumber(all[i + 1]) > grace then
    out[#out + 1] = all[i]
    out[#out + 1] = redis.call('HGET', clients, all[i]) or ''
  end
end
return out
`;

/** ARGV[1] grace (ms), then process ids: forgets those still silent for longer than the grace (reaped, or gone). */
export const FORGET_SCRIPT = `
local clients, alive = KEYS[1], KEYS[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do
  local seen = tonumber(redis.call('HGET', alive, ARGV[i]) or '0')
  if now - seen > tonumber(ARGV[1]) then
    redis.call('HDEL', alive, ARGV[i])
    redis.call('HDEL', clients, ARGV[i])
  end
end
return 1
`;
