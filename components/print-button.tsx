'use client';

/** The browser's own print, for when the server cannot make the PDF. */
export function PrintButton() {
  return (
    <button type="button" className="rounded px-3 py-1 text-sm ring-1 ring-gray-300" onClick={() => window.print()}>
      Print
    </button>
  );
}
