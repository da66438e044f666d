'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';

const KEY = 'keytrail:return-focus';
/** How long a page's streamed panels may take to bring the link back before we give up. */
const WAIT_MS = 10_000;
/** What ends the wait: the user moving on by themselves. */
const USER_ACTS = ['keydown', 'pointerdown'] as const;

/**
 * Back puts the keyboard where it left: after opening an event from a list (a key, a heatmap
 * cell…) and going back, focus is on the link that was followed, not at the top of the page, so a
 * keyboard user goes on to the next row. Each link followed in the page is remembered (one, per
 * tab); after a Back to the page it was on, it is focused again once its panel has streamed in.
 */
export function ReturnFocus() {
  const pathname = usePathname();
  const search = useSearchParams().toString();

  useEffect(() => {
    const remember = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('main a[href]');
      const href = a?.getAttribute('href');
      if (!a || !href) return;
      // Which of the links to the same place (fifty rows can link one principal): the one followed.
      const entry = { from: here(), href, nth: [...document.querySelectorAll(linksTo(href))].indexOf(a) };
      try {
        sessionStorage.setItem(KEY, JSON.stringify(entry));
      } catch {
        // Storage refused (private mode, quota): Back just lands at the top, as without this.
      }
    };
    const back = () => {
      backPending = true;
    };
    document.addEventListener('click', remember, true);
    window.addEventListener('popstate', back);
    return () => {
      document.removeEventListener('click', remember, true);
      window.removeEventListener('popstate', back);
    };
  }, []);

  useEffect(() => {
    // Next renders the page Back returns to from its own popstate listener, before ours has run:
    // whether this render was a Back is known a task later.
    let stopWatching = () => {};
    const check = setTimeout(() => {
      if (backPending) stopWatching = refocus();
      backPending = false;
    }, 0);
    return () => {
      clearTimeout(check);
      stopWatching();
    };
  }, [pathname, search]);

  return null;
}

/** Focuses the link last followed from this page, once it is there; returns how to stop waiting for it. */
function refocus(): () => void {
  const entry = remembered();
  if (!entry || entry.from !== here()) return () => {};
  const selector = linksTo(entry.href);
  // Until the user acts, or the page has settled: a streamed panel can replace the row (and its
  // link) after it was first focused, which leaves focus on the page's body.
  const focus = () => {
    const all = document.querySelectorAll<HTMLAnchorElement>(selector);
    const a = all[entry.nth] ?? all[0];
    const lost = !document.activeElement || document.activeElement === document.body;
    // The browser restores the scroll position; focusing must not move it.
    if (a && lost) a.focus({ preventScroll: true });
  };
  const stop = () => {
    watch.disconnect();
    clearTimeout(timer);
    for (const t of USER_ACTS) window.removeEventListener(t, stop, true);
  };
  const watch = new MutationObserver(focus);
  const timer = setTimeout(stop, WAIT_MS);
  for (const t of USER_ACTS) window.addEventListener(t, stop, true);
  watch.observe(document.body, { childList: true, subtree: true });
  focus();
  return stop;
}

/** Set by the browser's Back (or Forward), consumed by the next render of a page. */
let backPending = false;

/** The page's links to `href`, in document order. */
const linksTo = (href: string) => `main a[href="${CSS.escape(href)}"]`;

/** The link followed last in this tab (its href, and which of the page's links there), and the page it was on. */
function remembered(): { from: string; href: string; nth: number } | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { from?: unknown; href?: unknown; nth?: unknown } | null;
    return v && typeof v.from === 'string' && typeof v.href === 'string'
      ? { from: v.from, href: v.href, nth: typeof v.nth === 'number' && v.nth >= 0 ? v.nth : 0 }
      : null;
  } catch {
    return null;
  }
}

const here = () => `${location.pathname}${location.search}`;
