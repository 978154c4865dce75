package query

import (
	"context"
	"testing"

	"ogi/pipeline/dataset"
)

func buildSynthetic(t testing.TB, counties, years int) string {
	t.Helper()
	dir := t.TempDir()
	prep, juris := dataset.Synthetic(counties, years, 2023, 1)
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	dir := buildSynthetic(t, 30, 3)
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Query(ctx, "SELECT year, count(*), sum(checks_failed), sum(soft_checks_failed) FROM reports GROUP BY year ORDER BY year")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	for _, m := range Metrics() {
		res, err := db.Compare(ctx, m.Name, Filter{By: ByProvince})
		if err != nil {
			t.Fatal(m.Name, err)
		}
		t.Log(m.Name, res.Columns, res.Rows)
	}
}
