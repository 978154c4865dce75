package simnet

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// equipment are the packages that exist for tests, benchmarks and the
// demo: the simulated network, the document writers, synthetic datasets,
// portal page chrome, readers of what the writers wrote, fixtures and
// fixture servers.
var equipment = []string{
	"ogi/internal/simnet",
	"ogi/internal/docwriter",
	"ogi/internal/synth",
	"ogi/internal/officetest",
	"ogi/internal/renderings",
	"ogi/internal/roundtrip",
	"ogi/internal/portalpage",
	"ogi/scrapers/adapters/adapterstest",
}

// isEquipment: a listed package, or one of ogi's named like a test helper
// (adapterstest, officetest): a new helper package is caught too.
func isEquipment(p string) bool {
	return slices.Contains(equipment, p) || strings.HasPrefix(p, "ogi/") && strings.HasSuffix(p, "test")
}

// goPackage is what go list says of one package.
type goPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Deps       []string
}

// goList runs go list -json on the patterns (non-test code and its
// dependencies only: a test may use any equipment).
func goList(t *testing.T, patterns ...string) []goPackage {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the go command is needed to list the packages: %v", err)
	}
	cmd := exec.Command("go", append([]string{"list", "-json=ImportPath,Dir,GoFiles,Deps"}, patterns...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", patterns, err, stderr.String())
	}
	var pkgs []goPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestProductionPackagesKeepOutTestEquipment: no package of the pipeline,
// the scrapers, the schema or the embedded data depends, directly or
// through another package, on the simulated network or any other test
// equipment; the binary reaches the simulated network only from its demo
// files, and no other equipment at all.
func TestProductionPackagesKeepOutTestEquipment(t *testing.T) {
	prod := goList(t, "ogi/pipeline/...", "ogi/scrapers/...", "ogi/schema/...", "ogi/data/...",
		"ogi/internal/textdecode", "ogi/internal/pubdate")
	checked := 0
	for _, p := range prod {
		if isEquipment(p.ImportPath) {
			continue // adapterstest: a fixture server, equipment itself
		}
		checked++
		for _, d := range p.Deps {
			if isEquipment(d) {
				t.Errorf("%s depends on the test equipment %s", p.ImportPath, d)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d production packages listed: the check is not looking at the project", checked)
	}

	bin := goList(t, "ogi/cmd/ogi")
	if len(bin) != 1 {
		t.Fatalf("go list ogi/cmd/ogi: %d packages", len(bin))
	}
	demoImports := 0
	fset := token.NewFileSet()
	for _, name := range bin[0].GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(bin[0].Dir, name), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case !isEquipment(path):
			case path == "ogi/internal/simnet" && strings.HasPrefix(name, "demo"):
				demoImports++
			default:
				t.Errorf("cmd/ogi/%s imports the test equipment %s (only the demo may, and only the simulated network)", name, path)
			}
		}
	}
	// The demo does import the network: a check that finds no import
	// there is not reading the files.
	if demoImports == 0 {
		t.Error("found no import of the simulated network in cmd/ogi's demo files")
	}
	// What the network itself needs (the document writers) comes along;
	// nothing else.
	net := goList(t, "ogi/internal/simnet")[0]
	for _, d := range bin[0].Deps {
		if isEquipment(d) && d != net.ImportPath && !slices.Contains(net.Deps, d) {
			t.Errorf("the binary depends on the test equipment %s", d)
		}
	}
}
