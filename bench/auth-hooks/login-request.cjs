// autocannon request hook (runs in a load worker thread): each login takes the next account.
const { workerData } = require('node:worker_threads');
const { emails, password } = workerData.opts.bench;
let next = 0;
module.exports = (request) => ({
  ...request,
  body: JSON.stringify({ email: emails[next++ % emails.length], password }),
});
