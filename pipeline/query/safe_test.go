package query

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"ogi/pipeline/dataset"
)

func fileSum(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestUserQueryIsReadOnly tries the escapes of issue 10 on a dataset
// opened as ogi sql opens it: each is refused, and nothing is written.
func TestUserQueryIsReadOnly(t *testing.T) {
	dir := buildFixtures(t)
	db := open(t, dir)
	ctx := context.Background()
	part := filepath.Join(dataset.Dir(dir), "reports", "year=2023", "part-0.parquet")
	before := fileSum(t, part)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.csv")
	if err := os.WriteFile(secret, []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	escapes := map[string][]string{
		"COPY TO": {
			"COPY (SELECT 1 AS x) TO '" + part + "' (FORMAT parquet)",
			"COPY (SELECT 1 AS x) TO '" + filepath.Join(outside, "out.csv") + "'",
			"SELECT 1; COPY (SELECT 1 AS x) TO '" + part + "' (FORMAT parquet)",
			"EXPORT DATABASE '" + filepath.Join(outside, "export") + "'",
		},
		"ATTACH": {
			"ATTACH '" + filepath.Join(outside, "x.duckdb") + "' AS x",
			"ATTACH ':memory:' AS m",
		},
		"INSTALL/LOAD": {"INSTALL httpfs", "LOAD httpfs", "LOAD '" + filepath.Join(outside, "x.duckdb_extension") + "'"},
		"other files": {
			"SELECT * FROM read_csv('" + secret + "')",
			"SELECT * FROM read_text('/etc/passwd')",
			"SELECT * FROM glob('" + outside + "/*')",
			"SELECT * FROM read_parquet('" + filepath.Join(dataset.Dir(dir), "..", "*", "*.parquet") + "')",
		},
		"settings": {
			"SET enable_external_access = true",
			"RESET lock_configuration",
			"SET allowed_directories = ['/']",
			"PRAGMA enable_profiling",
		},
	}
	for kind, stmts := range escapes {
		for _, s := range stmts {
			if res, err := db.UserQuery(ctx, s); err == nil {
				t.Errorf("%s: %q was allowed: %v", kind, s, res)
			}
		}
	}
	// Even past the statement check (the dashboard's own queries), the
	// database reads no other file and keeps its settings.
	for _, s := range []string{
		"SELECT * FROM read_csv('" + secret + "')",
		"SET enable_external_access = true",
		"SET lock_configuration = false",
		"INSTALL httpfs",
	} {
		if _, err := db.Query(ctx, s); err == nil {
			t.Errorf("Query allowed %q", s)
		}
	}
	if fileSum(t, part) != before {
		t.Fatal("the dataset file changed")
	}
	for _, p := range []string{"out.csv", "x.duckdb", "export"} {
		if _, err := os.Stat(filepath.Join(outside, p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was written", p)
		}
	}
	// What a reader needs still works.
	for _, s := range []string{
		"SELECT count(*) FROM reports",
		"EXPLAIN SELECT * FROM facts",
		"SELECT * FROM compare_disclosure_rate(report_year := 2023)",
		"DESCRIBE reports",
	} {
		if _, err := db.UserQuery(ctx, s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := db.UserQuery(ctx, "CREATE TABLE t AS SELECT 1"); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("CREATE: %v", err)
	}
	// Two statements, even two SELECTs, are refused with the same words,
	// not the driver's "missing context for multi-statement query".
	if _, err := db.UserQuery(ctx, "SELECT 1; SELECT 2"); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("two statements: %v", err)
	}
}

// TestUnsafeIsAFullDuckDB: --unsafe is what a user asks for.
func TestUnsafeIsAFullDuckDB(t *testing.T) {
	dir := buildFixtures(t)
	db, err := OpenWith(context.Background(), dir, Options{Unsafe: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := filepath.Join(t.TempDir(), "out.csv")
	if _, err := db.UserQuery(context.Background(), "COPY (SELECT count(*) AS n FROM reports) TO '"+out+"'"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(out); err != nil || string(b) != "n\n7\n" {
		t.Errorf("unsafe COPY wrote %q, %v", b, err)
	}
}
