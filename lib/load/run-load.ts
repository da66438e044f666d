import autocannon from 'autocannon';

/**
 * A bounded load run against a KeyTrail on loopback (never any other address):
 * a fixed number of connections for a fixed time, cycling through the given
 * API paths. Latency percentiles are computed from every response.
 */
export interface LoadResult {
  requests: number;
  requestsPerSec: number;
  errors: number;
  non2xx: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  durationSec: number;
  connections: number;
}

export async function runLoad(o: { url: string; paths: string[]; connections: number; durationSec: number }): Promise<LoadResult> {
  const u = new URL(o.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error('The load test only targets loopback.');
  const times: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        duration: o.durationSec,
        requests: o.paths.map((path) => ({ method: 'GET' as const, path })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  const q = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : 0);
  return {
    requests: r.requests.total,
    requestsPerSec: r.requests.average,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    latencyMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: times[times.length - 1] ?? 0 },
    durationSec: o.durationSec,
    connections: o.connections,
  };
}
