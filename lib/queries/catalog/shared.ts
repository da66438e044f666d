import { z } from 'zod';
import type { SqlValue } from '../../engines/types';
import { normaliseIso, partitionWindow } from '../../time';

export const Iso = z.string().transform(normaliseIso);
export const Count = z.coerce.number().int().nonnegative();
export const Window = z.object({ from: z.date(), to: z.date() });
export const KeyFilter = z.object({ keyArn: z.string().nullable().default(null) });

/** [partition_from, partition_to, from, to]: the prefix every ranged query binds first. */
export function windowArgs(p: z.output<typeof Window>): string[] {
  const [pf, pt] = partitionWindow(p.from.getTime(), p.to.getTime());
  return [pf, pt, p.from.toISOString(), p.to.toISOString()];
}

/** `(? IS NULL OR col = ?)` binds the same value twice. */
export const pair = (v: SqlValue): SqlValue[] => [v, v];
