import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findRecord } from './find-record';

const rec = (o: object) => JSON.stringify(o);

describe('findRecord', () => {
  const a = rec({ eventID: 'aaaa-1', eventName: 'Decrypt' });
  // Mentions aaaa-1 without being it: the id test must be exact, not a substring match.
  const decoy = rec({ eventID: 'bbbb-2', requestParameters: { note: 'aaaa-1' } });
  const noId = '{"eventName":"Encrypt",  "x":1}';

  it('finds the record whose eventID is the id, not one that merely mentions it', () => {
    expect(findRecord([decoy, a], 'aaaa-1')).toBe(a);
    expect(findRecord([decoy, a], 'bbbb-2')).toBe(decoy);
  });

  it('finds a record without an eventID by the SHA-256 of its exact text', () => {
    const id = `sha256:${createHash('sha256').update(noId).digest('hex')}`;
    expect(findRecord([a, noId], id)).toBe(noId);
    expect(findRecord([a, noId.replace('  ', ' ')], id)).toBeNull();
  });

  it('returns null when nothing matches, and skips malformed records', () => {
    expect(findRecord(['{"eventID":"aaaa-1",', a], 'aaaa-1')).toBe(a);
    expect(findRecord([a], 'zzzz')).toBeNull();
    expect(findRecord([], 'aaaa-1')).toBeNull();
  });
});
