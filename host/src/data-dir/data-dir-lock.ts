import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HostStartError } from '../host-start-error';

/** Where each host process on a data folder leaves its card: `hosts/<pid>.json`. */
export const HOSTS_FOLDER = 'hosts';

interface HostCard {
  readonly pid: number;
  /** The process's start time (Linux: clock ticks since boot), so a reused pid is not taken for the host. */
  readonly processStart: string;
  /** Started with --redis-url: pools and schedules are shared, other shared hosts may join. */
  readonly shared: boolean;
  readonly startedAt: string;
  readonly url?: string;
}

/** `/proc/<pid>/stat` field 22, or '' where there is no /proc (then the pid alone is checked). */
function processStartOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isAlive(card: HostCard): boolean {
  try {
    process.kill(card.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartOf(card.pid);
  return start === '' || card.processStart === '' || start === card.processStart;
}

function describe(card: HostCard): string {
  return `process ${card.pid}${card.url ? ` at ${card.url}` : ''}, started ${card.startedAt}`;
}

/** Hosts of this process per folder: several in-process hosts (tests) share one card. */
const held = new Map<string, number>();

/**
 * Which host processes serve a data folder. Without Redis a host's pools and schedules live in
 * its process, so a second host on the folder would drift apart from the first (a connection made
 * on one unknown to the other's pools, a schedule fired by both): it refuses to start instead.
 * With Redis (`shared`) several hosts may serve the folder together. A card of a process that is
 * gone (killed, crashed) is ignored and removed: nothing to clean up by hand.
 */
export class DataDirLock {
  #released = false;

  private constructor(
    private readonly folder: string,
    private readonly card: HostCard,
  ) {}

  static acquire(dataDir: string, shared: boolean, now: () => Date = () => new Date()): DataDirLock {
    const folder = path.join(dataDir, HOSTS_FOLDER);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const card: HostCard = { pid: process.pid, processStart: processStartOf(process.pid), shared, startedAt: now().toISOString() };
    const lock = new DataDirLock(folder, card);
    if ((held.get(folder) ?? 0) > 0) {
      held.set(folder, held.get(folder)! + 1);
      return lock;
    }
    lock.#refuseIfServed();
    lock.#write();
    // Two hosts that started at the same moment both got here: the later one (by start, then pid) gives way.
    const rival = lock.#others().find((other) => conflicts(card, other) && earlier(other, card));
    if (rival) {
      rmSync(lock.#file(), { force: true });
      throw refusal(rival, shared);
    }
    held.set(folder, 1);
    return lock;
  }

  /** Names the host's address on its card, for the sentence a second host prints. */
  setUrl(url: string): void {
    if (this.#released) return;
    Object.assign(this.card, { url });
    this.#write();
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    const count = (held.get(this.folder) ?? 1) - 1;
    if (count > 0) {
      held.set(this.folder, count);
      return;
    }
    held.delete(this.folder);
    rmSync(this.#file(), { force: true });
  }

  #refuseIfServed(): void {
    const rival = this.#others().find((other) => conflicts(this.card, other));
    if (rival) throw refusal(rival, this.card.shared);
  }

  /** Live cards of other processes; cards of processes that are gone are removed on the way. */
  #others(): HostCard[] {
    const cards: HostCard[] = [];
    for (const name of readdirSync(this.folder)) {
      if (!name.endsWith('.json') || name === `${process.pid}.json`) continue;
      const file = path.join(this.folder, name);
      let card: HostCard;
      try {
        card = JSON.parse(readFileSync(file, 'utf8')) as HostCard;
      } catch {
        continue; // being written this moment: its host checks again after writing
      }
      if (isAlive(card)) cards.push(card);
      else rmSync(file, { force: true });
    }
    return cards;
  }

  #file(): string {
    return path.join(this.folder, `${this.card.pid}.json`);
  }

  #write(): void {
    const next = `${this.#file()}.next`;
    writeFileSync(next, JSON.stringify(this.card), { mode: 0o600 });
    renameSync(next, this.#file());
  }
}

function conflicts(mine: HostCard, other: HostCard): boolean {
  return !mine.shared || !other.shared;
}

function earlier(a: HostCard, b: HostCard): boolean {
  return a.startedAt < b.startedAt || (a.startedAt === b.startedAt && a.pid < b.pid);
}

function refusal(rival: HostCard, shared: boolean): HostStartError {
  return new HostStartError(
    shared
      ? `Another host serves this data folder without Redis (${describe(rival)}): its pools and schedules are its own. Stop it, or restart it with the same --redis-url, before starting a second host here.`
      : `Another host already serves this data folder (${describe(rival)}). Two hosts on one folder must share their pools and schedules: start both with --redis-url (or REDIS_URL), or give this one another --data-dir.`,
  );
}
