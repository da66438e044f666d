import { fmtDeletionDate, fmtInt, fmtUtc } from '@/lib/format';
import type { KeyState } from '@/lib/server/data-rotation';
import { badge, RotationSetting } from './rotation-setting';

/**
 * A key's state at the end of the range, as the rotation page reads it off the logs: what a manager
 * asks of one key (is it rotating, is it usable, is anything about to break) before reading its
 * timeline of changes.
 */
export function KeyStateNow({ k, at }: { k: KeyState; at: Date }) {
  const state = [
    k.deleted && badge('bg-gray-700 text-white dark:bg-gray-300 dark:text-gray-900', `deleted ${fmtUtc(k.deletedAt)}`),
    k.pendingDeletion &&
      badge(
        'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
        `pending deletion${k.deletionDate ? `, ${fmtDeletionDate(k.deletionDate)}` : ''}${k.deletionDatePassed ? ': date passed with no DeleteKey logged' : ''}`,
      ),
    k.disabled && badge('bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-100', 'disabled'),
    k.pendingImport && badge('bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-100', 'pending import (no key material)'),
    k.materialExpires &&
      badge('bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100', `key material expires ${fmtUtc(k.materialExpires)}`),
    k.stillUsed && badge('bg-red-600 text-white', 'still called'),
  ].filter(Boolean);
  const row = 'grid grid-cols-[8rem_1fr] gap-2 py-1 max-sm:grid-cols-1 max-sm:gap-0';
  return (
    <dl className="mb-4 rounded border border-gray-200 p-3 text-sm dark:border-gray-700" data-testid="key-state">
      <div className={row}>
        <dt className="text-xs text-gray-500">State at {fmtUtc(at)}</dt>
        <dd>{state.length ? state : badge('bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100', 'enabled')}</dd>
      </div>
      <div className={row}>
        <dt className="text-xs text-gray-500">Automatic rotation</dt>
        <dd className="text-xs">
          <RotationSetting k={k} />
        </dd>
      </div>
      <div className={row}>
        <dt className="text-xs text-gray-500">Last rotation</dt>
        <dd className="text-xs">
          {k.lastRotated ? `${fmtUtc(k.lastRotated)} (${k.lastRotationType})` : 'none in the logs'}
          {k.ageDays !== null && ` · key material ${fmtInt(k.ageDays)} days old`}
          {k.overdue && <> {badge('bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100', 'overdue')}</>}
        </dd>
      </div>
      {(k.keySpec || k.keyOrigin) && (
        <div className={row}>
          <dt className="text-xs text-gray-500">Made as</dt>
          <dd className="font-mono text-xs">
            {[k.keySpec, k.keyOrigin].filter(Boolean).join(' · ')}
            {k.createdAt && <span className="font-sans text-gray-500"> (created {fmtUtc(k.createdAt)})</span>}
          </dd>
        </div>
      )}
    </dl>
  );
}
