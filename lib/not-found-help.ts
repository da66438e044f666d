import { decodePathParam, goodRangeParams, withQuery } from './search-params';

/** What a 404 page can be about: one of the detail pages, or an address no page has. */
export type Missing = 'key' | 'event' | 'principal' | 'page';

export interface NotFoundHelp {
  /** What was not found, with the reference as given (rendered as text only). */
  message: string;
  hint: string;
  links: { href: string; label: string }[];
}

/**
 * The reference a detail page was asked for, from its path. The path is percent-encoded, and
 * links encode the reference once more (an ARN holds "/"), so it is decoded twice, as the page's
 * own `params` (decoded once by Next.js) are decoded again by decodePathParam.
 */
export function refFromPathname(pathname: string): string {
  const last = pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  return decodePathParam(decodePathParam(last));
}

/**
 * A key that KMS answered NotFoundException to every call naming it (the keys list's "not found" badge,
 * a key page's summary): the logs name it, but there is no such key.
 */
export const NO_SUCH_KEY =
  'KMS answered NotFoundException to every call naming this key in the range: no such key (a mistyped or probed key id, or a key deleted before the logs begin).';

const HOUR_MS = 3_600_000;

/**
 * A 404 page's text and where to look instead. Not-found pages get no props: the notice reads
 * what was asked for from the path and query (components/not-found-notice.tsx). `search` is the URL's query: its range (when it
 * parses) travels with the links, and an event's `t` opens the events around that time.
 */
export function notFoundHelp(kind: Missing, ref: string, search: URLSearchParams): NotFoundHelp {
  const range = goodRangeParams(search);
  const health = { href: '/health', label: 'Data health: which accounts, regions and days the logs cover' };
  // An ARN names its account (and a key's its region): the events there are the nearest thing to look through.
  const [, , service, region, account] = ref.split(':');
  const inAccount = /^\d{12}$/.test(account ?? '') ? account : null;
  switch (kind) {
    case 'key':
      return {
        message: `No key matches “${ref}” in the logs KeyTrail has read.`,
        hint: 'Give a key id, key ARN or alias (alias/name). The key may also belong to an account, region or time the ingested trail does not cover.',
        links: [
          { href: withQuery('/', range), label: 'Every key seen in this range (overview)' },
          { href: withQuery('/rotation', range), label: 'Every key the logs name (rotation and lifecycle)' },
          ...(service === 'kms' && inAccount
            ? [
                {
                  href: withQuery('/events', range, { account: inAccount, region }),
                  label: `KMS events in account ${inAccount}, ${region}`,
                },
              ]
            : []),
          health,
        ],
      };
    case 'event': {
      // Only where the link points: this module runs in the browser too, away from the page's schema (lib/api-schemas.ts).
      const t = Date.parse(search.get('t') ?? '');
      const at = Number.isNaN(t) ? null : t;
      return {
        message: `No event with eventID “${ref}” in the store.`,
        hint: 'Its delivery file may not have been ingested yet, or the link may be mistyped. A call from another account is logged in both accounts under one sharedEventID, and KeyTrail keeps the caller’s copy: the key owner’s eventID is then not in the store, and the call is listed in the hour around its time.',
        links: [
          at !== null
            ? {
                href: withQuery('/events', { from: new Date(at - HOUR_MS).toISOString(), to: new Date(at + HOUR_MS).toISOString() }),
                label: 'Events in the hour either side of its time',
              }
            : { href: withQuery('/events', range), label: 'The events list' },
          health,
        ],
      };
    }
    case 'principal':
      return {
        message: `The logs KeyTrail holds name no KMS call by “${ref}”, at any time.`,
        hint: 'Check the ARN: a role is named arn:aws:iam::<account>:role/<path><name>, its path included (an Identity Center role: role/aws-reserved/sso.amazonaws.com/…), and its sessions count under it; an AWS service by its name (s3.amazonaws.com). A name alone (/principals/<name>) finds the principals of that name.',
        links: [
          { href: withQuery('/', range), label: 'Top principals (overview)' },
          ...(inAccount
            ? [{ href: withQuery('/events', range, { account: inAccount }), label: `KMS events in account ${inAccount}` }]
            : []),
          health,
        ],
      };
    case 'page':
      return {
        message: 'No page at this address.',
        hint: 'The link may be mistyped or out of date.',
        links: [
          { href: withQuery('/', range), label: 'Overview' },
          { href: withQuery('/events', range), label: 'Events' },
        ],
      };
  }
}
