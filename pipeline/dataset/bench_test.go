package dataset

import (
	"context"
	"strconv"
	"testing"
)

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
