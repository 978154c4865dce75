package query

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"ogi/internal/synth"
	"ogi/pipeline/dataset"
)

func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkCompare runs every metric over the synthetic 3,000 counties ×
// 7 years dataset: all jurisdictions of one year ranked, and every year
// aggregated by province.
func BenchmarkCompare(b *testing.B) {
	dir := b.TempDir()
	prep, juris := synth.Dataset(3000, 7, 2025, 1)
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			db, err := Open(ctx, dir)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
	db, err := Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, m := range Metrics() {
		for _, c := range []struct {
			name string
			f    Filter
		}{
			{"counties-2025", Filter{Scope: "gov_aggregate", Year: 2025}},
			{"provinces-all-years", Filter{Scope: "gov_aggregate", By: ByProvince}},
		} {
			b.Run(m.Name+"/"+c.name, func(b *testing.B) {
				var rows int
				for b.Loop() {
					res, err := db.Compare(ctx, m.Name, c.f)
					if err != nil {
						b.Fatal(err)
					}
					rows = len(res.Rows)
				}
				if rows == 0 {
					b.Fatal("no rows")
				}
				b.ReportMetric(float64(rows), "rows")
				b.ReportMetric(peakRSS(), "peak-RSS-MiB")
			})
		}
	}
}
