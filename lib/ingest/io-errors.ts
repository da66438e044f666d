/**
 * A full disk (or a file-size limit such as `ulimit -f`) while the store is
 * written surfaces from DuckDB as a two-line "FATAL Error: … database has been
 * invalidated … Original error: … Could not write file "…": File too large",
 * or per file as "a record could not be parsed: IO Error: … No space left on
 * device". Neither tells a person what happened or what to do, so the ingest
 * CLI turns them into one line that does.
 */

/**
 * The OS's words for "no room to write" (strerror texts and errno names):
 * ENOSPC (disk full), EFBIG (over the process's file-size limit, or the file
 * system's maximum file size) and EDQUOT (over the user's disk quota).
 */
const NO_ROOM = /No space left on device|File too large|Disk quota exceeded|\b(ENOSPC|EFBIG|EDQUOT)\b/i;

/** Where DuckDB was writing, when its message says (`Could not write file "<path>": …`). */
const WRITING = /Could not (?:write|truncate|extend|create)(?: to)? file "([^"]+)"/i;

export function isDiskFullText(text: string): boolean {
  return NO_ROOM.test(text);
}

export function isDiskFullError(e: unknown): boolean {
  return isDiskFullText(errorText(e));
}

/**
 * The one-line message. "Unchanged since the last completed batch" holds
 * because each batch, with the record of its files, is one transaction: a
 * failed write rolls the batch back, and its files are read again next time.
 */
export function diskFullMessage(dbPath: string, e?: unknown): string {
  const file = e === undefined ? null : (WRITING.exec(errorText(e))?.[1] ?? null);
  return (
    `The disk is full (or a file-size limit was hit) while writing ${file ?? dbPath}: ` +
    'free space and run the ingest again; the store is unchanged since the last completed batch.'
  );
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    // Node's fs errors carry the errno name in `code`; DuckDB's only in the message text.
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${code} ${e.message}` : e.message;
  }
  return String(e);
}
