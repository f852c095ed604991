// V8 settings of the server process, applied when this module is evaluated: it is main.ts's first
// import, so before any other module of the platform allocates.
//
// Allocation-site pretenuring off. With it on, V8 sees the rows of a long read — an open-data CSV of
// 100,000 records streamed in key-paged batches (modules/opendata), a JSON feed walked page by page —
// survive a scavenge or two while they wait for the socket, marks their allocation sites "long-lived"
// and from then on allocates those rows directly in the old generation, which only a full collection
// frees: the process grew from ≈ 165 MB to ≈ 330 MB over one download. Off, the rows die young in the
// new space: the same downloads peak at ≈ 195 MB, at the same throughput (bench/opendata-feed.ts,
// bench/RESULTS.md). The platform holds no large set of long-lived objects built in a hot loop for
// which pretenuring would pay. V8_PRETENURING=on keeps V8's default (bench/opendata-feed.ts measures
// both).
import v8 from 'node:v8';

if (process.env.V8_PRETENURING !== 'on') v8.setFlagsFromString('--no-allocation-site-pretenuring');
