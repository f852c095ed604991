// §3.3: one place where a refused lifecycle event becomes a coded 409.
import { DomainError, transition, type Lifecycle } from '../../domain/lifecycle.js';
import { AppError } from './errors.js';

export function applyEvent<S extends string, E extends string>(l: Lifecycle<S, E>, from: string, event: E): S {
  try {
    return transition(l, from as S, event);
  } catch (e) {
    if (e instanceof DomainError) throw new AppError('INVALID_STATE', e.message, { extra: { state: from, event } });
    throw e;
  }
}

export const addDays = (from: Date, days: number): Date => new Date(from.getTime() + days * 86_400_000);

/** Today in China as YYYY-MM-DD: the domain's (calendar-day.ts), offered here beside addDays. */
export { chinaToday } from '../../domain/calendar-day.js';
