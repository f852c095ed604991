// A section of a long page that links open at (…?section=evaluation: to-dos, notifications, the
// audit log, the project list). Once its own data is there the section is scrolled to the top of the
// window, below the sticky header (its scroll margin), and kept there while the sections above it
// are still loading: a card above that grows or shrinks after the scroll would otherwise push the
// section's title down the page or up under the header. The holding ends when the page has been
// still for a moment, after a few seconds at most, or as soon as the reader scrolls, clicks or types.
import { useEffect, useRef } from 'react';
import type { CSSProperties, RefObject } from 'react';
import { useSearchParams } from 'react-router';

/** The sticky header's 64 px and a gap: a section scrolled to lands with its title in view. */
export const SECTION_SCROLL_MARGIN = 80;
/** How long the page must stay still before the section is let go, and the most it is held. */
const SETTLE_MS = 800;
const HOLD_MAX_MS = 5000;

export interface SectionAnchor {
  ref: RefObject<HTMLDivElement | null>;
  /** spread on the section's outer element */
  props: { id: string; style: CSSProperties };
}

/** The anchor of the section `name`; scrolls to it once `ready` when the address asks for it. */
export function useSectionAnchor(name: string, ready: boolean): SectionAnchor {
  const [params] = useSearchParams();
  const wanted = params.get('section') === name;
  const ref = useRef<HTMLDivElement>(null);
  const done = useRef(false);
  useEffect(() => {
    const el = ref.current;
    if (!wanted || !ready || done.current || !el) return;
    done.current = true;
    el.scrollIntoView({ block: 'start', behavior: 'smooth' });
    if (typeof ResizeObserver === 'undefined') return;
    const page = document.getElementById('main') ?? document.body;
    let settle = 0;
    const release = () => {
      observer.disconnect();
      window.clearTimeout(settle);
      window.clearTimeout(cap);
      for (const e of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.removeEventListener(e, release);
    };
    // the page above changed size: put the section back where it was scrolled to (the observer's
    // first call, on observing, reports no change and leaves the smooth scroll alone)
    let first = true;
    const observer = new ResizeObserver(() => {
      if (first) {
        first = false;
        return;
      }
      if (Math.abs(el.getBoundingClientRect().top - SECTION_SCROLL_MARGIN) > 2) el.scrollIntoView({ block: 'start' });
      window.clearTimeout(settle);
      settle = window.setTimeout(release, SETTLE_MS);
    });
    observer.observe(page);
    settle = window.setTimeout(release, SETTLE_MS);
    const cap = window.setTimeout(release, HOLD_MAX_MS);
    for (const e of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.addEventListener(e, release, { passive: true });
    return release;
  }, [wanted, ready]);
  return { ref, props: { id: name, style: { scrollMarginTop: SECTION_SCROLL_MARGIN } } };
}
