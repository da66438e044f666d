import 'server-only';
import type { z } from 'zod';
import type { ExportSearch } from '../api-schemas';
import type { CsvValue } from '../export/csv';
import type { Provenance } from '../export/provenance';
import { filterKeys } from '../keys-filter';
import { deletionDateIso } from '../time';
import * as FailureQueries from '../queries/catalog/failures';
import * as UsageQueries from '../queries/catalog/usage';
import { bucketHasLogs, coversRange } from '../log-coverage';
import { BadRequestError, type ResolvedRange } from '../search-params';
import { BUCKET_MS } from '../time';
import {
  encryptionContexts,
  keysOfPrincipal,
  kpisWithPrevious,
  listKeysWithStatus,
  logCoverage,
  resolveKeyRef,
  PRINCIPALS_LISTED,
  topPrincipals,
  topSourceIps,
  usageTimeline,
} from './data';
import { listEvents } from './data-events';
import { FAILURE_PAIRS_LISTED, failuresByDay, failuresByHour, failuresByPrincipalKey } from './data-failures';
import { listFindings } from './data-findings';
import { dataHealth } from './data-health';
import { keyLifecycle, rotationSummary } from './data-rotation';

/**
 * Every exportable panel: its title and how to load exactly the rows the page
 * shows for the same URL state. Pages and exports call the same data functions
 * with the same parameters, so an export is always of what is on screen.
 */
type Search = z.output<typeof ExportSearch>;
/**
 * `listed`: how much of a list its query's limit kept. An export cut to the busiest N says so, and
 * how many there are in all, so evidence never passes for complete when it is not.
 */
type Rows = { columns: string[]; rows: Record<string, CsvValue>[]; listed?: Provenance['listed']; warnings?: string[] };

/**
 * A limited list's export: its rows and columns without the count of all rows each row carries
 * (the provenance states it once), and how much of the list they are.
 */
function limitedList<R extends object, K extends keyof R & string>(shape: object, rows: R[], inAll: K, what: string): Rows {
  return {
    columns: Object.keys(shape).filter((c) => c !== inAll),
    rows: flat(rows.map(({ [inAll]: _, ...rest }) => rest)),
    listed: { rows: rows.length, inAll: rows.length ? Number(rows[0][inAll]) : 0, what },
  };
}
interface PanelDef {
  title: (s: Search) => string;
  load: (s: Search, r: ResolvedRange, keyArn: string | null) => Promise<Rows>;
}

const cols = <T extends object>(rows: T[], fallback: string[]): string[] => (rows[0] ? Object.keys(rows[0]) : fallback);

/**
 * A pending deletion's date as the page shows it, an ISO instant in UTC: CloudTrail logs it as text
 * without a zone ("Dec 10, 2026, 12:00:00 PM"), which a spreadsheet reads in its own. Text it cannot
 * read stays as logged.
 */
const isoDeletionDate = <T extends { deletionDate: string | null }>(k: T): T => ({
  ...k,
  deletionDate: deletionDateIso(k.deletionDate) ?? k.deletionDate,
});
const flat = <T extends object>(rows: T[]) => rows as unknown as Record<string, CsvValue>[];

export const PANELS = {
  kpis: {
    title: (s) => (s.key ? `Summary of ${s.key}` : 'Summary'),
    load: async (_s, r, keyArn) => {
      const k = await kpisWithPrevious(keyArn, r);
      // logsCoverPeriod: whether the logs reach both ends of the range (logCoverage), and the
      // previous period's start (what makes it a baseline: see kpisWithPrevious).
      const whole = coversRange(k.coverage);
      const rows = [
        { period: 'current', from: r.from.toISOString(), to: r.to.toISOString(), ...k.current, logsCoverPeriod: whole ? 'yes' : 'no' },
        {
          period: 'previous',
          from: k.previousRange.from.toISOString(),
          to: k.previousRange.to.toISOString(),
          ...k.previousCounts,
          logsCoverPeriod: k.previousComplete ? 'yes' : 'no',
        },
      ];
      return { columns: Object.keys(rows[0]), rows };
    },
  },
  keys: {
    title: () => 'Keys',
    load: async (s, r) => {
      const rows = filterKeys(await listKeysWithStatus(r), { q: s.kq, account: s.kaccount, region: s.kregion }).map(isoDeletionDate);
      return { columns: cols(rows, ['keyArn']), rows: flat(rows) };
    },
  },
  'top-principals': {
    title: (s) => (s.key ? `Top principals of ${s.key}` : 'Top principals'),
    load: async (_s, r, keyArn) => {
      // Every principal the page lists, the ones behind its "show all" too.
      const rows = (await topPrincipals(keyArn, r, PRINCIPALS_LISTED)).rows;
      return limitedList(UsageQueries.topPrincipals.row.shape, rows, 'principalsInAll', 'principals');
    },
  },
  contexts: {
    title: (s) =>
      `Encryption contexts${s.key ? ` of ${s.key}` : ''}${s.principal ? ` used by ${s.principal}` : ''}${s.contextsOrder === 'recent' ? ', last seen first' : ''}`,
    load: async (s, r, keyArn) => {
      // A key's or a principal's panel: without either there is nothing to list.
      const rows =
        keyArn || s.principal ? (await encryptionContexts({ keyArn, principal: s.principal, order: s.contextsOrder }, r)).rows : [];
      return { columns: Object.keys(UsageQueries.encryptionContexts.row.shape), rows: flat(rows) };
    },
  },
  'source-ips': {
    title: (s) => `Sources of the calls${s.key ? ` to ${s.key}` : ''}${s.principal ? ` by ${s.principal}` : ''}`,
    load: async (s, r, keyArn) => {
      // A key's or a principal's panel: without either there is nothing to list.
      const rows = keyArn || s.principal ? (await topSourceIps({ keyArn, principal: s.principal }, r)).rows : [];
      return limitedList(UsageQueries.topSourceIps.row.shape, rows, 'sourcesInAll', 'sources');
    },
  },
  timeline: {
    title: (s) => `Usage by operation${s.key ? ` of ${s.key}` : ''}${s.principal ? ` by ${s.principal}` : ''}`,
    load: async (s, r, keyArn) => {
      const [t, coverage] = await Promise.all([usageTimeline({ keyArn, principal: s.principal }, r), logCoverage(r)]);
      // logsCoverBucket 'no': no call to any key is logged in it (shaded on the chart), so its zero is no evidence of no use.
      const rows = t.points.map((p) => ({
        t: p.t,
        count: p.count,
        errors: p.errors,
        logsCoverBucket: bucketHasLogs(Date.parse(p.t), BUCKET_MS[r.bucket], coverage) ? 'yes' : 'no',
        ...Object.fromEntries(t.eventNames.map((n) => [n, p.byEventName[n] ?? 0])),
      }));
      return { columns: ['t', 'count', 'errors', 'logsCoverBucket', ...t.eventNames], rows };
    },
  },
  'principal-keys': {
    title: (s) => `Keys used by ${s.principal ?? '(no principal given)'}`,
    load: async (s, r) => {
      const rows = s.principal ? (await keysOfPrincipal(s.principal, r)).rows : [];
      return { columns: ['keyArn', 'calls', 'errors', 'lastSeen'], rows: flat(rows) };
    },
  },
  'recent-events': {
    title: (s) => `Recent events${s.key ? ` of ${s.key}` : ''}${s.principal ? ` by ${s.principal}` : ''}`,
    load: async (s, r, keyArn) => {
      // The same 25 rows the key and principal pages show (the principal page lists its failures).
      const res = await listEvents(r, {
        keyArn,
        principal: s.principal,
        errorCode: s.principal && !keyArn ? '*' : null,
        limit: 25,
        cursor: null,
      });
      return { columns: cols(res.events, ['eventId']), rows: flat(res.events) };
    },
  },
  'failures-by-hour': {
    title: () => 'Failed calls by weekday and hour (UTC)',
    load: async (s, r, keyArn) => {
      const rows = (await failuresByHour({ keyArn, principal: s.principal }, r)).rows;
      return { columns: Object.keys(FailureQueries.failuresByHour.row.shape), rows: flat(rows) };
    },
  },
  'failures-by-principal-key': {
    title: () => 'Failed calls by principal and key',
    load: async (_s, r) => {
      const rows = (await failuresByPrincipalKey(r, FAILURE_PAIRS_LISTED)).rows;
      // The row schema's own columns: a class added there reaches the export without a second list.
      return limitedList(FailureQueries.failuresByPrincipalKey.row.shape, rows, 'pairsInAll', 'principal and key pairs');
    },
  },
  'failures-by-day': {
    title: () => 'Failed calls by day and error code',
    load: async (_s, r, keyArn) => {
      const rows = (await failuresByDay(keyArn, r)).rows;
      return { columns: ['day', 'errorCode', 'count'], rows: flat(rows) };
    },
  },
  findings: {
    title: () => 'Findings',
    load: async (s, r, keyArn) => {
      const res = await listFindings(r, { keyArn, principal: s.principal, fresh: true });
      const rows = res.findings
        .filter((f) => (!s.severity || f.severity === s.severity) && (!s.rule || f.rule === s.rule))
        // What a count counts: the events its drill-down lists, or a logging gap's hours of silence.
        .map((f) => ({
          ...f,
          countOf: f.rule === 'logging-gap' ? 'hours' : 'events',
          evidence: new URLSearchParams(f.evidence).toString(),
        }));
      return {
        // A rule that could not run has no rows here: the export says it is incomplete, as the page does.
        warnings: res.errors.map((e) => `Incomplete: the rule "${e.rule}" could not run (${e.error}).`),
        columns: ['severity', 'rule', 'keyArn', 'principal', 'firstSeen', 'lastSeen', 'count', 'countOf', 'explanation', 'evidence'],
        rows: flat(rows),
      };
    },
  },
  lifecycle: {
    title: (s) => `Lifecycle of ${s.key ?? 'a key'} (all changes up to the end of the range)`,
    load: async (_s, r, keyArn) => {
      if (!keyArn) throw new BadRequestError('The lifecycle export is of one key: add key=<key ARN or alias>.');
      const rows = await keyLifecycle(keyArn, r.to);
      return {
        columns: ['eventId', 'eventTime', 'lastTime', 'events', 'eventName', 'keyArn', 'principal', 'errorCode', 'detail'],
        rows: flat(rows),
      };
    },
  },
  rotation: {
    title: () => 'Rotation and lifecycle',
    load: async (_s, r) => {
      const res = await rotationSummary(r);
      // previousCalls is a baseline only where the logs cover the previous period's start.
      const rows = res.keys.map((k) => ({ ...isoDeletionDate(k), logsCoverPreviousPeriod: res.previousComplete ? 'yes' : 'no' }));
      return { columns: cols(rows, ['keyArn']), rows: flat(rows) };
    },
  },
  'health-sources': {
    title: () => 'KMS events by source',
    load: async (_s, r) => {
      const h = await dataHealth(r);
      // Each source's silences of KEYTRAIL_GAP_HOURS or more (the findings' logging-gap rule), as the page shows them.
      const rows = h.sources.map(({ silences, ...s }) => ({
        ...s,
        // Empty when unknown: the rule failed, or the source was quiet beyond its lookback (the page: "the whole range").
        silences: h.silencesError || (!silences && s.events === 0) ? null : (silences?.count ?? 0),
        longestSilenceHours: silences?.longestHours ?? null,
      }));
      return {
        columns: ['account', 'region', 'events', 'share', 'latestEvent', 'silences', 'longestSilenceHours'],
        rows: flat(rows),
        warnings: h.silencesError ? [`Incomplete: the silences could not be read (${h.silencesError}).`] : undefined,
      };
    },
  },
} satisfies Record<string, PanelDef>;

export type PanelId = keyof typeof PANELS;

export async function loadPanel(id: PanelId, s: Search, r: ResolvedRange) {
  const keyArn = s.key ? await resolveKeyRef(s.key) : null;
  const def: PanelDef = PANELS[id];
  return { title: def.title(s), ...(await def.load(s, r, keyArn)) };
}
