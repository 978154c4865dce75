package pdf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"ogi/pipeline/extract"
	"ogi/pipeline/report"
)

// want is the expected reading of a fixture: every cell of the three
// tables, null where the cell is printed blank.
type want struct {
	Year             int                            `json:"year"`
	Template         string                         `json:"template"`
	Active           map[string]*float64            `json:"active"`
	ActiveUnits      map[string]string              `json:"active_units"`
	Applications     map[string]map[string]*float64 `json:"applications"`
	ReviewLitigation map[string]*float64            `json:"review_litigation"`
}

// TestPrintedReports reads reports printed to PDF by Chromium from
// HTML pages (testdata/browser: own text, invented figures that satisfy
// the identities; see gen.py there): many cells printed blank (&nbsp;),
// the 总计 cell blank in zero rows, rows with every cell blank, the section
// label 三、本年度办理结果 in a column one character wide, group labels
// spanning their rows, long labels wrapped in their cells, numbers
// centred, right-aligned or left-aligned, labels centred, and the
// browser's date and address on every page; and reports printed to PDF by
// LibreOffice from Word documents (testdata/office): narrow columns,
// headings one character per line, labels wrapped over many lines with
// the numbers at the top of the cell. Every cell must be read, a
// blank one as blank (null), never as 0 and never shifted into a
// neighbour's column.
func TestPrintedReports(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils); CI installs it")
	}
	files, err := filepath.Glob("testdata/browser/*.pdf")
	office, err2 := filepath.Glob("testdata/office/*.pdf")
	files = append(files, office...)
	if err != nil || err2 != nil || len(office) == 0 || len(files) == len(office) {
		t.Fatalf("fixtures missing: %v %v", err, err2)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var w want
			raw, err := os.ReadFile(f[:len(f)-len(".pdf")] + ".want.json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &w); err != nil {
				t.Fatal(err)
			}
			rep, err := extract.Report(context.Background(), bytes.NewReader(data), extract.Meta{Source: f, Name: name})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Status != report.StatusOK {
				t.Fatalf("status %s %s: %s", rep.Status, rep.Reason, rep.Detail)
			}
			if rep.Year != w.Year || rep.Template != w.Template {
				t.Errorf("year %d template %q, want %d %q", rep.Year, rep.Template, w.Year, w.Template)
			}
			var bad []string
			check := func(key string, got report.Value, ok bool, exp *float64) {
				switch {
				case !ok:
					bad = append(bad, key+": missing")
				case exp == nil && !got.Blank:
					bad = append(bad, fmt.Sprintf("%s: %v (%q at %s), want blank", key, got.Num, got.Raw, got.Locator))
				case exp != nil && got.Blank:
					bad = append(bad, fmt.Sprintf("%s: blank at %s, want %v", key, got.Locator, *exp))
				case exp != nil && got.Num != *exp:
					bad = append(bad, fmt.Sprintf("%s: %v (%q at %s), want %v", key, got.Num, got.Raw, got.Locator, *exp))
				}
			}
			n := 0
			for k, exp := range w.Active {
				v, ok := rep.Active[k]
				check("active."+k, v, ok, exp)
				n++
			}
			for rk, cols := range w.Applications {
				for ck, exp := range cols {
					v, ok := rep.Applications[rk][ck]
					check(rk+"."+ck, v, ok, exp)
					n++
				}
			}
			for k, exp := range w.ReviewLitigation {
				v, ok := rep.ReviewLitigation[k]
				check("review."+k, v, ok, exp)
				n++
			}
			for k, u := range w.ActiveUnits {
				if rep.ActiveUnits[k] != u {
					bad = append(bad, fmt.Sprintf("unit of %s: %q, want %q", k, rep.ActiveUnits[k], u))
				}
			}
			if n < 190 {
				t.Fatalf("only %d cells expected: fixture incomplete", n)
			}
			sort.Strings(bad)
			if len(bad) > 0 {
				t.Errorf("%d of %d cells wrong:\n%s", len(bad), n, join(bad))
			}
		})
	}
}

func join(s []string) string {
	var b bytes.Buffer
	for _, l := range s {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}
