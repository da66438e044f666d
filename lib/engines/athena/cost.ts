/**
 * Athena's price: $5 per TB scanned, rounded up to the megabyte, with a 10 MB
 * minimum per query; a reused result is not charged.
 */
const MB = 2 ** 20;
const TB = 2 ** 40;
export const USD_PER_TB = 5;

export function athenaCostUsd(bytes: number, reused = false): number {
  if (reused) return 0;
  const billed = Math.max(10 * MB, Math.ceil(bytes / MB) * MB);
  return (billed / TB) * USD_PER_TB;
}
