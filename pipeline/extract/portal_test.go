package extract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ogi/internal/portalpage"
	"ogi/pipeline/report"
)

// tablesOf is what a report read from its tables, without locators (the
// chrome's own tables number the report's later) and without the agency
// (the chrome names its site).
func tablesOf(r report.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %d %s\n", r.Status, r.Reason, r.Year, r.Template)
	v := func(k string, x report.Value) {
		fmt.Fprintf(&b, "%s=%v/%v/%v/%q ", k, x.Num, x.Blank, x.Unread, x.Raw)
	}
	for _, k := range report.OrderedKeys(r.Active, nil) {
		v(k, r.Active[k])
	}
	for _, rk := range report.OrderedKeys(r.Applications, nil) {
		for _, ck := range report.OrderedKeys(r.Applications[rk], nil) {
			v(rk+"."+ck, r.Applications[rk][ck])
		}
	}
	for _, k := range report.OrderedKeys(r.ReviewLitigation, nil) {
		v(k, r.ReviewLitigation[k])
	}
	return b.String()
}

// TestPortalPagesReadAsFixtures: every fixture page reads the same in the
// page of each portal content system as on its own: status, year,
// template and every cell. The benchmark mix is made of these pages.
func TestPortalPagesReadAsFixtures(t *testing.T) {
	names, pages := fixturePages(t)
	ctx := context.Background()
	for i, p := range pages {
		want := tablesOf(Bytes(ctx, p, Meta{Name: "page.html"}, report.Report{}))
		for k, cms := range portalpage.All {
			page := portalpage.Wrap(p, cms, uint64(i*len(portalpage.All)+k))
			got := tablesOf(Bytes(ctx, page, Meta{Name: "page.html"}, report.Report{}))
			if got != want {
				t.Errorf("%s in %s page reads otherwise:\n%s\nalone:\n%s", names[i], cms, firstDiff(got, want), firstDiff(want, got))
			}
		}
	}
}

// firstDiff returns a's text from shortly before where it departs from b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return a[from:min(len(a), i+200)]
}

// TestFooterDigitsAfterCutTable: a page whose table 三 is cut short is
// followed by the portal's footer, whose 网站标识码 is a run of ten digits
// that splits into seven numbers adding up as a row does. It is no row of
// the table: the rows the page does not print stay unprinted (null).
func TestFooterDigitsAfterCutTable(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "classes", "c8-cut-huaian.html"))
	if err != nil {
		t.Fatal(err)
	}
	footer := "<div class=\"footer\"><p>主办单位：某某市人民政府办公室 网站标识码：8870704818</p><p>ICP备05012345号</p></div>"
	s := strings.Replace(string(page), "</body>", footer+"</body>", 1)
	rep := Bytes(context.Background(), []byte(s), Meta{Name: "p.html"}, report.Report{})
	if rep.Status != report.StatusPartial {
		t.Fatalf("status %s %s", rep.Status, rep.Detail)
	}
	for col, v := range rep.Applications["carried_out"] {
		if !v.Blank || v.Raw != "" {
			t.Errorf("carried_out.%s read from the footer: %+v", col, v)
		}
	}
	if !strings.Contains(rep.Detail, "no row of their table is named") {
		t.Errorf("the footer's digits are not named in the detail: %s", rep.Detail)
	}
}
