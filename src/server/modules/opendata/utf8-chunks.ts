// PUB-3: text written as UTF-8 straight into buffers of a fixed size. The feeds' answers are built
// this way rather than as one string: a string of a CSV batch or a JSON page of 1,000 records would
// be allocated in V8's large-object space and stay there until a full collection (a download or a
// walk through the pages would grow the server's heap by its size each time), while these bytes live
// outside the JavaScript heap and go as soon as they are sent (bench/opendata-feed.ts).
export class Utf8Chunks {
  private buf: Buffer;
  private pos = 0;
  private done: Buffer[] = [];
  constructor(private readonly size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  text(s: string): void {
    // at most 3 bytes per UTF-16 code unit
    if (this.pos + s.length * 3 > this.size) {
      this.flush();
      if (s.length * 3 > this.size) {
        this.done.push(Buffer.from(s, 'utf8'));
        return;
      }
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  private flush(): void {
    if (!this.pos) return;
    this.done.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(this.size);
    this.pos = 0;
  }

  /** The buffers written so far, in order (the last one partly filled); the writer starts afresh. */
  take(): Buffer[] {
    this.flush();
    const out = this.done;
    this.done = [];
    return out;
  }
}
