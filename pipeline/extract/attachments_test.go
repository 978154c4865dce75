package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ogi/internal/docwriter"
	"ogi/pipeline/report"
	"ogi/schema"
)

func needPdftotext(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils); CI installs it")
	}
}

// checkSample compares every printed figure of s with the report.
func checkSample(t *testing.T, rep report.Report, s docwriter.Sample) {
	t.Helper()
	if rep.Status != report.StatusOK {
		t.Fatalf("status %s %s: %s", rep.Status, rep.Reason, rep.Detail)
	}
	if rep.Template != s.Template || rep.Year != s.Year {
		t.Errorf("template %q year %d, want %s %d", rep.Template, rep.Year, s.Template, s.Year)
	}
	for k, u := range s.Units {
		if rep.ActiveUnits[k] != u {
			t.Errorf("unit of %s = %q, want %q", k, rep.ActiveUnits[k], u)
		}
	}
	bad := 0
	cmp := func(what string, v report.Value, ok bool, want float64) {
		if !ok || v.Blank || v.Num != want {
			bad++
			if bad <= 10 {
				t.Errorf("%s = %+v (present %v), want %v", what, v, ok, want)
			}
		}
	}
	for k, want := range s.Active {
		v, ok := rep.Active[k]
		cmp("active."+k, v, ok, want)
	}
	for rk, row := range s.Applications {
		for ck, want := range row {
			v, ok := rep.Applications[rk][ck]
			cmp("applications."+rk+"."+ck, v, ok, want)
		}
	}
	for k, want := range s.Review {
		v, ok := rep.ReviewLitigation[k]
		cmp("review_litigation."+k, v, ok, want)
	}
	if bad > 0 {
		t.Errorf("%d cells wrong", bad)
	}
	if n := rep.FailedChecks(); n > 0 {
		for _, c := range rep.Checks {
			if !c.OK {
				t.Errorf("check %s failed: %s", c.ID, c.Detail)
			}
		}
	}
	for _, c := range rep.Cells() {
		if c.Locator == "" {
			t.Errorf("cell %s/%s/%s has no locator", c.Table, c.Row, c.Col)
			break
		}
	}
}

func extractBytes(t *testing.T, data []byte, name string) report.Report {
	t.Helper()
	rep, err := Report(context.Background(), bytes.NewReader(data), Meta{Source: name, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAttachmentPDFEndToEnd(t *testing.T) {
	needPdftotext(t)
	s := docwriter.Sample2021(2)
	data, err := docwriter.PDFBlocks(s.Title, s.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	rep := extractBytes(t, data, "report.pdf")
	if rep.ContentType != KindPDF {
		t.Errorf("content type %q", rep.ContentType)
	}
	checkSample(t, rep, s)
	// provenance names the page and line
	v := rep.Applications["new_received"]["total"]
	if !strings.HasPrefix(v.Locator, "page ") || !strings.Contains(v.Locator, " line ") {
		t.Errorf("locator %q, want page and line", v.Locator)
	}
}

// Harder printings of the same report: labels wrapped over three and more
// lines, group labels printed one character per line, value columns one
// space apart with their headers broken character by character, across
// several seeds (page breaks fall in different rows).
func TestAttachmentPDFStylesEndToEnd(t *testing.T) {
	needPdftotext(t)
	styles := []docwriter.Style{
		{LabelWidth: 12, Vertical: true, Tight: true},
		{Vertical: true},
		{Tight: true},
		{LabelWidth: 10},
	}
	for seed := 0; seed < 3; seed++ {
		for _, st := range styles {
			t.Run(fmt.Sprintf("seed%d_%+v", seed, st), func(t *testing.T) {
				s := docwriter.Sample2021(seed)
				data, err := docwriter.PDFStyled(s.Title, s.Blocks, st)
				if err != nil {
					t.Fatal(err)
				}
				checkSample(t, extractBytes(t, data, "r.pdf"), s)
			})
		}
	}
}

// The 2019 template: signed 本年增/减 values, an amount with its unit and
// （六）其他处理 as one row, in every rendering.
func TestAttachment2019EndToEnd(t *testing.T) {
	for seed := 0; seed < 2; seed++ {
		s := docwriter.Sample2019(seed)
		d, err := docwriter.DOCXBlocks(s.Title, s.Blocks, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("docx%d", seed), func(t *testing.T) { checkSample(t, extractBytes(t, d, "r.docx"), s) })
		if _, err := exec.LookPath("pdftotext"); err != nil {
			continue
		}
		for _, st := range []docwriter.Style{{}, {LabelWidth: 12, Vertical: true, Tight: true}} {
			p, err := docwriter.PDFStyled(s.Title, s.Blocks, st)
			if err != nil {
				t.Fatal(err)
			}
			t.Run(fmt.Sprintf("pdf%d_%+v", seed, st), func(t *testing.T) { checkSample(t, extractBytes(t, p, "r.pdf"), s) })
		}
	}
}

// A cell printed empty stays blank (null), in its own column, in every
// rendering: the values right of it do not shift left, and it is not read
// as 0.
func TestAttachmentBlankCell(t *testing.T) {
	s := docwriter.Sample2021(0)
	// blank out a 0 of table 三 in the middle of a row
	var rowKey, colKey string
	tmpl := schema.Template2021()
	cols := tmpl.ColumnKeys()
	for _, r := range tmpl.ApplicationRows {
		if r.Group != "denied" {
			continue
		}
		for j := 1; j < len(cols)-2; j++ {
			if s.Applications[r.Key][cols[j]] == 0 && rowKey == "" {
				rowKey, colKey = r.Key, cols[j]
			}
		}
	}
	if rowKey == "" {
		t.Fatal("no zero to blank in the sample")
	}
	label, _ := tmpl.Row(rowKey)
	blanked := 0
	for _, b := range s.Blocks {
		for _, row := range b.Table {
			for i, c := range row {
				if c == label.Label {
					k := i + 1 + indexOf(cols, colKey)
					row[k] = ""
					blanked++
				}
			}
		}
	}
	if blanked != 1 {
		t.Fatalf("blanked %d cells", blanked)
	}
	check := func(t *testing.T, rep report.Report) {
		t.Helper()
		if v := rep.Applications[rowKey][colKey]; !v.Blank {
			t.Errorf("%s.%s = %+v, want blank", rowKey, colKey, v)
		}
		delete(s.Applications[rowKey], colKey)
		defer func() { s.Applications[rowKey][colKey] = 0 }()
		checkSample(t, rep, s)
	}
	t.Run("docx", func(t *testing.T) {
		data, err := docwriter.DOCXBlocks(s.Title, s.Blocks, false)
		if err != nil {
			t.Fatal(err)
		}
		check(t, extractBytes(t, data, "r.docx"))
	})
	t.Run("pdf", func(t *testing.T) {
		needPdftotext(t)
		data, err := docwriter.PDFBlocks(s.Title, s.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		check(t, extractBytes(t, data, "r.pdf"))
	})
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// The same report as `pdftotext -layout` text goes through the text
// reader and layout.Rows.
func TestAttachmentLayoutTextEndToEnd(t *testing.T) {
	needPdftotext(t)
	s := docwriter.Sample2021(3)
	data, err := docwriter.PDFBlocks(s.Title, s.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	text, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	rep := extractBytes(t, text, "report.pdftotext-layout.txt")
	checkSample(t, rep, s)
}

func TestAttachmentDOCXEndToEnd(t *testing.T) {
	for _, nested := range []bool{false, true} {
		name := "flat"
		if nested {
			name = "nested"
		}
		t.Run(name, func(t *testing.T) {
			s := docwriter.Sample2021(4)
			data, err := docwriter.DOCXBlocks(s.Title, s.Blocks, nested)
			if err != nil {
				t.Fatal(err)
			}
			rep := extractBytes(t, data, "report.docx")
			if rep.ContentType != KindDOCX {
				t.Errorf("content type %q", rep.ContentType)
			}
			checkSample(t, rep, s)
			if v := rep.Applications["denied_state_secret"]["natural_person"]; !strings.HasPrefix(v.Locator, "table ") {
				t.Errorf("locator %q", v.Locator)
			}
		})
	}
}

// A WPS file goes through the converter; a stand-in soffice on PATH does
// what LibreOffice does (writes --outdir/input.docx), so the whole path is
// exercised where LibreOffice is not installed.
func TestAttachmentWPSThroughConverter(t *testing.T) {
	s := docwriter.Sample2021(5)
	converted, err := docwriter.DOCXBlocks(s.Title, s.Blocks, false)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "converted.docx")
	if err := os.WriteFile(src, converted, 0o600); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\nout=\"\"; while [ $# -gt 0 ]; do [ \"$1\" = --outdir ] && out=\"$2\"; shift; done\nmkdir -p \"$out\" && cp " + src + " \"$out/input.docx\"\n"
	if err := os.WriteFile(filepath.Join(dir, "soffice"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	wps := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	rep := extractBytes(t, wps, "report.wps")
	if rep.ContentType != KindWPS {
		t.Errorf("content type %q", rep.ContentType)
	}
	checkSample(t, rep, s)
}

// With LibreOffice installed, a real Word 97 file (made from the sample
// DOCX by LibreOffice itself) is converted and read, as .doc and as .wps
// (Kingsoft WPS files are Word 97 compound files). Skipped where soffice is
// not installed; CI does not install it.
func TestAttachmentRealLibreOffice(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice (LibreOffice) not installed: real DOC/WPS conversion not tested")
	}
	s := docwriter.Sample2021(6)
	src, err := docwriter.DOCXBlocks(s.Title, s.Blocks, false)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "r.docx")
	if err := os.WriteFile(in, src, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+dir+"/profile", "--convert-to", "doc", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make .doc: %v %s", err, out)
	}
	docBytes, err := os.ReadFile(filepath.Join(dir, "r.doc"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"r.doc", "r.wps"} {
		t.Run(name, func(t *testing.T) {
			checkSample(t, extractBytes(t, docBytes, name), s)
		})
	}
}

// With LibreOffice installed, the sample DOCX is printed to PDF by
// LibreOffice itself: real fonts, top-aligned cells, labels wrapped inside
// narrow columns, headers broken character by character. Skipped where
// soffice is not installed.
func TestAttachmentLibreOfficePDF(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice (LibreOffice) not installed: LibreOffice-printed PDFs not tested")
	}
	needPdftotext(t)
	dir := t.TempDir()
	samples := []docwriter.Sample{docwriter.Sample2021(7), docwriter.Sample2019(8), docwriter.Sample2021(9), docwriter.Sample2019(10)}
	var args []string
	for i, s := range samples {
		// the last two with cells centred vertically
		src, err := docwriter.DOCXStyled(s.Title, s.Blocks, docwriter.DOCXStyle{Center: i >= 2})
		if err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, fmt.Sprintf("r%d.docx", i))
		if err := os.WriteFile(in, src, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, in)
	}
	cmd := exec.Command("soffice", append([]string{"--headless", "-env:UserInstallation=file://" + dir + "/profile", "--convert-to", "pdf", "--outdir", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("print PDF: %v %s", err, out)
	}
	for i, s := range samples {
		t.Run(fmt.Sprintf("%s_%d", s.Template, i), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("r%d.pdf", i)))
			if err != nil {
				t.Fatal(err)
			}
			checkSample(t, extractBytes(t, data, "r.pdf"), s)
		})
	}
}

func TestAttachmentFailures(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	good, _ := docwriter.DOCX("t", []string{"p"}, nil)
	var bomb bytes.Buffer
	{
		// a DOCX whose document.xml inflates far past the cap
		xmlBody := bytes.Repeat([]byte("<w:p/>"), 12<<20)
		bomb.Write(zipWith(t, "word/document.xml", xmlBody))
	}
	type tc struct {
		name, file string
		data       []byte
		path       string // PATH for the test; "" keeps it
		want       report.Reason
	}
	empty := t.TempDir()
	failing := t.TempDir()
	if err := os.WriteFile(filepath.Join(failing, "soffice"), []byte("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []tc{
		{"doc without LibreOffice", "r.doc", ole, empty, report.ReasonUnsupported},
		{"wps without LibreOffice", "r.wps", ole, empty, report.ReasonUnsupported},
		{"converter fails", "r.doc", ole, failing, report.ReasonConverterFailed},
		{"pdf without pdftotext", "r.pdf", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), empty, report.ReasonPDFToolMissing},
		{"docx zip bomb", "r.docx", bomb.Bytes(), "", report.ReasonTooLarge},
		{"truncated docx", "r.docx", good[:len(good)/2], "", report.ReasonUnreadable},
		{"password-protected docx", "r.docx", append(append([]byte(nil), ole...), utf16le("EncryptedPackage")...), "", report.ReasonUnreadable},
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		cases = append(cases,
			tc{"scanned pdf", "r.pdf", docwriter.ImageOnlyPDF(), "", report.ReasonImageOnly},
			tc{"encrypted pdf", "r.pdf", docwriter.EncryptedPDF(), "", report.ReasonUnreadable},
			tc{"corrupt pdf", "r.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xff, 0x00, 'x'}, 3000)...), "", report.ReasonUnreadable},
		)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.path != "" {
				t.Setenv("PATH", c.path)
			}
			rep := extractBytes(t, c.data, c.file)
			if rep.Status != report.StatusFailed || rep.Reason != c.want {
				t.Fatalf("status %s reason %s (%s), want failed %s", rep.Status, rep.Reason, rep.Detail, c.want)
			}
			if rep.Detail == "" {
				t.Error("no detail")
			}
		})
	}
}

// BenchmarkPDFExtract extracts one generated report PDF per iteration:
// pdftotext (an external process) plus layout reading, mapping and checks.
func BenchmarkPDFExtract(b *testing.B) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext not installed")
	}
	s := docwriter.Sample2021(1)
	data, err := docwriter.PDFBlocks(s.Title, s.Blocks)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Report(context.Background(), bytes.NewReader(data), Meta{Name: "r.pdf"})
		if err != nil || rep.Status != report.StatusOK {
			b.Fatalf("%v %s %s", err, rep.Status, rep.Detail)
		}
	}
}

// BenchmarkDOCXExtract does the same for the DOCX rendering.
func BenchmarkDOCXExtract(b *testing.B) {
	s := docwriter.Sample2021(1)
	data, err := docwriter.DOCXBlocks(s.Title, s.Blocks, false)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Report(context.Background(), bytes.NewReader(data), Meta{Name: "r.docx"})
		if err != nil || rep.Status != report.StatusOK {
			b.Fatalf("%v %s %s", err, rep.Status, rep.Detail)
		}
	}
}

func zipWith(t *testing.T, name string, body []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
