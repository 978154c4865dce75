package dataset_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"ogi/internal/synth"
	"ogi/pipeline/dataset"
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
	prep, juris := synth.Dataset(3000, 7, 2025, 1)
	var sum dataset.Summary
	for b.Loop() {
		dir := b.TempDir()
		var err error
		sum, err = dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sum.Reports)*float64(b.N)/b.Elapsed().Seconds(), "reports/s")
	b.ReportMetric(float64(sum.Bytes)/float64(sum.Reports), "parquet-B/report")
	b.ReportMetric(float64(sum.Bytes)/(1<<20), "parquet-MiB")
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
}
