import { describe, expect, it } from 'vitest';
import { identityHeaders, publicOrigin, RenderQueue, selfOrigin } from './pdf-render';

describe('selfOrigin', () => {
  it('loopback, or a wildcard address (which includes loopback), is reached at 127.0.0.1', () => {
    expect(selfOrigin('127.0.0.1', '3000')).toBe('http://127.0.0.1:3000');
    expect(selfOrigin('0.0.0.0', '8080')).toBe('http://127.0.0.1:8080');
    expect(selfOrigin('::', '8080')).toBe('http://127.0.0.1:8080');
  });
  it('a specific address is reached where it listens (IPv6 in brackets)', () => {
    expect(selfOrigin('192.0.2.2', '3000')).toBe('http://192.0.2.2:3000');
    expect(selfOrigin('fd00::5', '3000')).toBe('http://[fd00::5]:3000');
  });
});

describe('identityHeaders', () => {
  it('carries the session cookie and the load balancer claims, nothing else', () => {
    const h = new Headers({ cookie: 'kt=1', 'x-amzn-oidc-data': 'jwt', 'x-amzn-oidc-identity': 'sub', 'user-agent': 'x', host: 'a' });
    expect(identityHeaders(h)).toEqual({ cookie: 'kt=1', 'x-amzn-oidc-data': 'jwt', 'x-amzn-oidc-identity': 'sub' });
    expect(identityHeaders(new Headers())).toEqual({});
  });
});

describe('publicOrigin', () => {
  const fb = 'http://127.0.0.1:3000';
  it('is where the caller reached the dashboard: a load balancer gives Host and X-Forwarded-Proto', () => {
    expect(publicOrigin(new Headers({ host: 'keytrail.example.com', 'x-forwarded-proto': 'https' }), fb)).toBe(
      'https://keytrail.example.com',
    );
    expect(publicOrigin(new Headers({ host: 'localhost:3000' }), fb)).toBe('http://localhost:3000');
    expect(
      publicOrigin(new Headers({ 'x-forwarded-host': 'kt.example.org, proxy', host: 'inner', 'x-forwarded-proto': 'https,http' }), fb),
    ).toBe('https://kt.example.org');
  });
  it('a Host that is not an origin falls back', () => {
    expect(publicOrigin(new Headers(), fb)).toBe(fb);
    expect(publicOrigin(new Headers({ host: 'evil.example/path' }), fb)).toBe(fb);
    expect(publicOrigin(new Headers({ host: 'user@evil.example' }), fb)).toBe(fb);
    expect(publicOrigin(new Headers({ host: 'a b' }), fb)).toBe(fb);
  });
});

describe('RenderQueue', () => {
  const deferred = () => {
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    return { p, done };
  };

  it('runs at most `max` tasks at once, the rest in order as slots free', async () => {
    const q = new RenderQueue(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      q.run(async () => {
        started.push(i);
        await g.p;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(q.size).toEqual({ running: 2, waiting: 1 });
    gates[1].done();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0].done();
    gates[2].done();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(q.size).toEqual({ running: 0, waiting: 0 });
  });

  it('a waiting caller who leaves is taken out of the queue; a failed task frees its slot', async () => {
    const q = new RenderQueue(1);
    const gate = deferred();
    const first = q.run(() => gate.p);
    const ac = new AbortController();
    let ran = false;
    const second = q.run(async () => void (ran = true), ac.signal);
    ac.abort(new Error('gone'));
    await expect(second).rejects.toThrow('gone');
    expect(q.size).toEqual({ running: 1, waiting: 0 });
    gate.done();
    await first;
    await expect(q.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run(async () => 'next')).toBe('next');
    expect(ran).toBe(false);
  });
});
