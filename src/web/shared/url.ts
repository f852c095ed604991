// Pure helpers for what lives in the URL: the cursor stack of a list and the return path after login.

const STACK_SEP = '~'; // not in base64url, so it cannot occur inside a cursor

/** The cursor stack in `?cursor=`: the last entry is the current page's cursor (none on page 1). */
export function parseCursorStack(v: string | null | undefined): string[] {
  return v ? v.split(STACK_SEP).filter(Boolean) : [];
}

/** The `?cursor=` value for the next page. */
export function pushCursor(stack: string[], next: string): string {
  return [...stack, next].join(STACK_SEP);
}

/** The `?cursor=` value for the previous page (null: back to page 1). */
export function popCursor(stack: string[]): string | null {
  const rest = stack.slice(0, -1);
  return rest.length ? rest.join(STACK_SEP) : null;
}

/** A safe in-app return path from `?redirect=` (never another site, never the login page itself). */
export function safeRedirect(v: string | null | undefined, fallback = '/app'): string {
  if (!v || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || v.startsWith('/login')) return fallback;
  return v;
}
