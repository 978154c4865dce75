package schema

import (
	"slices"
	"testing"
)

// The columns data-dictionary.md promises, table by table.
var contract = map[string][]string{
	TableReports: {"report_id", "source_url", "final_url", "fetched_at", "sha256", "content_type", "title", "agency",
		"division_code", "province_code", "level", "scope", "template", "status", "reason", "checks_failed",
		"extractor_version", "is_current"},
	TableApplications: {"report_id", "division_code", "row_key", "natural_person", "commercial", "research",
		"social_org", "legal_service", "other_org", "total"},
	TableReview:        {"report_id", "division_code", "grp", "upheld", "corrected", "other", "pending", "total"},
	TableActive:        {"report_id", "division_code", "key", "value"},
	TableChecks:        {"report_id", "check_id", "severity", "ok", "expected", "actual", "detail", "division_code"},
	TableCells:         {"report_id", "table", "row_key", "col_key", "value", "raw_text", "blank", "positional", "locator", "division_code"},
	TableJurisdictions: {"code", "name", "level", "parent_code", "province_code"},
	TableFetches:       {"url", "status", "bytes", "fetched_at", "etag", "last_modified", "sha256", "error", "portal_code"},
	TableIdentityCells: {"template", "check_id", "severity", "side", "table", "row_key", "col_key"},
	TableActiveKeys:    {"template", "key", "unit", "comparable_key", "note"},
}

func TestDatasetTablesKeepTheContract(t *testing.T) {
	tables := DatasetTables()
	if len(tables) != len(contract) {
		t.Fatalf("%d tables, the contract has %d", len(tables), len(contract))
	}
	for _, tb := range tables {
		want, ok := contract[tb.Name]
		if !ok {
			t.Errorf("table %s is not in the contract", tb.Name)
			continue
		}
		var names []string
		for _, f := range tb.Schema.Fields() {
			if !f.Nullable {
				t.Errorf("%s.%s is not nullable: a blank would have nowhere to go", tb.Name, f.Name)
			}
			if slices.Contains(names, f.Name) {
				t.Errorf("%s.%s twice", tb.Name, f.Name)
			}
			names = append(names, f.Name)
			if Description(f) == "" {
				t.Errorf("%s.%s has no description", tb.Name, f.Name)
			}
		}
		if tb.Doc == "" {
			t.Errorf("%s has no description", tb.Name)
		}
		for _, c := range want {
			if !slices.Contains(names, c) {
				t.Errorf("%s lacks %s", tb.Name, c)
			}
		}
		// The year is the hive partition of the report tables, not a file column.
		if slices.Contains(names, PartitionColumn) {
			t.Errorf("%s stores the partition column in its files", tb.Name)
		}
		partitioned := !slices.Contains([]string{TableJurisdictions, TableFetches, TableIdentityCells, TableActiveKeys}, tb.Name)
		if tb.Partitioned != partitioned {
			t.Errorf("%s partitioned = %v", tb.Name, tb.Partitioned)
		}
		if got, ok := LookupDatasetTable(tb.Name); !ok || got.Name != tb.Name {
			t.Errorf("LookupDatasetTable(%s)", tb.Name)
		}
	}
	if _, ok := LookupDatasetTable("nope"); ok {
		t.Error("LookupDatasetTable found an unknown table")
	}
}

// The value columns of table 三 and 四, in order, as data-dictionary.md
// lists them (written out here, not read from the template declarations
// the Arrow schemas are built from).
func TestValueColumnsInContractOrder(t *testing.T) {
	for name, want := range map[string][]string{
		TableApplications: {"natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"},
		TableReview:       {"upheld", "corrected", "other", "pending", "total"},
	} {
		tb, ok := LookupDatasetTable(name)
		if !ok {
			t.Fatalf("no table %s", name)
		}
		var got []string
		for _, f := range tb.Schema.Fields() {
			if f.Name != "report_id" && f.Name != "division_code" && f.Name != "row_key" && f.Name != "grp" {
				got = append(got, f.Name)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s value columns %v, want %v", name, got, want)
		}
	}
}
