/**
 * AWS managed keys (the ones AWS services create for you, named alias/aws/<service>) rotate every
 * year, always: their rotation cannot be turned on or off, and KMS logs no EnableKeyRotation for
 * them (AWS KMS API reference, EnableKeyRotation; the schedule went from three years to one in May
 * 2022). The alias prefix is reserved: no one else can create an alias that begins alias/aws/.
 * Without this, every AWS managed key reads "rotation unknown", which sends a manager after a
 * setting no one can change.
 */
export const AWS_MANAGED_ALIAS_PREFIX = 'alias/aws/';
const AWS_MANAGED_ROTATION_DAYS = 365;

export function isAwsManagedKey(alias: string | null | undefined): boolean {
  return !!alias && alias.startsWith(AWS_MANAGED_ALIAS_PREFIX);
}

/**
 * A key's automatic rotation as the pages show it: what the logs prove (key_status), or, for an AWS
 * managed key the logs say nothing of, on and yearly. The one place the keys table and the rotation
 * page take it from, so the two never disagree.
 */
export function rotationShown(
  logged:
    | {
        rotationEnabled: boolean | null;
        rotationPeriodDays: number | null;
        /** Its CreateKey, when the logs hold it, and what it shares rotation with (key_status). */
        createdAt?: string | null;
        keyArn?: string;
        sharedKey?: string;
      }
    | undefined,
  alias: string | null | undefined,
): { awsManaged: boolean; rotationEnabled: boolean | null; rotationPeriodDays: number | null; offSinceCreation: boolean } {
  const awsManaged = isAwsManagedKey(alias);
  // A customer managed key starts with automatic rotation off, and only EnableKeyRotation turns it on
  // (AWS KMS API reference, EnableKeyRotation): created in the logs with no setting since, it is off.
  // Not a multi-Region key: a replica takes its primary's setting, which may predate this CreateKey.
  const offSinceCreation =
    !awsManaged &&
    (logged?.rotationEnabled ?? null) === null &&
    !!logged?.createdAt &&
    !!logged.keyArn &&
    logged.sharedKey === logged.keyArn;
  return {
    awsManaged,
    rotationEnabled: logged?.rotationEnabled ?? (awsManaged ? true : offSinceCreation ? false : null),
    rotationPeriodDays: logged?.rotationPeriodDays ?? (awsManaged ? AWS_MANAGED_ROTATION_DAYS : null),
    offSinceCreation,
  };
}
