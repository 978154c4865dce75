package dataset

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"ogi/pipeline/extract"
	"ogi/pipeline/report"
	"ogi/schema"
	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// reportHTML renders a fixture as a 2021-template report page, the way
// county portals print it: title, the three tables with their official
// labels (read from the schema), blanks as "—".
func reportHTML(name string, f fixture) []byte {
	tmpl := schema.Template2021()
	var b strings.Builder
	fmt.Fprintf(&b, "<html><head><meta charset=\"utf-8\"><title>%s%d年政府信息公开工作年度报告</title></head><body>\n", name, f.Year)
	fmt.Fprintf(&b, "<h1>%s%d年政府信息公开工作年度报告</h1>\n<p>本报告由%s人民政府编制。</p>\n", name, f.Year, name)
	b.WriteString("<h2>二、主动公开政府信息情况</h2>\n<table>\n")
	num := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	block := func(caption string, cols []string, rows [][]string) {
		fmt.Fprintf(&b, "<tr><td colspan=\"%d\">%s</td></tr>\n<tr><td>信息内容</td>", len(cols)+1, caption)
		for _, c := range cols {
			fmt.Fprintf(&b, "<td>%s</td>", c)
		}
		b.WriteString("</tr>\n")
		for _, r := range rows {
			b.WriteString("<tr>")
			for _, c := range r {
				fmt.Fprintf(&b, "<td>%s</td>", c)
			}
			b.WriteString("</tr>\n")
		}
	}
	a := f.Active
	block("第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, [][]string{
		{"规章", num(a["regulations_issued"]), num(a["regulations_repealed"]), num(a["regulations_in_force"])},
		{"行政规范性文件", num(a["normative_docs_issued"]), num(a["normative_docs_repealed"]), num(a["normative_docs_in_force"])},
	})
	block("第二十条第（五）项", []string{"本年处理决定数量"}, [][]string{{"行政许可", num(a["licensing_decisions"])}})
	block("第二十条第（六）项", []string{"本年处理决定数量"}, [][]string{{"行政处罚", num(a["penalty_decisions"])}, {"行政强制", num(a["coercion_decisions"])}})
	block("第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, [][]string{{"行政事业性收费", num(a["fees_amount_wan"])}})
	b.WriteString("</table>\n<h2>三、收到和处理政府信息公开申请情况</h2>\n<table>\n")
	b.WriteString("<tr><td colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=\"7\">申请人情况</td></tr>\n")
	b.WriteString("<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>\n")
	b.WriteString("<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\n")
	cell := func(v *int) string {
		if v == nil {
			return "—"
		}
		return strconv.Itoa(*v)
	}
	for _, r := range tmpl.ApplicationRows {
		b.WriteString("<tr>")
		label := r.Label
		if r.Group != "" {
			for _, g := range tmpl.ApplicationGroups {
				if g.Key == r.Group {
					label = g.Label + "</td><td>" + r.Label
				}
			}
		} else if strings.HasPrefix(r.Label, "（") {
			label = "三、本年度办理结果</td><td>" + r.Label
		}
		fmt.Fprintf(&b, "<td colspan=\"%d\">%s</td>", map[bool]int{true: 1, false: 3}[strings.Contains(label, "</td>")], label)
		for _, v := range f.Rows[r.Key] {
			fmt.Fprintf(&b, "<td>%s</td>", cell(v))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>\n<h2>四、政府信息公开行政复议、行政诉讼情况</h2>\n<table>\n")
	b.WriteString("<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>\n")
	b.WriteString("<tr><td rowspan=\"2\">结果维持</td><td rowspan=\"2\">结果纠正</td><td rowspan=\"2\">其他结果</td><td rowspan=\"2\">尚未审结</td><td rowspan=\"2\">总计</td>")
	b.WriteString("<td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td></tr>\n<tr>")
	for range 2 {
		b.WriteString("<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>")
	}
	b.WriteString("</tr>\n<tr>")
	for _, g := range tmpl.ReviewGroups {
		for _, v := range f.Review[g.Key] {
			fmt.Fprintf(&b, "<td>%s</td>", cell(v))
		}
	}
	b.WriteString("</tr>\n</table>\n<h2>五、存在的主要问题及改进情况</h2><p>无。</p></body></html>\n")
	return []byte(b.String())
}

// archiveReports writes report pages into a real crawl archive (WARC
// records and journal, through the crawler's store).
func archiveReports(t *testing.T, dataDir string, pages map[string][]byte, at time.Time) {
	t.Helper()
	st, err := archive.Open(dataDir, archive.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, url := range sortedKeys(pages) {
		body := pages[url]
		resp := &fetch.Response{URL: url, FinalURL: url, Status: 200, Proto: "HTTP/1.1",
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: body, WireBody: body,
			RawRequest: []byte("GET " + url + " HTTP/1.1\r\nHost: www.zhaoyuan.gov.cn\r\n\r\n"), FetchedAt: at}
		if _, _, err := st.Archive(url, resp, archive.Meta{Kind: archive.KindReport, PortalCode: "370685", PortalName: "招远市人民政府"}); err != nil {
			t.Fatal(err)
		}
		if err := st.LogFetch(url, archive.Fetch{URL: url, Status: 200, Bytes: int64(len(body)), FetchedAt: at, SHA256: archive.SHA256(body)},
			archive.KindReport, "370685", time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
}

func realExtract(ctx context.Context, payload []byte, in Input) (report.Report, error) {
	return extract.Report(ctx, bytes.NewReader(payload), extract.Meta{Source: in.Source, ContentType: in.ContentType, Name: in.Name})
}

func TestEndToEndFromCrawlArchive(t *testing.T) {
	dir := t.TempDir()
	z22, z23 := zhaoyuan(2022, 115, 5, 6), zhaoyuan(2023, 205, 6, 11)
	z23.Rows["carried_in"][2] = nil // printed "—"
	t1 := time.Date(2024, 1, 25, 8, 30, 0, 0, time.UTC)
	u22 := "http://www.zhaoyuan.gov.cn/art/2023/1/20/art_2022.html"
	u23 := "http://www.zhaoyuan.gov.cn/art/2024/1/20/art_2023.html"
	archiveReports(t, dir, map[string][]byte{u22: reportHTML("招远市", z22), u23: reportHTML("招远市", z23)}, t1)

	sum, err := Build(context.Background(), Options{DataDir: dir, Archive: CrawlArchive(dir), Extract: realExtract,
		ExtractorVersion: extract.Version, Jurisdictions: testJuris})
	if err != nil {
		t.Fatal(err)
	}
	db := duck(t)
	if sum.ByStatus[report.StatusOK] != 2 {
		t.Fatalf("summary %+v; reports %v", sum, queryRows(t, db, "SELECT source_url, status, reason, detail FROM "+table(dir, "reports")))
	}
	got := queryRows(t, db, "SELECT year, division_code, template, checks_failed, is_current, fetched_at FROM "+table(dir, "reports")+" ORDER BY year")
	if len(got) != 2 || got[1][0] != int32(2023) || got[1][1] != "370685" || got[1][2] != "2021" || got[1][3] != int32(0) || got[1][4] != true {
		t.Errorf("reports: %v", got)
	}
	if ts, _ := got[1][5].(time.Time); !ts.Equal(t1) {
		t.Errorf("fetched_at %v", got[1][5])
	}
	got = queryRows(t, db, "SELECT row_key, natural_person, commercial, research, total FROM "+table(dir, "applications")+
		" WHERE year = 2023 AND row_key IN ('new_received', 'carried_in', 'granted', 'total_processed') ORDER BY row_key")
	want := [][]any{
		{"carried_in", int64(6), int64(0), nil, int64(6)},
		{"granted", int64(50), int64(0), int64(0), int64(50)},
		{"new_received", int64(204), int64(1), int64(0), int64(205)},
		{"total_processed", int64(200), int64(0), int64(0), int64(200)},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("applications 2023:\n got %v\nwant %v", got, want)
	}
	got = queryRows(t, db, "SELECT value FROM "+table(dir, "active")+" WHERE year = 2023 AND key = 'licensing_decisions'")
	if len(got) != 1 || got[0][0] != 28349.0 {
		t.Errorf("licensing: %v", got)
	}
	got = queryRows(t, db, "SELECT ok, expected, actual FROM "+table(dir, "checks")+" WHERE check_id = 'carry_over_prev_year'")
	if len(got) != 1 || got[0][0] != true || got[0][1] != 6.0 {
		t.Errorf("carry-over: %v", got)
	}
	got = queryRows(t, db, "SELECT count(*), min(status) FROM "+table(dir, "fetches"))
	if got[0][0] != int64(2) || got[0][1] != int32(200) {
		t.Errorf("fetches: %v", got)
	}
	// The crawl log joins its portal, and the reports it fetched.
	got = queryRows(t, db, "SELECT count(*) FROM "+table(dir, "fetches")+" f JOIN "+table(dir, "reports")+
		" r ON r.source_url = f.url AND r.portal_code = f.portal_code WHERE f.kind = 'report' AND f.portal_code = '370685'")
	if got[0][0] != int64(2) {
		t.Errorf("fetches joined to reports by portal: %v", got)
	}
}
