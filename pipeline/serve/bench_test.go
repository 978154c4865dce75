package serve

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
	"ogi/pipeline/report"
	"ogi/schema"
)

// benchServer serves a generated province of 200 counties × 7 years.
func benchServer(b *testing.B) http.Handler {
	b.Helper()
	dir := b.TempDir()
	juris := []dataset.Jurisdiction{fixProvince}
	var prepared []dataset.Prepared
	fetched := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for p := 1; p <= 10; p++ {
		pcode := fmt.Sprintf("37%02d00", p)
		juris = append(juris, dataset.Jurisdiction{Code: pcode, Name: fmt.Sprintf("市%d", p), Level: "prefecture", ParentCode: "370000", ProvinceCode: "370000"})
		for c := 1; c <= 20; c++ {
			code := fmt.Sprintf("37%02d%02d", p, c)
			juris = append(juris, dataset.Jurisdiction{Code: code, Name: fmt.Sprintf("县%d-%d", p, c), Level: "county", ParentCode: pcode, ProvinceCode: "370000"})
			for year := 2019; year <= 2025; year++ {
				tmpl := schema.Template2021()
				if year < 2021 {
					tmpl = schema.Template2019()
				}
				n := 20 + float64((p*37+c*11+year)%300)
				r := fixtureReport(tmpl, code, fmt.Sprintf("县%d-%d人民政府", p, c), year, synthetic(n, 0, 0), syntheticReview(float64(c%3), 12))
				in := dataset.Input{Source: r.Source, FinalURL: r.Source, FetchedAt: fetched, SHA256: fmt.Sprintf("%064x", len(prepared)+1), PortalCode: code}
				prepared = append(prepared, dataset.Prepared{Input: in, Load: func() (report.Report, error) { return r, nil }})
			}
		}
	}
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prepared, Jurisdictions: juris}); err != nil {
		b.Fatal(err)
	}
	db, err := query.OpenWith(context.Background(), dir, query.Options{ScratchDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	s, err := New(db, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchGet(b *testing.B, h http.Handler, path string) {
	b.ReportAllocs()
	var size int
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

// BenchmarkPages times the dashboard's pages over 1400 reports of 200
// counties (one province, 2019–2025).
func BenchmarkPages(b *testing.B) {
	h := benchServer(b)
	for _, path := range []string{"/", "/province/370000", "/j/370512", "/quality", "/download/applications.csv?province=370000&year=2025", "/download/applications.parquet?province=370000&year=2025"} {
		b.Run(path, func(b *testing.B) { benchGet(b, h, path) })
	}
}

func BenchmarkBarChart(b *testing.B) {
	cats := []string{"2019", "2020", "2021", "2022", "2023", "2024", "2025"}
	series := make([]Series, 6)
	for i := range series {
		series[i] = Series{Name: fmt.Sprint("s", i), Values: []float64{1, 2, 3, math.NaN(), 5, 6, 7}}
	}
	b.ReportAllocs()
	for b.Loop() {
		io.WriteString(io.Discard, string(BarChart("t", cats, series, true)))
	}
}
