import { EngineError, type Priority } from './types';

/**
 * At most `max` tasks at once; the rest wait in order. Both engines admit their
 * queries through one: Athena caps active queries per account and region (past
 * the cap StartQueryExecution fails with TooManyRequestsException, and the cap
 * is shared with everyone else in the account, so one page must not take it
 * all), and DuckDB's connection pool is this size.
 *
 * A `background` task (work nobody is waiting on first, such as a page's
 * findings summary, which runs every rule over every key) starts only when no
 * other task waits, and at most `maxBackground` of them run at once: the
 * panels a reader looks at first are not queued behind it.
 */
export interface Limiter {
  run<T>(fn: () => Promise<T>, signal?: AbortSignal, priority?: Priority): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

type Waiter = { grant: () => void; background: boolean };

export function createLimiter(max: number, maxBackground = Math.max(1, Math.floor(max / 2))): Limiter {
  let active = 0;
  let activeBackground = 0;
  const queue: Waiter[] = [];

  const nextWaiter = (): Waiter | undefined => {
    const i = queue.findIndex((w) => !w.background);
    if (i >= 0) return queue.splice(i, 1)[0];
    if (activeBackground < maxBackground && queue.length) return queue.shift();
    return undefined;
  };

  // A freed slot is handed straight to the next waiter (active stays the same):
  // decrementing first would let a newcomer take it in the same tick, one over the cap.
  function release(background: boolean): void {
    if (background) activeBackground--;
    const next = nextWaiter();
    if (!next) {
      active--;
      return;
    }
    if (next.background) activeBackground++;
    next.grant();
  }

  function acquire(background: boolean, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new EngineError('cancelled', 'The query was cancelled.'));
    const free = active < max && (!background || (activeBackground < maxBackground && !queue.some((w) => !w.background)));
    if (free) {
      active++;
      if (background) activeBackground++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        background,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      // Nobody waits for it any more: leave the queue without ever taking a slot.
      const onAbort = () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(new EngineError('cancelled', 'The query was cancelled while waiting for a free slot.'));
      };
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    async run(fn, signal, priority) {
      const background = priority === 'background';
      await acquire(background, signal);
      try {
        return await fn();
      } finally {
        release(background);
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
