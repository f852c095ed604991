// CAP-4, ORG-6: experts for an application are drawn at random from the association's pool, by
// field; an expert of the applicant's own organisation, or one who declared a conflict with it
// (`conflictOrgIds`), is never a candidate. The draw is reproducible from what is recorded —
// the seed, the candidates in their order, the result — so the audit log proves it was not chosen.
// A replacement (an expert who declares a conflict on opening) is a fresh draw with the experts
// already drawn or declined excluded.

export interface ExpertCandidate {
  id: string;
  /** the organisation the expert belongs to */
  orgId: string;
  fields: readonly string[];
  /** organisations the expert declared a conflict of interest with (ORG-6) */
  conflictOrgIds: readonly string[];
}

export interface DrawRequest {
  pool: readonly ExpertCandidate[];
  /** how many experts to draw */
  count: number;
  /** the review field the experts must cover; null: any field */
  field: string | null;
  /** the applying society: its own experts and those in conflict with it are not candidates */
  applicantOrgId: string;
  /** experts already drawn for this application, or who declined it: never drawn again */
  exclude?: readonly string[];
  /** any text; the same seed over the same pool gives the same draw */
  seed: string;
}

export interface DrawResult {
  seed: string;
  /** the eligible candidates, in the order the draw runs over them (by id) */
  candidates: string[];
  drawn: string[];
  /** how many more were asked for than there were candidates (0 when the draw is complete) */
  shortBy: number;
}

/** Why an expert of the pool is not a candidate for this application, or null when they are. */
export function exclusionOf(e: ExpertCandidate, req: Pick<DrawRequest, 'field' | 'applicantOrgId' | 'exclude'>): 'ownOrg' | 'conflict' | 'field' | 'excluded' | null {
  if (e.orgId === req.applicantOrgId) return 'ownOrg';
  if (e.conflictOrgIds.includes(req.applicantOrgId)) return 'conflict';
  if (req.exclude?.includes(e.id)) return 'excluded';
  if (req.field !== null && !e.fields.includes(req.field)) return 'field';
  return null;
}

export function drawExperts(req: DrawRequest): DrawResult {
  if (!Number.isInteger(req.count) || req.count < 0) throw new RangeError('count must be a non-negative integer');
  const candidates = req.pool
    .filter((e) => exclusionOf(e, req) === null)
    .map((e) => e.id)
    .sort();
  const unique = candidates.filter((id, i) => i === 0 || candidates[i - 1] !== id);
  const order = unique.slice();
  const next = prng(req.seed);
  const take = Math.min(req.count, order.length);
  // a partial Fisher–Yates shuffle: every subset of `take` candidates is equally likely
  for (let i = 0; i < take; i++) {
    const j = i + uniformBelow(order.length - i, next);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return { seed: req.seed, candidates: unique, drawn: order.slice(0, take), shortBy: req.count - take };
}

/** An integer in [0, n), without the bias of a plain modulo. */
function uniformBelow(n: number, next: () => number): number {
  const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

/**
 * sfc32 seeded by cyrb128 of the text: small, fast, and the same on every engine, so a recorded
 * draw can be re-run by anyone. Not a secret: the seed itself comes from a CSPRNG (server side).
 */
function prng(seed: string): () => number {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  let a = (h1 ^ h2 ^ h3 ^ h4) >>> 0, b = (h2 ^ h1) >>> 0, c = (h3 ^ h1) >>> 0, d = (h4 ^ h1) >>> 0;
  const step = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) step(); // let the state mix before use
  return step;
}
