package dataset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocalInputsAreKept: a later build without the first build's PATHs
// keeps its reports, even once the original files are gone, until they
// are removed explicitly; the original path stays the provenance.
func TestLocalInputsAreKept(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	fx := &fixtureExtractor{}
	first := build(t, dir, fx, in)
	sources := func() []string {
		var out []string
		for _, r := range queryRows(t, duck(t), "SELECT source_url FROM "+table(dir, "reports")+" ORDER BY 1") {
			out = append(out, r[0].(string))
		}
		return out
	}
	before := sources()
	abs, _ := filepath.Abs(in)
	if len(before) != 4 || !strings.HasPrefix(before[0], filepath.ToSlash(abs)+"/") {
		t.Fatalf("sources %v, want the 4 original paths under %s", before, abs)
	}
	// The originals go away; a build without PATHs keeps every report.
	if err := os.RemoveAll(in); err != nil {
		t.Fatal(err)
	}
	second := build(t, dir, fx)
	if second.Reports != first.Reports || strings.Join(sources(), " ") != strings.Join(before, " ") {
		t.Fatalf("second build: %d reports %v, want %d %v", second.Reports, sources(), first.Reports, before)
	}
	if second.Extracted != 0 {
		t.Errorf("the kept inputs were extracted again: %+v", second)
	}
	list, err := ImportedInputs(dir)
	if err != nil || len(list) != 4 {
		t.Fatalf("imported %v %v", list, err)
	}

	// A path given again with new content replaces its old content.
	in2 := t.TempDir()
	writeFixtures(t, in2, map[string]fixture{"zhaoyuan-2024.json": zhaoyuan(2024, 300, 11, 20)})
	build(t, dir, fx, in2)
	writeFixtures(t, in2, map[string]fixture{"zhaoyuan-2024.json": zhaoyuan(2024, 301, 11, 20)})
	build(t, dir, fx, in2)
	got := queryRows(t, duck(t), "SELECT count(*), max(a.total) FROM "+table(dir, "reports")+" r JOIN "+table(dir, "applications")+
		" a USING (report_id) WHERE r.year = 2024 AND a.row_key = 'new_received'")
	if got[0][0] != int64(1) || got[0][1] != int64(301) {
		t.Errorf("2024 after a changed file: %v, want one version with 301", got)
	}

	// Removing a folder removes its inputs, and their stored copies.
	_, err = Build(context.Background(), Options{DataDir: dir, Remove: []string{in}, Extract: fx.extract, ExtractorVersion: "v1", Jurisdictions: testJuris})
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := ImportedInputs(dir); len(list) != 1 || !strings.HasSuffix(list[0].Path, "zhaoyuan-2024.json") {
		t.Errorf("after removal: %v", list)
	}
	if blobs, _ := filepath.Glob(filepath.Join(dir, InputsName, "??", "*")); len(blobs) != 1 {
		t.Errorf("stored copies left: %v", blobs)
	}
	if n := queryRows(t, duck(t), "SELECT count(*) FROM "+table(dir, "reports")); n[0][0] != int64(1) {
		t.Errorf("reports after removal: %v", n)
	}
	_, err = Build(context.Background(), Options{DataDir: dir, Remove: []string{"/no/such/path"}, Extract: fx.extract})
	if err == nil || !strings.Contains(err.Error(), "no imported input") {
		t.Errorf("removing an unknown path: %v", err)
	}
}

func TestDamagedImportIndexIsAnError(t *testing.T) {
	dir := t.TempDir()
	build(t, dir, &fixtureExtractor{}, threeYears(t))
	p := filepath.Join(dir, InputsName, importIndexName)
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, []byte("{not json\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), Options{DataDir: dir, Extract: (&fixtureExtractor{}).extract})
	if err == nil || !strings.Contains(err.Error(), "line 5 is damaged") {
		t.Errorf("damaged index: %v", err)
	}
}
