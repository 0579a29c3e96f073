// autocannon response hook: the successor token goes back into the pool for the next request.
const pool = require('./refresh-pool.cjs');
module.exports = (status, body) => {
  if (status === 200) pool.push(JSON.parse(body).refreshToken);
};
