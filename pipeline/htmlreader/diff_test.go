package htmlreader

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ogi/pipeline/doc"
)

func rowsText(d doc.Document) []string {
	var out []string
	for _, r := range d.Rows {
		var cs []string
		for _, c := range r.Cells {
			s := c.Text
			if c.Span {
				s = "~" + s
			}
			cs = append(cs, s+"@"+c.Locator)
		}
		out = append(out, r.Locator+" t"+itoa(r.Table)+": "+strings.Join(cs, "|"))
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestTokenReaderMatchesTree: on well-formed report pages the token
// reader gives exactly what the DOM reader gives.
func TestTokenReaderMatchesTree(t *testing.T) {
	pages := map[string]string{
		"grid":   `<html><head><title>报告</title></head><body><p>一、总体情况</p><table><tr><td rowspan=2 colspan=2>A<br>B</td><td>c</td></tr><tr><td><p><span>d</span></p></td></tr></table><p>尾</p></body></html>`,
		"layout": `<table><tr><td><a href="/x.pdf">附件 一</a> 菜单</td><td><table><tr><td>规章</td><td>1</td></tr></table><p>说明</p><table><tr><td>x</td></tr></table></td></tr></table>`,
	}
	for _, n := range []string{"word-2021.html", "old-2017.html", "listing.html", "image-2022.html"} {
		b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		pages[n] = string(b)
	}
	for name, page := range pages {
		want, err1 := treeRead(page, DefaultLimits())
		got, err2 := ReadString(page)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", name, err1, err2)
		}
		w, g := rowsText(want), rowsText(got)
		if strings.Join(w, "\n") != strings.Join(g, "\n") {
			for i := 0; i < max(len(w), len(g)); i++ {
				var a, b string
				if i < len(w) {
					a = w[i]
				}
				if i < len(g) {
					b = g[i]
				}
				if a != b {
					t.Errorf("%s row %d:\n tree  %s\n token %s", name, i, a, b)
					break
				}
			}
		}
		if want.Text != got.Text || want.Title != got.Title || want.Images != got.Images || len(want.Links) != len(got.Links) {
			t.Errorf("%s: text/title/images/links differ:\n%q\n%q\n%+v\n%+v", name, want.Text, got.Text, want.Links, got.Links)
		}
	}
}
