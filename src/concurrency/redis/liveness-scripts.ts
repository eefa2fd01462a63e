import { CONFIG_PRELUDE } from './config-scripts';
import { PRELUDE } from './pool-script-prelude';

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
 * Liveness of the processes (configuration scripts: the keys of CONFIG_PRELUDE). A process
 * registers the Redis client id of its command connection and its participant, and renews `alive`
 * (Redis time) at every heartbeat. One whose `alive` is older than the grace is a candidate; it is
 * dead when its connection is gone from `CLIENT LIST` too (a process stopped by SIGSTOP or a paused
 * Redis keeps its connection and is never reclaimed that way; a killed one's socket is closed by
 * its kernel at once).
 */

/**
 * ARGV[2] process id, [3] its client id (empty: keep the registered one), [4] grace (ms), [5] its
 * participant. Returns {Redis time, 1 when the process was listed already else 0 (new, forgotten,
 * or Redis lost its data: its declarations must be made again), then process id / client id pairs
 * of the other processes silent for longer than the grace}.
 */
export const ALIVE_SCRIPT = `${CONFIG_PRELUDE}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[3] ~= '' then redis.call('HSET', clients, ARGV[2], ARGV[3]) end
local listed = redis.call('HEXISTS', alive, ARGV[2])
redis.call('HSET', alive, ARGV[2], now)
redis.call('HSET', participants, ARGV[2], ARGV[5])
local grace = tonumber(ARGV[4])
local out = {tostring(now), listed}
local all = redis.call('HGETALL', alive)
for i = 1, #all, 2 do
  if all[i] ~= ARGV[2] and now - tonumber(all[i + 1]) > grace then
    out[#out + 1] = all[i]
    out[#out + 1] = redis.call('HGET', clients, all[i]) or ''
  end
end
return out
`;

/**
 * ARGV[2] grace (ms), then process ids: forgets those still silent for longer than the grace
 * (reaped, or gone), then the declarations of participants left without a live process, and sets
 * the levels in effect again. Returns {version, then pool id / level in effect pairs that changed}.
 */
export const FORGET_SCRIPT = `${CONFIG_PRELUDE}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 3, #ARGV do
  local seen = tonumber(redis.call('HGET', alive, ARGV[i]) or '0')
  if now - seen > tonumber(ARGV[2]) then
    redis.call('HDEL', alive, ARGV[i])
    redis.call('HDEL', clients, ARGV[i])
    redis.call('HDEL', participants, ARGV[i])
  end
end
local live = liveParticipants()
local affected = {}
for _, field in ipairs(redis.call('HKEYS', declared)) do
  local pool, participant = declaration(field)
  if not live[participant] then
    redis.call('HDEL', declared, field)
    affected[pool] = true
  end
end
local out = {0}
for pool in pairs(affected) do
  local lowest = lowestDeclared(pool, live)
  if lowest and redis.call('ZSCORE', pools, pool) and redis.call('HGET', levels, pool) ~= tostring(lowest) then
    redis.call('HSET', levels, pool, lowest)
    out[#out + 1] = pool
    out[#out + 1] = lowest
  end
end
if #out > 1 then out[1] = changed() else out[1] = current() end
return out
`;
