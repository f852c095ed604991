// The side menu selects the entry a page belongs to: its section for a detail page under it, the
// owning section for a page with an address of its own (a call's notice), the workbench only on
// itself — never the workbench for a page that merely lies under /app.
import { describe, expect, it } from 'vitest';
import { navEntryFor } from './navMatch';
import { navItems } from './AppLayout';

describe('the menu entry of a page', () => {
  const items = [
    { path: '/app', exact: true },
    { path: '/app/programmes' },
    { path: '/app/capacity-calls', owns: ['/app/capacity-notices'] },
    { path: '/app/capacity-applications' },
  ];

  it('is the section whose path is the longest prefix of the page’s', () => {
    expect(navEntryFor('/app/programmes', items)).toBe('/app/programmes');
    expect(navEntryFor('/app/programmes/42', items)).toBe('/app/programmes');
    expect(navEntryFor('/app/programmes/42/funds', items)).toBe('/app/programmes');
    expect(navEntryFor('/app/capacity-calls/7/ranking', items)).toBe('/app/capacity-calls');
    expect(navEntryFor('/app/capacity-applications/9/', items)).toBe('/app/capacity-applications');
    // a prefix of the name is not a prefix of the path
    expect(navEntryFor('/app/programmes-old', items)).toBe('');
  });

  it('is the owning section for a page opened from it under an address of its own', () => {
    expect(navEntryFor('/app/capacity-notices/5', items)).toBe('/app/capacity-calls');
    // the frame's breadcrumbs are cut from the entry's own path: the notice draws its own
    expect(navEntryFor('/app/capacity-notices/5', items, false)).toBe('');
  });

  it('is the workbench on the workbench only', () => {
    expect(navEntryFor('/app', items)).toBe('/app');
    expect(navEntryFor('/app/', items)).toBe('/app');
    expect(navEntryFor('/app/no-such-page', items)).toBe('');
  });

  it('in the platform’s menu: a capacity notice belongs to 申报通知, not to 工作台', () => {
    const label = (p: string) => navItems.find((n) => n.path === navEntryFor(p, navItems))?.label ?? null;
    expect(label('/app/capacity-notices/00000000-0000-4000-8000-000000000000')).toBe('申报通知');
    expect(label('/app/capacity-applications/00000000-0000-4000-8000-000000000000')).not.toBe('工作台');
    expect(label('/app')).toBe('工作台');
    // every page the router has under /app belongs to an entry or to none — never to 工作台 by default
    for (const p of ['/app/items/1', '/app/projects/1', '/app/expert-reviews/1', '/app/societies/1/edit']) expect(label(p)).not.toBe('工作台');
  });
});
