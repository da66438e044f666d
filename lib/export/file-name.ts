/**
 * An export's file name: what it is of, so several exports can be told apart in a folder
 * (`keytrail-timeline-payments-2026-12-07T08-00-00-000Z.png`): the panel, then the key (its alias,
 * else its key id) or the principal (its last name part), then when it was made.
 */
export function exportFileName(
  panel: string,
  generatedAt: string,
  ext: string,
  of: { key?: string | null; principal?: string | null } = {},
): string {
  const subject = of.key ? keyPart(of.key) : of.principal ? principalPart(of.principal) : '';
  const stamp = generatedAt.replace(/[:.]/g, '-');
  return ['keytrail', panel, safe(subject), stamp].filter(Boolean).join('-') + `.${ext}`;
}

/** `alias/payments` → payments; a key ARN or id → its key id. */
function keyPart(key: string): string {
  const alias = /(?:^|:)alias\/(.+)$/.exec(key);
  if (alias) return alias[1];
  return key.split('/').pop() ?? key;
}

/** `arn:aws:iam::111122223333:role/AppRole` → AppRole; an account id stays as it is. */
function principalPart(p: string): string {
  return p.split(/[/:]/).filter(Boolean).pop() ?? p;
}

/** Only characters every file system takes, and not too long. */
function safe(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 64);
}
