package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"ogi/pipeline/report"
)

// classTruth is a fixture's truth in testdata/classes (the development
// corpus's format, written by internal/renderings from real reports'
// figures; see testdata/classes/README.md).
type classTruth struct {
	Class            string                        `json:"class"`
	Year             int                           `json:"year"`
	Template         string                        `json:"template"`
	Partial          bool                          `json:"partial"`
	Active           map[string]any                `json:"active"`
	Applications     map[string]map[string]float64 `json:"applications"`
	ReviewLitigation map[string]float64            `json:"review_litigation"`
	NullCells        []string                      `json:"null_cells"`
	Title            string                        `json:"title"`
}

// TestRenderingClasses reads every fixture of testdata/classes, the
// renderings real portals publish written from real reports' figures, one
// folder of classes: table 三 columns in the order a header prints them
// (小计 before or after the five, other orders), a group label and its first
// item in one cell or line, table 四 as one line of numbers, title and year
// from the body, signed and garbled 本年增/减, annotated labels and cells,
// partial reports; in HTML, mirror and crawler text, tab-separated and
// markdown copies, DOCX, and PDFs printed by Chromium and LibreOffice with
// their `pdftotext -layout` text. Every printed cell must read exactly (a
// null where a number is printed fails), the status must be ok or partial
// as the truth says, and the cells a truth lists as null must be null with
// a detail that says why.
func TestRenderingClasses(t *testing.T) {
	dir := filepath.Join("testdata", "classes")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	_, pdfErr := exec.LookPath("pdftotext")
	n := 0
	classes := map[string]map[string]bool{} // class → formats
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasSuffix(name, ".truth.json") || strings.HasSuffix(name, ".md") && strings.HasPrefix(name, "README") {
			continue
		}
		stem, format, _ := strings.Cut(name, ".")
		raw, err := os.ReadFile(filepath.Join(dir, stem+".truth.json"))
		if err != nil {
			t.Fatalf("%s: no truth: %v", name, err)
		}
		var w classTruth
		if err := json.Unmarshal(raw, &w); err != nil {
			t.Fatalf("%s: %v", stem, err)
		}
		if classes[w.Class] == nil {
			classes[w.Class] = map[string]bool{}
		}
		classes[w.Class][format] = true
		n++
		t.Run(name, func(t *testing.T) {
			if strings.HasSuffix(name, ".pdf") && pdfErr != nil {
				t.Skip("pdftotext not installed (poppler-utils); CI installs it")
			}
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Report(context.Background(), bytes.NewReader(data), Meta{Source: name, Name: name})
			if err != nil {
				t.Fatal(err)
			}
			checkClass(t, rep, w)
		})
	}
	if n < 250 {
		t.Errorf("only %d fixtures", n)
	}
	// every class in web, text, Word and PDF renderings
	for c, fs := range classes {
		var have []string
		for f := range fs {
			have = append(have, f)
		}
		sort.Strings(have)
		kinds := strings.Join(have, " ")
		// table 四 as one line (3) and a page flattened to text with bars
		// (9) are text renderings' forms
		textOnly := strings.HasPrefix(c, "3 ") || strings.HasPrefix(c, "9 ")
		for _, k := range []string{"html", ".txt", "docx"} {
			if textOnly && k != ".txt" {
				continue
			}
			if !strings.Contains(kinds, k) {
				t.Errorf("class %q has no %s rendering (%s)", c, k, kinds)
			}
		}
		if !strings.Contains(kinds, "pdf") && !textOnly {
			t.Errorf("class %q has no PDF rendering (%s)", c, kinds)
		}
	}
}

func checkClass(t *testing.T, rep report.Report, w classTruth) {
	t.Helper()
	want := report.StatusOK
	if w.Partial {
		want = report.StatusPartial
	}
	if rep.Status != want {
		t.Fatalf("status %s %s (%s), want %s", rep.Status, rep.Reason, rep.Detail, want)
	}
	if rep.Year != w.Year || rep.Template != w.Template {
		t.Errorf("year/template %d/%s, want %d/%s", rep.Year, rep.Template, w.Year, w.Template)
	}
	if w.Title != "" && rep.Title != w.Title {
		t.Errorf("title %q, want %q", rep.Title, w.Title)
	}
	var bad []string
	cell := func(where string, got report.Value, ok bool, want float64) {
		switch {
		case !ok:
			bad = append(bad, where+": missing")
		case got.Null():
			bad = append(bad, where+": null, want "+num(want))
		case got.Num != want:
			bad = append(bad, where+": "+num(got.Num)+" ("+got.Raw+" at "+got.Locator+"), want "+num(want))
		}
	}
	for rk, row := range w.Applications {
		for ck, v := range row {
			got, ok := rep.Applications[rk][ck]
			cell("applications."+rk+"."+ck, got, ok, v)
		}
	}
	for k, v := range w.ReviewLitigation {
		got, ok := rep.ReviewLitigation[k]
		cell("review_litigation."+k, got, ok, v)
	}
	for k, v := range w.Active {
		if strings.HasSuffix(k, "_unit") {
			if u := rep.ActiveUnits[strings.TrimSuffix(k, "_unit")]; u != v {
				bad = append(bad, k+": "+u+", want "+v.(string))
			}
			continue
		}
		got, ok := rep.Active[k]
		cell("active."+k, got, ok, v.(float64))
	}
	for _, k := range w.NullCells {
		key := strings.TrimPrefix(k, "active.")
		v, ok := rep.Active[key]
		switch {
		case !ok || !v.Null():
			bad = append(bad, k+": "+num(v.Num)+", want null (an unprovable reading)")
		case !v.Unread || !strings.Contains(rep.Detail, key):
			bad = append(bad, k+": null without a detail saying why")
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		t.Errorf("%d cells wrong:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	// the identities over parts a partial report does not print are not
	// checkable, never passed
	if w.Partial {
		for _, c := range rep.Checks {
			if c.OK && strings.Contains(c.Detail, "not checkable") {
				t.Errorf("check %s passes though not checkable", c.ID)
			}
		}
	}
}

func num(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}
