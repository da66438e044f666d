/**
 * Browsers draw no canvas wider or taller than 16,384 px (Chromium, Firefox; a larger one exports as
 * an empty image). A panel drawn at `ratio` times its size is scaled down to fit, as html-to-image's
 * own toPng does: a very tall table still exports, at a lower resolution.
 */
export const MAX_CANVAS_SIDE = 16_384;

export function canvasRatio(width: number, height: number, ratio: number): number {
  const side = Math.max(width, height, 1);
  return Math.min(ratio, MAX_CANVAS_SIDE / side);
}
