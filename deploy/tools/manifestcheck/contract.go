package main

// envContract is the set of environment variables each service's Deployment sets, from the
// services' config.ts (variables with a sound default are left to it).
// A Deployment that sets fewer or more is a bug: a missing one stops the service at start, an
// extra one is a setting nobody reads.
var envContract = map[string][]string{
	"gateway": {"REDIS_URL", "AUTH_URL", "USER_URL", "PRODUCT_URL", "ORDER_URL", "PAYMENT_URL",
		"NOTIFICATION_URL", "PRICING_URL", "AUTH_JWKS_URL", "CORS_ORIGIN", "INTERNAL_TOKEN"},
	"auth":         {"DATABASE_URL", "REDIS_URL", "AMQP_URL", "AUTH_KEY_ENCRYPTION_KEY"},
	"user":         {"DATABASE_URL", "REDIS_URL", "AMQP_URL", "AUTH_JWKS_URL", "PII_ENCRYPTION_KEYS"},
	"product":      {"CATALOG_URL", "DATABASE_URL", "REDIS_URL", "AMQP_URL", "AUTH_JWKS_URL", "INTERNAL_TOKEN", "INTERNAL_TOKEN_ALSO_ACCEPTED"},
	"order":        {"DATABASE_URL", "AMQP_URL", "PRODUCT_URL", "PAYMENT_URL", "PRICING_URL", "AUTH_JWKS_URL", "INTERNAL_TOKEN", "INTERNAL_TOKEN_ALSO_ACCEPTED"},
	"payment":      {"DATABASE_URL", "AMQP_URL", "PAYMENT_PROVIDER", "STRIPE_API_KEY", "STRIPE_WEBHOOK_SECRET", "AUTH_JWKS_URL", "INTERNAL_TOKEN", "INTERNAL_TOKEN_ALSO_ACCEPTED"},
	"notification": {"DATABASE_URL", "AMQP_URL", "SMTP_URL", "MAIL_FROM", "PUBLIC_WEB_URL", "AUTH_JWKS_URL"},
	"pricing":      {"DATABASE_URL", "AUTH_JWKS_URL", "INTERNAL_TOKEN", "INTERNAL_TOKEN_ALSO_ACCEPTED"},
}

// runtimeEnv is read by Node itself (auth's config.ts reads it too, to know its hash threads). Auth hashes passwords
// (argon2id) on libuv's thread pool, whose default is 4 threads: more hashing threads than CPUs
// make the hashes evict each other from the caches (on 2 cores, 4 threads hashed ~13% slower
// than 2), so auth's pool has one thread per CPU of its limit (see checkThreadPool).
var runtimeEnv = map[string][]string{
	"auth": {threadPoolEnv},
}

const threadPoolEnv = "UV_THREADPOOL_SIZE"

// internalTokenEnv is the secret calls between services carry on /internal/*. Every service
// that sets it must take it from one and the same Secret key, never a literal and never
// optional: two values would refuse every internal call, a literal would put it in git.
const internalTokenEnv = "INTERNAL_TOKEN"

// internalTokenAlsoAcceptedEnv is a second value the services that serve /internal/* accept,
// and nobody sends, while INTERNAL_TOKEN is rotated. It comes from key alsoAcceptedKey of the
// Secret INTERNAL_TOKEN comes from, and must be optional: that key is there only during a
// rotation, and without optional a pod would not start once it is gone.
const (
	internalTokenAlsoAcceptedEnv = "INTERNAL_TOKEN_ALSO_ACCEPTED"
	alsoAcceptedKey              = "also-accepted"
)

// commonEnv is read by every service. OTEL_EXPORTER_OTLP_ENDPOINT (the OpenTelemetry
// Collector's base URL) is optional to a service, which then sends no spans, but required
// here: one service left out breaks every trace that passes through it.
// METRICS_PORT is optional to a service too (unset, /metrics stays on the service port), but
// required here: the monitoring namespace may reach the metrics port only.
var commonEnv = []string{"PORT", "HOST", "METRICS_PORT", "LOG_LEVEL", "NODE_ENV", "OTEL_EXPORTER_OTLP_ENDPOINT"}

// missingEnvEffect says what a missing variable costs when it is not a failed start.
var missingEnvEffect = map[string]string{
	"OTEL_EXPORTER_OTLP_ENDPOINT":  "the service sends no traces",
	"METRICS_PORT":                 "/metrics stays on the service port, which Prometheus may not reach",
	"INTERNAL_TOKEN":               "with NODE_ENV=production the service will not start; elsewhere /internal/* is open or refuses its calls",
	"INTERNAL_TOKEN_ALSO_ACCEPTED": "the service accepts no second value, so a rotation of INTERNAL_TOKEN refuses calls (401) until every pod has restarted",
}

// optionalEnv may be left unset: the gateway serves plain HTTP behind the Ingress when no
// certificate is given (TLS terminates at the Ingress in Kubernetes).
var optionalEnv = map[string][]string{
	"gateway": {"TLS_CERT_FILE", "TLS_KEY_FILE"},
}

// metricsPort is where every service serves /metrics in Kubernetes (METRICS_PORT); it is the
// only port the monitoring namespace may reach.
const metricsPort int32 = 9464

// servicePorts are the ports from the platform's port plan.
var servicePorts = map[string]int32{
	"gateway": 8080, "auth": 8081, "user": 8082, "product": 8083,
	"order": 8084, "payment": 8085, "notification": 8086, "pricing": 8087,
}
