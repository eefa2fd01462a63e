/**
 * The waiting line of one pool: highest priority first, FIFO within a priority.
 *
 * Why not async-mutex's own queue: it is one array drained with `shift()` (quadratic past
 * ~20 k waiters) and has no way to take out one waiter, which aborts, timeouts and re-binding
 * need. Here every priority is a doubly linked list threaded through the entries themselves, so
 * push, shift and removal are O(1) without allocation (plus a scan over the distinct priorities in
 * use, which are few).
 */
export class WaiterQueue<T extends QueueEntry<T>> {
  /** Sorted by priority, highest first. Empty lanes stay: priorities in use are few and recur. */
  private readonly lanes: Lane<T>[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends behind every entry of the same or a higher priority. */
  push(entry: T): void {
    const lane = this.laneFor(entry.priority);
    entry.lane = lane;
    entry.previous = lane.tail;
    entry.next = undefined;
    if (lane.tail) lane.tail.next = entry;
    else lane.head = entry;
    lane.tail = entry;
    this.count++;
  }

  /** Takes out the entry served next. */
  shift(): T | undefined {
    for (const lane of this.lanes) {
      const head = lane.head;
      if (head) {
        this.unlink(head);
        return head;
      }
    }
    return undefined;
  }

  /** Takes out one entry wherever it stands; false when it is not in this queue. */
  remove(entry: T): boolean {
    if (!entry.lane || entry.lane.queue !== this) return false;
    this.unlink(entry);
    return true;
  }

  /** Takes out every entry matching `predicate`, returned in service order. */
  removeWhere(predicate: (entry: T) => boolean): T[] {
    const removed: T[] = [];
    for (const lane of this.lanes) {
      for (let entry = lane.head; entry; ) {
        const next: T | undefined = entry.next;
        if (predicate(entry)) {
          this.unlink(entry);
          removed.push(entry);
        }
        entry = next;
      }
    }
    return removed;
  }

  private laneFor(priority: number): Lane<T> {
    const lanes = this.lanes;
    let index = 0;
    while (index < lanes.length && lanes[index].priority > priority) index++;
    const existing = lanes[index];
    if (existing && existing.priority === priority) return existing;
    const lane: Lane<T> = { queue: this, priority, head: undefined, tail: undefined };
    lanes.splice(index, 0, lane);
    return lane;
  }

  private unlink(entry: T): void {
    const lane = entry.lane!;
    if (entry.previous) entry.previous.next = entry.next;
    else lane.head = entry.next;
    if (entry.next) entry.next.previous = entry.previous;
    else lane.tail = entry.previous;
    entry.lane = undefined;
    entry.previous = undefined;
    entry.next = undefined;
    this.count--;
  }
}

/** The links an entry carries while queued; `lane` is undefined when it is in no queue. */
export interface QueueEntry<T extends QueueEntry<T>> {
  readonly priority: number;
  lane: Lane<T> | undefined;
  previous: T | undefined;
  next: T | undefined;
}

export interface Lane<T extends QueueEntry<T>> {
  readonly queue: WaiterQueue<T>;
  readonly priority: number;
  head: T | undefined;
  tail: T | undefined;
}
