// autocannon request hook: presents a live refresh token from this worker's pool.
const pool = require('./refresh-pool.cjs');
module.exports = (request) => ({ ...request, body: JSON.stringify({ refreshToken: pool.pop() }) });
