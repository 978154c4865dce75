package dataset

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
)

// peakRSS returns the process's peak resident set size in MiB (Linux), or 0.
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

// BenchmarkBuild writes the synthetic 3,000 counties × 7 years dataset
// (21,000 reports) from already-extracted reports: the cost of the build
// itself, extraction aside.
func BenchmarkBuild(b *testing.B) {
	prep, juris := Synthetic(3000, 7, 2025, 1)
	var sum Summary
	for b.Loop() {
		dir := b.TempDir()
		var err error
		sum, err = Build(context.Background(), Options{DataDir: dir, Prepared: prep, Jurisdictions: juris})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sum.Reports)*float64(b.N)/b.Elapsed().Seconds(), "reports/s")
	b.ReportMetric(float64(sum.Bytes)/float64(sum.Reports), "parquet-B/report")
	b.ReportMetric(float64(sum.Bytes)/(1<<20), "parquet-MiB")
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
}

// BenchmarkBuildCached rebuilds 300 reports through extraction's cache
// (gob decoding), the path of a nightly build where nothing changed.
func BenchmarkBuildCached(b *testing.B) {
	in := b.TempDir()
	fs := map[string]fixture{}
	for y := 2021; y <= 2023; y++ {
		for i := range 100 {
			f := zhaoyuan(y, 100+i, 5, 6)
			f.Division = "3706" + strconv.Itoa(10+i)
			fs[f.Division+"-"+strconv.Itoa(y)+".json"] = f
		}
	}
	writeFixtures(b, in, fs)
	dir := b.TempDir()
	fx := &fixtureExtractor{}
	opts := Options{DataDir: dir, Paths: []string{in}, Extract: fx.extract, ExtractorVersion: "v1"}
	if _, err := Build(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Build(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(300*float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
