import type { Engine, RunOptions } from './engines/types';
import { keyNames } from './queries/catalog';
import { runQuery } from './queries/define';

/** Key ARN → the alias it has now (key_names.sql); a key without one is not in it. */
export type KeyNames = ReadonlyMap<string, string>;

export const NO_KEY_NAMES: KeyNames = new Map();

/** Every key's current alias, in one read of the alias rollup (cheap: no pass over the events). */
export async function readKeyNames(engine: Engine, opts?: RunOptions): Promise<Map<string, string>> {
  return new Map((await runQuery(engine, keyNames, {}, opts)).rows.map((r) => [r.keyArn, r.alias]));
}

/**
 * A key as a sentence names it: its alias with its id (the id is what a policy or a ticket
 * quotes), or its `key/<id>` alone when it has no alias.
 */
export function keyInText(arn: string | null, names: KeyNames): string {
  if (!arn) return 'an unknown key';
  const resource = arn.split(':').pop() ?? arn;
  const alias = names.get(arn);
  return alias ? `${alias} (${resource.replace(/^key\//, '')})` : resource;
}
