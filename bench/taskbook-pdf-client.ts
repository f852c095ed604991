// Load for bench/taskbook-load.ts, in a process of its own so that its work never delays the
// latency measurement: N clients keep downloading one task book PDF until SIGTERM, then print one
// JSON line {count, errors, medianMs}.
//   node --import tsx bench/taskbook-pdf-client.ts <url> <cookie> <clients>
const [url, cookie, clients] = process.argv.slice(2);
let stopping = false;
let errors = 0;
const times: number[] = [];
process.on('SIGTERM', () => {
  stopping = true;
});
const loops = Array.from({ length: Number(clients) }, async () => {
  while (!stopping) {
    const t0 = performance.now();
    try {
      const r = await fetch(url, { headers: { cookie } });
      const body = await r.arrayBuffer();
      if (!r.ok || body.byteLength < 1000) errors++;
      else times.push(performance.now() - t0);
    } catch {
      if (!stopping) errors++;
    }
  }
});
await Promise.all(loops);
times.sort((a, b) => a - b);
console.log(JSON.stringify({ count: times.length, errors, medianMs: times.length ? Math.round(times[times.length >> 1]) : null }));
export {};
