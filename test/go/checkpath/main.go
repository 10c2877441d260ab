// Command checkpath reads module paths, one JSON string per line, and prints
// a verdict for each, as a JSON string:
//
//   - "init: <error>" when `go mod init <path>` refuses the path;
//   - "build: <reason>" when `go mod init` takes it but a main package at the
//     module root cannot be built with it;
//   - "local: <error>" when both are fine but `go get` could not fetch it
//     (module.CheckPath refuses it);
//   - "ok" otherwise.
//
// The tests compare the generator's validator and its note against it.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
)

// goModInit applies the checks `go mod init <path>` applies, in its order:
// cmd/go/internal/modload/init.go, CreateModFile (Go 1.26):
//
//	} else if err := module.CheckImportPath(modPath); err != nil {
//		...
//	} else if err := CheckReservedModulePath(modPath); err != nil {
//		base.Fatalf(`go: invalid module path %q: `, modPath)
//	} else if _, _, ok := module.SplitPathVersion(modPath); !ok {
//		... "major version suffixes must be in the form of /vN ..."
//
// CheckReservedModulePath is gover.IsToolchain: path == "go" || path == "toolchain".
// Unlike module.CheckPath, CheckImportPath does not ask for a dot in the
// first element, and allows "+" and elements that start with a dot.
func goModInit(path string) error {
	if err := module.CheckImportPath(path); err != nil {
		return err
	}
	if path == "go" || path == "toolchain" {
		return errors.New("module path is reserved")
	}
	if _, _, ok := module.SplitPathVersion(path); !ok {
		return errors.New("invalid major version suffix")
	}
	return nil
}

// buildProblem says why `go build` and `go test` of a main package at the root
// of a module with this path would fail, or returns "".
func buildProblem(path string) string {
	// cmd/go/internal/load/pkg.go, SafeArg: "invalid import path".
	c := path[0]
	if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '.' || c == '_') {
		return "invalid import path (load.SafeArg)"
	}
	// cmd/go/internal/search.IsMetaPackage names, "main" (a main package at
	// import path "main" cannot be imported by its test) and cgo's "C".
	switch path {
	case "all", "std", "cmd", "tool", "work", "main", "C":
		return "a name of the go command's own"
	}
	// A first element that is a folder of GOROOT/src: the standard library
	// and cmd (go build: "ambiguous import" for their packages).
	first, _, _ := strings.Cut(path, "/")
	if first != "testdata" {
		if info, err := os.Stat(filepath.Join(build.Default.GOROOT, "src", first)); err == nil && info.IsDir() {
			return "a standard-library first element"
		}
	}
	return ""
}

func verdict(path string) string {
	if err := goModInit(path); err != nil {
		return "init: " + err.Error()
	}
	if problem := buildProblem(path); problem != "" {
		return "build: " + problem
	}
	if err := module.CheckPath(path); err != nil {
		return "local: " + err.Error()
	}
	return "ok"
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var path string
		if err := json.Unmarshal(in.Bytes(), &path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := out.Encode(verdict(path)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
