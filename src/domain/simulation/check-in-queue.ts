/**
 * The check-ins a tenant's devices will make, earliest first (ties in the order they were scheduled):
 * a binary min-heap, so a tenant of 100,000 devices finds what is due without scanning them. It is
 * derived from the devices' pending actions and restarts (`bootAt`), never persisted; a stale entry (the
 * action was replaced, the device went offline or was deleted) is skipped when it comes up.
 */
export interface CheckInEntry {
  at: number;
  seq: number;
  deviceId: string;
}

export class CheckInQueue {
  #heap: CheckInEntry[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, deviceId: string): void {
    const heap = this.#heap;
    heap.push({ at, seq: this.#seq++, deviceId });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** When the earliest entry falls due (it may be stale), or undefined when none is queued. */
  peek(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** The earliest entry due at or before `now`, removed; or undefined. */
  popDue(now: number): CheckInEntry | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (!top || top.at > now) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

const less = (a: CheckInEntry, b: CheckInEntry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
