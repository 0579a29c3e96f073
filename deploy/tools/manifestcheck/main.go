// manifestcheck decodes rendered Kubernetes manifests into the real k8s.io/api Go types with
// strict field checking (an unknown or duplicated field is an error, as the API server's
// strict validation would report), then checks Emporium's own deployment rules: hardened pods,
// probes, the services' environment contract, and that every reference (Service selectors,
// HPA targets, ConfigMap keys, Ingress backends, ...) points at something that exists.
//
//	kustomize build deploy/k8s/overlays/dev | manifestcheck -
//	manifestcheck [-external-secrets] file.yaml [more.yaml ...]
//
// Feed it one complete environment (prod = overlays/prod + one colour) so references resolve.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

func main() {
	externalSecrets := flag.Bool("external-secrets", false,
		"Secrets are created out of band (prod): a reference to a Secret not in the input is fine")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: manifestcheck [-external-secrets] FILE|- ...")
		os.Exit(2)
	}

	set := &objects{}
	var problems []string
	for _, name := range flag.Args() {
		errs, err := decodeFile(name, set)
		if err != nil {
			fmt.Fprintf(os.Stderr, "manifestcheck: %s: %v\n", name, err)
			os.Exit(2)
		}
		problems = append(problems, errs...)
	}
	problems = append(problems, checkPolicy(set, *externalSecrets)...)

	for _, p := range problems {
		fmt.Println("INVALID", p)
	}
	fmt.Printf("manifestcheck: %d objects, %d problems\n", set.count, len(problems))
	if len(problems) > 0 {
		os.Exit(1)
	}
}

// strictDecoder is the API machinery's own universal deserializer in strict mode.
var strictDecoder = func() runtime.Decoder {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, autoscalingv2.AddToScheme,
		policyv1.AddToScheme, networkingv1.AddToScheme, storagev1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
}()

func decodeFile(name string, set *objects) ([]string, error) {
	var in io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	var problems []string
	reader := utilyaml.NewYAMLReader(bufio.NewReader(in))
	for i := 1; ; i++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return problems, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		obj, gvk, err := strictDecoder.Decode(doc, nil, nil)
		if err != nil {
			// Also reached for a kind this tool does not know: that is a finding too, since
			// everything Emporium deploys is meant to be covered.
			problems = append(problems, fmt.Sprintf("%s document %d: %v", name, i, err))
			if obj == nil || !runtime.IsStrictDecodingError(err) {
				continue
			}
			// A strict error still yields the object: keep checking it, so one typo does not
			// hide the rest or cascade into "selects no pods".
		}
		if err := set.add(obj); err != nil {
			problems = append(problems, fmt.Sprintf("%s document %d (%s): %v", name, i, gvk.Kind, err))
		}
	}
}
