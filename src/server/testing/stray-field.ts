// A stray field on every /api/v1 answer before it is serialised (issue 12 §1): on the body, on
// each list item and on each object one level down — a row spread into a view with a column nobody
// named. The response schemas must drop it; tests look for STRAY_FIELD in the bytes sent.
import type { App } from '../app.js';

export const STRAY_FIELD = '__stray_column__';

export function addStrayField(app: App): void {
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/v1/') || reply.statusCode >= 300 || !payload || typeof payload !== 'object' || Buffer.isBuffer(payload)) return payload;
    const p = payload as Record<string, unknown>;
    p[STRAY_FIELD] = 'leak';
    for (const v of Object.values(p)) {
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object') (x as Record<string, unknown>)[STRAY_FIELD] = 'leak';
      if (v && typeof v === 'object' && !Array.isArray(v)) (v as Record<string, unknown>)[STRAY_FIELD] = 'leak';
    }
    return payload;
  });
}
