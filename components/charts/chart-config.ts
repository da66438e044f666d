/**
 * Chart colours, in one place (shadcn's chart pattern): each series has a CSS
 * variable defined in app/globals.css for light and dark mode, and charts only
 * ever refer to the variable.
 */
import type { ErrorClass } from '@/lib/error-classes';

export const OPERATION_SERIES = [
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncrypt',
  'Sign',
  'Verify',
  'DescribeKey',
] as const;

/** The palette has 8 operation slots plus an "other" colour for the rest. */
export function operationColor(eventName: string): string {
  const i = (OPERATION_SERIES as readonly string[]).indexOf(eventName);
  return i >= 0 ? `var(--chart-op-${i + 1})` : 'var(--chart-op-other)';
}

export const ERROR_COLOR = 'var(--chart-error)';
export const ACCESS_DENIED_COLOR = 'var(--chart-denied)';
export const KEY_STATE_COLOR = 'var(--chart-key-state)';
/** A ciphertext, signature or MAC KMS rejected (error class integrity). */
export const INTEGRITY_COLOR = 'var(--chart-integrity)';

/** The shading of buckets with no logs behind them (lib/log-coverage.ts). */
export const NO_LOGS_COLOR = 'var(--chart-no-logs)';

/** Each error class's colour; throttling and other errors share the plain error colour. */
export const ERROR_CLASS_COLORS: Record<ErrorClass, string> = {
  'access-denied': ACCESS_DENIED_COLOR,
  'key-state': KEY_STATE_COLOR,
  integrity: INTEGRITY_COLOR,
  throttling: ERROR_COLOR,
  other: ERROR_COLOR,
};
