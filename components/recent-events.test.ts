import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EventsTable, type EventRow } from './recent-events';

/** The Key column names keys by the alias given for them; expected cells are written by hand. */
const key = (region: string, n: number) => `arn:aws:kms:${region}:111122223333:key/00000000-0000-4000-8000-00000000000${n}`;
const row = (over: Partial<EventRow>): EventRow => ({
  eventId: 'e1',
  eventTime: '2026-11-20T12:00:00Z',
  eventName: 'Decrypt',
  principal: null,
  sessionArn: null,
  keyArn: null,
  errorCode: null,
  errorMessage: null,
  sourceIp: null,
  userAgent: null,
  ...over,
});
const render = (events: EventRow[], names: Map<string, string>) =>
  renderToStaticMarkup(createElement(EventsTable, { events, keyNames: names, showPrincipal: false }));
/** Each key cell's blocks as [title, text], tags and the phone label dropped. */
const cells = (html: string) =>
  [...html.matchAll(/<div class="max-w-\[12rem\][^"]*" title="([^"]*)">(.*?)<\/div>/g)].map((m) => [
    m[1].replace(/&amp;/g, '&'),
    m[2].replace(/<span[^>]*>Key<\/span>/, '').replace(/&gt;/g, '>'),
  ]);

describe('EventsTable key names', () => {
  it("shows a ReEncrypt's source and destination by alias, each with its full ARN in the title", () => {
    const names = new Map([
      [key('us-east-1', 1), 'alias/old-data'],
      [key('us-east-1', 2), 'alias/app-data'],
    ]);
    const html = render([row({ eventName: 'ReEncrypt', keyArn: key('us-east-1', 1), destKeyArn: key('us-east-1', 2) })], names);
    expect(cells(html)).toEqual([
      [key('us-east-1', 1), 'alias/old-data'],
      [`destination: ${key('us-east-1', 2)}`, '→ alias/app-data'],
    ]);
  });

  it('a key without an alias keeps its id; one alias in two regions says which', () => {
    const names = new Map([
      [key('us-east-1', 1), 'alias/app-data'],
      [key('eu-west-1', 2), 'alias/app-data'],
    ]);
    const html = render(
      [
        row({ eventId: 'a', keyArn: key('us-east-1', 1) }),
        row({ eventId: 'b', keyArn: key('eu-west-1', 2) }),
        row({ eventId: 'c', keyArn: key('us-east-1', 3) }),
      ],
      names,
    );
    expect(cells(html).map((c) => c[1])).toEqual([
      'alias/app-data (us-east-1)',
      'alias/app-data (eu-west-1)',
      'key/00000000-0000-4000-8000-000000000003',
    ]);
  });
});

/**
 * On a key's page the Key column is hidden (every row is that key), so a ReEncrypt's row names the
 * other key it used beside the operation: where the data went, or where it came from.
 */
describe("EventsTable on a key's page: a ReEncrypt's other key", () => {
  const [k1, k2, k3] = [1, 2, 3].map((n) => key('us-east-1', n));
  const names = new Map([
    [k1, 'alias/payments'],
    [k2, 'alias/archive'],
  ]);
  const events = [
    row({ eventId: 'out', eventName: 'ReEncrypt', keyArn: k1, destKeyArn: k2 }),
    row({ eventId: 'in', eventName: 'ReEncrypt', keyArn: k3, destKeyArn: k1 }),
    row({ eventId: 'unknown-source', eventName: 'ReEncrypt', keyArn: null, destKeyArn: k1 }),
    // Into itself (dest_key_arn is NULL then) and a plain call: nothing beside the operation.
    row({ eventId: 'self', eventName: 'ReEncrypt', keyArn: k1 }),
    row({ eventId: 'plain', eventName: 'Decrypt', keyArn: k1 }),
  ];
  const onKey = (thisKey: string) =>
    renderToStaticMarkup(
      createElement(EventsTable, { events, keyNames: names, thisKey, rq: new URLSearchParams('range=7d'), showPrincipal: false }),
    );
  /** Each row's operation cell: its text without tags, and the link's href and title (if any). */
  const opCells = (html: string) =>
    [...html.matchAll(/<tr[^>]*>.*?<\/td><td[^>]*>(.*?)<\/td>/g)].map((m) => ({
      text: m[1].replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'"),
      href: /href="([^"]*)"/.exec(m[1])?.[1].replace(/&amp;/g, '&') ?? null,
      title: /title="([^"]*)"/.exec(m[1])?.[1] ?? null,
    }));

  it('on the source key: where the data went, by alias, linking to that key with the range', () => {
    const html = onKey(k1);
    expect(html).not.toContain('>Key</th>');
    expect(opCells(html)).toEqual([
      { text: 'ReEncrypt→ to alias/archive', href: `/keys/${encodeURIComponent(k2)}?range=7d`, title: `destination: ${k2}` },
      {
        text: 'ReEncrypt← from key/00000000-0000-4000-8000-000000000003',
        href: `/keys/${encodeURIComponent(k3)}?range=7d`,
        title: `source: ${k3}`,
      },
      { text: 'ReEncrypt← from an unknown key', href: null, title: 'source: not in the record' },
      { text: 'ReEncrypt', href: null, title: null },
      { text: 'Decrypt', href: null, title: null },
    ]);
  });

  it('on the destination key: where the data came from', () => {
    expect(opCells(onKey(k2))[0]).toEqual({
      text: 'ReEncrypt← from alias/payments',
      href: `/keys/${encodeURIComponent(k1)}?range=7d`,
      title: `source: ${k1}`,
    });
  });

  it('an alias is text, never markup', () => {
    const html = renderToStaticMarkup(
      createElement(EventsTable, { events: [events[0]], keyNames: new Map([[k2, 'alias/<img src=x onerror=alert(1)>']]), thisKey: k1 }),
    );
    expect(html).not.toContain('<img');
    expect(opCells(html)[0].text).toBe('ReEncrypt→ to alias/&lt;img src=x onerror=alert(1)&gt;');
  });
});
