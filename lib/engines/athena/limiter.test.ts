import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter';

function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

describe('createLimiter', () => {
  it('runs at most max tasks at once, the rest in order', async () => {
    const l = createLimiter(2);
    const gates = Array.from({ length: 5 }, gate);
    const order: number[] = [];
    let peak = 0;
    const runs = gates.map((g, i) =>
      l.run(async () => {
        order.push(i);
        peak = Math.max(peak, l.active);
        await g.p;
        return i;
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    expect(l.waiting).toBe(3);
    gates[1].open();
    await runs[1];
    await Promise.resolve();
    expect(order).toEqual([0, 1, 2]);
    gates.forEach((g) => g.open());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(l.active).toBe(0);
  });

  it('never lets a newcomer slip into a slot being handed to a waiter', async () => {
    const l = createLimiter(1);
    const g = gate();
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running--;
    };
    const first = l.run(async () => {
      await g.p;
    });
    const waiter = l.run(task);
    g.open();
    await first;
    // The slot was handed to `waiter` synchronously on release: a newcomer now must queue.
    const newcomer = l.run(task);
    await Promise.all([waiter, newcomer]);
    expect(peak).toBe(1);
  });

  it('releases the slot when a task fails', async () => {
    const l = createLimiter(1);
    await expect(l.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await l.run(async () => 'ok')).toBe('ok');
  });

  it('drops an aborted waiter from the queue without running it', async () => {
    const l = createLimiter(1);
    const g = gate();
    const first = l.run(() => g.p);
    const ac = new AbortController();
    let ran = false;
    const queued = l.run(async () => void (ran = true), ac.signal);
    ac.abort();
    await expect(queued).rejects.toMatchObject({ kind: 'cancelled' });
    expect(l.waiting).toBe(0);
    g.open();
    await first;
    expect(ran).toBe(false);
    expect(l.active).toBe(0);
    await expect(l.run(async () => 1, ac.signal)).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
