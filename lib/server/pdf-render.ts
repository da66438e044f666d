/**
 * The helpers of the report's PDF route (app/api/report/pdf/route.ts): where the server reaches
 * itself, what of the caller's request the headless browser must carry to be let in, where the
 * PDF's links should point, and how many PDFs are made at once.
 */

/**
 * The origin the server reaches its own report at. It listens where `npm start` told it
 * (lib/auth/listen.ts): loopback unless a HOSTNAME is given, and a wildcard address includes loopback.
 */
export function selfOrigin(host: string, port: string): string {
  const loopback = host === '' || host === '0.0.0.0' || host === '::' || host === 'localhost';
  const h = loopback ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/**
 * The request headers that say who the caller is, for each sign-in mode: the session cookie (OIDC)
 * and the load balancer's signed claims (ALB). The report page checks them as it checks the caller's
 * own requests, so the PDF is made with the caller's rights, never more.
 */
export const IDENTITY_HEADERS = ['cookie', 'authorization', 'x-amzn-oidc-data', 'x-amzn-oidc-identity', 'x-amzn-oidc-accesstoken'] as const;

export function identityHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of IDENTITY_HEADERS) {
    const v = h.get(name);
    if (v) out[name] = v;
  }
  return out;
}

/**
 * Where the caller reached the dashboard (behind a load balancer: its Host and X-Forwarded-Proto):
 * the PDF's links point there, not at the loopback address its browser used, which is useless to
 * whoever receives the file. `fallback` when the headers do not make a plain http(s) origin.
 */
export function publicOrigin(h: Headers, fallback: string): string {
  const proto = (h.get('x-forwarded-proto') ?? '').split(',')[0].trim().toLowerCase();
  const host = (h.get('x-forwarded-host') ?? h.get('host') ?? '').split(',')[0].trim();
  if (!host) return fallback;
  try {
    const u = new URL(`${proto === 'https' ? 'https' : 'http'}://${host}`);
    // A Host header with a path, credentials or other junk is not an origin.
    return u.host.toLowerCase() === host.toLowerCase() && !u.username && u.pathname === '/' ? u.origin : fallback;
  } catch {
    return fallback;
  }
}

/**
 * At most `max` PDFs are made at once (each is a Chromium: ~300 MB and a core); the rest wait their
 * turn, and a caller who leaves while waiting is taken out of the queue. Written here rather than
 * taken from a library: p-limit and p-queue cannot drop one waiting task when its caller aborts.
 */
export class RenderQueue {
  private running = 0;
  private readonly waiting: { go: () => void }[] = [];
  constructor(private readonly max: number) {}

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.slot(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.go();
    }
  }

  private slot(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.max) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        go: () => {
          signal?.removeEventListener('abort', onAbort);
          this.running++;
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
}
