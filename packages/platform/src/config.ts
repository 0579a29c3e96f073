// Configuration from environment variables, validated once at start-up against a TypeBox schema.
import { type Static, type TObject, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import './formats.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** A rule the schema cannot say, such as one variable required because of another: its problems. */
export type ConfigCheck<C> = (config: C) => string[];

/**
 * Reads the schema's properties from `env`, applies defaults, converts types and validates; then
 * runs the checks on the result.
 */
export function loadConfig<S extends TObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  checks: ConfigCheck<Static<S>>[] = [],
): Static<S> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const candidate = Value.Convert(schema, Value.Default(schema, raw));
  const problems = [...Value.Errors(schema, candidate)].map((error) => {
    const variable = error.path.replace(/^\//, '').split('/')[0] || '(config)';
    const given = raw[variable];
    return given === undefined
      ? `${variable} is required (${error.message.toLowerCase()})`
      : `${variable} is malformed: ${error.message.toLowerCase()}`;
  });
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const config = candidate as Static<S>;
  const broken = checks.flatMap((check) => check(config));
  if (broken.length > 0) throw new ConfigError(broken);
  return config;
}

/** For main.ts: a bad configuration stops the process with a message naming the variable. */
export function loadConfigOrExit<S extends TObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  checks: ConfigCheck<Static<S>>[] = [],
): Static<S> {
  try {
    return loadConfig(schema, env, checks);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Settings every HTTP service shares. Spread into a service's own schema. */
export const baseServiceConfig = {
  HOST: Type.String({ default: '127.0.0.1' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  NODE_ENV: Type.String({ default: 'development' }),
  METRICS_PORT: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 65535,
      description:
        'when set, /metrics is served only on this port (Kubernetes opens it to Prometheus alone); ' +
        'when unset, /metrics stays on the service port (local runs, the embedded quick start)',
    }),
  ),
};

/**
 * For a service that calls /internal/* routes. Spread into its own schema; a service that serves
 * them spreads `internalTokenReceiverConfig` instead.
 */
export const internalTokenConfig = {
  INTERNAL_TOKEN: Type.Optional(
    Type.String({
      minLength: 32,
      description:
        'the secret that calls between services carry on /internal/* (header x-internal-token); ' +
        'the same value in every service; unset, /internal/* is open (a service started by hand, tests); ' +
        'both npm start modes set one',
    }),
  ),
};

/**
 * For a service that serves /internal/* routes: INTERNAL_TOKEN, and a second value it accepts
 * while INTERNAL_TOKEN is being rotated. Callers never send that one, so they do not read it.
 */
export const internalTokenReceiverConfig = {
  ...internalTokenConfig,
  INTERNAL_TOKEN_ALSO_ACCEPTED: Type.Optional(
    Type.String({
      minLength: 32,
      description:
        'a second value accepted on /internal/* besides INTERNAL_TOKEN, never sent; set only during a ' +
        'rotation (first the new value, then the old one), so that pods holding either keep accepting each ' +
        'other (docs/deployment.md); unset, only INTERNAL_TOKEN is accepted',
    }),
  ),
};

/** Production must not serve /internal/* open, nor call it without the token. */
export const internalTokenRequiredInProduction: ConfigCheck<{ NODE_ENV: string; INTERNAL_TOKEN?: string }> = (
  config,
) =>
  config.NODE_ENV === 'production' && !config.INTERNAL_TOKEN
    ? [
        'INTERNAL_TOKEN is required when NODE_ENV is production ' +
          '(the secret that calls between services carry on /internal/*)',
      ]
    : [];

/**
 * INTERNAL_TOKEN_ALSO_ACCEPTED is the other value of a rotation: alone it would guard /internal/*
 * with a value no caller sends, and equal to INTERNAL_TOKEN it is no second value at all.
 */
export const internalTokenAlsoAcceptedValid: ConfigCheck<{
  INTERNAL_TOKEN?: string;
  INTERNAL_TOKEN_ALSO_ACCEPTED?: string;
}> = ({ INTERNAL_TOKEN: token, INTERNAL_TOKEN_ALSO_ACCEPTED: alsoAccepted }) => {
  if (!alsoAccepted) return [];
  if (!token) {
    return [
      'INTERNAL_TOKEN_ALSO_ACCEPTED is set without INTERNAL_TOKEN ' +
        '(a value accepted besides INTERNAL_TOKEN during a rotation, never alone)',
    ];
  }
  return alsoAccepted === token
    ? ['INTERNAL_TOKEN_ALSO_ACCEPTED must differ from INTERNAL_TOKEN (it is the other value of the rotation)']
    : [];
};

export const urlString = (description: string) =>
  Type.String({ pattern: '^[a-z][a-z0-9+.-]*://', description });

/** An adapter URL: a scheme picks the adapter (postgres://…, pglite:memory, redis://…, memory:). */
export const adapterUrl = (description: string) =>
  Type.String({ pattern: '^[a-z][a-z0-9+.-]*:', description });
