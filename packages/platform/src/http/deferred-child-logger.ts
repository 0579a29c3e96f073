// Fastify gives every request a child logger bound to its request id. pino builds a child at once,
// and with redaction configured it runs the bindings through the redactor to serialise them: a
// measurable share of a proxy hop's CPU, spent on every request although most never log a line
// at the service's level. This child is built on its first enabled line (or first use of anything
// else a logger has) instead; what it logs is the same.
import type { FastifyBaseLogger } from 'fastify';
import type pino from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

class DeferredChildLogger {
  #child: pino.Logger | undefined;

  constructor(
    private readonly parent: pino.Logger,
    private readonly requestBindings: pino.Bindings,
  ) {}

  #real(): pino.Logger {
    this.#child ??= this.parent.child(this.requestBindings);
    return this.#child;
  }

  #log(level: Level, args: unknown[]): void {
    // Below the level, a line is dropped without building the child it would have gone through.
    if (this.#child === undefined && !this.parent.isLevelEnabled(level)) return;
    (this.#real()[level] as (...line: unknown[]) => void)(...args);
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.#real().level = level;
  }
  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}
  child(bindings: pino.Bindings, options?: pino.ChildLoggerOptions): pino.Logger {
    return this.#real().child(bindings, options);
  }
  bindings(): pino.Bindings {
    return this.#real().bindings();
  }
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }
}

/**
 * Fastify's `childLoggerFactory`: a request's child logger, built when first used. A route with a
 * log level or serializers of its own gets pino's child at once, as without this factory.
 */
export function deferredChildLogger(
  logger: FastifyBaseLogger,
  bindings: pino.Bindings,
  options: pino.ChildLoggerOptions,
): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined) {
    return logger.child(bindings, options);
  }
  return new DeferredChildLogger(logger as pino.Logger, bindings) as unknown as FastifyBaseLogger;
}
