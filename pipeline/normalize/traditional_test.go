package normalize_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/liuzl/gocc"

	"ogi/internal/docwriter"
	"ogi/pipeline/extract"
	"ogi/pipeline/normalize"
	"ogi/pipeline/report"
	"ogi/schema"
)

// s2t returns a converter to traditional characters (OpenCC s2t, phrase
// level), as traditional portals and mirrors produce their pages.
func s2t(t testing.TB) func(string) string {
	t.Helper()
	cc, err := gocc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	return func(s string) string {
		out, err := cc.Convert(s)
		if err != nil {
			t.Fatalf("s2t %q: %v", s, err)
		}
		return out
	}
}

// labels returns every printed label and keyword of both templates with
// the keywords (alternatives) one of which must match its normalised form.
func labels() map[string][]string {
	out := map[string][]string{}
	add := func(label string, kws ...string) {
		out[label] = append(out[label], kws...)
	}
	for _, tm := range schema.Templates() {
		for _, m := range tm.Markers {
			add(m, m)
		}
		for _, f := range tm.Active {
			add(f.Row, f.RowKeywords...)
			add(f.Column, f.ColKeywords...)
			add(f.Block)
			for _, k := range append(append([]string{}, f.RowKeywords...), f.ColKeywords...) {
				add(k, k)
			}
		}
		for _, c := range tm.ApplicationColumns {
			add(c.Label, c.Keywords...)
			for _, k := range c.Keywords {
				add(k, k)
			}
		}
		for _, g := range tm.ApplicationGroups {
			add(g.Label, g.Keywords...)
			for _, k := range g.Keywords {
				add(k, k)
			}
		}
		for _, r := range tm.ApplicationRows {
			add(r.Label, r.Keywords...)
			for _, k := range append(append([]string{}, r.Keywords...), r.Exclude...) {
				add(k, k)
			}
		}
		for _, g := range tm.ReviewGroups {
			add(g.Label, g.Keywords...)
		}
		for _, f := range tm.ReviewFields {
			add(f.Label, f.Keywords...)
		}
	}
	return out
}

// Every label and keyword of both templates, written in traditional
// characters, is recognised as traditional and normalises back to the
// simplified label's form, which its keywords match.
func TestTraditionalLabelsNormaliseBack(t *testing.T) {
	toTrad := s2t(t)
	converted := 0
	for label, kws := range labels() {
		trad := toTrad(label)
		want := normalize.Label(label)
		if trad == label {
			continue
		}
		converted++
		if !normalize.HasTraditional(trad) {
			t.Errorf("HasTraditional(%q) = false (from %q)", trad, label)
		}
		got := normalize.Label(trad)
		if got != want {
			t.Errorf("Label(%q) = %q, want %q (as for %q)", trad, got, want, label)
		}
		if txt := normalize.Text(trad); normalize.Label(txt) != want {
			t.Errorf("Text(%q) = %q, does not fold to %q", trad, txt, want)
		}
		matched := len(kws) == 0
		for _, kw := range kws {
			matched = matched || strings.Contains(got, normalize.Label(kw))
		}
		if !matched {
			t.Errorf("Label(%q) = %q matches none of its keywords %q", trad, got, kws)
		}
	}
	if converted < 100 {
		t.Errorf("only %d labels differ in traditional writing: the label list is incomplete", converted)
	}
}

// Simplified labels and report text are not flagged, and Simplify leaves
// them alone: place names with 乾, 於, 著 survive.
func TestSimplifiedTextNotFlagged(t *testing.T) {
	texts := []string{
		"乾县人民政府2023年政府信息公开工作年度报告",
		"临安区於潜镇人民政府2022年政府信息公开工作年度报告",
		"本报告由乾安县人民政府办公室编制，所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
		"围绕稳增长、促改革、调结构、惠民生、防风险、保稳定，取得显著成效；著力推进决策公开，藉此提升透明度。",
		"（一）主动公开政府信息情况。全年主动公开政府信息1234条，其中政府文件15件，发布政策解读23篇，回应公众关注热点。",
		"依申请公开方面，本年度共收到政府信息公开申请56件，上年结转3件；办理结果为予以公开12件，部分公开5件，不予公开2件。",
		"行政复议后起诉，结果维持、结果纠正、其他结果、尚未审结；政府集中采购项目数量与采购总金额（万元）。",
		"乾隆年间，后来于此设县；面积、头发、干部、里程、钟表、丑角、系统、范围、历史、台风。",
		"四、存在的主要问题及改进情况；五、其他需要报告的事项：本年度未收取信息处理费。",
	}
	for label := range labels() {
		texts = append(texts, label)
	}
	for _, s := range texts {
		if normalize.HasTraditional(s) {
			t.Errorf("HasTraditional(%q) = true for simplified text", s)
		}
		if got, err := normalize.Simplify(s); err != nil || got != s {
			t.Errorf("Simplify(%q) = %q, %v: simplified text must stay as it is", s, got, err)
		}
		if got := normalize.Text(s); got != normalize.TextSimplified(s) {
			t.Errorf("Text(%q) = %q, TextSimplified gives %q", s, got, normalize.TextSimplified(s))
		}
	}
}

// Traditional text with the characters simplified text also uses converts
// them too, once it is recognised as traditional.
func TestSimplifyTraditional(t *testing.T) {
	cases := map[string]string{
		"政府集中採購":          "政府集中采购",
		"關於乾縣2019年政府信息公開": "关于干县2019年政府信息公开",
		"4.無正當理由大量反覆申請":   "4.无正当理由大量反复申请",
		"復議後起訴":           "复议后起诉",
		"其他":              "其他",
	}
	for in, want := range cases {
		if got, err := normalize.Simplify(in); err != nil || got != want {
			t.Errorf("Simplify(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	if got, err := normalize.SimplifyChars("乾县"); err != nil || got != "干县" {
		t.Errorf("SimplifyChars(乾县) = %q, %v, want 干县", got, err)
	}
}

// pinyin annotates the characters of s whose readings it knows, as the
// mirror copies do (統(tǒng)計).
func pinyin(s string, readings map[rune]string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
		if p, ok := readings[r]; ok {
			b.WriteString(p)
		}
	}
	return b.String()
}

// htmlPage renders a sample's blocks as a portal page: paragraphs and
// tables, with SpanLeft/SpanUp cells merged by colspan/rowspan.
func htmlPage(title string, blocks []docwriter.Block, conv func(string) string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<html><head><meta charset=\"utf-8\"><title>%s</title></head><body><h1>%s</h1>\n", html.EscapeString(conv(title)), html.EscapeString(conv(title)))
	for _, bl := range blocks {
		if bl.Table == nil {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(conv(bl.Para)))
			continue
		}
		b.WriteString("<table border=\"1\">\n")
		for i, row := range bl.Table {
			b.WriteString("<tr>")
			for j, c := range row {
				if c == docwriter.SpanLeft || c == docwriter.SpanUp {
					continue
				}
				cs, rs := 1, 1
				for j+cs < len(row) && row[j+cs] == docwriter.SpanLeft {
					cs++
				}
				for i+rs < len(bl.Table) && j < len(bl.Table[i+rs]) && bl.Table[i+rs][j] == docwriter.SpanUp {
					rs++
				}
				fmt.Fprintf(&b, "<td colspan=\"%d\" rowspan=\"%d\">%s</td>", cs, rs,
					strings.ReplaceAll(html.EscapeString(conv(c)), "\n", "<br>"))
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</table>\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// A 2019 report written in traditional characters, with pinyin debris
// after some of them, extracts completely: the 政府集中採購 row of table 二
// (採, 購) included.
func TestTraditional2019ReportExtracts(t *testing.T) {
	toTrad := s2t(t)
	readings := map[rune]string{'採': "(cǎi)", '購': "(gòu)", '統': "(tǒng)", '計': "(jì)", '開': "（kāi）", '復': "(fù)", '議': "(yì)"}
	conv := func(s string) string { return pinyin(toTrad(s), readings) }
	for seed := 0; seed < 2; seed++ {
		s := docwriter.Sample2019(seed)
		page := htmlPage(s.Title, s.Blocks, conv)
		if !bytes.Contains(page, []byte("政府集中採(cǎi)購(gòu)")) {
			t.Fatalf("page lacks the traditional procurement label:\n%s", page)
		}
		rep, err := extract.Report(context.Background(), bytes.NewReader(page), extract.Meta{Source: "trad.html"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Status != report.StatusOK {
			t.Fatalf("seed %d: status %s %s: %s", seed, rep.Status, rep.Reason, rep.Detail)
		}
		if rep.Template != schema.V2019 || rep.Year != s.Year {
			t.Errorf("seed %d: template %q year %d, want %s %d", seed, rep.Template, rep.Year, schema.V2019, s.Year)
		}
		for _, k := range []string{"procurement_items", "procurement_amount"} {
			want, ok := s.Active[k]
			if !ok {
				t.Fatalf("sample has no %s", k)
			}
			if v, ok := rep.Active[k]; !ok || v.Blank || v.Num != want {
				t.Errorf("seed %d: %s = %+v (present %v), want %v", seed, k, v, ok, want)
			}
		}
		bad := 0
		for k, want := range s.Active {
			if v, ok := rep.Active[k]; !ok || v.Blank || v.Num != want {
				bad++
				t.Errorf("seed %d: active.%s = %+v (present %v), want %v", seed, k, v, ok, want)
			}
		}
		for rk, row := range s.Applications {
			for ck, want := range row {
				if v, ok := rep.Applications[rk][ck]; !ok || v.Blank || v.Num != want {
					bad++
					if bad < 10 {
						t.Errorf("seed %d: applications.%s.%s = %+v (present %v), want %v", seed, rk, ck, v, ok, want)
					}
				}
			}
		}
		for k, want := range s.Review {
			if v, ok := rep.ReviewLitigation[k]; !ok || v.Blank || v.Num != want {
				bad++
				t.Errorf("seed %d: review_litigation.%s = %+v (present %v), want %v", seed, k, v, ok, want)
			}
		}
		if n := rep.FailedChecks(); n > 0 || bad > 0 {
			t.Errorf("seed %d: %d failed checks, %d cells wrong", seed, n, bad)
		}
	}
}
