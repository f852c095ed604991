// Which entry of the side menu a page belongs to (unit-tested). A page belongs to the entry whose
// address is the longest prefix of its own (/app/items/42/edit → 可转移职能事项), or to the entry
// that owns the pages it opens under an address of their own (a call's public notice,
// /app/capacity-notices/…, belongs to 申报通知). An entry marked exact — the workbench at /app, a
// prefix of every page — is selected on its own address only: a page no entry claims selects none.

export interface NavPath {
  path: string;
  /** selected on its own address only, never for the pages under it */
  exact?: boolean;
  /** addresses of pages opened from this entry that live outside its path */
  owns?: readonly string[];
}

const under = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

/**
 * The entry a page belongs to, as its path ('' when none). `withOwned: false` reads the entries' own
 * paths only — what the frame's breadcrumbs need, since they are cut from the address under the entry.
 */
export function navEntryFor(address: string, items: readonly NavPath[], withOwned = true): string {
  const pathname = address.length > 1 ? address.replace(/\/+$/, '') : address;
  let best = '';
  let bestLength = -1;
  for (const n of items) {
    const prefixes = withOwned ? [n.path, ...(n.owns ?? [])] : [n.path];
    for (const p of prefixes) {
      const hit = n.exact ? pathname === p : under(pathname, p);
      if (hit && p.length > bestLength) {
        best = n.path;
        bestLength = p.length;
      }
    }
  }
  return best;
}
