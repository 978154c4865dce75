package simnet

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"ogi/schema"
)

// fetchAll fetches every list page and every report page of the first
// portals and hashes the bytes.
func fetchDigest(t *testing.T, n *Network, portals int) string {
	t.Helper()
	c := newClient(t, n, 0)
	h := sha256.New()
	for _, p := range n.Portals()[:portals] {
		found, _ := crawlList(t, c, p)
		for _, u := range found {
			resp, b := c.get(u)
			fmt.Fprintf(h, "%s %d %s %s\n", u, resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
			h.Write(b)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Seed: 7, Portals: 12}
	a, b := start(t, cfg), start(t, cfg)
	if !reflect.DeepEqual(a.Portals(), b.Portals()) {
		t.Fatal("same seed, different portals")
	}
	if !reflect.DeepEqual(a.Expected(), b.Expected()) {
		t.Fatal("same seed, different expected reports")
	}
	var ra, rb bytes.Buffer
	if err := a.WriteRegistry(&ra); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteRegistry(&rb); err != nil {
		t.Fatal(err)
	}
	if ra.String() != rb.String() {
		t.Fatal("same seed, different registries")
	}
	da, db := fetchDigest(t, a, 12), fetchDigest(t, b, 12)
	if da != db {
		t.Fatalf("same seed, different bytes: %s vs %s", da, db)
	}
	c := start(t, Config{Seed: 8, Portals: 12})
	if reflect.DeepEqual(a.Expected(), c.Expected()) {
		t.Fatal("different seeds gave the same reports")
	}
}

func TestRegistry(t *testing.T) {
	n := start(t, Config{Seed: 1, Portals: 30})
	var buf bytes.Buffer
	if err := n.WriteRegistry(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "code,name,list_url,adapter,scope" {
		t.Fatalf("header %q", got)
	}
	seen := map[string]bool{}
	provs := map[string]bool{}
	row, subs := 1, 0
	for _, p := range n.Portals() {
		if len(p.Columns) == 0 || p.Columns[0].ListURL != p.ListURL || p.Columns[0].Scope != ScopeOwn {
			t.Errorf("%s: columns %+v do not start with the own list", p.Code, p.Columns)
		}
		for _, c := range p.Columns {
			r := recs[row]
			row++
			if r[0] != p.Code || r[1] != p.Name || r[2] != c.ListURL || r[3] != p.Adapter || r[4] != c.Scope {
				t.Errorf("row %d %v != %+v %+v", row-1, r, p, c)
			}
			if c.Scope != ScopeOwn {
				subs++
			}
		}
		if seen[p.Code] || seen[p.Host] {
			t.Errorf("duplicate portal %s %s", p.Code, p.Host)
		}
		seen[p.Code], seen[p.Host] = true, true
		provs[p.Code[:2]] = true
		if !strings.HasPrefix(p.ListURL, "http://"+p.Host+"/") || !strings.HasSuffix(p.Host, ".gov.cn") {
			t.Errorf("portal %+v: bad host or list URL", p)
		}
	}
	if len(provs) != 3 || !provs["37"] || !provs["44"] || !provs["62"] {
		t.Errorf("provinces %v, want 37, 44, 62", provs)
	}
	if row != len(recs) || subs == 0 {
		t.Errorf("%d registry rows for %d columns (%d sub-columns)", len(recs), row, subs)
	}
}

func TestIdentitiesHold(t *testing.T) {
	n := start(t, Config{Seed: 3, Portals: 300})
	ex := n.Expected()
	if len(ex) < 300*7 {
		t.Fatalf("%d reports, want at least %d", len(ex), 300*7)
	}
	type chainKey struct{ portal, agency string }
	chains := map[chainKey]map[int]Figures{}
	newByYear := map[int]float64{}
	perCounty := map[string]float64{}
	reports2021, late2021, freeform2019 := 0, 0, 0
	for _, e := range ex {
		if e.Template == "" {
			switch {
			case e.Kind == KindPre2019 && e.Year <= 2018:
			case e.Kind == KindGovernment && e.Year == 2019 && e.Rendering == RenderFreeform:
				freeform2019++
			default:
				t.Errorf("%s: no template but kind %s year %d", e.URL, e.Kind, e.Year)
			}
			if len(e.Figures.Applications) > 0 {
				t.Errorf("%s: figures without a template", e.URL)
			}
			continue
		}
		want := schema.V2021
		if e.Year <= 2020 {
			want = schema.V2019
		}
		if e.Year == 2021 {
			reports2021++
			if e.Template == schema.V2019 {
				late2021++
				want = schema.V2019
			}
		}
		if e.Template != want {
			t.Errorf("%s: year %d on template %s", e.URL, e.Year, e.Template)
		}
		tmpl, _ := schema.Lookup(e.Template)
		if failed := e.Figures.FailedChecks(tmpl); len(failed) > 0 || len(e.FailedChecks) > 0 {
			t.Errorf("%s: identities fail: %v %v", e.URL, failed, e.FailedChecks)
		}
		checkShape(t, e, tmpl)
		k := chainKey{e.PortalCode, e.Agency}
		if chains[k] == nil {
			chains[k] = map[int]Figures{}
		}
		chains[k][e.Year] = e.Figures
		if e.Kind == KindGovernment {
			newByYear[e.Year] += e.Figures.Applications["new_received"]["total"]
			if e.Year == 2023 {
				perCounty[e.PortalCode] = e.Figures.Applications["new_received"]["total"]
			}
		}
	}
	if freeform2019 == 0 || freeform2019 > 300/5 {
		t.Errorf("%d free-form 2019 reports among 300 portals, want a few", freeform2019)
	}
	if late2021 == 0 || late2021*10 > reports2021 {
		t.Errorf("%d of %d reports for 2021 on the 2019 template, want a few", late2021, reports2021)
	}
	cols := schema.Template2021().ColumnKeys()
	for k, ys := range chains {
		for y, f := range ys {
			next, ok := ys[y+1]
			if !ok {
				continue
			}
			for _, c := range cols {
				if f.Applications["carried_out"][c] != next.Applications["carried_in"][c] {
					t.Errorf("%v: carried_out %d[%s]=%v but carried_in %d = %v", k, y, c,
						f.Applications["carried_out"][c], y+1, next.Applications["carried_in"][c])
				}
			}
		}
	}
	if newByYear[2025] <= newByYear[2019]*1.1 {
		t.Errorf("new applications do not grow: 2019 %v, 2025 %v", newByYear[2019], newByYear[2025])
	}
	lo, hi := 1e18, 0.0
	for _, v := range perCounty {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi < 5*lo+10 {
		t.Errorf("county sizes barely vary: %v..%v", lo, hi)
	}
}

// checkShape checks every cell of the template is present, non-negative
// (except signed ones) and whole (except decimals).
func checkShape(t *testing.T, e Expected, tmpl *schema.Template) {
	t.Helper()
	for _, r := range tmpl.ApplicationRows {
		for _, c := range tmpl.ApplicationColumns {
			v, ok := e.Figures.Applications[r.Key][c.Key]
			if !ok || v < 0 || v != float64(int64(v)) {
				t.Errorf("%s: table 三 %s/%s = %v (present %v)", e.URL, r.Key, c.Key, v, ok)
			}
		}
	}
	for _, k := range tmpl.ReviewKeys() {
		v, ok := e.Figures.ReviewLitigation[k]
		if !ok || v < 0 || v != float64(int64(v)) || v > 200 {
			t.Errorf("%s: table 四 %s = %v (present %v)", e.URL, k, v, ok)
		}
	}
	for _, af := range tmpl.Active {
		v, ok := e.Figures.Active[af.Key]
		if !ok || (!af.Signed && v < 0) || (!af.Decimal && v != float64(int64(v))) {
			t.Errorf("%s: table 二 %s = %v (present %v)", e.URL, af.Key, v, ok)
		}
		if af.Unit && e.Figures.ActiveUnits[af.Key] == "" {
			t.Errorf("%s: table 二 %s has no unit", e.URL, af.Key)
		}
	}
}

func TestTyposRecorded(t *testing.T) {
	n := start(t, Config{Seed: 3, Portals: 120, Faults: true})
	typos := 0
	for _, e := range n.Expected() {
		if e.Template == "" {
			continue
		}
		tmpl, _ := schema.Lookup(e.Template)
		failed := e.Figures.FailedChecks(tmpl)
		if !slices.Equal(failed, e.FailedChecks) {
			t.Errorf("%s: FailedChecks %v, figures fail %v", e.URL, e.FailedChecks, failed)
		}
		if slices.Contains(e.Faults, FaultTypo) {
			typos++
			if !slices.Contains(failed, "t3_rowsum_total_processed") {
				t.Errorf("%s: typo report passes its row sum: %v", e.URL, failed)
			}
		} else if len(failed) > 0 {
			t.Errorf("%s: identities fail without a typo: %v", e.URL, failed)
		}
	}
	if typos == 0 {
		t.Fatal("no typo'd report with Faults on")
	}
}

func TestCMSPatterns(t *testing.T) {
	n := start(t, Config{Seed: 11, Portals: 40})
	c := newClient(t, n, 0)
	expected := map[string][]Expected{}
	for _, e := range n.Expected() {
		expected[e.PortalCode] = append(expected[e.PortalCode], e)
	}
	seen := map[string]int{}
	for _, p := range n.Portals() {
		seen[p.Adapter]++
		found, listRequests := crawlList(t, c, p)
		if listRequests < 2 {
			t.Errorf("%s (%s): list not paginated (%d requests)", p.Host, p.Adapter, listRequests)
		}
		var want []string
		for _, d := range n.portalByCode(p.Code).docs {
			want = append(want, "http://"+p.Host+d.path)
		}
		slices.Sort(want)
		if !slices.Equal(found, want) {
			t.Errorf("%s (%s): list links\n got %v\nwant %v", p.Host, p.Adapter, found, want)
		}
		lists := map[string][]string{p.ListURL: found}
		for k, col := range p.Columns[1:] {
			sp := p
			sp.ListURL = col.ListURL
			got, _ := crawlList(t, c, sp)
			var want []string
			for _, d := range n.portalByCode(p.Code).subs[k].docs {
				want = append(want, "http://"+p.Host+d.path)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s (%s) %s sub-column: list links\n got %v\nwant %v", p.Host, p.Adapter, col.Scope, got, want)
			}
			lists[col.ListURL] = got
		}
		for _, e := range expected[p.Code] {
			if !slices.Contains(lists[e.ListURL], e.URL) {
				t.Errorf("%s: report %s not in its list %s", p.Host, e.URL, e.ListURL)
			}
		}
	}
	for _, a := range []string{AdapterTRS, AdapterHanweb, AdapterGkmlpt, AdapterVSB, AdapterGeneric} {
		if seen[a] == 0 {
			t.Errorf("no %s portal among 40", a)
		}
	}
	// Detail pages and attachments of every pattern, with the page's own
	// link to its attachment; Hanweb's goes through a 302.
	attached := map[string]bool{}
	noRedirect := &http.Client{Transport: n.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range n.Portals() {
		if attached[p.Adapter] {
			continue
		}
		for _, e := range expected[p.Code] {
			if len(e.Attachments) == 0 {
				continue
			}
			page := fetchPage(t, c, e)
			m := reAttach.FindStringSubmatch(page)
			if m == nil || resolve(t, e.URL, html.UnescapeString(m[1])) != e.Attachments[0] {
				t.Errorf("%s: page does not link %s", e.URL, e.Attachments[0])
			}
			resp, err := noRedirect.Get(e.Attachments[0])
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			wantStatus := http.StatusOK
			if p.Adapter == AdapterHanweb {
				wantStatus = http.StatusFound
				if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/attach/0/") {
					t.Errorf("%s: downfile redirects to %q", e.Attachments[0], loc)
				}
			}
			if resp.StatusCode != wantStatus {
				t.Errorf("%s: %s", e.Attachments[0], resp.Status)
			}
			if r, b := c.get(e.Attachments[0]); r.StatusCode != 200 || len(b) < 1000 {
				t.Errorf("%s: %s, %d bytes", e.Attachments[0], r.Status, len(b))
			}
			attached[p.Adapter] = true
			break
		}
	}
	if len(attached) != 5 {
		t.Errorf("attachments fetched for %v only", attached)
	}
	if v := n.Violations(); len(v) > 0 {
		t.Errorf("polite crawl flagged: %v", v[:min(5, len(v))])
	}
}

func (n *Network) portalByCode(code string) *portal {
	for _, p := range n.portals {
		if p.info.Code == code {
			return p
		}
	}
	return nil
}

// grid expands a table's rowspan/colspan into a rectangle of cell texts.
func grid(tbl *goquery.Selection) [][]string {
	var out [][]string
	pending := map[[2]int]string{}
	tbl.Find("tr").Each(func(i int, tr *goquery.Selection) {
		var row []string
		col := 0
		fill := func() {
			for {
				v, ok := pending[[2]int{i, col}]
				if !ok {
					return
				}
				row = append(row, v)
				col++
			}
		}
		tr.Find("td").Each(func(_ int, td *goquery.Selection) {
			fill()
			text := strings.TrimSpace(strings.ReplaceAll(td.Text(), "\u00a0", " "))
			rs, _ := strconv.Atoi(td.AttrOr("rowspan", "1"))
			cs, _ := strconv.Atoi(td.AttrOr("colspan", "1"))
			for c := 0; c < max(cs, 1); c++ {
				row = append(row, text)
				for r := 1; r < rs; r++ {
					pending[[2]int{i + r, col}] = text
				}
				col++
			}
		})
		fill()
		out = append(out, row)
	})
	return out
}

// cellValue parses a printed cell, reporting blanks.
func cellValue(t *testing.T, s, unit string) (float64, bool) {
	t.Helper()
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	s = strings.TrimSuffix(s, unit)
	v, err := strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64)
	if err != nil {
		t.Fatalf("cell %q: %v", s, err)
	}
	return v, false
}

// checkPrinted reads the three tables of a report page back and compares
// them with the expected figures.
func checkPrinted(t *testing.T, e Expected, page string, subtotals bool) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	tables := doc.Find("table")
	if tables.Length() != 3 {
		t.Fatalf("%s: %d tables", e.URL, tables.Length())
	}
	tmpl, _ := schema.Lookup(e.Template)
	check := func(what string, ref schema.Ref, s, unit string) {
		v, blank := cellValue(t, s, unit)
		if blank != e.Figures.IsBlank(ref) || v != e.Figures.Value(ref) {
			t.Errorf("%s: %s %v printed %q, expected %v (blank %v)", e.URL, what, ref, s, e.Figures.Value(ref), e.Figures.IsBlank(ref))
		}
	}
	// Table 三: after three header rows, one row per template row (and a
	// subtotal row before each group on some portals), the last seven
	// cells are the columns.
	g := grid(tables.Eq(1))
	want := expectedRows(e, tmpl, subtotals)
	if len(g) != 3+len(want) {
		t.Fatalf("%s: table 三 has %d rows, want %d", e.URL, len(g), 3+len(want))
	}
	for i, w := range want {
		row := g[3+i]
		if len(row) != 3+len(tmpl.ApplicationColumns) {
			t.Fatalf("%s: table 三 row %s has %d cells", e.URL, w.key, len(row))
		}
		for j, c := range tmpl.ApplicationColumns {
			if w.key == "" {
				if row[3+j] != w.values[j] {
					t.Errorf("%s: subtotal row %d col %s printed %q, want %s", e.URL, i, c.Key, row[3+j], w.values[j])
				}
				continue
			}
			check("table 三", schema.Ref{Table: schema.TableApplications, Row: w.key, Col: c.Key}, row[3+j], "")
		}
	}
	// Table 四: the last row holds the 15 numbers.
	g = grid(tables.Eq(2))
	last := g[len(g)-1]
	for j, k := range tmpl.ReviewKeys() {
		check("table 四", schema.Ref{Table: schema.TableReview, Row: k}, last[j], "")
	}
	if e.Rendering == RenderHTMLTraditional {
		return
	}
	// Table 二: by block caption, row label and column header.
	g = grid(tables.Eq(0))
	cells := map[[3]string]string{}
	var block string
	var header []string
	for _, row := range g {
		switch {
		case row[0] == row[len(row)-1] && strings.HasPrefix(row[0], "第二十条"):
			block = row[0]
		case row[0] == "信息内容":
			header = row
		default:
			for j := 1; j < len(row); j++ {
				cells[[3]string{block, row[0], header[j]}] = row[j]
			}
		}
	}
	for _, af := range tmpl.Active {
		s, ok := cells[[3]string{af.Block, af.Row, af.Column}]
		if !ok {
			t.Errorf("%s: table 二 %s not printed", e.URL, af.Key)
			continue
		}
		check("table 二", schema.Ref{Table: schema.TableActive, Row: af.Key}, s, e.Figures.ActiveUnits[af.Key])
	}
}

func TestRenderings(t *testing.T) {
	n := start(t, Config{Seed: 5, Portals: 90})
	c := newClient(t, n, 0)
	done := map[string]int{}
	for _, e := range n.Expected() {
		key := e.Rendering + "/" + e.Encoding
		if e.Template != "" {
			key += "/" + e.Template
		}
		if done[key] >= 2 {
			continue
		}
		done[key]++
		resp, raw := c.get(e.URL)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", e.URL, resp.Status)
		}
		ctype := resp.Header.Get("Content-Type")
		switch e.Encoding {
		case EncUTF8:
			if ctype != "text/html; charset=utf-8" || !bytes.Contains(raw, []byte(`<meta charset="utf-8">`)) {
				t.Errorf("%s: utf-8 page declared %q", e.URL, ctype)
			}
		case EncGBKHeader:
			if ctype != "text/html; charset=GBK" || bytes.Contains(raw, []byte("charset=")) {
				t.Errorf("%s: gbk-header page declared %q / in body", e.URL, ctype)
			}
		case EncGBKMeta:
			if ctype != "text/html" || !bytes.Contains(raw, []byte("charset=gb2312")) {
				t.Errorf("%s: gbk-meta page declared %q", e.URL, ctype)
			}
		case EncGBKUndeclared:
			if ctype != "text/html" || bytes.Contains(raw, []byte("charset")) {
				t.Errorf("%s: undeclared page declares a charset", e.URL)
			}
		case EncGBKMislabelled:
			if ctype != "text/html; charset=utf-8" || !bytes.Contains(raw, []byte(`<meta charset="utf-8">`)) || utf8.Valid(raw) {
				t.Errorf("%s: mislabelled page: %q, valid UTF-8 %v", e.URL, ctype, utf8.Valid(raw))
			}
		}
		if e.Encoding != EncUTF8 && bytes.Contains(raw, []byte(e.Agency)) {
			t.Errorf("%s: GBK page contains UTF-8 text", e.URL)
		}
		page := decode(t, raw, "text/html; charset="+map[bool]string{true: "utf-8", false: "gbk"}[e.Encoding == EncUTF8])
		switch e.Rendering {
		case RenderHTML, RenderHTMLTraditional:
			checkPrinted(t, e, page, n.portalByCode(e.PortalCode).layout.subtotals)
			if e.Rendering == RenderHTMLTraditional && (!strings.Contains(page, "統(tǒng)計") || strings.Contains(page, "统计")) {
				t.Errorf("%s: traditional page without pinyin debris or with simplified text", e.URL)
			}
		case RenderFreeform:
			if strings.Contains(page, "<table") || !strings.Contains(page, fmt.Sprintf("%d年", e.Year)) {
				t.Errorf("%s: pre-2019 report has tables or no year", e.URL)
			}
		case RenderPDF, RenderDOCX:
			checkAttachment(t, c, e, page, n.portalByCode(e.PortalCode).layout.subtotals)
		}
	}
	for _, k := range []string{"html/utf-8/2021", "html/utf-8/2019", "html-traditional/utf-8/2021", "freeform/utf-8"} {
		if done[k] == 0 {
			t.Errorf("no %s report among 90 portals (have %v)", k, done)
		}
	}
	// Some portals print label variants; the tables still read back.
	variants := 0
	for _, e := range n.Expected() {
		if variants == 2 || e.Rendering != RenderHTML || e.Encoding != EncUTF8 || !n.portalByCode(e.PortalCode).layout.variants {
			continue
		}
		page := fetchPage(t, c, e)
		if !strings.Contains(page, "上年度结转") || strings.Contains(page, "上年结转政府") {
			t.Errorf("%s: portal with variants prints the canonical labels", e.URL)
		}
		checkPrinted(t, e, page, n.portalByCode(e.PortalCode).layout.subtotals)
		variants++
	}
	if variants == 0 {
		t.Error("no portal prints label variants")
	}
	// Some print subtotal rows; PDF and DOCX too.
	subtotals := map[string]bool{}
	for _, e := range n.Expected() {
		if e.Template == "" || subtotals[e.Rendering] || !n.portalByCode(e.PortalCode).layout.subtotals {
			continue
		}
		page := fetchPage(t, c, e)
		switch e.Rendering {
		case RenderPDF, RenderDOCX:
			checkAttachment(t, c, e, page, true)
		default:
			if !strings.Contains(page, "其中：") {
				t.Errorf("%s: no subtotal rows", e.URL)
			}
			checkPrinted(t, e, page, true)
		}
		subtotals[e.Rendering] = true
	}
	if !subtotals[RenderHTML] || !subtotals[RenderPDF] {
		t.Errorf("subtotal rows checked in %v, want html and pdf", subtotals)
	}
	gbk := 0
	for k := range done {
		if strings.Contains(k, "gbk") {
			gbk++
		}
	}
	if gbk < 2 {
		t.Errorf("too few GBK renderings: %v", done)
	}
}

func TestConditionalGetEditRemove(t *testing.T) {
	n := start(t, Config{Seed: 2, Portals: 6})
	c := newClient(t, n, 0)
	e := n.Expected()[0]
	resp, body := c.get(e.URL)
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != 200 || etag == "" || lm == "" {
		t.Fatalf("%s: %s etag %q last-modified %q", e.URL, resp.Status, etag, lm)
	}
	cond := func(u, h, v string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set(h, v)
		r, _ := c.do(req)
		return r
	}
	if r := cond(e.URL, "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %s", r.Status)
	}
	if r := cond(e.URL, "If-Modified-Since", lm); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %s", r.Status)
	}
	if r := cond(e.URL, "If-None-Match", `"other"`); r.StatusCode != http.StatusOK {
		t.Errorf("stale If-None-Match: %s", r.Status)
	}
	p := n.Portals()[0]
	lresp, _ := c.get(p.ListURL)
	if r := cond(p.ListURL, "If-None-Match", lresp.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("list If-None-Match: %s", r.Status)
	}

	if err := n.Edit(e.URL); err != nil {
		t.Fatal(err)
	}
	if r := cond(e.URL, "If-None-Match", etag); r.StatusCode != http.StatusOK || r.Header.Get("ETag") == etag {
		t.Errorf("after Edit, If-None-Match: %s etag %s", r.Status, r.Header.Get("ETag"))
	}
	r := cond(e.URL, "If-Modified-Since", lm)
	newLM, _ := http.ParseTime(r.Header.Get("Last-Modified"))
	oldLM, _ := http.ParseTime(lm)
	if r.StatusCode != http.StatusOK || !newLM.After(oldLM) {
		t.Errorf("after Edit, If-Modified-Since: %s, Last-Modified %v → %v", r.Status, oldLM, newLM)
	}
	_, edited := c.get(e.URL)
	if bytes.Equal(body, edited) {
		t.Error("Edit did not change the bytes")
	}

	listBefore := c.getOK(p.ListURL)
	if !strings.Contains(listBefore, e.Title) {
		t.Fatalf("first list page lacks %s", e.Title)
	}
	if err := n.Remove(e.URL); err != nil {
		t.Fatal(err)
	}
	if r, _ := c.get(e.URL); r.StatusCode != http.StatusNotFound {
		t.Errorf("removed page: %s", r.Status)
	}
	if r := cond(p.ListURL, "If-None-Match", lresp.Header.Get("ETag")); r.StatusCode != http.StatusOK {
		t.Errorf("list after Remove, If-None-Match: %s", r.Status)
	}
	if r := cond(p.ListURL, "If-Modified-Since", lresp.Header.Get("Last-Modified")); r.StatusCode != http.StatusOK {
		t.Errorf("list after Remove, If-Modified-Since: %s", r.Status)
	}
	found, _ := crawlList(t, c, p)
	if slices.Contains(found, e.URL) {
		t.Error("removed report still listed")
	}
	for _, x := range n.Expected() {
		if x.URL == e.URL {
			t.Error("removed report still expected")
		}
	}
	if err := n.Remove(e.URL); err == nil {
		t.Error("second Remove succeeded")
	}
	if err := n.Edit("http://www.nowhere.gov.cn/x.html"); err == nil {
		t.Error("Edit of an unknown host succeeded")
	}
}

func TestRequestLog(t *testing.T) {
	n := start(t, Config{Seed: 2, Portals: 3})
	c := newClient(t, n, 0)
	c.hc.Transport.(*http.Transport).DisableKeepAlives = true
	p := n.Portals()[0]
	req, _ := http.NewRequest(http.MethodGet, p.ListURL, nil)
	req.Header.Set("User-Agent", "ogi-test/1")
	_, body := c.do(req)
	reqs := n.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests logged, want robots + list", len(reqs))
	}
	last := reqs[1]
	if last.Host != p.Host || last.Method != "GET" || last.Status != 200 || last.UserAgent != "ogi-test/1" ||
		last.Bytes != int64(len(body)) || last.Conditional || last.Time.IsZero() || !strings.HasSuffix(p.ListURL, last.Path) {
		t.Errorf("logged %+v", last)
	}
	if got := n.BytesServed(); got != reqs[0].Bytes+reqs[1].Bytes {
		t.Errorf("BytesServed %d, log says %d", got, reqs[0].Bytes+reqs[1].Bytes)
	}
	_ = io.Discard
	_ = time.Second
}

var reAttach = regexp.MustCompile(`附件：<a href="([^"]+)"`)

// checkAttachment fetches the PDF or DOCX a report page links and reads
// tables 三 and 四 back from it.
func checkAttachment(t *testing.T, c *client, e Expected, page string, subtotals bool) {
	t.Helper()
	m := reAttach.FindStringSubmatch(page)
	if len(e.Attachments) != 1 || m == nil {
		t.Fatalf("%s: attachments %v, link %v", e.URL, e.Attachments, m)
	}
	if got := resolve(t, e.URL, html.UnescapeString(m[1])); got != e.Attachments[0] {
		t.Fatalf("%s: page links %s, expected %s", e.URL, got, e.Attachments[0])
	}
	resp, b := c.get(e.Attachments[0])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", e.Attachments[0], resp.Status)
	}
	tmpl, _ := schema.Lookup(e.Template)
	var rows [][]string // table 三 value rows, then the table 四 row
	switch e.Rendering {
	case RenderPDF:
		if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s: %s is not a PDF", e.Attachments[0], ct)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Logf("pdftotext not installed: PDF text not checked")
			return
		}
		cmd := exec.Command("pdftotext", "-layout", "-", "-")
		cmd.Stdin = bytes.NewReader(b)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := string(out)
		lo := strings.Index(text, "三、收到和处理政府信息公开申请情况")
		hi := strings.Index(text, "五、存在的主要问题")
		if lo < 0 || hi < lo {
			t.Fatalf("%s: sections not found in PDF text", e.Attachments[0])
		}
		for _, line := range strings.Split(text[lo:hi], "\n") {
			f := strings.Fields(line)
			k := len(f)
			for k > 0 && isNumber(f[k-1]) {
				k--
			}
			if len(f)-k == 7 || len(f)-k == 15 {
				rows = append(rows, f[k:])
			}
		}
	case RenderDOCX:
		if !bytes.HasPrefix(b, []byte("PK")) {
			t.Fatalf("%s: not a zip", e.Attachments[0])
		}
		tables := docxTables(t, b)
		if len(tables) != 3 {
			t.Fatalf("%s: %d tables in DOCX", e.Attachments[0], len(tables))
		}
		for _, r := range tables[1][3:] {
			rows = append(rows, r[len(r)-7:])
		}
		rows = append(rows, tables[2][len(tables[2])-1])
	}
	want := expectedRows(e, tmpl, subtotals)
	if len(rows) != len(want)+1 {
		t.Fatalf("%s: %d value rows, want %d", e.Attachments[0], len(rows), len(want)+1)
	}
	for i, w := range want {
		if !slices.Equal(rows[i], w.values) {
			t.Errorf("%s: table 三 row %d (%s) printed %q, want %q", e.Attachments[0], i, w.key, rows[i], w.values)
		}
	}
	for j, k := range tmpl.ReviewKeys() {
		if want := formatNum(e.Figures.ReviewLitigation[k], false); rows[len(rows)-1][j] != want {
			t.Errorf("%s: table 四 %s printed %q, want %s", e.Attachments[0], k, rows[len(rows)-1][j], want)
		}
	}
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// docxTables reads the cell texts of every table of a DOCX.
func docxTables(t *testing.T, b []byte) [][][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var tables [][][]string
	inText, inCell := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "tbl":
				tables = append(tables, nil)
			case "tr":
				tables[len(tables)-1] = append(tables[len(tables)-1], nil)
			case "tc":
				inCell = true
				tb := tables[len(tables)-1]
				tb[len(tb)-1] = append(tb[len(tb)-1], "")
			case "t":
				inText = true
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "t":
				inText = false
			case "tc":
				inCell = false
			}
		case xml.CharData:
			if inText && inCell {
				tb := tables[len(tables)-1]
				if len(tb) > 0 && len(tb[len(tb)-1]) > 0 {
					row := tb[len(tb)-1]
					row[len(row)-1] += string(tk)
				}
			}
		}
	}
	return tables
}

// expectedRow is one printed row of table 三: a template row, or a subtotal
// row (key "") with the sums of the group that follows.
type expectedRow struct {
	key    string
	values []string
}

func expectedRows(e Expected, tmpl *schema.Template, subtotals bool) []expectedRow {
	var out []expectedRow
	seen := map[string]bool{}
	for _, r := range tmpl.ApplicationRows {
		if subtotals && r.Group != "" && !seen[r.Group] {
			seen[r.Group] = true
			var vals []string
			for _, c := range tmpl.ApplicationColumns {
				var sum float64
				for _, gr := range tmpl.ApplicationRows {
					if gr.Group == r.Group {
						sum += e.Figures.Applications[gr.Key][c.Key]
					}
				}
				vals = append(vals, formatNum(sum, false))
			}
			out = append(out, expectedRow{values: vals})
		}
		var vals []string
		for _, c := range tmpl.ApplicationColumns {
			vals = append(vals, formatNum(e.Figures.Applications[r.Key][c.Key], false))
		}
		out = append(out, expectedRow{key: r.Key, values: vals})
	}
	return out
}

// fetchPage fetches a report page and decodes it by the encoding the
// network says it has (undeclared GBK defeats sniffing).
func fetchPage(t *testing.T, c *client, e Expected) string {
	t.Helper()
	resp, raw := c.get(e.URL)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", e.URL, resp.Status)
	}
	if e.Encoding == EncUTF8 {
		return decode(t, raw, "text/html; charset=utf-8")
	}
	return decode(t, raw, "text/html; charset=gbk")
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Seed: 1, Provinces: []string{"99"}},
		{Seed: 1, Years: []int{2018}},
		{Seed: 1, Portals: 100000},
	} {
		if n, err := Start(cfg); err == nil {
			n.Close()
			t.Errorf("Start(%+v) succeeded", cfg)
		}
	}
	n := start(t, Config{Seed: 1, Portals: 4, Years: []int{2023}, Provinces: []string{"330000"}})
	for _, p := range n.Portals() {
		if !strings.HasPrefix(p.Code, "33") {
			t.Errorf("portal %s outside Zhejiang", p.Code)
		}
	}
	for _, e := range n.Expected() {
		if e.Kind != KindPre2019 && e.Year != 2023 {
			t.Errorf("%s: year %d", e.URL, e.Year)
		}
	}
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
}
