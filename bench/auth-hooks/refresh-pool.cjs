// The live refresh tokens of this load worker: one per connection. A request takes one and its
// answer puts the successor back (autocannon resets per-connection context on every loop, so a
// connection can't hold its own). Each worker claims its own slice, so no token is sent twice.
const { workerData } = require('node:worker_threads');
const { tokenSlices, claimedSlices } = workerData.opts.bench;
module.exports = [...tokenSlices[Atomics.add(new Int32Array(claimedSlices), 0, 1)]];
