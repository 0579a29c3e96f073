// Checks a Grafana dashboard's PromQL without Grafana: substitutes the dashboard variables,
// then writes every panel query as a recording rule so `promtool check rules` parses them.
// Also fails on panels that overlap or name no metric the services export.
//   node check-dashboard.mjs emporium-services.json > /tmp/dashboard-rules.json
import { readFileSync } from 'node:fs';

// Metric families the dashboard may use; anything else is a typo or an unagreed name.
const knownMetrics = [
  'http_requests_total',
  'http_request_duration_seconds_bucket',
  'emporium_outbox_lag_seconds',
  'emporium_events_dead_lettered_total',
  'emporium_events_retried_total',
  'gateway_upstream_circuit_state',
];

const file = process.argv[2];
const dashboard = JSON.parse(readFileSync(file, 'utf8'));
const problems = [];
const rules = [];
const cells = new Map();

for (const panel of dashboard.panels ?? []) {
  const { x, y, w, h } = panel.gridPos;
  for (let col = x; col < x + w; col++) {
    for (let line = y; line < y + h; line++) {
      const key = `${col},${line}`;
      if (cells.has(key)) problems.push(`panel ${panel.id} overlaps panel ${cells.get(key)}`);
      cells.set(key, panel.id);
    }
  }
  for (const target of panel.targets ?? []) {
    const expr = target.expr
      .replaceAll('$__rate_interval', '5m')
      .replaceAll('$namespace', '.*')
      .replaceAll('$service', '.*');
    if (expr.includes('$')) problems.push(`panel ${panel.id}: unknown variable in ${target.expr}`);
    if (!knownMetrics.some((m) => expr.includes(m))) {
      problems.push(`panel ${panel.id}: uses no known metric: ${target.expr}`);
    }
    rules.push({ record: `dashboard:panel_${panel.id}_${target.refId}`, expr });
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`INVALID ${file}: ${p}`);
  process.exit(1);
}
// JSON is YAML, which is what promtool reads.
console.log(JSON.stringify({ groups: [{ name: 'dashboard', rules }] }, null, 1));
