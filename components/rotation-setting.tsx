import { fmtUtc, shortArn } from '@/lib/format';
import { sharedRotationNote } from '@/lib/rotation-support';
import type { KeyState } from '@/lib/server/data-rotation';

/** A small state badge, as the rotation page and a key page show them. */
export const badge = (cls: string, text: string) => (
  <span className={`mr-1 inline-block rounded px-1.5 py-0.5 text-[10px] font-medium ${cls}`}>{text}</span>
);

/**
 * Automatic rotation as the logs prove it, and from what: the latest Enable/DisableKeyRotation (when
 * and by whom), or an automatic rotation, which KMS does only while rotation is on. A deleted key
 * has nothing left to rotate, so its setting is no finding.
 */
export function RotationSetting({ k }: { k: KeyState }) {
  if (k.deleted) return <span className="text-gray-500">n/a (key deleted)</span>;
  if (k.rotationSupported === false)
    return (
      <span className="text-gray-500" title="KMS rotates only symmetric keys whose key material it made">
        n/a: {k.rotationUnsupportedReason}
      </span>
    );
  if (k.rotationEnabled === null) return <span className="text-gray-500">unknown (no evidence in the logs)</span>;
  // AWS rotates its managed keys yearly, always; an automatic rotation in the logs still says when.
  if (k.awsManaged && k.rotationEvidence !== 'RotateKey' && !k.rotationChangedAt)
    return (
      <span title="AWS managed keys (alias/aws/…) rotate every year; their rotation cannot be turned off">
        {badge('bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100', 'on')}
        every {k.rotationPeriodDays} days · AWS managed
        <NextRotation k={k} />
      </span>
    );
  const changedBy = (
    <div className="truncate font-mono text-[10px] text-gray-500" title={k.rotationChangedBy ?? ''}>
      by {shortArn(k.rotationChangedBy)}
    </div>
  );
  // A multi-Region replica's rotation is its primary's: say where it was set.
  const shared = sharedRotationNote(k.keyArn, k.rotationEvidenceKeyArn, k.rotationEvidence);
  return (
    <>
      {k.rotationEnabled
        ? badge('bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100', 'on')
        : badge('bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100', 'off')}
      {k.rotationPeriodDays ? `every ${k.rotationPeriodDays} days · ` : ''}
      {k.rotationEvidence === 'RotateKey' ? (
        <>
          (rotated automatically {fmtUtc(k.rotationEvidenceAt)})
          {k.rotationChangedAt && (
            <div className="text-[10px] text-gray-500">
              {/* With a period, the latest change turned rotation on; without, it turned it off, and it was
                  turned on again where the logs do not reach. */}
              {k.rotationPeriodDays ? 'turned on' : 'turned off'} {fmtUtc(k.rotationChangedAt)}
              {k.rotationPeriodDays ? '' : ', on again outside the logs'}
              {changedBy}
            </div>
          )}
        </>
      ) : (
        <>
          {k.rotationOffSinceCreation ? (
            // No setting in the logs, and the key was made in them: keys start with rotation off.
            <span title="A customer managed key starts with automatic rotation off; no EnableKeyRotation is logged since its CreateKey">
              since its creation {fmtUtc(k.createdAt)}, never turned on
            </span>
          ) : (
            <>
              {/* The setting shown holds since its latest change (a period changed on a key already on included). */}
              since {fmtUtc(k.rotationChangedAt)}
              {changedBy}
            </>
          )}
        </>
      )}
      {shared && (
        <div className="text-[10px] text-gray-500" title={k.rotationEvidenceKeyArn ?? ''}>
          {shared}
        </div>
      )}
      <NextRotation k={k} />
    </>
  );
}

/**
 * When KMS should rotate the key next (lib/rotation-support.ts), or that the date has passed with no
 * automatic rotation in the logs: a gap in the logs, or rotation turned off where they do not reach.
 */
function NextRotation({ k }: { k: KeyState }) {
  if (!k.nextRotationExpected) return null;
  if (k.rotationLate)
    return (
      <div className="text-[10px] text-amber-900 dark:text-amber-200" data-testid="rotation-late">
        {badge('bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100', 'no rotation logged')}
        due by {fmtUtc(k.nextRotationExpected)}: missing logs, or rotation turned off where they do not reach
      </div>
    );
  // Due, and within the day or two KMS may take (not late yet): not "next … by" a time already past.
  if (Date.parse(k.nextRotationExpected) < Date.now())
    return <div className="text-[10px] text-gray-500">automatic rotation due {fmtUtc(k.nextRotationExpected)}, not logged yet</div>;
  return <div className="text-[10px] text-gray-500">next automatic rotation by {fmtUtc(k.nextRotationExpected)}</div>;
}
