import { describe, expect, it, vi } from 'vitest';
import { EngineError, type Engine } from '../engines/types';
import { findingsConfig } from './config';
import { runFindings } from './rules';

/**
 * A rule that fails is reported, and what is reported reaches every reader (the findings page, the
 * report, the export): an engine's message redacted (an AWS signature error quotes the session
 * token), an internal failure only summarised.
 */
const w = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z') };
const failing = (e: Error): Engine => ({ dialect: 'athena', run: () => Promise.reject(e) });

describe('a findings rule that cannot run', () => {
  it("says why with an engine's message, its credentials redacted", async () => {
    const secret = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN0123456789';
    const res = await runFindings(
      failing(new EngineError('unavailable', `The request signature we calculated does not match. x-amz-security-token:${secret} …`)),
      w,
      findingsConfig({}),
    );
    expect(res.findings).toEqual([]);
    expect(res.errors.length).toBeGreaterThan(0);
    for (const e of res.errors) {
      expect(e.error).toContain('x-amz-security-token:[redacted]');
      expect(e.error).not.toContain(secret);
    }
  });

  it('an internal failure is logged, and shown only as such', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await runFindings(
      failing(new Error('Binder Error: column "secret_col" not found at /srv/keytrail/x.sql')),
      w,
      findingsConfig({}),
    );
    for (const e of res.errors) expect(e.error).toBe('an internal error occurred (see the server log).');
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
