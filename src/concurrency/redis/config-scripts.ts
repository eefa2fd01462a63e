/*
 * Configuration scripts: KEYS = pools, pool-seq, bindings, version, levels, clients, alive,
 * participants, declared (the `{config}` tag); ARGV[1] the change channel. Each change bumps
 * `version` and publishes it; each script returns {status, version} so that the caller knows which
 * snapshot already contains its change.
 *
 * Declared levels (D6 of issue 23): `declared` maps `<pool>|<participant>` to the level that
 * participant (a process, or the hosts of one data folder) declared; `participants` maps each
 * process to its participant. A pool's level in effect (`levels`) is the lowest declared by a
 * participant with a live process (listed in `alive`), so nobody raises a level another live
 * participant declared lower, and it returns to the next lowest when that participant leaves.
 */
export const CONFIG_PRELUDE = `
local pools, poolSeq, bindings, version, levels = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local clients, alive, participants, declared = KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local channel = ARGV[1]
local function changed()
  local v = redis.call('INCR', version)
  redis.call('PUBLISH', channel, v)
  return v
end
local function current()
  return tonumber(redis.call('GET', version) or '0')
end
local function liveParticipants()
  local live = {}
  local all = redis.call('HGETALL', alive)
  for i = 1, #all, 2 do
    local participant = redis.call('HGET', participants, all[i])
    if participant then live[participant] = true end
  end
  return live
end
-- A declaration's pool and participant (participant ids contain no '|').
local function declaration(field)
  return string.match(field, '^(.*)|([^|]*)$')
end
-- The lowest level declared for the pool by a live participant; nil when none did.
local function lowestDeclared(pool, live)
  local lowest
  local all = redis.call('HGETALL', declared)
  for i = 1, #all, 2 do
    local of, participant = declaration(all[i])
    if of == pool and live[participant] then
      local level = tonumber(all[i + 1])
      if not lowest or level < lowest then lowest = level end
    end
  end
  return lowest
end
`;

/**
 * ARGV[2] pool id, [3] level, [4] the declaring participant: lists the pool (keeping its first
 * position when listed again), records the declaration and sets the level in effect. Returns
 * {1, version, 1 when changed else 0, the level in effect}.
 */
export const REGISTER_POOL_SCRIPT = `${CONFIG_PRELUDE}
local pool, participant = ARGV[2], ARGV[4]
local changes = 0
if not redis.call('ZSCORE', pools, pool) then
  redis.call('ZADD', pools, redis.call('INCR', poolSeq), pool)
  changes = 1
end
redis.call('HSET', declared, pool .. '|' .. participant, ARGV[3])
local live = liveParticipants()
live[participant] = true -- the caller, even before its first heartbeat after Redis lost its data
local effective = lowestDeclared(pool, live)
if redis.call('HGET', levels, pool) ~= tostring(effective) then
  redis.call('HSET', levels, pool, effective)
  changes = 1
end
if changes == 1 then return {1, changed(), 1, effective} end
return {1, current(), 0, effective}
`;

/** ARGV[2] pool id: unlists the pool ({1, version}), or refuses with its members ({0, members...}). */
export const REMOVE_POOL_SCRIPT = `${CONFIG_PRELUDE}
local all = redis.call('HGETALL', bindings)
local members = {0}
for i = 1, #all, 2 do
  if all[i + 1] == ARGV[2] then members[#members + 1] = all[i] end
end
if #members > 1 then return members end
for _, field in ipairs(redis.call('HKEYS', declared)) do
  if declaration(field) == ARGV[2] then redis.call('HDEL', declared, field) end
end
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
