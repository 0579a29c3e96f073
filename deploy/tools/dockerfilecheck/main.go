// dockerfilecheck parses Dockerfiles with BuildKit's own parser and runs BuildKit's build
// checks (the rules behind `docker build --check`), so a syntax error, an unknown
// instruction or a flagged pattern fails validation without a Docker engine.
//
//	dockerfilecheck deploy/docker/Dockerfile deploy/docker/web.Dockerfile
package main

import (
	"fmt"
	"os"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dockerfilecheck DOCKERFILE ...")
		os.Exit(2)
	}
	failed := false
	for _, path := range os.Args[1:] {
		problems, err := check(path)
		if err != nil {
			fmt.Printf("INVALID %s: %v\n", path, err)
			failed = true
			continue
		}
		for _, p := range problems {
			fmt.Printf("INVALID %s: %s\n", path, p)
		}
		failed = failed || len(problems) > 0
		if len(problems) == 0 {
			fmt.Printf("ok %s\n", path)
		}
	}
	if failed {
		os.Exit(1)
	}
}

func check(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ast, err := parser.Parse(f)
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, w := range ast.Warnings {
		problems = append(problems, w.Short)
	}
	lint := linter.New(&linter.Config{
		Warn: func(rule, _, _, message string, location []parser.Range) {
			line := 0
			if len(location) > 0 {
				line = location[0].Start.Line
			}
			problems = append(problems, fmt.Sprintf("line %d: %s (%s)", line, message, rule))
		},
	})
	stages, _, err := instructions.Parse(ast.AST, lint)
	if err != nil {
		return nil, err
	}
	if len(stages) == 0 {
		problems = append(problems, "no build stage")
	}
	return problems, nil
}
