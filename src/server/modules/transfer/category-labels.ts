// The category labels of a list page's rows, from a process-wide cache keyed by programme id,
// version and updatedAt: a programme's categories change only through updateProgramme
// (programmes/save-programme.ts), which raises the version and sets updatedAt, so a key never names
// two different trees. The page's statement joins `programmes` for the version and updatedAt; the
// category trees are read (one statement) only for the programmes the cache does not hold.
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { programmes } from '../../db/schema.js';
import type { Category } from '../../../domain/programme/programme.types.js';
import { flattenCategories } from '../../../domain/transfer/transfer.types.js';

/** The programme columns a page's statement selects for its rows' category labels. */
export const programmeVersionColumns = { programmeVersion: programmes.version, programmeUpdatedAt: programmes.updatedAt };

export interface ProgrammeVersionOfRow {
  programmeId: string;
  programmeVersion: number;
  programmeUpdatedAt: Date;
}

const MAX_ENTRIES = 500;
/** key → code → label; a Map's insertion order makes it an LRU (a hit moves the key to the end). */
const labelMaps = new Map<string, Map<string, string>>();

const keyOf = (id: string, version: number, updatedAt: Date) => `${id}:${version}:${updatedAt.getTime()}`;

function remember(key: string, labels: Map<string, string>) {
  labelMaps.delete(key);
  labelMaps.set(key, labels);
  while (labelMaps.size > MAX_ENTRIES) labelMaps.delete(labelMaps.keys().next().value as string);
}

/** How many programme versions the cache holds (tests). */
export const cachedCategoryLabelMaps = () => labelMaps.size;

/**
 * A label function for the rows of one page: `label(row, code)` is the category's path in the row's
 * programme (its code when the programme has no such category).
 */
export async function pageCategoryLabels(tx: DbOrTx, rows: readonly ProgrammeVersionOfRow[]): Promise<(row: ProgrammeVersionOfRow, code: string) => string> {
  const page = new Map<string, Map<string, string>>(); // programme id → labels, for this page
  const missing = new Set<string>();
  for (const r of rows) {
    if (page.has(r.programmeId) || missing.has(r.programmeId)) continue;
    const key = keyOf(r.programmeId, r.programmeVersion, r.programmeUpdatedAt);
    const hit = labelMaps.get(key);
    if (hit) {
      remember(key, hit);
      page.set(r.programmeId, hit);
    } else missing.add(r.programmeId);
  }
  if (missing.size) {
    const read = await tx
      .select({ id: programmes.id, version: programmes.version, updatedAt: programmes.updatedAt, categories: programmes.categories })
      .from(programmes)
      .where(inArray(programmes.id, [...missing]));
    for (const p of read) {
      const labels = flattenCategories((p.categories ?? []) as Category[]);
      // kept under the version read: a programme edited between the two statements is read anew next time
      remember(keyOf(p.id, p.version, p.updatedAt), labels);
      page.set(p.id, labels);
    }
  }
  return (row, code) => page.get(row.programmeId)?.get(code) ?? code;
}
