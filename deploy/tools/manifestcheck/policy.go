package main

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const nameLabel = "app.kubernetes.io/name"

type findings []string

func (f *findings) add(where, format string, args ...any) {
	*f = append(*f, where+": "+fmt.Sprintf(format, args...))
}

func checkPolicy(s *objects, externalSecrets bool) []string {
	var f findings
	for _, w := range s.workloads() {
		checkPod(&f, w)
		checkReferences(&f, s, w, externalSecrets)
	}
	for _, d := range s.deployments {
		switch d.Labels["app.kubernetes.io/component"] {
		case "api", "web":
			checkApp(&f, s, workload{"Deployment", d.Name, d.Labels, &d.Spec.Template})
		}
		if !selects(d.Spec.Selector, d.Spec.Template.Labels) {
			f.add("Deployment/"+d.Name, "selector does not match its own pod template")
		}
	}
	for _, st := range s.statefulSets {
		if !selects(st.Spec.Selector, st.Spec.Template.Labels) {
			f.add("StatefulSet/"+st.Name, "selector does not match its own pod template")
		}
		if _, ok := s.services[st.Spec.ServiceName]; !ok {
			f.add("StatefulSet/"+st.Name, "serviceName %q is not a Service here", st.Spec.ServiceName)
		}
	}
	checkInternalToken(&f, s)
	checkServices(&f, s)
	checkScaling(&f, s)
	checkIngresses(&f, s)
	checkNetworkDefaults(&f, s)
	return f
}

// checkPod: the restricted Pod Security profile plus what Emporium adds (limits, probes).
func checkPod(f *findings, w workload) {
	where := w.kind + "/" + w.name
	spec := w.template.Spec
	psc := spec.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		f.add(where, "pod securityContext.runAsNonRoot must be true")
	}
	if psc == nil || psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		f.add(where, "pod seccompProfile must be RuntimeDefault")
	}
	if psc != nil && psc.RunAsUser != nil && *psc.RunAsUser == 0 {
		f.add(where, "runAsUser 0 is root")
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		f.add(where, "automountServiceAccountToken must be false: nothing here calls the Kubernetes API")
	}
	for _, c := range append(slices.Clone(spec.InitContainers), spec.Containers...) {
		cw := where + " container " + c.Name
		sc := c.SecurityContext
		if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			f.add(cw, "allowPrivilegeEscalation must be false")
		}
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			f.add(cw, "readOnlyRootFilesystem must be true")
		}
		if sc == nil || sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
			f.add(cw, "capabilities must drop ALL")
		}
		for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if _, ok := c.Resources.Requests[r]; !ok {
				f.add(cw, "no %s request", r)
			}
			if _, ok := c.Resources.Limits[r]; !ok {
				f.add(cw, "no %s limit", r)
			}
		}
		if c.LivenessProbe == nil || c.ReadinessProbe == nil {
			f.add(cw, "needs both a liveness and a readiness probe")
		}
		if !strings.Contains(c.Image[strings.LastIndex(c.Image, "/")+1:], ":") {
			f.add(cw, "image %q has no tag", c.Image)
		}
	}
}

// checkApp: the rules for Emporium's own services (and the web app).
func checkApp(f *findings, s *objects, w workload) {
	where := w.kind + "/" + w.name
	app := w.labels[nameLabel]
	spec := w.template.Spec
	if len(spec.Containers) != 1 {
		f.add(where, "expected exactly one container")
		return
	}
	c := spec.Containers[0]
	if repo, _, _ := strings.Cut(c.Image, ":"); !strings.HasSuffix(repo, "emporium/"+app) {
		f.add(where, "image %q is not emporium/%s", c.Image, app)
	}
	if c.LivenessProbe != nil && httpPath(c.LivenessProbe) != "/health/live" {
		f.add(where, "liveness probe must GET /health/live")
	}
	if c.ReadinessProbe != nil && httpPath(c.ReadinessProbe) != "/health/ready" {
		f.add(where, "readiness probe must GET /health/ready")
	}
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
		f.add(where, "needs a preStop hook so endpoints drain before SIGTERM")
	}
	if port, isService := servicePorts[app]; isService {
		want := map[string]int32{"http": port, "metrics": metricsPort}
		ok := len(c.Ports) == len(want)
		for _, p := range c.Ports {
			ok = ok && want[p.Name] == p.ContainerPort
		}
		if !ok {
			f.add(where, "must declare exactly the ports http %d and metrics %d", port, metricsPort)
		}
		ann := w.template.Annotations
		if ann["prometheus.io/scrape"] != "true" || ann["prometheus.io/path"] != "/metrics" ||
			ann["prometheus.io/port"] != strconv.Itoa(int(metricsPort)) {
			f.add(where, "prometheus.io/{scrape,path,port} annotations must point at /metrics on %d", metricsPort)
		}
		checkEnv(f, where, app, port, c.Env)
		checkThreadPool(f, where, c)
		checkMonitoringIngress(f, s, w)
	}
	if !anyHPA(s, w) {
		f.add(where, "no HorizontalPodAutoscaler targets it")
	}
	if !anyPDB(s, w) {
		f.add(where, "no PodDisruptionBudget selects it")
	}
	if !anyNetworkPolicy(s, w.template.Labels) {
		f.add(where, "no NetworkPolicy of its own selects it")
	}
}

func checkEnv(f *findings, where, app string, port int32, env []corev1.EnvVar) {
	want := append(append(slices.Clone(commonEnv), envContract[app]...), runtimeEnv[app]...)
	var got []string
	for _, e := range env {
		if slices.Contains(got, e.Name) {
			f.add(where, "env %s is set twice", e.Name)
		}
		got = append(got, e.Name)
		switch {
		case e.Name == "PORT" && e.Value != strconv.Itoa(int(port)):
			f.add(where, "PORT=%q, want %d", e.Value, port)
		case e.Name == "METRICS_PORT" && e.Value != strconv.Itoa(int(metricsPort)):
			f.add(where, "METRICS_PORT=%q, want %d", e.Value, metricsPort)
		case e.Name == "HOST" && e.Value != "0.0.0.0":
			f.add(where, "HOST=%q, want 0.0.0.0 (reachable from other pods)", e.Value)
		}
	}
	for _, name := range want {
		if !slices.Contains(got, name) {
			effect, ok := missingEnvEffect[name]
			if !ok {
				effect = "the service will not start"
			}
			f.add(where, "env %s is missing (%s)", name, effect)
		}
	}
	for _, name := range got {
		if !slices.Contains(want, name) && !slices.Contains(optionalEnv[app], name) {
			f.add(where, "env %s is not read by the %s service", name, app)
		}
	}
}

// checkThreadPool: a libuv pool, where set, has one thread per CPU of the container's limit
// (whole CPUs, at least one), so that hashes never outnumber the CPUs they may use.
func checkThreadPool(f *findings, where string, c corev1.Container) {
	for _, e := range c.Env {
		if e.Name != threadPoolEnv {
			continue
		}
		limit, ok := c.Resources.Limits[corev1.ResourceCPU]
		want := int64(1)
		if ok {
			want = max(1, (limit.MilliValue()+999)/1000)
		}
		if e.Value != strconv.FormatInt(want, 10) {
			f.add(where, "%s=%q, want %d (one thread per CPU of the limit)", threadPoolEnv, e.Value, want)
		}
	}
}

// checkMonitoringIngress: the monitoring namespace (Prometheus) may reach a service's pods on
// the metrics port and nowhere else. The service port carries the /internal/* routes, guarded
// by the internal token and these policies: only the gateway and the calling services reach it.
func checkMonitoringIngress(f *findings, s *objects, w workload) {
	where := w.kind + "/" + w.name
	scraped := false
	for _, np := range s.netpols {
		if !selects(&np.Spec.PodSelector, w.template.Labels) {
			continue
		}
		for _, rule := range np.Spec.Ingress {
			// No `from` admits every source, the monitoring namespace included.
			sure, possible := len(rule.From) == 0, len(rule.From) == 0
			for _, peer := range rule.From {
				peerSure, peerPossible := admitsMonitoring(peer.NamespaceSelector)
				sure, possible = sure || peerSure, possible || peerPossible
			}
			if !possible {
				continue
			}
			if len(rule.Ports) == 0 {
				f.add(where, "NetworkPolicy %s lets the %s namespace reach every port; open only the metrics port %d to it",
					np.Name, monitoringNamespace, metricsPort)
				continue
			}
			for _, p := range rule.Ports {
				number := resolvePort(w.template.Spec.Containers, p)
				if number != metricsPort || (p.EndPort != nil && *p.EndPort != metricsPort) {
					f.add(where, "NetworkPolicy %s lets the %s namespace reach port %s; open only the metrics port %d to it",
						np.Name, monitoringNamespace, portString(p), metricsPort)
				} else if sure {
					scraped = true
				}
			}
		}
	}
	if !scraped {
		f.add(where, "no NetworkPolicy lets the %s namespace reach the metrics port %d (Prometheus cannot scrape it)",
			monitoringNamespace, metricsPort)
	}
}

const (
	monitoringNamespace = "monitoring"
	namespaceNameLabel  = "kubernetes.io/metadata.name"
)

// admitsMonitoring: whether a peer's namespaceSelector surely selects the monitoring namespace,
// and whether it possibly does (a selector that does not name its namespace may).
func admitsMonitoring(sel *metav1.LabelSelector) (sure, possible bool) {
	if sel == nil {
		return false, false
	}
	if name, named := sel.MatchLabels[namespaceNameLabel]; named {
		return name == monitoringNamespace, name == monitoringNamespace
	}
	all := len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0
	return all, true
}

// resolvePort: a NetworkPolicy port as a number, named ports looked up on the pod's containers
// (0 when no container has it, or when the rule gives no port, which means every port).
func resolvePort(containers []corev1.Container, p networkingv1.NetworkPolicyPort) int32 {
	if p.Port == nil {
		return 0
	}
	if p.Port.Type == intstr.Int {
		return p.Port.IntVal
	}
	for _, c := range containers {
		for _, cp := range c.Ports {
			if cp.Name == p.Port.StrVal {
				return cp.ContainerPort
			}
		}
	}
	return 0
}

func portString(p networkingv1.NetworkPolicyPort) string {
	if p.Port == nil {
		return "(every port)"
	}
	if p.EndPort != nil {
		return fmt.Sprintf("%s-%d", p.Port.String(), *p.EndPort)
	}
	return p.Port.String()
}

// checkInternalToken: every Deployment that sets INTERNAL_TOKEN takes it from a Secret (not a
// literal, not optional), and all of them from the same Secret key, so the values cannot drift.
// INTERNAL_TOKEN_ALSO_ACCEPTED, where set, comes from key also-accepted of that same Secret, and
// is the one of the two that must be optional.
func checkInternalToken(f *findings, s *objects) {
	type source struct{ secret, key string }
	var first *source
	var firstWhere string
	type alsoAccepted struct {
		where string
		ref   *corev1.SecretKeySelector
	}
	var alsoAccepteds []alsoAccepted
	for _, d := range s.deployments {
		where := "Deployment/" + d.Name
		for _, c := range d.Spec.Template.Spec.Containers {
			for _, e := range c.Env {
				if e.Name != internalTokenEnv && e.Name != internalTokenAlsoAcceptedEnv {
					continue
				}
				var ref *corev1.SecretKeySelector
				if e.ValueFrom != nil {
					ref = e.ValueFrom.SecretKeyRef
				}
				if ref == nil {
					f.add(where, "env %s must come from a Secret (secretKeyRef), not a literal or a ConfigMap", e.Name)
					continue
				}
				if e.Name == internalTokenAlsoAcceptedEnv {
					alsoAccepteds = append(alsoAccepteds, alsoAccepted{where, ref})
					continue
				}
				if ref.Optional != nil && *ref.Optional {
					f.add(where, "env %s must not be optional: production refuses to start without it", e.Name)
				}
				got := source{ref.Name, ref.Key}
				switch {
				case first == nil:
					first, firstWhere = &got, where
				case got != *first:
					f.add(where, "env %s comes from Secret %q key %q, but %s takes it from Secret %q key %q: "+
						"every service must share one value", e.Name, got.secret, got.key, firstWhere, first.secret, first.key)
				}
			}
		}
	}
	for _, a := range alsoAccepteds {
		if first == nil || a.ref.Name != first.secret || a.ref.Key != alsoAcceptedKey {
			f.add(a.where, "env %s comes from Secret %q key %q, want key %q of the Secret INTERNAL_TOKEN comes from",
				internalTokenAlsoAcceptedEnv, a.ref.Name, a.ref.Key, alsoAcceptedKey)
		}
		if a.ref.Optional == nil || !*a.ref.Optional {
			f.add(a.where, "env %s must be optional: the Secret holds key %q only while the token is rotated",
				internalTokenAlsoAcceptedEnv, alsoAcceptedKey)
		}
	}
}

// checkReferences: every ConfigMap and Secret a pod names exists and has the key it wants.
func checkReferences(f *findings, s *objects, w workload, externalSecrets bool) {
	where := w.kind + "/" + w.name
	configKey := func(name, key string, optional *bool) {
		cm, ok := s.configMaps[name]
		if !ok {
			f.add(where, "ConfigMap %q does not exist", name)
		} else if _, has := cm.Data[key]; key != "" && !has && (optional == nil || !*optional) {
			f.add(where, "ConfigMap %q has no key %q", name, key)
		}
	}
	secretKey := func(name, key string, optional *bool) {
		sec, ok := s.secrets[name]
		switch {
		case !ok && externalSecrets:
		case !ok:
			f.add(where, "Secret %q does not exist", name)
		case key != "" && (optional == nil || !*optional):
			_, inData := sec.Data[key]
			_, inString := sec.StringData[key]
			if !inData && !inString {
				f.add(where, "Secret %q has no key %q", name, key)
			}
		}
	}
	spec := w.template.Spec
	for _, c := range append(slices.Clone(spec.InitContainers), spec.Containers...) {
		for _, e := range c.Env {
			if e.ValueFrom == nil {
				continue
			}
			if r := e.ValueFrom.ConfigMapKeyRef; r != nil {
				configKey(r.Name, r.Key, r.Optional)
			}
			if r := e.ValueFrom.SecretKeyRef; r != nil {
				secretKey(r.Name, r.Key, r.Optional)
			}
		}
		for _, e := range c.EnvFrom {
			if e.ConfigMapRef != nil {
				configKey(e.ConfigMapRef.Name, "", nil)
			}
			if e.SecretRef != nil {
				secretKey(e.SecretRef.Name, "", nil)
			}
		}
	}
	for _, v := range spec.Volumes {
		if v.ConfigMap != nil {
			configKey(v.ConfigMap.Name, "", nil)
		}
		if v.Secret != nil {
			secretKey(v.Secret.SecretName, "", nil)
		}
	}
}

// checkServices: each Service selects pods, and its target ports exist on them.
func checkServices(f *findings, s *objects) {
	for _, name := range sortedKeys(s.services) {
		svc := s.services[name]
		where := "Service/" + name
		if len(svc.Spec.Selector) == 0 {
			f.add(where, "has no selector")
			continue
		}
		var matched []workload
		for _, w := range s.workloads() {
			if subset(svc.Spec.Selector, w.template.Labels) {
				matched = append(matched, w)
			}
		}
		if len(matched) == 0 {
			f.add(where, "selects no pods")
		}
		for _, p := range svc.Spec.Ports {
			for _, w := range matched {
				if !hasPort(w.template.Spec.Containers, p.TargetPort.String(), p.TargetPort.IntVal) {
					f.add(where, "targetPort %s is not a port of %s/%s", p.TargetPort.String(), w.kind, w.name)
				}
			}
		}
	}
}

func checkScaling(f *findings, s *objects) {
	for _, h := range s.hpas {
		ref := h.Spec.ScaleTargetRef
		found := false
		for _, w := range s.workloads() {
			found = found || (w.kind == ref.Kind && w.name == ref.Name)
		}
		if !found {
			f.add("HorizontalPodAutoscaler/"+h.Name, "targets %s/%s, which does not exist", ref.Kind, ref.Name)
		}
		if h.Spec.MinReplicas != nil && *h.Spec.MinReplicas > h.Spec.MaxReplicas {
			f.add("HorizontalPodAutoscaler/"+h.Name, "minReplicas > maxReplicas")
		}
	}
	for _, p := range s.pdbs {
		found := false
		for _, w := range s.workloads() {
			found = found || selects(p.Spec.Selector, w.template.Labels)
		}
		if !found {
			f.add("PodDisruptionBudget/"+p.Name, "selects no workload")
		}
	}
}

// checkIngresses: TLS on every host, a certificate issuer, and backends that exist.
func checkIngresses(f *findings, s *objects) {
	for _, ing := range s.ingresses {
		where := "Ingress/" + ing.Name
		tlsHosts := map[string]bool{}
		for _, t := range ing.Spec.TLS {
			if t.SecretName == "" {
				f.add(where, "a TLS entry has no secretName")
			}
			for _, h := range t.Hosts {
				tlsHosts[h] = true
			}
		}
		if ing.Annotations["cert-manager.io/cluster-issuer"] == "" && ing.Annotations["cert-manager.io/issuer"] == "" {
			f.add(where, "no cert-manager issuer annotation")
		}
		for _, rule := range ing.Spec.Rules {
			if !tlsHosts[rule.Host] {
				f.add(where, "host %q is not covered by TLS", rule.Host)
			}
			if rule.HTTP == nil {
				continue
			}
			for _, p := range rule.HTTP.Paths {
				b := p.Backend.Service
				if b == nil {
					f.add(where, "path %s has no Service backend", p.Path)
					continue
				}
				svc, ok := s.services[b.Name]
				if !ok {
					f.add(where, "backend Service %q does not exist", b.Name)
					continue
				}
				found := false
				for _, sp := range svc.Spec.Ports {
					found = found || (b.Port.Name != "" && sp.Name == b.Port.Name) || (b.Port.Number != 0 && sp.Port == b.Port.Number)
				}
				if !found {
					f.add(where, "Service %q has no port %v", b.Name, b.Port)
				}
			}
		}
	}
}

// checkNetworkDefaults: a namespace here starts from deny-all, and is PSA-restricted.
func checkNetworkDefaults(f *findings, s *objects) {
	for _, ns := range s.namespaces {
		if ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
			f.add("Namespace/"+ns.Name, "must enforce the restricted Pod Security Standard")
		}
	}
	if len(s.namespaces) == 0 {
		return
	}
	for _, np := range s.netpols {
		if len(np.Spec.PodSelector.MatchLabels) == 0 && len(np.Spec.PodSelector.MatchExpressions) == 0 &&
			len(np.Spec.Ingress) == 0 && len(np.Spec.Egress) == 0 && len(np.Spec.PolicyTypes) == 2 {
			return
		}
	}
	f.add("NetworkPolicy", "no default-deny policy (empty podSelector, Ingress and Egress, no rules)")
}

func anyHPA(s *objects, w workload) bool {
	for _, h := range s.hpas {
		if h.Spec.ScaleTargetRef.Kind == w.kind && h.Spec.ScaleTargetRef.Name == w.name {
			return true
		}
	}
	return false
}

func anyPDB(s *objects, w workload) bool {
	for _, p := range s.pdbs {
		if selects(p.Spec.Selector, w.template.Labels) {
			return true
		}
	}
	return false
}

// anyNetworkPolicy: a policy of the app's own, one that names it. Shared policies that select
// every service by component (allow-otel-collector) do not count.
func anyNetworkPolicy(s *objects, labels map[string]string) bool {
	for _, np := range s.netpols {
		if np.Spec.PodSelector.MatchLabels[nameLabel] != "" && selects(&np.Spec.PodSelector, labels) {
			return true
		}
	}
	return false
}

func selects(sel *metav1.LabelSelector, labels map[string]string) bool {
	if sel == nil || len(sel.MatchExpressions) > 0 {
		return false // not used by Emporium; flag rather than half-evaluate
	}
	return subset(sel.MatchLabels, labels)
}

func subset(want, have map[string]string) bool {
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}

func hasPort(containers []corev1.Container, name string, number int32) bool {
	for _, c := range containers {
		for _, p := range c.Ports {
			if p.Name == name || (number != 0 && p.ContainerPort == number) {
				return true
			}
		}
	}
	return false
}

func httpPath(p *corev1.Probe) string {
	if p.HTTPGet == nil {
		return ""
	}
	return p.HTTPGet.Path
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
