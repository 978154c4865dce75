package docwriter

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"ogi/schema"
)

// The generated figures satisfy every hard identity of the template, so a
// reader test that fails a check has misread a cell.
func TestSampleIdentities(t *testing.T) {
	for seed := 0; seed < 16; seed++ {
		s, tmpl := Sample2021(seed), schema.Template2021()
		if seed%2 == 1 {
			s, tmpl = Sample2019(seed), schema.Template2019()
		}
		if s.Template != tmpl.ID {
			t.Fatalf("template %q", s.Template)
		}
		get := func(r schema.Ref) float64 {
			switch r.Table {
			case schema.TableApplications:
				row, ok := s.Applications[r.Row]
				if !ok {
					t.Fatalf("seed %d: no row %s", seed, r.Row)
				}
				return row[r.Col]
			case schema.TableReview:
				return s.Review[r.Row]
			}
			return s.Active[r.Row]
		}
		for _, id := range tmpl.Identities() {
			if id.Severity != schema.Hard {
				continue
			}
			l, r := 0.0, 0.0
			for _, ref := range id.Left {
				l += get(ref)
			}
			for _, ref := range id.Right {
				r += get(ref)
			}
			if l != r {
				t.Errorf("seed %d: %s: %v != %v", seed, id.ID, l, r)
			}
		}
		if len(s.Active) != len(tmpl.Active) || len(s.Review) != 15 || len(s.Applications) != len(tmpl.ApplicationRows) {
			t.Errorf("seed %d: %d active, %d review, %d rows", seed, len(s.Active), len(s.Review), len(s.Applications))
		}
	}
}

func TestDOCXWriter(t *testing.T) {
	data, err := DOCX("标题", []string{"第一段"}, [][][]string{{{"甲", SpanLeft, "乙"}, {SpanUp, SpanLeft, "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := DOCX("标题", []string{"第一段"}, [][][]string{{{"甲", SpanLeft, "乙"}, {SpanUp, SpanLeft, "1"}}})
	if !bytes.Equal(data, again) {
		t.Fatal("output not deterministic")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			body = string(b)
		}
	}
	for _, want := range []string{`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, `<w:gridSpan w:val="2"/><w:vMerge/>`, ">第一段<", ">标题<"} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if _, err := DOCX("t", nil, [][][]string{{{SpanLeft, "a"}}}); err == nil {
		t.Error("SpanLeft in the first column accepted")
	}
	if _, err := DOCX("t", nil, [][][]string{{{SpanUp, "a"}}}); err == nil {
		t.Error("SpanUp in the first row accepted")
	}
}

func TestAlign(t *testing.T) {
	got := Align([]int{0, 10, 14}, "规章", "1", "11")
	if got != "规章      1   11" {
		t.Errorf("Align = %q", got)
	}
	// a cell wider than its column pushes the next one two spaces on
	if got := Align([]int{0, 4}, "行政规范性文件", "8"); got != "行政规范性文件  8" {
		t.Errorf("Align = %q", got)
	}
}

func TestPDFStyledRoundTrip(t *testing.T) {
	s := Sample2021(0)
	for _, st := range []Style{{}, {LabelWidth: 10, Vertical: true, Tight: true}} {
		data, err := PDFStyled(s.Title, s.Blocks, st)
		if err != nil {
			t.Fatal(err)
		}
		text, err := pdftotext(t, data, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"政府信息公开工作年度报告", "申请人情况", "- 1 -", "五、存在的主要问题及改进情况"} {
			if !strings.Contains(text, want) {
				t.Errorf("%+v: text lacks %q", st, want)
			}
		}
		if st.Vertical && !strings.Contains(text, "\n本") {
			t.Errorf("%+v: no vertical label", st)
		}
	}
}
