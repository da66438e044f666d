'use client';

import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';

/** How long a select picked by arrow keys waits for the next key before it applies its value. */
const SETTLE_MS = 600;

/**
 * A select whose value goes into the URL: a pick with the mouse applies at once, but the arrow keys
 * on a closed select change its value at every press, and each would be a server render and a
 * history entry (Back stepping through every rule passed over). Picked by keyboard, the value applies
 * once the keys stop, on Enter, or when focus leaves. The select shows each value as it passes.
 */
export function useSettledSelect(current: string, apply: (value: string) => void) {
  const [value, setValue] = useState(current);
  const pending = useRef<string | null>(null);
  const byKey = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The URL moved (Back, a link): show what it says.
  useEffect(() => setValue(current), [current]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const flush = () => {
    clearTimeout(timer.current);
    const v = pending.current;
    pending.current = null;
    if (v !== null && v !== current) apply(v);
  };
  return {
    value,
    onKeyDown: (e: KeyboardEvent<HTMLSelectElement>) => {
      if (e.key === 'Enter') flush();
      else byKey.current = e.key !== 'Tab' && e.key !== 'Escape';
    },
    onChange: (e: ChangeEvent<HTMLSelectElement>) => {
      const v = e.target.value;
      setValue(v);
      if (!byKey.current) return apply(v);
      byKey.current = false;
      pending.current = v;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, SETTLE_MS);
    },
    onBlur: flush,
  };
}
