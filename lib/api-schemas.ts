import { z } from 'zod';
import { RULES, SEVERITIES } from './findings/rule-ids';
import { PAGE_SIZES } from './queries/catalog/events';
import { ERROR_CLASSES } from './queries/catalog/failures';
import { CONTEXT_ORDERS } from './queries/catalog/usage';
import { RangeSearch, withQuery } from './search-params';

export { PAGE_SIZES };

/** Search params of each JSON route (and of the page that shows the same data). */
/** The longest text filter: a value longer than this (a 100 KB userAgent) cannot be a link's filter. */
export const MAX_FILTER_TEXT = 2048;
const Text = z.string().trim().min(1).max(MAX_FILTER_TEXT);

/**
 * A value as a "contains" filter (userAgent, context) can take it: its first MAX_FILTER_TEXT
 * characters, which still match the call it came from, and never half a surrogate pair (a URL
 * cannot encode one).
 */
export function filterPrefix(value: string): string {
  if (value.length <= MAX_FILTER_TEXT) return value;
  const cut = /[\uD800-\uDBFF]/.test(value[MAX_FILTER_TEXT - 1]) ? MAX_FILTER_TEXT - 1 : MAX_FILTER_TEXT;
  return value.slice(0, cut);
}
const optionalText = Text.optional().transform((v) => v ?? null);

/**
 * The error-code filter is a LIKE pattern (AccessDenied%). A pattern of many wildcards
 * ('%_%_%_…%x') costs the engine time that grows with their number for every failed call: twenty
 * pairs took ~20 s on a month of sample data. Real error codes are short and need one or two.
 */
const MAX_ERROR_CODE = 128;
const MAX_ERROR_CODE_WILDCARDS = 2;

/**
 * An AWS Region's shape: a partition's prefix of two to four letters (us, ap, cn, eusc), words,
 * a number (us-east-1, us-gov-west-1, eusc-de-east-1).
 */
export const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/**
 * A whole number written in decimal digits (or given as a number). z.coerce took '' and ' ' for 0
 * and '0x0c' for 12, so an empty `hour=` silently filtered on midnight.
 */
const wholeNumber = (message: string) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v), z.number({ error: message }).int(message));

export const KeysSearch = RangeSearch;

/**
 * Filters of other pages a link to the report may carry: the report covers every key and principal,
 * so its page says it ignored them and its PDF refuses them (a PDF must not look filtered when it is not).
 */
export const NOT_REPORT_FILTERS = ['key', 'principal'] as const;

export const PrincipalsSearch = RangeSearch.extend({
  limit: wholeNumber('must be 1 to 100').pipe(z.number().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100')).default(10),
});

const ContextOrderParam = z.enum(CONTEXT_ORDERS, { message: `must be ${CONTEXT_ORDERS.join(' or ')}` });

/** A key's encryption contexts: `limit` of them, the most used first (or, `order=recent`, the last seen). */
export const ContextsSearch = PrincipalsSearch.extend({ order: ContextOrderParam.default('calls') });

/** A key's or a principal's page: its range, and how its contexts panel is ordered (`contextsOrder=recent`). */
export const ContextsPageSearch = RangeSearch.extend({ contextsOrder: ContextOrderParam.default('calls') });

export const EventsSearch = RangeSearch.extend({
  key: optionalText,
  /** `noKey=1`: only events that name no key (ListKeys, GenerateRandom, a denied CreateKey…). */
  noKey: z
    .enum(['1'], { message: 'must be 1 (events that name no key)' })
    .optional()
    .transform((v) => v === '1'),
  /** Exactly: a principal as the lists show it, or a role session's ARN. */
  principal: optionalText,
  /** Part of a principal's or session's ARN, any case (`role/Admin`, a session name, an account id). */
  principalContains: optionalText,
  /** `userIdentity.accessKeyId`, exactly: AKIA… (long-term) or ASIA… (temporary). */
  accessKeyId: optionalText,
  /** Part of the call's encryption context as JSON text, exact case: `"aws:s3:arn":"arn:aws:s3:::reports/`, a secret's ARN. */
  context: optionalText,
  /** Part of the user agent, any case: `aws-cli`, `Terraform`, a script's own name. */
  userAgent: optionalText,
  /** `noPrincipal=1`: only events whose record names no caller (the "(unknown)" rows). */
  noPrincipal: z
    .enum(['1'], { message: 'must be 1 (events with no known principal)' })
    .optional()
    .transform((v) => v === '1'),
  eventName: optionalText,
  errorCode: Text.max(MAX_ERROR_CODE, `must be an error code, at most ${MAX_ERROR_CODE} characters`)
    .refine((v) => (v.match(/%/g) ?? []).length <= MAX_ERROR_CODE_WILDCARDS, {
      message: `must be an error code, * (any failure) or a pattern with at most ${MAX_ERROR_CODE_WILDCARDS} % (AccessDenied%)`,
    })
    .optional()
    .transform((v) => v ?? null),
  sourceIp: optionalText,
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit account id')
    .optional()
    .transform((v) => v ?? null),
  // The account whose keys were used, whoever called: a partner's calls on them are logged in its own trail.
  keyAccount: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit account id')
    .optional()
    .transform((v) => v ?? null),
  region: z
    .string()
    .regex(REGION, 'must be an AWS region such as us-east-1')
    .optional()
    .transform((v) => v ?? null),
  errorClass: z
    .enum(ERROR_CLASSES)
    .optional()
    .transform((v) => v ?? null),
  weekday: wholeNumber('must be 1 (Monday) to 7 (Sunday)')
    .pipe(z.number().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'))
    .optional()
    .transform((v) => v ?? null),
  hour: wholeNumber('must be 0 to 23')
    .pipe(z.number().min(0, 'must be 0 to 23').max(23, 'must be 0 to 23'))
    .optional()
    .transform((v) => v ?? null),
  limit: wholeNumber(`must be one of ${PAGE_SIZES.join(', ')}`)
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), `must be one of ${PAGE_SIZES.join(', ')}`)
    .default(50),
  cursor: z
    .string()
    .max(1000)
    .optional()
    .transform((v) => v ?? null),
});

export const FailuresSearch = RangeSearch.extend({ key: optionalText, principal: optionalText });

export const FINDING_SORTS = ['severity', 'lastSeen', 'firstSeen', 'count', 'rule'] as const;

export const FindingsSearch = RangeSearch.extend({
  key: optionalText,
  /** Exactly, as a finding names it (a role, not a session): a principal page's findings. */
  principal: optionalText,
  severity: z.enum(SEVERITIES).optional(),
  rule: z.enum(Object.keys(RULES) as [keyof typeof RULES, ...(keyof typeof RULES)[]]).optional(),
  sort: z.enum(FINDING_SORTS).default('severity'),
});

/**
 * /events/<id> and /api/events/<id>: `t` is the event's time, when the link knows it. It lets
 * Athena read only the days around it instead of the whole table; without it the lookup still works.
 */
export const EventRawSearch = z.object({
  t: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time such as 2026-11-20T12:00:00Z' }).optional(),
  download: z.string().optional(),
});

/** The event page's URL: its time travels with it (see EventRawSearch). */
export const eventHref = (eventId: string, eventTime: string | null): string =>
  `/events/${encodeURIComponent(eventId)}${eventTime ? `?t=${encodeURIComponent(eventTime)}` : ''}`;

/** A principal's page URL, with the query it keeps (its range); the principal is one path segment. */
export const principalHref = (principal: string, ...query: Parameters<typeof withQuery>[1][]): string =>
  withQuery(`/principals/${encodeURIComponent(principal)}`, ...query);

export const EXPORT_FORMATS = ['csv', 'json'] as const;

/** Any panel's URL state, plus the export format. */
export const ExportSearch = RangeSearch.extend({
  key: optionalText,
  // The keys table's filter (components/keys-table.tsx), so its export holds the rows shown.
  kq: optionalText,
  kaccount: optionalText,
  kregion: optionalText,
  principal: optionalText,
  severity: z.enum(SEVERITIES).optional(),
  rule: z.enum(Object.keys(RULES) as [keyof typeof RULES, ...(keyof typeof RULES)[]]).optional(),
  contextsOrder: ContextOrderParam.default('calls'),
  format: z.enum(EXPORT_FORMATS).default('csv'),
});
