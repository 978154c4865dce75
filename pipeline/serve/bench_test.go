package serve

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
	"ogi/pipeline/report"
	"ogi/schema"
)

// benchServer serves a generated province of 200 counties × 7 years.
func benchServer(b testing.TB) http.Handler {
	b.Helper()
	db, err := query.OpenWith(context.Background(), benchDataset(b), query.Options{ScratchDir: b.TempDir(), AllMetrics: true, Materialize: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	// Pages computed every time (no page cache): what a first visit costs.
	s, err := New(db, Options{CachePages: -1})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// benchDataset builds a province of 200 counties × 7 years.
func benchDataset(b testing.TB) string {
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
	return dir
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
		_ = BarChart("t", cats, series, true)
	}
}

// BenchmarkProvinceLoad serves the province page of 200 counties × 7
// years to 4 concurrent clients over loopback HTTP, each asking for the
// pages of every year and prefecture in its own order, and reports the
// 50th and 99th percentile latencies: cold (no page cache: every page
// computed) and with the dashboard's page cache.
func BenchmarkProvinceLoad(b *testing.B) {
	dir := benchDataset(b)
	var paths []string
	for y := 2019; y <= 2025; y++ {
		paths = append(paths, fmt.Sprintf("/province/370000?year=%d", y))
		for p := 1; p <= 10; p++ {
			paths = append(paths, fmt.Sprintf("/province/370000?year=%d&parent=37%02d00", y, p))
		}
	}
	for _, mode := range []struct {
		name  string
		pages int
	}{{"cold", -1}, {"cached", 0}} {
		b.Run(mode.name, func(b *testing.B) {
			db, err := query.OpenWith(context.Background(), dir, query.Options{ScratchDir: b.TempDir(), AllMetrics: true, Materialize: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			s, err := New(db, Options{CachePages: mode.pages})
			if err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(s)
			defer srv.Close()
			const clients = 4
			var mu sync.Mutex
			var lat []time.Duration
			b.ResetTimer()
			for b.Loop() {
				var wg sync.WaitGroup
				for c := range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := range paths {
							p := paths[(i*7+c*13)%len(paths)]
							start := time.Now()
							resp, err := http.Get(srv.URL + p)
							if err != nil {
								b.Error(err)
								return
							}
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							d := time.Since(start)
							if resp.StatusCode != http.StatusOK {
								b.Errorf("GET %s: %d", p, resp.StatusCode)
							}
							mu.Lock()
							lat = append(lat, d)
							mu.Unlock()
						}
					}()
				}
				wg.Wait()
			}
			b.StopTimer()
			slices.Sort(lat)
			pct := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
			b.ReportMetric(pct(0.5), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			b.ReportMetric(float64(len(lat)), "requests")
		})
	}
}
