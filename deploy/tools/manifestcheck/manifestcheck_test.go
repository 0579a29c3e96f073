package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check runs the whole pipeline (strict decode + policy) over the fixture after one edit.
func check(t *testing.T, old, replacement string, externalSecrets bool) []string {
	t.Helper()
	fixture, err := os.ReadFile("testdata/order.yaml")
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(fixture), old, replacement, 1)
	if old != "" && edited == string(fixture) {
		t.Fatalf("fixture has no %q to replace", old)
	}
	path := filepath.Join(t.TempDir(), "m.yaml")
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	set := &objects{}
	problems, err := decodeFile(path, set)
	if err != nil {
		t.Fatal(err)
	}
	return append(problems, checkPolicy(set, externalSecrets)...)
}

func TestAcceptsTheCompleteFixture(t *testing.T) {
	if problems := check(t, "", "", false); len(problems) != 0 {
		t.Fatalf("want no problems, got %q", problems)
	}
}

func TestRejects(t *testing.T) {
	cases := []struct{ name, old, replacement, want string }{
		{"an unknown field", "readinessProbe: {", "readinesProbe: {", `unknown field "spec.template.spec.containers[0].readinesProbe"`},
		{"a writable root filesystem", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "readOnlyRootFilesystem must be true"},
		{"a pod that may run as root", "runAsNonRoot: true, ", "", "runAsNonRoot must be true"},
		{"a missing memory limit", `cpu: "1", memory: 256Mi`, `cpu: "1"`, "no memory limit"},
		{"a missing env var of the contract", "            - { name: PAYMENT_URL, valueFrom: { configMapKeyRef: { name: settings, key: PAYMENT_URL } } }\n", "", "env PAYMENT_URL is missing"},
		{"a missing tracing endpoint", "            - {\n                name: OTEL_EXPORTER_OTLP_ENDPOINT,\n                valueFrom: { configMapKeyRef: { name: settings, key: OTEL_EXPORTER_OTLP_ENDPOINT } },\n              }\n", "", "env OTEL_EXPORTER_OTLP_ENDPOINT is missing (the service sends no traces)"},
		{"an env var nobody reads", `- { name: HOST, value: "0.0.0.0" }`, `- { name: HOST, value: "0.0.0.0" }
            - { name: DEBUG, value: "1" }`, "env DEBUG is not read by the order service"},
		{"a loopback-only HOST", `value: "0.0.0.0"`, `value: "127.0.0.1"`, "HOST="},
		{"a readiness probe on the wrong path", "path: /health/ready", "path: /ready", "readiness probe must GET /health/ready"},
		{"no preStop hook", `          lifecycle: { preStop: { exec: { command: [sleep, "10"] } } }` + "\n", "", "needs a preStop hook"},
		{"a missing ConfigMap key", "key: LOG_LEVEL", "key: LOGLEVEL", `ConfigMap "settings" has no key "LOGLEVEL"`},
		{"a Secret that is not there", "name: order-secrets }\nstringData", "name: other-secrets }\nstringData", `Secret "order-secrets" does not exist`},
		{"a service with only a shared NetworkPolicy", "podSelector: { matchLabels: { app.kubernetes.io/name: order } }", "podSelector: { matchLabels: { app.kubernetes.io/name: orders } }", "no NetworkPolicy of its own selects it"},
		{"a Service whose selector matches nothing", "selector: { app.kubernetes.io/name: order }", "selector: { app.kubernetes.io/name: orders }", "Service/order: selects no pods"},
		{"an HPA aimed at nothing", "kind: Deployment, name: order }", "kind: Deployment, name: orders }", "which does not exist"},
		{"an Ingress host without TLS", "hosts: [api.example.com]", "hosts: [www.example.com]", `host "api.example.com" is not covered by TLS`},
		{"a namespace without the restricted profile", "enforce: restricted", "enforce: baseline", "restricted Pod Security Standard"},
		{"an image without a tag", "emporium/order:1.0.0", "emporium/order", "has no tag"},
		{"no metrics port on the container", "{ name: metrics, containerPort: 9464 }", "{ name: metrics, containerPort: 9090 }", "must declare exactly the ports http 8084 and metrics 9464"},
		{"a scrape annotation on the service port", `prometheus.io/port: "9464"`, `prometheus.io/port: "8084"`, "annotations must point at /metrics on 9464"},
		{"a missing METRICS_PORT", `            - { name: METRICS_PORT, value: "9464" }` + "\n", "", "env METRICS_PORT is missing"},
		{"a METRICS_PORT off the metrics port", `{ name: METRICS_PORT, value: "9464" }`, `{ name: METRICS_PORT, value: "8084" }`, `METRICS_PORT="8084", want 9464`},
		{"the monitoring namespace let onto the service port", "ports: [{ port: 9464, protocol: TCP }]", "ports: [{ port: 8084, protocol: TCP }]", "NetworkPolicy order lets the monitoring namespace reach port 8084"},
		{"the monitoring namespace let onto the service port by name", "ports: [{ port: 9464, protocol: TCP }]", "ports: [{ port: 9464, protocol: TCP }, { port: http, protocol: TCP }]", "NetworkPolicy order lets the monitoring namespace reach port http"},
		{"every namespace let onto the service port", "{ podSelector: { matchLabels: { app.kubernetes.io/name: gateway } } }", "{ namespaceSelector: {} }", "NetworkPolicy order lets the monitoring namespace reach port 8084"},
		{"a literal INTERNAL_TOKEN", "valueFrom: { secretKeyRef: { name: internal-token, key: INTERNAL_TOKEN } },", `value: "in-git-for-all-to-read-0000000000",`, "env INTERNAL_TOKEN must come from a Secret"},
		{"an optional INTERNAL_TOKEN", "{ name: internal-token, key: INTERNAL_TOKEN }", "{ name: internal-token, key: INTERNAL_TOKEN, optional: true }", "env INTERNAL_TOKEN must not be optional"},
		{"a missing INTERNAL_TOKEN", "            - {\n                name: INTERNAL_TOKEN,\n                valueFrom: { secretKeyRef: { name: internal-token, key: INTERNAL_TOKEN } },\n              }\n", "", "env INTERNAL_TOKEN is missing"},
		{"no INTERNAL_TOKEN_ALSO_ACCEPTED on a service that serves /internal/*", "            - {\n                name: INTERNAL_TOKEN_ALSO_ACCEPTED,\n                valueFrom: { secretKeyRef: { name: internal-token, key: also-accepted, optional: true } },\n              }\n", "", "env INTERNAL_TOKEN_ALSO_ACCEPTED is missing"},
		{"a libuv pool larger than the CPU limit", `- { name: HOST, value: "0.0.0.0" }`, `- { name: HOST, value: "0.0.0.0" }
            - { name: UV_THREADPOOL_SIZE, value: "4" }`, `UV_THREADPOOL_SIZE="4", want 1 (one thread per CPU of the limit)`},
		{"a libuv pool on a service that does not hash", `- { name: HOST, value: "0.0.0.0" }`, `- { name: HOST, value: "0.0.0.0" }
            - { name: UV_THREADPOOL_SIZE, value: "1" }`, "env UV_THREADPOOL_SIZE is not read by the order service"},
		{"a metrics port Prometheus may not reach", "kubernetes.io/metadata.name: monitoring", "kubernetes.io/metadata.name: observability", "no NetworkPolicy lets the monitoring namespace reach the metrics port 9464"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			problems := check(t, c.old, c.replacement, false)
			if !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Fatalf("want a problem containing %q, got %q", c.want, problems)
			}
		})
	}
}

func TestExternalSecretsMayBeAbsent(t *testing.T) {
	problems := check(t, "name: order-secrets }\nstringData", "name: other-secrets }\nstringData", true)
	if len(problems) != 0 {
		t.Fatalf("want no problems, got %q", problems)
	}
}

// The fixture has one service; a second Deployment shows the rule across services.
func TestRejectsAnInternalTokenFromAnotherSecret(t *testing.T) {
	second := `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: product }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: product } }
  template:
    metadata: { labels: { app.kubernetes.io/name: product } }
    spec:
      containers:
        - name: product
          image: emporium/product:1.0.0
          env:
            - { name: INTERNAL_TOKEN, valueFrom: { secretKeyRef: { name: product-secrets, key: INTERNAL_TOKEN } } }
`
	problems := check(t, "backend: { service: { name: order, port: { name: http } } }\n",
		"backend: { service: { name: order, port: { name: http } } }\n"+second, true)
	want := `Deployment/product: env INTERNAL_TOKEN comes from Secret "product-secrets" key "INTERNAL_TOKEN", but Deployment/order takes it from Secret "internal-token"`
	if !strings.Contains(strings.Join(problems, "\n"), want) {
		t.Fatalf("want a problem containing %q, got %q", want, problems)
	}
}

// checkWithProduct adds a product Deployment, which serves /internal/* and so reads
// INTERNAL_TOKEN_ALSO_ACCEPTED, with the given env entries after INTERNAL_TOKEN. It is labelled
// an api so that the env contract applies; its other problems (ports, probes, …) do not matter here.
func checkWithProduct(t *testing.T, env string) []string {
	t.Helper()
	product := `
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: product
  labels: { app.kubernetes.io/name: product, app.kubernetes.io/component: api }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: product } }
  template:
    metadata: { labels: { app.kubernetes.io/name: product, app.kubernetes.io/component: api } }
    spec:
      containers:
        - name: product
          image: emporium/product:1.0.0
          env:
            - { name: INTERNAL_TOKEN, valueFrom: { secretKeyRef: { name: internal-token, key: INTERNAL_TOKEN } } }
` + env
	last := "backend: { service: { name: order, port: { name: http } } }\n"
	return check(t, last, last+product, false)
}

func alsoAcceptedFrom(secretKeyRef string) string {
	return "            - { name: INTERNAL_TOKEN_ALSO_ACCEPTED, valueFrom: { secretKeyRef: " + secretKeyRef + " } }\n"
}

func TestAcceptsAnOptionalAlsoAcceptedTokenFromTheSharedSecret(t *testing.T) {
	problems := checkWithProduct(t, alsoAcceptedFrom("{ name: internal-token, key: also-accepted, optional: true }"))
	for _, problem := range problems {
		if strings.Contains(problem, "INTERNAL_TOKEN_ALSO_ACCEPTED") || strings.Contains(problem, "also-accepted") {
			t.Fatalf("want no problem with INTERNAL_TOKEN_ALSO_ACCEPTED, got %q", problem)
		}
	}
}

func TestRejectsAnAlsoAcceptedToken(t *testing.T) {
	cases := []struct{ name, env, want string }{
		{"that is missing", "", "Deployment/product: env INTERNAL_TOKEN_ALSO_ACCEPTED is missing"},
		{"that is a literal", `            - { name: INTERNAL_TOKEN_ALSO_ACCEPTED, value: "in-git-for-all-to-read-0000000000" }` + "\n",
			"Deployment/product: env INTERNAL_TOKEN_ALSO_ACCEPTED must come from a Secret"},
		{"that is not optional", alsoAcceptedFrom("{ name: internal-token, key: also-accepted }"),
			"Deployment/product: env INTERNAL_TOKEN_ALSO_ACCEPTED must be optional"},
		{"from another key", alsoAcceptedFrom("{ name: internal-token, key: INTERNAL_TOKEN, optional: true }"),
			`Deployment/product: env INTERNAL_TOKEN_ALSO_ACCEPTED comes from Secret "internal-token" key "INTERNAL_TOKEN", want key "also-accepted"`},
		{"from another Secret", alsoAcceptedFrom("{ name: product-secrets, key: also-accepted, optional: true }"),
			`Deployment/product: env INTERNAL_TOKEN_ALSO_ACCEPTED comes from Secret "product-secrets" key "also-accepted", want key "also-accepted"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			problems := checkWithProduct(t, c.env)
			if !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Fatalf("want a problem containing %q, got %q", c.want, problems)
			}
		})
	}
}
