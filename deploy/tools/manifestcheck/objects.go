package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// objects is one rendered environment, by kind and name.
type objects struct {
	count        int
	deployments  []*appsv1.Deployment
	statefulSets []*appsv1.StatefulSet
	services     map[string]*corev1.Service
	configMaps   map[string]*corev1.ConfigMap
	secrets      map[string]*corev1.Secret
	hpas         []*autoscalingv2.HorizontalPodAutoscaler
	pdbs         []*policyv1.PodDisruptionBudget
	netpols      []*networkingv1.NetworkPolicy
	ingresses    []*networkingv1.Ingress
	namespaces   []*corev1.Namespace
}

// workload is what the policy checks need from a Deployment or a StatefulSet.
type workload struct {
	kind, name string
	labels     map[string]string
	template   *corev1.PodTemplateSpec
}

func (s *objects) add(obj runtime.Object) error {
	if s.services == nil {
		s.services = map[string]*corev1.Service{}
		s.configMaps = map[string]*corev1.ConfigMap{}
		s.secrets = map[string]*corev1.Secret{}
	}
	s.count++
	switch o := obj.(type) {
	case *appsv1.Deployment:
		s.deployments = append(s.deployments, o)
	case *appsv1.StatefulSet:
		s.statefulSets = append(s.statefulSets, o)
	case *corev1.Service:
		return unique(s.services, o.Name, o)
	case *corev1.ConfigMap:
		return unique(s.configMaps, o.Name, o)
	case *corev1.Secret:
		return unique(s.secrets, o.Name, o)
	case *autoscalingv2.HorizontalPodAutoscaler:
		s.hpas = append(s.hpas, o)
	case *policyv1.PodDisruptionBudget:
		s.pdbs = append(s.pdbs, o)
	case *networkingv1.NetworkPolicy:
		s.netpols = append(s.netpols, o)
	case *networkingv1.Ingress:
		s.ingresses = append(s.ingresses, o)
	case *corev1.Namespace:
		s.namespaces = append(s.namespaces, o)
	case *storagev1.StorageClass:
		// Decoded strictly above; no cross-references to check.
	default:
		return fmt.Errorf("kind %T is not covered by manifestcheck", obj)
	}
	return nil
}

func unique[T any](m map[string]T, name string, v T) error {
	if _, dup := m[name]; dup {
		return fmt.Errorf("%q appears twice", name)
	}
	m[name] = v
	return nil
}

func (s *objects) workloads() []workload {
	var out []workload
	for _, d := range s.deployments {
		out = append(out, workload{"Deployment", d.Name, d.Labels, &d.Spec.Template})
	}
	for _, st := range s.statefulSets {
		out = append(out, workload{"StatefulSet", st.Name, st.Labels, &st.Spec.Template})
	}
	return out
}
