/**
 * The checker of the Redis pool history, in the style of Jepsen: the logs of every worker merged
 * by time, then checked for the pool invariants.
 *
 * Why the checks are sound: a worker logs `begin` after its grant arrived and `end` before it
 * releases, so every logged hold lies inside the real lease. At a `begin`, let h be the active hold
 * granted last: every other active hold was already held when h was granted, and a grant happens
 * only when the holders (with it) are at most the level then. So the active count is at most the
 * highest level in effect between the earliest request of the active holds and now; a level change
 * counts from its `level-begin` (the old level until its `level-end`).
 *
 * Clock: the workers stamp events with the machine's monotonic clock (`shared-clock.ts`), one
 * clock for all of them, so no skew tolerance is needed: a hold handed on ends (logged before the
 * release is sent) strictly before the next begins (logged after the grant arrived). `skewMs`
 * shrinks intervals at both ends for logs from clocks that may disagree (an overshoot shorter than
 * 2 x skewMs would then go unseen); it is 0 by default.
 */
export interface HistoryEvent {
  readonly t: string;
  readonly at: number;
  readonly id?: string;
  readonly pool?: string;
  readonly level?: number;
  readonly code?: string;
  readonly timeoutMs?: number | null;
  readonly abort?: number | null;
  /** On `done`: grants that process passed on within a slice. */
  readonly handOffs?: number;
  readonly worker: number;
}

export interface HistoryReport {
  readonly violations: string[];
  readonly requests: number;
  readonly grants: number;
  readonly rejections: Record<string, number>;
  readonly levelChanges: number;
  readonly rebinds: number;
  /** Highest number of holds seen at once, per pool. */
  readonly maxConcurrent: Record<string, number>;
  /** Longest wait (request to grant or refusal) of a request without a timeout, ms. */
  readonly longestUntimedWaitMs: number;
  readonly durationMs: number;
}

interface LevelChange {
  readonly begin: number;
  end: number;
  readonly level: number;
}

export function parseLog(text: string, worker: number): HistoryEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ ...(JSON.parse(line) as Omit<HistoryEvent, 'worker'>), worker }));
}

export function checkHistory(events: HistoryEvent[], initialLevels: Record<string, number>, skewMs = 0): HistoryReport {
  const violations: string[] = [];
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const changes = new Map<string, LevelChange[]>(Object.keys(initialLevels).map((pool) => [pool, []]));
  const openChanges = new Map<string, LevelChange>();
  for (const event of sorted) {
    if (event.t === 'level-begin') {
      const change = { begin: event.at, end: Number.POSITIVE_INFINITY, level: event.level! };
      changes.get(event.pool!)!.push(change);
      openChanges.set(`${event.worker}/${event.pool}`, change);
    } else if (event.t === 'level-end') {
      const change = openChanges.get(`${event.worker}/${event.pool}`);
      if (change) change.end = event.at;
    }
  }
  /** The highest level a pool may have had at some moment of [from, to]. */
  const highestLevel = (pool: string, from: number, to: number): number => {
    let definite = initialLevels[pool];
    let highest = 0;
    for (const change of changes.get(pool) ?? []) {
      if (change.end <= from) definite = change.level;
      else if (change.begin <= to) highest = Math.max(highest, change.level);
    }
    return Math.max(highest, definite);
  };

  const requests = new Map<string, { req?: HistoryEvent; outcome?: HistoryEvent; end?: HistoryEvent }>();
  const entry = (id: string) => {
    let found = requests.get(id);
    if (!found) requests.set(id, (found = {}));
    return found;
  };
  for (const event of sorted) {
    if (!event.id) continue;
    const record = entry(event.id);
    if (event.t === 'req') {
      if (record.req) violations.push(`request ${event.id} logged twice`);
      record.req = event;
    } else if (event.t === 'begin' || event.t === 'rej') {
      if (record.outcome) violations.push(`request ${event.id} settled twice (${record.outcome.t}, ${event.t})`);
      record.outcome = event;
    } else if (event.t === 'end') {
      if (record.end) violations.push(`request ${event.id} released twice`);
      record.end = event;
    }
  }

  const rejections: Record<string, number> = {};
  let grants = 0;
  let longestUntimedWaitMs = 0;
  for (const [id, { req, outcome, end }] of requests) {
    if (!req) {
      violations.push(`request ${id} has events but no request`);
      continue;
    }
    if (!outcome) {
      violations.push(`request ${id} never settled (a waiter waited forever or its grant was lost)`);
      continue;
    }
    if (req.timeoutMs === null) longestUntimedWaitMs = Math.max(longestUntimedWaitMs, outcome.at - req.at);
    if (outcome.t === 'rej') {
      rejections[outcome.code!] = (rejections[outcome.code!] ?? 0) + 1;
      const expected = (outcome.code === 'timeout' && req.timeoutMs !== null) || (outcome.code === 'aborted' && req.abort !== null);
      if (!expected) violations.push(`request ${id} refused with ${outcome.code} (timeout ${req.timeoutMs}, abort ${req.abort})`);
      if (end) violations.push(`request ${id} ended without a grant`);
      continue;
    }
    grants++;
    if (!end) violations.push(`request ${id} was granted by ${outcome.pool} and never released`);
    else if (end.pool !== outcome.pool) violations.push(`request ${id} released to ${end.pool}, granted by ${outcome.pool}`);
  }

  // Sweep: holds active per pool at each begin, intervals shrunk by the clock skew.
  const maxConcurrent: Record<string, number> = {};
  const points: { at: number; kind: 'begin' | 'end'; id: string; pool: string }[] = [];
  for (const [id, { req, outcome, end }] of requests) {
    if (!req || outcome?.t !== 'begin' || !end) continue;
    const from = outcome.at + skewMs;
    const to = end.at - skewMs;
    if (to <= from) continue;
    points.push({ at: from, kind: 'begin', id, pool: outcome.pool! }, { at: to, kind: 'end', id, pool: outcome.pool! });
  }
  points.sort((a, b) => a.at - b.at || (a.kind === 'end' ? -1 : 1));
  const active = new Map<string, Map<string, number>>();
  for (const point of points) {
    const holds = active.get(point.pool) ?? new Map<string, number>();
    active.set(point.pool, holds);
    if (point.kind === 'end') {
      holds.delete(point.id);
      continue;
    }
    holds.set(point.id, requests.get(point.id)!.req!.at);
    maxConcurrent[point.pool] = Math.max(maxConcurrent[point.pool] ?? 0, holds.size);
    const earliest = Math.min(...holds.values());
    const allowed = highestLevel(point.pool, earliest, point.at);
    if (holds.size > allowed) {
      violations.push(`pool ${point.pool}: ${holds.size} holds at ${point.at.toFixed(3)} exceed the level ${allowed}`);
    }
  }

  const times = sorted.map((event) => event.at);
  return {
    violations,
    requests: requests.size,
    grants,
    rejections,
    levelChanges: sorted.filter((event) => event.t === 'level-end').length,
    rebinds: sorted.filter((event) => event.t === 'rebind-end').length,
    maxConcurrent,
    longestUntimedWaitMs,
    durationMs: times.length ? times[times.length - 1] - times[0] : 0,
  };
}
