package xlsx

import (
	"bytes"
	"math"
	"testing"
	"time"

	"ogi/internal/officetest"
	"ogi/pipeline/query"
)

func TestWorkbookReadsBack(t *testing.T) {
	cmp := &query.Result{Columns: []string{"rank", "code", "name", "year", "numerator", "denominator", "value", "unverified_reasons"},
		Rows: [][]any{
			{int64(1), "370685", "招远市", int64(2023), 136.0, 200.0, 0.68, nil},
			{nil, "370681", "龙口市", int64(2023), nil, nil, math.NaN(), "t3_outcomes_total"},
		}}
	pub := time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC)
	cov := &query.Result{Columns: []string{"code", "status", "published", "fetched_at", "on_time", "days_late", "natural_person"},
		Rows: [][]any{{"370685", "published", pub, time.Date(2026, 5, 1, 8, 30, 0, 0, time.UTC), true, int64(0), int64(204)}}}
	var buf bytes.Buffer
	if err := WriteResults(&buf, NamedResult{Name: "disclosure_rate", Result: cmp, Rates: []string{"value"}},
		NamedResult{Name: "coverage: 2024/烟台?", Result: cov}); err != nil {
		t.Fatal(err)
	}
	sheets := officetest.OpenXLSX(t, buf.Bytes())
	if len(sheets) != 2 || sheets[0].Name != "disclosure_rate" || sheets[1].Name != "coverage_ 2024_烟台_" {
		t.Fatalf("sheets %+v", sheets)
	}
	s := sheets[0]
	if !s.Frozen || s.YSplit != 2 {
		t.Errorf("header rows not frozen: %+v", s)
	}
	want := [][]string{
		{"排名", "区划代码", "名称", "年度", "分子", "分母", "数值", "未核实原因"},
		{"rank", "code", "name", "year", "numerator", "denominator", "value", "unverified_reasons"},
		{"1", "370685", "招远市", "2023", "136", "200", "68.0%"},
		{"", "370681", "龙口市", "2023", "", "", "", "t3_outcomes_total"},
	}
	if !equalRows(s.Rows, want) {
		t.Errorf("rows\n%q\nwant\n%q", s.Rows, want)
	}
	if s.Formats["G3"] != "0.0%" || s.Formats["E3"] != "id:1" {
		t.Errorf("formats %v", s.Formats)
	}
	c := sheets[1]
	if got := c.Rows[0]; got[2] != "发布日期" || got[6] != "自然人" {
		t.Errorf("Chinese headers %q", got)
	}
	if got := c.Rows[2]; got[2] != "2025-03-20" || got[3] != "2026-05-01 08:30" || got[4] != "TRUE" || got[6] != "204" {
		t.Errorf("dates and counts %q", got)
	}
}

func equalRows(got, want [][]string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		for len(g) > 0 && g[len(g)-1] == "" {
			g = g[:len(g)-1]
		}
		if len(g) != len(w) {
			return false
		}
		for j := range g {
			if g[j] != w[j] {
				return false
			}
		}
	}
	return true
}

// TestLongTablesContinue: past the rows a sheet holds, a table goes on on
// a sheet of the same name numbered, under the same headers.
func TestLongTablesContinue(t *testing.T) {
	maxRows = 3
	defer func() { maxRows = MaxRows }()
	wb, err := New()
	if err != nil {
		t.Fatal(err)
	}
	err = wb.Sheet("cells", Columns([]string{"report_id", "value"}), func(emit func([]any) error) error {
		for i := range 7 {
			if err := emit([]any{"r", float64(i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sheets := officetest.OpenXLSX(t, buf.Bytes())
	if len(sheets) != 3 || sheets[1].Name != "cells (2)" || sheets[2].Name != "cells (3)" {
		t.Fatalf("sheets %v", len(sheets))
	}
	n := 0
	for _, s := range sheets {
		if s.Rows[1][0] != "report_id" {
			t.Errorf("%s lacks its headers", s.Name)
		}
		n += len(s.Rows) - 2
	}
	if n != 7 || sheets[2].Rows[2][1] != "6.0000" {
		t.Errorf("%d rows; last sheet %q", n, sheets[2].Rows)
	}
}
