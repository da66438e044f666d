/**
 * The computed CSS properties an exported image copies onto each cloned node (html-to-image's
 * `includeStyleProperties`). By default it copies every one Chromium knows (~360) onto every node,
 * which was most of an evidence pack's time; a panel's look needs these: layout and box, text,
 * tables, flex and grid, colours, borders and shadows (Tailwind's rings are box-shadows), SVG paint,
 * and `content` for pseudo-elements. Each side of a box is its own longhand: shorthands read back
 * from a computed style are empty where the sides differ. The charts' colours are CSS variables named
 * in their SVG attributes (chart-config.ts), which html-to-image does not style: the variables
 * themselves are copied, so the attributes resolve in the image (`capturedStyle`).
 */
const sides = (prefix: string, suffix = '') => ['top', 'right', 'bottom', 'left'].map((s) => `${prefix}-${s}${suffix}`);

const CAPTURED_STYLE: string[] = [
  // Box and layout.
  'display',
  'position',
  ...['top', 'right', 'bottom', 'left'],
  'z-index',
  'float',
  'clear',
  'box-sizing',
  ...['width', 'height', 'min-width', 'min-height', 'max-width', 'max-height'],
  ...sides('margin'),
  ...sides('padding'),
  'overflow-x',
  'overflow-y',
  'visibility',
  'opacity',
  'transform',
  'transform-origin',
  'vertical-align',
  // Borders, corners and shadows.
  ...sides('border', '-width'),
  ...sides('border', '-style'),
  ...sides('border', '-color'),
  ...['top-left', 'top-right', 'bottom-right', 'bottom-left'].map((c) => `border-${c}-radius`),
  'box-shadow',
  // Tables.
  'table-layout',
  'border-collapse',
  'border-spacing',
  'caption-side',
  // Flex and grid.
  ...['flex-direction', 'flex-wrap', 'flex-grow', 'flex-shrink', 'flex-basis', 'order'],
  ...['align-items', 'align-self', 'align-content', 'justify-content', 'justify-items', 'justify-self'],
  'row-gap',
  'column-gap',
  ...['grid-template-columns', 'grid-template-rows', 'grid-auto-flow', 'grid-auto-columns', 'grid-auto-rows'],
  ...['grid-column-start', 'grid-column-end', 'grid-row-start', 'grid-row-end'],
  // Colour and background.
  'color',
  'background-color',
  'background-image',
  'background-size',
  'background-position',
  'background-repeat',
  'background-clip',
  // Text.
  ...['font-family', 'font-size', 'font-weight', 'font-style', 'font-stretch', 'font-variant-numeric', 'font-feature-settings'],
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-align',
  'text-indent',
  'text-transform',
  'text-overflow',
  ...['text-decoration-line', 'text-decoration-style', 'text-decoration-color', 'text-decoration-thickness', 'text-underline-offset'],
  'white-space',
  'white-space-collapse',
  'text-wrap-mode',
  'word-break',
  'overflow-wrap',
  'tab-size',
  'writing-mode',
  'list-style-type',
  'list-style-position',
  'content',
  // SVG paint (a chart drawn as HTML in the PNG).
  ...['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin'],
  'text-anchor',
  'dominant-baseline',
  'shape-rendering',
];

/** CAPTURED_STYLE and the page's chart colour variables (`--chart-*`, read from the root's computed style). */
export function capturedStyle(): string[] {
  const vars = [...getComputedStyle(document.documentElement)].filter((p) => p.startsWith('--chart-'));
  return [...CAPTURED_STYLE, ...vars];
}
