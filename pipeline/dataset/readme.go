package dataset

import (
	"fmt"
	"strings"
	"sync"
	"text/template"

	"ogi/data"
	"ogi/pipeline/views"
	"ogi/schema"
)

// ReadmeName is the data dictionary in a dataset folder.
const ReadmeName = "README.md"

type readmeColumn struct{ Name, Type, Desc string }

type readmeTable struct {
	Name, Doc, Key string
	Partitioned    bool
	Columns        []readmeColumn
}

// Readme returns the data dictionary of the dataset as implemented: the
// tables, their columns (with the descriptions the Parquet files carry),
// keys and units, the views, the metrics and the table 二 key mapping. It
// does not depend on the data, so docs/dataset.md is the same text.
func Readme() (string, error) { return readme() }

var readme = sync.OnceValues(func() (string, error) {
	var tables []readmeTable
	for _, t := range schema.DatasetTables() {
		rt := readmeTable{Name: t.Name, Doc: t.Doc, Partitioned: t.Partitioned, Key: "`" + strings.Join(t.Key, "`, `") + "`"}
		for _, f := range t.Schema.Fields() {
			rt.Columns = append(rt.Columns, readmeColumn{Name: f.Name, Type: views.DuckType(f.Type), Desc: schema.Description(f)})
		}
		tables = append(tables, rt)
	}
	tmpl, err := template.New("README.md").Parse(data.DatasetReadme)
	if err != nil {
		return "", fmt.Errorf("dataset: README template: %w", err)
	}
	var b strings.Builder
	err = tmpl.Execute(&b, map[string]any{
		"Tables": tables, "Metrics": views.Metrics(), "ActiveKeys": schema.ActiveKeys(),
	})
	if err != nil {
		return "", fmt.Errorf("dataset: README template: %w", err)
	}
	return b.String(), nil
})
