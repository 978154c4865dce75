package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ogi/pipeline/dataset"
)

// TestHelpAndVersion: -h prints a description of every command to
// stdout and exits 0; the version is there as a command and a flag.
func TestHelpAndVersion(t *testing.T) {
	for name, c := range commands() {
		var out, errOut bytes.Buffer
		code := run([]string{name, "-h"}, &out, &errOut)
		if code != 0 || errOut.Len() != 0 {
			t.Errorf("%s -h: exit %d, stderr %q", name, code, errOut.String())
		}
		if name == "version" {
			continue
		}
		// A usage line and at least one sentence saying what it does.
		text := out.String()
		lines := strings.Split(text, "\n")
		desc := ""
		for _, l := range lines[1:] {
			if strings.TrimSpace(l) != "" {
				desc = l
				break
			}
		}
		if !strings.HasPrefix(text, "usage: ogi "+name) || len(lines) < 3 || !regexp.MustCompile(`^[A-Z][a-z]+ `).MatchString(desc) {
			t.Errorf("%s -h (%s) prints no description:\n%s", name, c.summary, text)
		}
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 0 || !regexp.MustCompile(`^ogi \S+.*, extractor \d+\.\d+\.\d+, go`).MatchString(out.String()) {
			t.Errorf("%v: exit %d, %q", args, code, out.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"-h"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "version") {
		t.Errorf("ogi -h: exit %d, %q", code, out.String())
	}
	if code := run(nil, &out, &errOut); code != 2 {
		t.Errorf("ogi alone: exit %d", code)
	}
	if code := run([]string{"frobnicate"}, &out, &errOut); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

// TestSQLIsReadOnly: the escapes of issue 10 through ogi sql exit 1 and
// leave the dataset as it was; --unsafe does what it is told.
func TestSQLIsReadOnly(t *testing.T) {
	dir := syntheticData(t)
	part := filepath.Join(dataset.Dir(dir), "reports", "year=2023", "part-0.parquet")
	sum := func() [32]byte {
		b, err := os.ReadFile(part)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	other := filepath.Join(t.TempDir(), "other.csv")
	os.WriteFile(other, []byte("a\n1\n"), 0o644)
	for _, stmt := range []string{
		"COPY (SELECT 1 AS x) TO '" + part + "' (FORMAT parquet)",
		"ATTACH '" + filepath.Join(t.TempDir(), "x.duckdb") + "'",
		"INSTALL httpfs",
		"LOAD httpfs",
		"SELECT * FROM read_csv('" + other + "')",
		"SET enable_external_access = true",
	} {
		code, _, errs := run3(t, sqlCmd, "--data", dir, stmt)
		if code != 1 || errs == "" {
			t.Errorf("%q: exit %d, %q", stmt, code, errs)
		}
	}
	if sum() != before {
		t.Fatal("ogi sql changed the dataset")
	}
	out := filepath.Join(t.TempDir(), "n.csv")
	if code, _, errs := run3(t, sqlCmd, "--data", dir, "--unsafe", "COPY (SELECT 1 AS n) TO '"+out+"'"); code != 0 {
		t.Errorf("--unsafe COPY: exit %d %s", code, errs)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("--unsafe COPY wrote nothing: %v", err)
	}
}

// TestCompareSaysWhatItLeftOut: the summary on stderr, the message of a
// filter that matches nothing, --list as JSON, and one number format per
// column.
func TestCompareSaysWhatItLeftOut(t *testing.T) {
	dir := syntheticData(t)
	code, out, errs := run3(t, compareCmd, "disclosure_rate", "--data", dir, "--year", "2023")
	if code != 0 || !strings.Contains(errs, "ogi compare: 200 jurisdictions compared (gov_aggregate, 2023)") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	// Every value of the value column has four decimals.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines[2 : len(lines)-1] {
		if f := strings.Fields(l); !regexp.MustCompile(`^\d\.\d{4}$`).MatchString(f[6]) {
			t.Errorf("value %q in %q", f[6], l)
			break
		}
	}
	code, out, errs = run3(t, compareCmd, "disclosure_rate", "--data", dir, "--year", "2030")
	if code != 0 || !strings.Contains(errs, "no compared report matches the filters (--year 2030 --scope gov_aggregate)") || !strings.Contains(out, "(0 rows)") {
		t.Errorf("empty filter: exit %d, %q, %q", code, out, errs)
	}
	code, out, _ = run3(t, compareCmd, "--list", "--format", "json")
	var ms []struct{ Name, Title, Description string }
	if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) < 9 || ms[0].Name != "application_growth" || ms[0].Description == "" {
		t.Errorf("--list --format json: exit %d %s", code, out)
	}
}

// TestBuildKeepsLocalInputs: a second build without the first build's
// PATHs keeps its reports; --list-inputs shows them; --remove drops them;
// DIR is created when missing.
func TestBuildKeepsLocalInputs(t *testing.T) {
	in := t.TempDir()
	rep := markdownReport("招远市", 2023, map[string]int{"new_received": 205, "carried_in": 6, "granted": 136,
		"unable_not_held": 64, "total_processed": 200, "carried_out": 11})
	if err := os.WriteFile(filepath.Join(in, "zhaoyuan-2023.md"), []byte(rep), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "new", "data")
	if code, out, errs := run3(t, buildCmd, "--data", dir, in); code != 0 || !strings.Contains(out, "1 report versions") {
		t.Fatalf("first build: exit %d %s %s", code, out, errs)
	}
	os.RemoveAll(in)
	code, out, errs := run3(t, buildCmd, "--data", dir)
	if code != 0 || !strings.Contains(out, "1 report versions (ok 1") {
		t.Fatalf("second build without PATH: exit %d %s %s", code, out, errs)
	}
	code, out, _ = run3(t, sqlCmd, "--data", dir, "--format", "csv", "SELECT source_url FROM reports")
	if code != 0 || !strings.Contains(out, filepath.ToSlash(filepath.Join(in, "zhaoyuan-2023.md"))) {
		t.Errorf("source_url: %s", out)
	}
	code, out, _ = run3(t, buildCmd, "--data", dir, "--list-inputs")
	if code != 0 || !strings.Contains(out, "zhaoyuan-2023.md") || !strings.Contains(out, "(1 rows)") {
		t.Errorf("--list-inputs: exit %d %s", code, out)
	}
	// With its only input removed, the build writes an empty dataset.
	code, out, errs = run3(t, buildCmd, "--data", dir, "--remove", in)
	if code != 0 || !strings.Contains(out, "0 report versions") {
		t.Errorf("--remove: exit %d %s %s", code, out, errs)
	}
	code, out, _ = run3(t, sqlCmd, "--data", dir, "--format", "csv", "SELECT count(*) AS n FROM reports")
	if code != 0 || out != "n\n0\n" {
		t.Errorf("after --remove: exit %d %q", code, out)
	}
}
