package main

import (
	"bytes"
	"strings"
	"testing"

	"ogi/internal/officetest"
)

func TestCompareCoverageAndFormats(t *testing.T) {
	dir := syntheticData(t)
	// The synthetic dataset has no crawl: every county without a report
	// would be not_crawled; each of the 100 counties of 合成省11 has one.
	code, out, errs := run3(t, compareCmd, "coverage", "--data", dir, "--province", "合成省11", "--year", "2023", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "code,agency,name,level,parent_code,parent_name,province_code,obliged,status,") ||
		strings.Count(out, ",true,published,") != 100 || !strings.Contains(errs, "published 100") ||
		!strings.Contains(errs, "not due at the crawl 0, not crawled 10") {
		t.Errorf("coverage:\n%.600s\n%s", out, errs)
	}
	// The rates by prefecture.
	code, out, errs = run3(t, compareCmd, "coverage", "--data", dir, "--province", "110000", "--year", "2023", "--by", "parent", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "code,name,obliged,published,") || !strings.Contains(out, "110100,合成市1101,10,10,") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
	// A workbook, read back.
	var xl, e bytes.Buffer
	if code := run([]string{"compare", "disclosure_rate", "--data", dir, "--year", "2023", "--format", "xlsx"}, &xl, &e); code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, e.String())
	}
	sheets := officetest.OpenXLSX(t, xl.Bytes())
	if sheets[0].Name != "disclosure_rate" || sheets[0].Rows[0][6] != "数值" || len(sheets[0].Rows) != 202 {
		t.Errorf("workbook: %s, %d rows, headers %q", sheets[0].Name, len(sheets[0].Rows), sheets[0].Rows[0])
	}
	// CSV for Excel on Windows.
	_, out, _ = run3(t, compareCmd, "disclosure_rate", "--data", dir, "--year", "2023", "--format", "csv", "--bom")
	if !strings.HasPrefix(out, "\xef\xbb\xbfrank,") {
		t.Errorf("--bom: %q", out[:min(len(out), 20)])
	}
	_, out, _ = run3(t, sqlCmd, "--data", dir, "--format", "csv", "--bom", "SELECT 1 AS one")
	if out != "\xef\xbb\xbfone\n1\n" {
		t.Errorf("sql --bom: %q", out)
	}
	// Usage errors.
	for _, args := range [][]string{
		{"disclosure_rate", "--data", dir, "--deadline", "county=03-31"},
		{"disclosure_rate", "--data", dir, "--deadline", "3706=02-30"},
		{"coverage", "--data", dir, "--province", "110000", "--scope", "all"},
		{"disclosure_rate", "--data", dir, "--format", "pdf"},
	} {
		if code, _, errs := run3(t, compareCmd, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, errs)
		}
	}
	// A local deadline is accepted.
	if code, _, errs := run3(t, compareCmd, "on_time_rate", "--data", dir, "--deadline", "11=02-20", "--deadline", "township=03-31"); code != 0 {
		t.Errorf("--deadline: exit %d: %s", code, errs)
	}
}
