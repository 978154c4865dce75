// Package schema declares the national report templates as data: the rows,
// columns, labels and label variants of the three standard tables of the
// 2019 and 2021 政府信息公开工作年度报告 formats, and the arithmetic
// identities that validate them.
//
// It is the one source of truth that the extractor, the validator, the
// Parquet writer and the SQL views all read. A new template version is a new
// declaration here, not a new code path elsewhere.
package schema

import "slices"

// Template identifiers as they appear in the JSON and the dataset.
const (
	V2021 = "2021"
	V2019 = "2019"
)

// Table names used in provenance and in the dataset's cells table.
const (
	TableActive       = "active"            // table 二
	TableApplications = "applications"      // table 三
	TableReview       = "review_litigation" // table 四
)

// Severity of an identity.
const (
	Hard = "hard"
	Soft = "soft"
)

// Column is one applicant column of table 三.
type Column struct {
	Key      string   // data-dictionary key, e.g. "natural_person"
	Label    string   // printed label, e.g. "自然人"
	Keywords []string // any of these, after normalisation, identifies the header
}

// Row is one data row of table 三.
type Row struct {
	Key   string // data-dictionary key, e.g. "denied_state_secret"
	Label string // canonical printed label
	// Group is the block the row belongs to: "" for the top-level rows
	// (一、二、四 and the 三 rows (一)(二)(七)), otherwise the key of its
	// group: "denied", "unable", "not_processed" or "other".
	Group string
	// Keywords identify the row within its group: the row matches when its
	// normalised label contains any keyword and none of Exclude.
	Keywords []string
	Exclude  []string
	// Outcome marks the rows that add up to total_processed.
	Outcome bool
}

// Group is a block of table 三 rows that share a group label cell.
type Group struct {
	Key      string   // "denied", "unable", "not_processed", "other"
	Label    string   // canonical, e.g. "（三）不予公开"
	Keywords []string // e.g. "不予公开"
}

// ActiveField is one numeric cell of table 二.
type ActiveField struct {
	Key         string   // data-dictionary key, e.g. "normative_docs_issued"
	Block       string   // block caption, e.g. "第二十条第（一）项"
	Row         string   // printed row label, e.g. "行政规范性文件"
	RowKeywords []string // identify the row (after normalisation)
	RowExclude  []string
	Column      string   // printed column header, e.g. "本年制发件数"
	ColKeywords []string // identify the column
	Decimal     bool     // may carry decimals (fees, amounts)
	Signed      bool     // may carry a sign (2019 本年增/减)
	// Unit is set for amounts whose unit is printed beside the number and
	// kept as text (2019 procurement). The unit goes to Key+"_unit".
	Unit bool
}

// ReviewGroup is one 5-column group of table 四.
type ReviewGroup struct {
	Key      string // "review", "lit_direct", "lit_after_review"
	Label    string
	Keywords []string
}

// ReviewField is one of the five columns of each table 四 group.
type ReviewField struct {
	Key      string // "upheld", "corrected", "other", "pending", "total"
	Label    string
	Keywords []string
}

// Template is one version of the national format.
type Template struct {
	ID string // V2021 or V2019
	// Markers are phrases found only in this template's table 二 headers;
	// any of them in a report's text suggests this template.
	Markers            []string
	Active             []ActiveField
	ApplicationColumns []Column
	ApplicationGroups  []Group
	ApplicationRows    []Row
	ReviewGroups       []ReviewGroup
	ReviewFields       []ReviewField
}

// ReviewKey is the flat data-dictionary key of a table 四 cell,
// e.g. ReviewKey("review", "upheld") = "review_upheld".
func ReviewKey(group, field string) string { return group + "_" + field }

// ReviewKeys lists the 15 flat table 四 keys in printed order.
func (t *Template) ReviewKeys() []string {
	keys := make([]string, 0, len(t.ReviewGroups)*len(t.ReviewFields))
	for _, g := range t.ReviewGroups {
		for _, f := range t.ReviewFields {
			keys = append(keys, ReviewKey(g.Key, f.Key))
		}
	}
	return keys
}

// RowKeys lists the table 三 row keys in printed order.
func (t *Template) RowKeys() []string {
	keys := make([]string, len(t.ApplicationRows))
	for i, r := range t.ApplicationRows {
		keys[i] = r.Key
	}
	return keys
}

// ColumnKeys lists the table 三 column keys in printed order.
func (t *Template) ColumnKeys() []string {
	keys := make([]string, len(t.ApplicationColumns))
	for i, c := range t.ApplicationColumns {
		keys[i] = c.Key
	}
	return keys
}

// ActiveKeys lists the table 二 keys in printed order.
func (t *Template) ActiveKeys() []string {
	keys := make([]string, len(t.Active))
	for i, f := range t.Active {
		keys[i] = f.Key
	}
	return keys
}

// Row returns the declaration of the table 三 row with the given key.
func (t *Template) Row(key string) (Row, bool) {
	for _, r := range t.ApplicationRows {
		if r.Key == key {
			return r, true
		}
	}
	return Row{}, false
}

// Templates returns a copy of every template, newest first.
func Templates() []*Template { return []*Template{Template2021(), Template2019()} }

// Clone returns a deep copy of t: no slice of the copy shares memory with
// t, so changing one never changes the other.
func (t *Template) Clone() *Template {
	if t == nil {
		return nil
	}
	c := *t
	c.Markers = slices.Clone(t.Markers)
	c.Active = slices.Clone(t.Active)
	for i := range c.Active {
		f := &c.Active[i]
		f.RowKeywords, f.RowExclude, f.ColKeywords = slices.Clone(f.RowKeywords), slices.Clone(f.RowExclude), slices.Clone(f.ColKeywords)
	}
	c.ApplicationColumns = slices.Clone(t.ApplicationColumns)
	for i := range c.ApplicationColumns {
		c.ApplicationColumns[i].Keywords = slices.Clone(c.ApplicationColumns[i].Keywords)
	}
	c.ApplicationGroups = slices.Clone(t.ApplicationGroups)
	for i := range c.ApplicationGroups {
		c.ApplicationGroups[i].Keywords = slices.Clone(c.ApplicationGroups[i].Keywords)
	}
	c.ApplicationRows = slices.Clone(t.ApplicationRows)
	for i := range c.ApplicationRows {
		r := &c.ApplicationRows[i]
		r.Keywords, r.Exclude = slices.Clone(r.Keywords), slices.Clone(r.Exclude)
	}
	c.ReviewGroups = slices.Clone(t.ReviewGroups)
	for i := range c.ReviewGroups {
		c.ReviewGroups[i].Keywords = slices.Clone(c.ReviewGroups[i].Keywords)
	}
	c.ReviewFields = slices.Clone(t.ReviewFields)
	for i := range c.ReviewFields {
		c.ReviewFields[i].Keywords = slices.Clone(c.ReviewFields[i].Keywords)
	}
	return &c
}

// Lookup returns a copy of the template with the given ID.
func Lookup(id string) (*Template, bool) {
	switch id {
	case V2021:
		return Template2021(), true
	case V2019:
		return Template2019(), true
	}
	return nil, false
}
