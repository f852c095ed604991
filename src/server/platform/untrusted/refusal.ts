// Issue 10 §1: how a parser says a file is refused (as opposed to failing unexpectedly). Thrown in
// the worker, carried to the server as { kind, message } and answered there (cage.ts): malformed →
// 422, too large → 413. Kept free of imports so that parsers and the worker can load it cheaply.
export type RefusalKind = 'malformed' | 'too-large';

export class UntrustedFileError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'UntrustedFileError';
  }
}
