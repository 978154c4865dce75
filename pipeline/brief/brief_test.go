package brief

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"ogi/internal/officetest"
	"ogi/internal/synth"
	"ogi/pipeline/dataset"
	"ogi/pipeline/doc"
	"ogi/pipeline/docx"
	"ogi/pipeline/query"
	"ogi/pipeline/report"
)

type crawlLog []dataset.Fetch

func (crawlLog) Inputs(context.Context) ([]dataset.Input, error)    { return nil, nil }
func (c crawlLog) Fetches(context.Context) ([]dataset.Fetch, error) { return c, nil }

// The province 合成省11 (synthetic, 20 counties 110121–110130 and
// 110221–110230 in 合成市1101 and 1102, whose own portals were not
// crawled), 2023–2024. In 2024: 合成县110123 and 110225 published
// nothing, 110124 published on 20 May 2025 (50 days late), 110221 on 2
// April, one report prints a wrong total, the others published on 20
// March.
const (
	missingA, missingB = "110123", "110225"
	lateA, lateB       = "110124", "110221"
	broken             = "110127"
)

func fixture(t *testing.T) *query.DB {
	t.Helper()
	return fixtureWith(t)
}

// fixtureWith opens the fixture with local deadline rules.
func fixtureWith(t *testing.T, deadlines ...query.Deadline) *query.DB {
	t.Helper()
	prep, juris := synth.Dataset(20, 2, 2024, 7)
	var kept []dataset.Prepared
	var log crawlLog
	at := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	for _, p := range prep {
		code := p.Input.PortalCode
		year := p.Input.FetchedAt.Year() - 1
		if year == 2024 && (code == missingA || code == missingB) {
			continue
		}
		p.Input.PageDate = time.Date(year+1, 3, 20, 0, 0, 0, 0, time.UTC)
		switch {
		case year == 2024 && code == lateA:
			p.Input.PageDate = time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC)
		case year == 2024 && code == lateB:
			p.Input.PageDate = time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)
		case year == 2024 && code == broken:
			load := p.Load
			p.Load = func() (report.Report, error) {
				r, err := load()
				v := r.Applications["granted"]["total"]
				v.Num += 7
				r.Applications["granted"]["total"] = v
				r.Checks = nil // the extractor's checks say the identities fail
				r.Checks = append(r.Checks, report.Check{ID: "t3_rowsum_granted", Severity: "hard", OK: false, Expected: v.Num - 7, Actual: v.Num,
					Detail: "total = the six applicant columns"})
				return r, err
			}
		}
		kept = append(kept, p)
	}
	for _, j := range juris {
		if j.Level == "county" {
			log = append(log, dataset.Fetch{URL: "http://www.d" + j.Code + ".gov.cn/list.html", Status: 200, FetchedAt: at, Kind: "list", PortalCode: j.Code})
		}
	}
	dir := t.TempDir()
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: kept, Jurisdictions: juris, Archive: log}); err != nil {
		t.Fatal(err)
	}
	db, err := query.OpenWith(context.Background(), dir, query.Options{AllMetrics: true, Deadlines: deadlines})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestBriefNamesMissingAndLate(t *testing.T) {
	db := fixture(t)
	b, err := Gather(context.Background(), db, Options{Province: "110000", Year: 2024, LinkBase: "http://127.0.0.1:8080"})
	if err != nil {
		t.Fatal(err)
	}
	codes := func(es []Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Code)
		}
		return out
	}
	if got := codes(b.Missing); strings.Join(got, ",") != missingA+","+missingB {
		t.Errorf("missing %v", got)
	}
	if got := codes(b.Late); strings.Join(got, ",") != lateA+","+lateB || b.Late[0].DaysLate != 50 || b.Late[1].DaysLate != 2 {
		t.Errorf("late %+v", b.Late)
	}
	if b.Total.Obliged != 22 || b.Total.Published != 18 || b.Total.Missing != 2 || b.Total.NotCrawled != 2 || b.Total.Late != 2 {
		t.Errorf("total %+v", b.Total)
	}
	if len(b.ByPrefecture) != 3 || b.ByPrefecture[1].Missing != 1 || b.ByPrefecture[2].Late != 1 {
		t.Errorf("prefectures %+v", b.ByPrefecture)
	}
	if len(b.Checks) != 1 || b.Checks[0].Code != broken || !strings.Contains(b.Checks[0].Failed, "t3_rowsum_granted") {
		t.Errorf("checks %+v", b.Checks)
	}
	var disclosure *MetricSection
	for i := range b.Metrics {
		if b.Metrics[i].Name == "disclosure_rate" {
			disclosure = &b.Metrics[i]
		}
	}
	if disclosure == nil || disclosure.Area == nil || disclosure.Unverified != 1 || len(disclosure.Ranked) != 17 {
		t.Fatalf("disclosure rate section %+v", disclosure)
	}
	// The area's figure is Σnumerator/Σdenominator of the ranked and the
	// small-denominator figures, never an average of the rates.
	var num, den float64
	for _, f := range disclosure.Ranked {
		num, den = num+f.Num, den+f.Den
		if f.ReportID == "" {
			t.Errorf("%s has no report to link", f.Code)
		}
	}
	if disclosure.Small == 0 && (disclosure.Area.Num != num || disclosure.Area.Den != den) {
		t.Errorf("area %v/%v, ranked sum %v/%v", disclosure.Area.Num, disclosure.Area.Den, num, den)
	}
	for _, f := range disclosure.Ranked {
		if f.Code == broken {
			t.Errorf("the report that fails its identities is ranked")
		}
	}

	// Markdown: the names, and links to the archived copies.
	var md bytes.Buffer
	if err := Write(&md, b, "md"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"合成县" + missingA, "合成县" + lateA, "| 50 |", "(http://127.0.0.1:8080/archive/" + disclosure.Ranked[0].ReportID + ")"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}

	// DOCX: well formed, read back by the project's own DOCX reader.
	var dx bytes.Buffer
	if err := Write(&dx, b, "docx"); err != nil {
		t.Fatal(err)
	}
	if err := officetest.WellFormed(dx.Bytes()); err != nil {
		t.Fatal(err)
	}
	d, err := docx.Read(dx.Bytes(), docx.Options{})
	if err != nil {
		t.Fatalf("the DOCX reader cannot read the briefing: %v", err)
	}
	if !strings.Contains(d.Text, "关于合成省112024年度政府信息公开工作年度报告发布情况的通报") {
		t.Errorf("docx text lacks the title:\n%.400s", d.Text)
	}
	late := rowsWith(d, "合成县"+lateA+"|2025-05-20|2025-03-31|50|")
	if len(late) != 1 {
		t.Errorf("docx late row %q", late)
	}
	if len(rowsWith(d, "合成县"+missingB)) != 1 {
		t.Errorf("docx lacks the missing county %s", missingB)
	}
	// Every link of the document is a relationship to an archived copy.
	links := docxLinks(t, dx.Bytes())
	if len(links) == 0 || !strings.HasPrefix(links[0], "http://127.0.0.1:8080/archive/") {
		t.Errorf("docx links %v", links)
	}
	// The same briefing is the same bytes.
	var again bytes.Buffer
	if err := Write(&again, b, "docx"); err != nil || !bytes.Equal(again.Bytes(), dx.Bytes()) {
		t.Errorf("a second DOCX of the same briefing differs (%v)", err)
	}
}

// rowsWith lists the table rows of a document read back that mention s,
// their cells joined by "|".
func rowsWith(d doc.Document, s string) []string {
	var out []string
	for _, r := range d.Rows {
		if r.Table == 0 {
			continue
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text)
		}
		if line := strings.Join(cells, "|"); strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return out
}

func docxLinks(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/_rels/document.xml.rels" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(b, &rels); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/hyperlink") {
				out = append(out, r.Target)
			}
		}
		return out
	}
	t.Fatal("no document relationships")
	return nil
}

// TestSkippedRowsCountGovernments: the rows left out of the coverage table
// because none of their governments was crawled are counted in
// governments (家), not in rows: 地市人民政府本级 of 山东 is 16 governments.
func TestSkippedRowsCountGovernments(t *testing.T) {
	b := &Brief{Options: Options{Province: "370000", Year: 2024}, Area: "山东省",
		ByPrefecture: []RateRow{
			{Code: "370000", Name: "地市人民政府本级", Obliged: 16, NotCrawled: 16},
			{Code: "370100", Name: "济南市", Obliged: 12, Published: 9, NotCrawled: 3},
			{Code: "371100", Name: "日照市", Obliged: 4, NotCrawled: 4},
		}}
	var md strings.Builder
	if err := Write(&md, b, "md"); err != nil {
		t.Fatal(err)
	}
	if want := "地市人民政府本级、日照市的网站均未纳入本次抓取范围（共20家），未列入上表。"; !strings.Contains(md.String(), want) {
		t.Errorf("want %q in:\n%.1500s", want, md.String())
	}
}

// TestBriefLeavesNotDueOut: with a local deadline of 30 June for 110225,
// crawled on 1 June with no report, the county is not due: not named as
// missing, listed apart, and left out of the coverage rate.
func TestBriefLeavesNotDueOut(t *testing.T) {
	rule, err := query.ParseDeadline(missingB + "=06-30")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Gather(context.Background(), fixtureWith(t, rule), Options{Province: "110000", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Missing) != 1 || b.Missing[0].Code != missingA {
		t.Errorf("missing %+v, want %s only", b.Missing, missingA)
	}
	if len(b.NotDue) != 1 || b.NotDue[0].Code != missingB || b.NotDue[0].Deadline != "2025-06-30" {
		t.Fatalf("not due %+v, want %s by 2025-06-30", b.NotDue, missingB)
	}
	// 22 obliged, 2 not crawled, 1 not due: 18 of 19.
	if tt := b.Total; tt.Missing != 1 || tt.NotDue != 1 || tt.NotCrawled != 2 || tt.Published != 18 || math.Abs(tt.Coverage-18.0/19) > 1e-9 {
		t.Errorf("total %+v", tt)
	}
	var md strings.Builder
	if err := Write(&md, b, "md"); err != nil {
		t.Fatal(err)
	}
	name := b.NotDue[0].Name
	missing := section(md.String(), "（一）未公开", "（二）")
	if strings.Contains(missing, name) || !strings.Contains(missing, b.Missing[0].Name) {
		t.Errorf("the missing section names %s (not due) or lacks %s:\n%s", name, b.Missing[0].Name, missing)
	}
	notDue := section(md.String(), "截至抓取时尚未过公开期限、未作判断的（1家）", "## 二")
	if !strings.Contains(notDue, name) || !strings.Contains(notDue, "截至2025-06-01抓取时尚未过公开期限（2025-06-30）") {
		t.Errorf("the not-due section lacks %s:\n%s", name, notDue)
	}
	if !strings.Contains(md.String(), "不含未纳入抓取范围的2家、抓取时尚未过公开期限的1家") || !strings.Contains(md.String(), "| 未到期 |") {
		t.Errorf("the totals do not say what was left out:\n%.1500s", md.String())
	}
}

// section is the text of s from from to the next to.
func section(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s[len(from):], to); j >= 0 {
		return s[:len(from)+j]
	}
	return s
}
