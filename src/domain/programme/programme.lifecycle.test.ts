import { describe, expect, it } from 'vitest';
import { allowedEvents, transition } from '../lifecycle.js';
import { programmeLifecycle } from './programme.lifecycle.js';

describe('programme lifecycle (PRG-1)', () => {
  it('publishes a draft', () => {
    expect(transition(programmeLifecycle, 'draft', 'publish')).toBe('published');
  });
  it('closes a published programme', () => {
    expect(transition(programmeLifecycle, 'published', 'close')).toBe('closed');
  });
  it('refuses to publish twice, naming the state', () => {
    expect(() => transition(programmeLifecycle, 'published', 'publish')).toThrow(/已发布.*发布/);
  });
  it('refuses to close a draft or edit a closed programme', () => {
    expect(() => transition(programmeLifecycle, 'draft', 'close')).toThrow();
    expect(() => transition(programmeLifecycle, 'closed', 'edit')).toThrow(/已结束/);
  });
  it('offers no action on a closed programme', () => {
    expect(allowedEvents(programmeLifecycle, 'closed')).toEqual([]);
  });
});
