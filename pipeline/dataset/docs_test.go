package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"ogi/pipeline/views"
	"ogi/schema"
)

// TestDocsDatasetIsTheReadme: docs/dataset.md in the repository is the
// README.md every build writes (regenerate it with
// go run ./internal/gendocs when the schema changes).
func TestDocsDatasetIsTheReadme(t *testing.T) {
	want, err := Readme()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "dataset.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("docs/dataset.md differs from the README a build writes: run go run ./internal/gendocs")
	}
}

// TestBuildExplainsItself: a build writes README.md and views.sql beside
// the files, the README describes every table and column, and every
// Parquet column carries its description as Arrow field metadata and as
// file key-value metadata.
func TestBuildExplainsItself(t *testing.T) {
	dir := t.TempDir()
	build(t, dir, &fixtureExtractor{}, threeYears(t))
	readme, err := os.ReadFile(filepath.Join(Dir(dir), ReadmeName))
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join(Dir(dir), views.FileName))
	if err != nil || !strings.Contains(string(script), "CREATE OR REPLACE MACRO compare_disclosure_rate(") {
		t.Fatalf("views.sql: %v", err)
	}
	for _, tb := range schema.DatasetTables() {
		if !strings.Contains(string(readme), "### "+tb.Name+"\n") {
			t.Errorf("README lacks table %s", tb.Name)
		}
		for _, f := range tb.Schema.Fields() {
			if !strings.Contains(string(readme), "| `"+f.Name+"` |") {
				t.Errorf("README lacks %s.%s", tb.Name, f.Name)
			}
		}
	}
	man, err := ReadManifest(Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, mt := range man.Tables {
		for _, mf := range mt.Files {
			tb, _ := schema.LookupDatasetTable(mt.Name)
			rdr, err := file.OpenParquetFile(filepath.Join(Dir(dir), mf.Path), false)
			if err != nil {
				t.Fatal(err)
			}
			kv := rdr.MetaData().KeyValueMetadata()
			fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := fr.Schema()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tb.Schema.Fields() {
				want := schema.Description(f)
				if want == "" {
					t.Fatalf("%s.%s has no description to check", mt.Name, f.Name)
				}
				if v := kv.FindValue(KeyDescription + f.Name); v == nil || *v != want {
					t.Errorf("%s: kv %s = %v", mf.Path, f.Name, v)
				}
				got, ok := sc.FieldsByName(f.Name)
				if !ok || schema.Description(got[0]) != want {
					t.Errorf("%s: field metadata of %s = %v", mf.Path, f.Name, got)
				}
			}
			rdr.Close()
			checked++
		}
	}
	if checked < 8 {
		t.Errorf("only %d files checked", checked)
	}
}
