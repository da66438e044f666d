import { principalHref } from '@/lib/api-schemas';
import { DrillLink } from '@/components/drill-link';
import { RULES, type Finding } from '@/lib/findings/rule-ids';
import { UNKNOWN_PRINCIPAL } from '@/lib/drill-filters';
import { distinctArnLabels, fmtInt, fmtUtc, shortArn } from '@/lib/format';
import { withQuery } from '@/lib/search-params';
import { wholeDaysAround } from '@/lib/time';

const SEVERITY_STYLE = {
  high: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
  medium: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  low: 'bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200',
} as const;

/** On paper a cut name is lost: it wraps instead (ARNs anywhere), within the page's width. */
const PRINT_WRAP = 'print:overflow-visible print:whitespace-normal print:[overflow-wrap:anywhere]';

/** Findings, each with a link to exactly the events behind it. Caller-written values render as text. */
export function FindingsTable({
  findings,
  aliases,
  sortHref,
  sortedBy,
  stacked = false,
}: {
  findings: Finding[];
  aliases: ReadonlyMap<string, string | null>;
  sortHref?: (col: string) => string;
  /** The column the rows are sorted by (each column sorts one way: the rule A–Z, the rest most first). */
  sortedBy?: string;
  /**
   * Each finding's explanation on a full-width line under its facts, for a narrow sheet (the
   * report): as its own column there it was squeezed to a few characters a line. Nothing is cut:
   * names and times wrap, on screen as on paper.
   */
  stacked?: boolean;
}) {
  // One alias in two regions, or one role name in two accounts, must not read as the same key or principal.
  const keyName = distinctArnLabels(
    findings.flatMap((f) => (f.keyArn ? [f.keyArn] : [])),
    (a) => aliases.get(a) ?? shortArn(a),
  );
  const principalName = distinctArnLabels(
    findings.flatMap((f) => (f.principal ? [f.principal] : [])),
    shortArn,
  );
  const th = (label: string, col?: string) => {
    const sorted = col !== undefined && col === sortedBy;
    return (
      <th
        className="py-2 pr-3"
        scope="col"
        aria-sort={col && sortHref ? (sorted ? (col === 'rule' ? 'ascending' : 'descending') : 'none') : undefined}
      >
        {col && sortHref ? (
          <DrillLink
            className={`underline decoration-dotted underline-offset-2 hover:decoration-solid ${sorted ? 'text-gray-900 dark:text-gray-100' : ''}`}
            href={sortHref(col)}
            title={`Sort by ${label.toLowerCase()}`}
          >
            {label}
            {sorted && <span aria-hidden="true">{col === 'rule' ? ' ▲' : ' ▼'}</span>}
          </DrillLink>
        ) : (
          label
        )}
      </th>
    );
  };
  const evidence = (f: Finding) => (
    <DrillLink
      className={`whitespace-nowrap text-blue-700 underline dark:text-blue-300 ${stacked ? 'print:hidden' : ''}`}
      href={withQuery('/events', f.evidence)}
      data-testid="finding-evidence"
    >
      the events →
    </DrillLink>
  );
  const rowKey = (f: Finding, i: number) => `${f.rule}-${f.keyArn}-${f.principal}-${f.firstSeen}-${i}`;
  // On screen a long name is cut (the full value in its title); in the stacked layout, and on paper, it wraps.
  const wrap = stacked
    ? 'whitespace-normal [overflow-wrap:anywhere]'
    : `truncate ${PRINT_WRAP} max-sm:max-w-none max-sm:whitespace-normal max-sm:[overflow-wrap:anywhere]`;
  const nowrap = stacked ? '' : 'whitespace-nowrap print:whitespace-normal';
  // On a phone each finding is a small card (its facts wrap onto lines, each time and the count
  // labelled, since the header row is not shown), so nothing sits off to the right.
  const card = 'max-sm:block max-sm:py-0.5';
  // The key and the principal each take a line of their own: wrapped in with the others they sat
  // beside the rule in one card and under it in the next, and read as one run of text.
  const line = 'max-sm:basis-full';
  const label = (text: string) => <span className="font-sans text-xs text-gray-500 sm:hidden">{text} </span>;
  const facts = (f: Finding) => (
    <>
      <td className={`py-2 pr-3 ${card}`}>
        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY_STYLE[f.severity]}`}>{f.severity}</span>
      </td>
      <td className={`py-2 pr-3 text-xs ${nowrap} ${card}`}>{RULES[f.rule]}</td>
      <td
        className={`py-2 pr-3 text-xs ${card} ${line} ${stacked ? 'min-w-[7rem]' : 'max-w-[12rem] print:min-w-[7rem]'} ${wrap}`}
        title={f.keyArn ?? ''}
      >
        {label('Key')}
        {f.keyArn ? (
          <DrillLink
            className="text-blue-700 hover:underline dark:text-blue-300"
            // Its page over the finding's days, as the principal's link: the finding's calls are in its range.
            href={withQuery(`/keys/${encodeURIComponent(f.keyArn)}`, wholeDaysAround(f.firstSeen, f.lastSeen, 1))}
            data-testid="finding-key"
          >
            {keyName.get(f.keyArn)}
          </DrillLink>
        ) : (
          '—'
        )}
      </td>
      <td
        // Wrapped at its space, not cut: a role name in two accounts is told apart by the account after
        // it. `break-words`, not `anywhere`: the column keeps a whole name's width (anywhere let the
        // table shrink it and split role names mid-word).
        className={`py-2 pr-3 font-mono text-xs ${card} ${line} ${stacked ? 'min-w-[9rem]' : 'max-w-[14rem] print:min-w-[9rem]'} break-words whitespace-normal`}
        title={f.principal ?? ''}
      >
        {label('Principal')}
        {f.principal && f.principal !== UNKNOWN_PRINCIPAL ? (
          <DrillLink
            className="text-blue-700 underline underline-offset-2 dark:text-blue-300"
            // Its page over the finding's days (a day each side). Underlined: in a phone's card it sits in a line of text.
            href={principalHref(f.principal, wholeDaysAround(f.firstSeen, f.lastSeen, 1))}
            data-testid="finding-principal"
          >
            {principalName.get(f.principal)}
          </DrillLink>
        ) : f.principal ? (
          principalName.get(f.principal)
        ) : (
          shortArn(null)
        )}
      </td>
      <td className={`py-2 pr-3 text-xs ${nowrap} ${card}`}>
        {label('First seen')}
        {fmtUtc(f.firstSeen)}
      </td>
      <td className={`py-2 pr-3 text-xs ${nowrap} ${card}`}>
        {label('Last seen')}
        {fmtUtc(f.lastSeen)}
      </td>
      <td className={`py-2 pr-3 text-right tabular-nums ${card}`}>
        {label('Count')}
        {fmtInt(f.count)}
        {/* A gap's count is its length, not events: said where it is read. */}
        {f.rule === 'logging-gap' && <span className="text-xs text-gray-500"> h silent</span>}
      </td>
    </>
  );
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm max-sm:block" data-testid="findings-table">
        <thead className="max-sm:hidden">
          <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
            {th('Severity', 'severity')}
            {th('Rule', 'rule')}
            {th('Key')}
            {th('Principal')}
            {th('First seen', 'firstSeen')}
            {th('Last seen', 'lastSeen')}
            {th('Count', 'count')}
            {stacked ? null : th('What happened')}
          </tr>
        </thead>
        {stacked ? (
          // One group per finding: its facts, then what happened across the whole width. The report's
          // sheet is white in both schemes, so its rules stay light.
          findings.map((f, i) => (
            <tbody key={rowKey(f, i)} className="break-inside-avoid border-b border-gray-100 max-sm:block max-sm:py-2">
              <tr className="align-top max-sm:flex max-sm:flex-wrap max-sm:items-baseline max-sm:gap-x-3">{facts(f)}</tr>
              <tr className="max-sm:block">
                <td colSpan={7} className="pr-3 pb-3 text-xs [overflow-wrap:anywhere] max-sm:block max-sm:pt-1 max-sm:pb-0">
                  <span className="sr-only">What happened: </span>
                  {f.explanation} {evidence(f)}
                </td>
              </tr>
            </tbody>
          ))
        ) : (
          <tbody className="max-sm:block">
            {findings.map((f, i) => (
              <tr
                key={rowKey(f, i)}
                className="border-b border-gray-100 align-top dark:border-gray-800 max-sm:flex max-sm:flex-wrap max-sm:items-baseline max-sm:gap-x-3 max-sm:py-2 [&>td]:max-sm:min-w-0"
              >
                {facts(f)}
                {/* ARNs in the text must wrap: one long ARN would push the table off a printed page. */}
                <td className="py-2 pr-3 text-xs [overflow-wrap:anywhere] max-sm:block max-sm:basis-full max-sm:pt-1 max-sm:pb-0">
                  {f.explanation} {evidence(f)}
                </td>
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}
