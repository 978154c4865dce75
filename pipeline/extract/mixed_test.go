package extract

import (
	"strings"
	"testing"
)

func TestTableEnd(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<table><tr><td>1</td></tr></table> after", "<table><tr><td>1</td></tr></table>"},
		{"<TABLE><tr><td><table><tr><td>x</td></tr></table></td></tr></TABLE >tail", "<TABLE><tr><td><table><tr><td>x</td></tr></table></td></tr></TABLE >"},
		{"<table><tr><td>never closed", "<table><tr><td>never closed"},
	} {
		if got := c.in[:tableEnd(asciiLower(c.in), 0)]; got != c.want {
			t.Errorf("tableEnd(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestReadMixed: text around HTML tables keeps its lines and locators
// count lines of the whole input; a text with a stray <td> stays text.
func TestReadMixed(t *testing.T) {
	if _, ok, _ := readMixed("说明：<td> 不是表格\n第二行"); ok {
		t.Errorf("a stray <td> made the text mixed")
	}
	cells := strings.Repeat("<td>1</td>", 12)
	in := "标题行\n| a | 1 | 2 |\n|---|---|---|\n\n<table><tr><td>自然人</td>" + cells + "</tr>\n<tr><td>二</td><td>5</td></tr></table>\n结尾 7 8\n"
	d, ok, err := readMixed(in)
	if err != nil || !ok {
		t.Fatalf("readMixed: ok %v err %v", ok, err)
	}
	var tables []int
	var locs []string
	for _, r := range d.Rows {
		tables = append(tables, r.Table)
		locs = append(locs, r.Locator)
	}
	// pipe table 1, HTML table 2, then the closing text line.
	if len(d.Rows) < 4 || d.Rows[1].Table != 1 || d.Rows[2].Table != 2 || d.Rows[3].Table != 2 {
		t.Fatalf("tables %v (locators %v)", tables, locs)
	}
	if !strings.HasPrefix(d.Rows[2].Cells[1].Locator, "line 5 ") {
		t.Errorf("HTML cell locator %q does not say where its table starts", d.Rows[2].Cells[1].Locator)
	}
	// Letters whose lower case is longer or shorter (İ, the Kelvin sign)
	// do not shift the tables.
	if d2, ok, err := readMixed("İ\u212a" + in); !ok || err != nil || len(d2.Rows) != len(d.Rows) {
		t.Errorf("with İ and K: ok %v err %v, %d rows, want %d", ok, err, len(d2.Rows), len(d.Rows))
	}
	last := d.Rows[len(d.Rows)-1]
	if last.Locator != "line 7" {
		t.Errorf("closing line locator %q, want line 7", last.Locator)
	}
	if !strings.Contains(d.Text, "标题行") || !strings.Contains(d.Text, "自然人") || !strings.Contains(d.Text, "结尾") {
		t.Errorf("text lost: %q", d.Text)
	}
}

// BenchmarkReadMixedTables: a text input with thousands of tables, some
// nested, costs time in proportion to its size (each tag is searched for
// once, not once per enclosing table).
func BenchmarkReadMixedTables(b *testing.B) {
	nested := strings.Repeat("<table><tr><td>1</td>", 100) + strings.Repeat("</tr></table>", 100)
	in := "说明\n" + strings.Repeat("<table><tr><td>2</td><td>3</td></tr></table>\n文字\n", 5000) + nested + "\n结尾\n"
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, ok, err := readMixed(in); !ok || err != nil {
			b.Fatalf("ok %v err %v", ok, err)
		}
	}
}

// FuzzReadMixed: any text with or without tables reads without a panic,
// and rows never come out of nowhere.
func FuzzReadMixed(f *testing.F) {
	cells := strings.Repeat("<td>1</td>", 12)
	f.Add("标题\n<table><tr>" + cells + "</tr></table>\n| a | 1 | 2 |\n")
	f.Add("<TABLE><table>" + cells + "</TABLE>\t1\t2\n</table")
	f.Add("İ<table>" + cells + "<table></table>")
	f.Fuzz(func(t *testing.T, s string) {
		d, ok, err := readMixed(s)
		if !ok {
			if len(d.Rows) != 0 || err != nil {
				t.Fatalf("not mixed but rows %d err %v", len(d.Rows), err)
			}
			return
		}
		if err == nil && strings.TrimSpace(s) != "" && d.Text == "" && len(d.Rows) > 0 {
			t.Fatalf("rows without text")
		}
	})
}
