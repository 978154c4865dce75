package dataset

import (
	"fmt"
	"path/filepath"

	"ogi/pipeline/views"
)

// writeDocs writes what makes a dataset folder explain itself:
// views.sql, the views and comparison queries of ogi as plain SQL over the
// folder's files (package views), and README.md, its data dictionary.
func writeDocs(root string, man Manifest) error {
	var tables []views.Table
	for _, t := range man.Tables {
		vt := views.Table{Name: t.Name, Partitioned: t.Partitioned}
		for _, f := range t.Files {
			vt.Files = append(vt.Files, f.Path)
		}
		tables = append(tables, vt)
	}
	script, err := views.Script(tables)
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	if err := writeFileSync(filepath.Join(root, views.FileName), []byte(script)); err != nil {
		return err
	}
	text, err := Readme()
	if err != nil {
		return err
	}
	return writeFileSync(filepath.Join(root, ReadmeName), []byte(text))
}
