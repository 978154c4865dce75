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
	// TableIdentityCells lists, for every hard identity of every template,
	// the cells it involves: the identities of the template declarations,
	// written into the dataset so that plain SQL can tell verified figures
	// from unverified ones.
	TableIdentityCells = "identity_cells"
	// TableActiveKeys lists the table 二 keys of every template and the
	// ones that compare across templates.
	TableActiveKeys = "active_keys"
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
	// Key lists the columns that identify a row.
	Key []string
}

// DescriptionKey is the Arrow field metadata key of a column's
// description: pyarrow shows it as field.metadata[b"description"], and the
// dataset's README.md lists the same text.
const DescriptionKey = "description"

func field(name string, t arrow.DataType, desc string) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true,
		Metadata: arrow.NewMetadata([]string{DescriptionKey}, []string{desc})}
}
func str(name, desc string) arrow.Field { return field(name, arrow.BinaryTypes.String, desc) }
func i64(name, desc string) arrow.Field { return field(name, arrow.PrimitiveTypes.Int64, desc) }
func i32(name, desc string) arrow.Field { return field(name, arrow.PrimitiveTypes.Int32, desc) }
func f64(name, desc string) arrow.Field { return field(name, arrow.PrimitiveTypes.Float64, desc) }
func boolean(name, desc string) arrow.Field {
	return field(name, arrow.FixedWidthTypes.Boolean, desc)
}
func date(name, desc string) arrow.Field {
	return field(name, arrow.FixedWidthTypes.Date32, desc)
}
func ts(name, desc string) arrow.Field {
	return field(name, &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, desc)
}

// Description returns the description of a column (its field metadata).
func Description(f arrow.Field) string {
	if i := f.Metadata.FindKey(DescriptionKey); i >= 0 {
		return f.Metadata.Values()[i]
	}
	return ""
}

// allApplicationColumns is the union of the table 三 columns of every
// template, in template order (newest template first).
func allApplicationColumns() []Column {
	var cols []Column
	seen := map[string]bool{}
	for _, t := range Templates() {
		for _, c := range t.ApplicationColumns {
			if !seen[c.Key] {
				seen[c.Key] = true
				cols = append(cols, c)
			}
		}
	}
	return cols
}

// allReviewFields is the union of the table 四 fields of every template.
func allReviewFields() []ReviewField {
	var fields []ReviewField
	seen := map[string]bool{}
	for _, t := range Templates() {
		for _, f := range t.ReviewFields {
			if !seen[f.Key] {
				seen[f.Key] = true
				fields = append(fields, f)
			}
		}
	}
	return fields
}

// Descriptions of the columns that several tables share.
const (
	descReportID = "id of the report version (reports.report_id): hex of sha256(source URL or path, NUL, payload sha256), first 16 bytes"
	descDivision = "GB/T 2260 division code of the report's jurisdiction (jurisdictions.code); null when unresolved"
)

// DatasetTables returns every table of the dataset in a stable order. The
// column sets of applications and review_litigation come from the template
// declarations: a new applicant column in a template is a new column here.
// Every column carries its description as field metadata.
func DatasetTables() []DatasetTable {
	reports := arrow.NewSchema([]arrow.Field{
		str("report_id", descReportID),
		str("source_url", "where the report was read: the URL asked for, or the original path of a local file"),
		str("final_url", "the URL after redirects; null for local files"),
		ts("fetched_at", "when the crawler fetched this version (UTC); null for local files"),
		str("sha256", "hex sha256 of the payload bytes"),
		str("content_type", "content type as served, or as sniffed by the extractor"),
		str("title", "the report's title as printed"),
		str("agency", "the publishing agency as printed, e.g. 招远市人民政府"),
		str("division_code", descDivision),
		str("province_code", "GB/T 2260 code of the division's province"),
		str("level", "province, prefecture or county: the division's level"),
		str("scope", "gov_aggregate (a government as a whole), gov_office (its general office), department or township"),
		str("template", "national template read: 2021 or 2019"),
		str("status", "ok (tables read), partial (some tables read), skipped (not a comparable report) or failed (unreadable)"),
		str("reason", "machine code when the status is not ok, e.g. NO_TABLES, PRE2019_FREEFORM, UNREADABLE"),
		str("detail", "free text on the status, for people"),
		i32("checks_failed", "hard checks (identities) that failed, in checks"),
		i32("soft_checks_failed", "soft checks (warnings) that failed, in checks"),
		str("extractor_version", "version of the extractor that read the report"),
		boolean("is_current", "the newest version of its source URL"),
		boolean("is_primary", "the one report compared for its division, scope and year (current, status ok or partial)"),
		boolean("gone", "no longer on the portal at the last crawl (the archived copy is kept)"),
		str("portal_code", "division code of the portal (registry row) the report was crawled from; null for local files"),
		date("published", "publication date as the portal printed it (a calendar day); published_source says where it comes from; null when nothing states it"),
		str("published_source", "where published comes from, best first: page (the page's 发布日期/发布时间 line or PubDate meta; an attachment's from the page that links it), url (a date in the URL: TRS t20240129_, Hanweb /art/2024/1/30/), list (the date beside the link on the list page), url_month (a year and month in the URL only: the first of the month), archive (when the crawler first fetched it: not evidence of when it was published, so timeliness calls the date unknown)"),
	}, nil)

	appFields := []arrow.Field{
		str("report_id", descReportID), str("division_code", descDivision),
		str("row_key", "table 三 row, e.g. new_received, granted, total_processed (data dictionary)"),
	}
	for _, c := range allApplicationColumns() {
		appFields = append(appFields, i64(c.Key, "applications of "+c.Label+" ("+c.Key+"): an integer count; null when printed blank or not a whole number"))
	}
	revFields := []arrow.Field{
		str("report_id", descReportID), str("division_code", descDivision),
		str("grp", "table 四 group: review (行政复议), lit_direct (未经复议直接起诉) or lit_after_review (复议后起诉)"),
	}
	for _, f := range allReviewFields() {
		revFields = append(revFields, i64(f.Key, "cases "+f.Label+" ("+f.Key+"): an integer count; null when printed blank"))
	}
	return []DatasetTable{
		{Name: TableReports, Key: []string{"report_id"}, Partitioned: true, Schema: reports,
			Doc: "one row per report version; is_current marks the newest version of each source, is_primary the one compared"},
		{Name: TableApplications, Key: []string{"report_id", "row_key"}, Partitioned: true, Schema: arrow.NewSchema(appFields, nil),
			Doc: "table 三: one row per report and row_key, one column per applicant column"},
		{Name: TableReview, Key: []string{"report_id", "grp"}, Partitioned: true, Schema: arrow.NewSchema(revFields, nil),
			Doc: "table 四: one row per report and group (review, lit_direct, lit_after_review)"},
		{Name: TableActive, Key: []string{"report_id", "key"}, Partitioned: true, Schema: arrow.NewSchema([]arrow.Field{
			str("report_id", descReportID), str("division_code", descDivision),
			str("key", "table 二 key, e.g. normative_docs_issued, fees_amount_wan (see active_keys)"),
			f64("value", "the number as printed (counts, or an amount in the unit of the unit column); null when blank"),
			str("unit", "unit printed beside an amount (2019 procurement_amount: 元 or 万元); null elsewhere"),
			f64("amount_wan", "amounts only (fees, procurement): the value in 万元, from the template's unit or the printed one; null for counts or an unknown unit"),
		}, nil), Doc: "table 二: one row per report and key"},
		{Name: TableChecks, Key: []string{"report_id", "check_id"}, Partitioned: true, Schema: arrow.NewSchema([]arrow.Field{
			str("report_id", descReportID),
			str("check_id", "stable check id, e.g. t3_balance_total (identity_cells lists the cells of each identity)"),
			str("severity", "hard (an identity of the template: a failure makes its cells unverified) or soft (a warning)"),
			boolean("ok", "the check held; false also when it was not checkable (its cells not printed)"),
			f64("expected", "one side of the identity"), f64("actual", "the other side"),
			str("detail", "what failed, for people"),
			str("division_code", descDivision),
		}, nil), Doc: "hard identities from the extractor and soft cross-report checks"},
		{Name: TableCells, Key: []string{"report_id", "table", "row_key", "col_key"}, Partitioned: true, Schema: arrow.NewSchema([]arrow.Field{
			str("report_id", descReportID),
			str("table", "active (表二), applications (表三) or review_litigation (表四)"),
			str("row_key", "row key (table 三), flat key (table 四, e.g. review_total) or key (table 二)"),
			str("col_key", "table 三 column key; null for tables 二 and 四"),
			f64("value", "the number read; null when blank"),
			str("raw_text", "the text as printed"),
			boolean("blank", "printed blank (empty, -, —, /, 无): the value is null, never 0"),
			boolean("positional", "the label was inferred from the cell's position, not read"),
			str("locator", "where in the source, e.g. table 3 row 5 col 2, page 4 line 12"),
			str("division_code", descDivision),
		}, nil), Doc: "provenance of every printed value"},
		{Name: TableJurisdictions, Key: []string{"code"}, Schema: arrow.NewSchema([]arrow.Field{
			str("code", "GB/T 2260 division code"), str("name", "official name"),
			str("level", "province, prefecture or county"),
			str("parent_code", "code of the division above; null for provinces"),
			str("province_code", "code of the province"),
		}, nil), Doc: "GB/T 2260 divisions"},
		{Name: TableFetches, Key: []string{"url", "fetched_at"}, Schema: arrow.NewSchema([]arrow.Field{
			str("url", "the URL requested"), i32("status", "HTTP status; null when no response"),
			i64("bytes", "body bytes received"), ts("fetched_at", "when (UTC)"),
			str("etag", "ETag served"), str("last_modified", "Last-Modified served"),
			str("sha256", "hex sha256 of the body"), str("error", "why the fetch failed; null when it did not"),
			str("portal_code", "division code of the portal (registry row) crawled: joins jurisdictions.code and reports.portal_code; null for a fetch of the host itself (robots.txt)"),
			str("kind", "what was fetched: list, detail, report, attachment, robots, …"),
		}, nil), Doc: "the crawl log"},
		{Name: TableIdentityCells, Key: []string{"template", "check_id", "side", "table", "row_key", "col_key"}, Schema: arrow.NewSchema([]arrow.Field{
			str("template", "2021 or 2019"),
			str("check_id", "the identity's check id (checks.check_id)"),
			str("severity", "hard"),
			str("side", "left or right: the identity says Σleft = Σright"),
			str("table", "applications or review_litigation (cells.table)"),
			str("row_key", "the cell's row key (cells.row_key)"),
			str("col_key", "the cell's column key (cells.col_key); null for table 四"),
			str("doc", "what the identity says"),
		}, nil), Doc: "the cells each hard identity involves, from the template declarations (schema/): a failed identity makes these cells of the report unverified"},
		{Name: TableActiveKeys, Key: []string{"template", "key"}, Schema: arrow.NewSchema([]arrow.Field{
			str("template", "2021 or 2019"), str("key", "table 二 key (active.key)"),
			str("block", "the block caption, e.g. 第二十条第（一）项"), str("row_label", "the printed row"),
			str("column_label", "the printed column"),
			str("unit", "万元 for amounts in 万元 by the template, printed for amounts whose unit is printed beside them, null for counts"),
			str("comparable_key", "the key under which this value compares across templates (active_harmonised); null when the concept has no counterpart"),
			str("note", "why a key does not map onto the other template"),
		}, nil), Doc: "the table 二 keys of each template and how they map across templates"},
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
