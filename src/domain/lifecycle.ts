// §3.3: lifecycles are data. A transition table names, for each event, the states it may leave
// and the state it enters; `transition` refuses anything else with a coded error.

export class DomainError extends Error {
  constructor(
    readonly code: 'INVALID_STATE' | 'VALIDATION_FAILED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

export interface Lifecycle<S extends string, E extends string> {
  states: Record<S, string>;
  events: Record<E, { from: readonly S[]; to: S; label: string }>;
}

export function defineLifecycle<S extends string, E extends string>(l: Lifecycle<S, E>): Lifecycle<S, E> {
  return l;
}

export function canTransition<S extends string, E extends string>(l: Lifecycle<S, E>, from: S, event: E): boolean {
  return l.events[event].from.includes(from);
}

export function transition<S extends string, E extends string>(l: Lifecycle<S, E>, from: S, event: E): S {
  const e = l.events[event];
  if (!e.from.includes(from)) {
    throw new DomainError('INVALID_STATE', `“${l.states[from] ?? from}”状态下不能${e.label}`);
  }
  return e.to;
}

/** The events allowed from a state (for "the actions allowed now" on a detail page). */
export function allowedEvents<S extends string, E extends string>(l: Lifecycle<S, E>, from: S): E[] {
  return (Object.keys(l.events) as E[]).filter((e) => l.events[e].from.includes(from));
}
