import { EngineError } from '../types';

/**
 * At most `max` tasks at once; the rest wait in order. Athena caps active
 * queries per account and region (past the cap StartQueryExecution fails with
 * TooManyRequestsException), and that cap is shared with everyone else in the
 * account, so one dashboard page must not take it all.
 */
export interface Limiter {
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(max: number): Limiter {
  let active = 0;
  const queue: (() => void)[] = [];

  // A freed slot is handed straight to the next waiter (active stays the same):
  // decrementing first would let a newcomer take it in the same tick, one over the cap.
  function release(): void {
    const next = queue.shift();
    if (next) next();
    else active--;
  }

  function acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new EngineError('cancelled', 'The query was cancelled.'));
    if (active < max) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      // Nobody waits for it any more: leave the queue without ever taking a slot.
      const onAbort = () => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(new EngineError('cancelled', 'The query was cancelled while waiting for a free Athena slot.'));
      };
      queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    async run(fn, signal) {
      await acquire(signal);
      try {
        return await fn();
      } finally {
        release();
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
