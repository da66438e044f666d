/**
 * On a phone a table's header row is hidden and each row is a small card: each value says what it
 * is (a screen reader hears it too).
 */
export const phoneLabel = (text: string) => <span className="mr-1 font-sans text-gray-500 sm:hidden">{text}</span>;

/**
 * The classes that turn a table into those cards below the `sm` breakpoint: the row's cells wrap
 * onto lines instead of scrolling sideways, where the first column (what the row is about) would
 * scroll out of sight. `line` gives a cell a line of its own. One set, so every table does it alike.
 */
export const phoneCards = {
  table: 'max-sm:block',
  head: 'max-sm:hidden',
  body: 'max-sm:block',
  row: 'max-sm:flex max-sm:flex-wrap max-sm:items-baseline max-sm:gap-x-3 max-sm:py-2 [&>td]:max-sm:min-w-0 [&>td]:max-sm:py-0.5',
  line: 'max-sm:basis-full max-sm:max-w-full',
} as const;

/** A table cell whose value says what it is on a phone (its column's header is hidden there). */
export function PhoneCell({ label, className = '', children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <td className={`py-2 pr-3 ${className}`}>
      {phoneLabel(label)}
      {children}
    </td>
  );
}
