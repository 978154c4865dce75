package schema

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// Dataset table names (data-dictionary.md, "Parquet dataset"). The three
// report tables reuse TableActive, TableApplications and TableReview.
const (
	TableReports       = "reports"
	TableChecks        = "checks"
	TableCells         = "cells"
	TableJurisdictions = "jurisdictions"
	TableFetches       = "fetches"
)

// PartitionColumn is the hive partition key of the report tables: it lives
// in the directory name (year=2023), not inside the Parquet files.
const PartitionColumn = "year"

// DatasetTable describes one table of the Parquet dataset.
type DatasetTable struct {
	Name string
	// Partitioned tables are written as NAME/year=YYYY/part-0.parquet and
	// their year column comes from the path; the others as NAME/part-0.parquet.
	Partitioned bool
	// Schema lists the columns stored in the files, in order. Every field
	// is nullable: a blank printed cell is null, never 0.
	Schema *arrow.Schema
	Doc    string
}

func str(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.BinaryTypes.String, Nullable: true}
}
func i64(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int64, Nullable: true}
}
func i32(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int32, Nullable: true}
}
func f64(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64, Nullable: true}
}
func boolean(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.FixedWidthTypes.Boolean, Nullable: true}
}
func ts(name string) arrow.Field {
	return arrow.Field{Name: name, Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true}
}

// applicationColumnKeys is the union of the table 三 column keys of every
// template, in template order (newest template first).
func applicationColumnKeys() []string {
	var keys []string
	seen := map[string]bool{}
	for _, t := range Templates() {
		for _, k := range t.ColumnKeys() {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// reviewFieldKeys is the union of the table 四 field keys of every template.
func reviewFieldKeys() []string {
	var keys []string
	seen := map[string]bool{}
	for _, t := range Templates() {
		for _, f := range t.ReviewFields {
			if !seen[f.Key] {
				seen[f.Key] = true
				keys = append(keys, f.Key)
			}
		}
	}
	return keys
}

// DatasetTables returns every table of the dataset in a stable order. The
// column sets of applications and review_litigation come from the template
// declarations: a new applicant column in a template is a new column here.
func DatasetTables() []DatasetTable {
	reports := arrow.NewSchema([]arrow.Field{
		str("report_id"), str("source_url"), str("final_url"), ts("fetched_at"), str("sha256"),
		str("content_type"), str("title"), str("agency"), str("division_code"), str("province_code"),
		str("level"), str("scope"), str("template"), str("status"), str("reason"), str("detail"),
		i32("checks_failed"), i32("soft_checks_failed"), str("extractor_version"),
		boolean("is_current"), boolean("is_primary"), boolean("gone"), str("portal_code"),
	}, nil)

	appFields := []arrow.Field{str("report_id"), str("division_code"), str("row_key")}
	for _, k := range applicationColumnKeys() {
		appFields = append(appFields, i64(k))
	}
	revFields := []arrow.Field{str("report_id"), str("division_code"), str("grp")}
	for _, k := range reviewFieldKeys() {
		revFields = append(revFields, i64(k))
	}
	return []DatasetTable{
		{Name: TableReports, Partitioned: true, Schema: reports,
			Doc: "one row per report version; is_current marks the newest version of each source"},
		{Name: TableApplications, Partitioned: true, Schema: arrow.NewSchema(appFields, nil),
			Doc: "table 三: one row per report and row_key, one column per applicant column"},
		{Name: TableReview, Partitioned: true, Schema: arrow.NewSchema(revFields, nil),
			Doc: "table 四: one row per report and group (review, lit_direct, lit_after_review)"},
		{Name: TableActive, Partitioned: true, Schema: arrow.NewSchema([]arrow.Field{
			str("report_id"), str("division_code"), str("key"), f64("value"), str("unit"),
		}, nil), Doc: "table 二: one row per report and key; unit only where printed beside the amount"},
		{Name: TableChecks, Partitioned: true, Schema: arrow.NewSchema([]arrow.Field{
			str("report_id"), str("check_id"), str("severity"), boolean("ok"), f64("expected"), f64("actual"), str("detail"),
		}, nil), Doc: "hard identities from the extractor and soft cross-report checks"},
		{Name: TableCells, Partitioned: true, Schema: arrow.NewSchema([]arrow.Field{
			str("report_id"), str("table"), str("row_key"), str("col_key"), f64("value"), str("raw_text"),
			boolean("blank"), boolean("positional"), str("locator"),
		}, nil), Doc: "provenance of every printed value"},
		{Name: TableJurisdictions, Schema: arrow.NewSchema([]arrow.Field{
			str("code"), str("name"), str("level"), str("parent_code"), str("province_code"),
		}, nil), Doc: "GB/T 2260 divisions"},
		{Name: TableFetches, Schema: arrow.NewSchema([]arrow.Field{
			str("url"), i32("status"), i64("bytes"), ts("fetched_at"), str("etag"), str("last_modified"),
			str("sha256"), str("error"),
		}, nil), Doc: "the crawl log"},
	}
}

// LookupDatasetTable returns the dataset table with the given name.
func LookupDatasetTable(name string) (DatasetTable, bool) {
	for _, t := range DatasetTables() {
		if t.Name == name {
			return t, true
		}
	}
	return DatasetTable{}, false
}
