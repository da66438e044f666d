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
