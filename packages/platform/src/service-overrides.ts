// Both ways of starting the whole platform (one process, or a process per service) set each
// service's variables themselves; any of them can still be set from outside as
// <SERVICE>_<VARIABLE>, e.g. GATEWAY_RATE_LIMIT_ANONYMOUS_MAX=1000 or NOTIFICATION_SMTP_URL=…,
// so a setting changes without editing code.

/** The `<SERVICE>_<VARIABLE>` entries of `env` for `service`, keyed by `<VARIABLE>`. */
export function serviceOverrides(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const prefix = `${service.toUpperCase()}_`;
  return Object.fromEntries(
    Object.entries(env)
      .filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && entry[1] !== undefined)
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

/** Each service's variables with its `<SERVICE>_<VARIABLE>` overrides from `env` applied on top. */
export function withServiceOverrides<T extends Record<string, Record<string, string>>>(
  services: T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  return Object.fromEntries(
    Object.entries<Record<string, string>>(services).map(([name, variables]) => [
      name,
      { ...variables, ...serviceOverrides(name, env) },
    ]),
  ) as T;
}
