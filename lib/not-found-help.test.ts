import { describe, expect, it } from 'vitest';
import { notFoundHelp, refFromPathname } from './not-found-help';

const KEY = 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000';
const none = new URLSearchParams();

describe('a 404 page', () => {
  it('reads the reference from the path as the page does (encoded once by the link, once by the URL)', () => {
    expect(refFromPathname(`/keys/${encodeURIComponent(encodeURIComponent(KEY))}`)).toBe(KEY);
    expect(refFromPathname(`/keys/${encodeURIComponent(KEY)}`)).toBe(KEY);
    expect(refFromPathname('/events/no-such-event')).toBe('no-such-event');
    // A literal "%" that is no escape is kept as written.
    expect(refFromPathname('/principals/100%25')).toBe('100%');
  });

  it('an unknown key: names it, and links to the key lists and to the events of its account and region', () => {
    const h = notFoundHelp('key', KEY, new URLSearchParams('range=30d&bucket=weekly'));
    expect(h.message).toBe(`No key matches “${KEY}” in the logs KeyTrail has read.`);
    expect(h.links.map((l) => l.href)).toEqual([
      '/?range=30d',
      '/rotation?range=30d',
      '/events?range=30d&account=000000000000&region=us-east-1',
      '/health',
    ]);
  });

  it('an alias gives no account to look in', () => {
    expect(notFoundHelp('key', 'alias/nope', none).links.map((l) => l.href)).toEqual(['/', '/rotation', '/health']);
  });

  it('an unknown event with its time: the events in the hour either side', () => {
    const h = notFoundHelp('event', 'abc', new URLSearchParams('t=2026-11-20T12:30:00Z'));
    expect(h.message).toBe('No event with eventID “abc” in the store.');
    expect(h.links[0].href).toBe('/events?from=2026-11-20T11%3A30%3A00.000Z&to=2026-11-20T13%3A30%3A00.000Z');
    expect(notFoundHelp('event', 'abc', new URLSearchParams('t=garbage')).links[0].href).toBe('/events');
  });

  it('an unknown principal: how principals are named, and the events of its account', () => {
    const h = notFoundHelp('principal', 'arn:aws:iam::999999999999:role/Nobody', none);
    expect(h.hint).toContain('arn:aws:iam::<account>:role/<path><name>');
    expect(h.links.map((l) => l.href)).toEqual(['/', '/events?account=999999999999', '/health']);
  });
});
