'use client';

/**
 * Forms that write the URL (the range picker and the events filters) each have their own Apply.
 * Each Apply also takes what is typed but not yet applied in the others, so neither throws away
 * the other's edits: a date typed, then the filters' Apply, used to list the old range while the
 * box still showed the new date.
 */
type Edits = () => Record<string, string | null>;

const forms = new Map<string, Edits>();

/** Registers a form's unapplied edits (as URL changes); returns the unregister function, for useEffect. */
export function registerPendingEdits(form: string, edits: Edits): () => void {
  forms.set(form, edits);
  return () => {
    if (forms.get(form) === edits) forms.delete(form);
  };
}

/** The unapplied edits of every form but `self`, to apply along with its own. */
export function otherPendingEdits(self: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [form, edits] of forms) if (form !== self) Object.assign(out, edits());
  return out;
}

/** Applies URL changes (null deletes) to a copy of the search params. */
export function withChanges(sp: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(sp.toString());
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  return next;
}
