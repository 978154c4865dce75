package views

import (
	"strings"
	"testing"

	"ogi/schema"
)

func TestScriptIsRelativeAndComplete(t *testing.T) {
	tables := []Table{
		{Name: schema.TableReports, Partitioned: true, Files: []string{"reports/year=2023/part-0.parquet"}},
		{Name: schema.TableJurisdictions, Files: []string{"jurisdictions/part-0.parquet"}},
	}
	s, err := Script(tables)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"read_parquet(['reports/year=2023/part-0.parquet'], hive_partitioning = true, hive_types = {'year': INTEGER})",
		"read_parquet(['jurisdictions/part-0.parquet'], hive_partitioning = false)",
		// a table without files is an empty view with its typed columns
		`CREATE OR REPLACE VIEW cells AS SELECT CAST(NULL AS VARCHAR) AS "report_id"`,
		"CREATE OR REPLACE VIEW facts AS",
		"CREATE OR REPLACE VIEW metric_disclosure_rate AS",
		"CREATE OR REPLACE MACRO compare_disclosure_rate(",
		"CREATE OR REPLACE MACRO compare_summary_disclosure_rate(",
		"FROM metric_disclosure_rate m",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("views.sql lacks %q", want)
		}
	}
	if strings.Contains(s, "{{metric}}") {
		t.Error("a macro template was not filled in")
	}
	parts, err := Parts(tables, "/data/dataset")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(parts[0].SQL, "'/data/dataset/reports/year=2023/part-0.parquet'") {
		t.Errorf("base not applied: %s", parts[0].SQL)
	}
	// Every table of the dataset has a view, in the schema's order.
	for i, dt := range schema.DatasetTables() {
		if parts[i].Name != "table "+dt.Name {
			t.Errorf("part %d is %s, want table %s", i, parts[i].Name, dt.Name)
		}
	}
}

func TestMetricNamesAreSQLNames(t *testing.T) {
	if len(Metrics()) < 9 {
		t.Fatalf("metrics %v", Metrics())
	}
	for _, m := range Metrics() {
		if !nameRe.MatchString(m.Name) || m.Title == "" || m.Description == "" || !strings.Contains(m.SQL, "AS unverified") {
			t.Errorf("metric %+v", m.Name)
		}
		if got, ok := LookupMetric(m.Name); !ok || got.Name != m.Name {
			t.Errorf("LookupMetric(%s)", m.Name)
		}
	}
	if _, ok := LookupMetric("nope"); ok {
		t.Error("found an unknown metric")
	}
	// A quote in a file path stays inside its literal.
	if got := quote("it's"); got != "'it''s'" {
		t.Errorf("quote: %s", got)
	}
}
