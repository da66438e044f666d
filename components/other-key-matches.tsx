import { DrillLink } from '@/components/drill-link';

/**
 * A key reference several keys answer to (an alias in two Regions, or one that moved to another
 * key): which one is shown, the most recently seen, and a link to each of the others.
 */
export function OtherKeyMatches({
  keyRef,
  matches,
  shown,
  href,
  testId,
  className = '',
}: {
  keyRef: string;
  /** Every key the reference matches, the one shown first. */
  matches: string[];
  /** What is shown of the first: "this page shows the one seen most recently". */
  shown: React.ReactNode;
  href: (keyArn: string) => string;
  testId: string;
  className?: string;
}) {
  if (matches.length < 2) return null;
  return (
    <div className={`text-xs text-amber-900 dark:text-amber-200 ${className}`} data-testid={testId}>
      “{keyRef}” matches {matches.length} keys in the logs; {shown}. The others:{' '}
      {matches.slice(1).map((arn, i) => (
        <span key={arn}>
          {i > 0 && ', '}
          <DrillLink className="font-mono underline" href={href(arn)}>
            {arn}
          </DrillLink>
        </span>
      ))}
    </div>
  );
}
