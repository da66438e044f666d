'use client';

import { useMemo, useRef, useState } from 'react';

/**
 * The raw event: pretty-printed with colours, or exactly as written. Every
 * token is rendered as React text, so field values written by callers
 * (userAgent, errorMessage, requestParameters…) can never become HTML.
 */
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(text: string): React.ReactNode[] {
  const out: React.ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    if (m[1] !== undefined) {
      out.push(
        <span key={i} className={m[2] ? 'text-purple-700 dark:text-purple-300' : 'text-emerald-700 dark:text-emerald-300'}>
          {m[1]}
        </span>,
      );
      if (m[2]) out.push(m[2]);
    } else if (m[3] !== undefined)
      out.push(
        <span key={i} className="text-orange-700 dark:text-orange-300">
          {m[3]}
        </span>,
      );
    else
      out.push(
        <span key={i} className="text-blue-700 dark:text-blue-300">
          {m[4]}
        </span>,
      );
    last = i + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** `downloadHref` null: the reader's role cannot export (a viewer), so there is no Download. */
export function JsonView({ raw, downloadHref }: { raw: string; downloadHref: string | null }) {
  const [mode, setMode] = useState<'pretty' | 'raw'>('pretty');
  const [copied, setCopied] = useState<'done' | 'failed' | null>(null);
  const pre = useRef<HTMLPreElement>(null);
  const pretty = useMemo(() => {
    try {
      return JSON.stringify(JSON.parse(raw), null, 2);
    } catch {
      return raw;
    }
  }, [raw]);
  const text = mode === 'pretty' ? pretty : raw;
  const btn = 'rounded px-2.5 py-1 text-sm ring-1 ring-gray-300 hover:bg-gray-50 dark:ring-gray-700 dark:hover:bg-gray-800';
  // The view shown is filled, so which one you are looking at (and may quote as exact) is plain to see.
  const pressed =
    'rounded px-2.5 py-1 text-sm font-semibold ring-1 bg-blue-700 text-white ring-blue-700 dark:bg-blue-300 dark:text-gray-950 dark:ring-blue-300';
  const view = (m: typeof mode, label: string) => (
    <button type="button" className={mode === m ? pressed : btn} aria-pressed={mode === m} onClick={() => setMode(m)}>
      {label}
    </button>
  );
  return (
    <div data-testid="json-view">
      <div className="mb-2 flex flex-wrap gap-2">
        <div role="group" aria-label="View" className="flex gap-2">
          {view('pretty', 'Pretty')}
          {view('raw', 'Exact bytes')}
        </div>
        <button
          type="button"
          className={btn}
          onClick={async () => {
            try {
              // No clipboard API outside a secure context (a dashboard served over plain HTTP).
              await navigator.clipboard.writeText(raw);
              setCopied('done');
              setTimeout(() => setCopied(null), 1500);
            } catch {
              // The text selected instead, for Ctrl+C: the button says why it did not copy.
              if (pre.current) getSelection()?.selectAllChildren(pre.current);
              // Long enough to read the advice.
              setCopied('failed');
              setTimeout(() => setCopied(null), 8000);
            }
          }}
        >
          {copied === 'done' ? 'Copied' : 'Copy JSON'}
        </button>
        {copied === 'failed' && (
          <span role="status" className="self-center text-xs text-amber-800 dark:text-amber-200">
            This browser does not let the page copy (not HTTPS?): the JSON is selected, press Ctrl+C.
          </span>
        )}
        {downloadHref && (
          <a className={btn} href={downloadHref} download>
            Download
          </a>
        )}
      </div>
      <pre
        ref={pre}
        // A scrolling box: focusable, so its overflow is reachable from the keyboard (arrow keys scroll it).
        tabIndex={0}
        aria-label="Event JSON"
        className="max-h-[70vh] overflow-auto print:max-h-none print:overflow-visible rounded bg-gray-50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all dark:bg-gray-950"
      >
        {highlight(text)}
      </pre>
    </div>
  );
}
