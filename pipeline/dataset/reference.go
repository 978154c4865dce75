package dataset

import (
	"path/filepath"

	"ogi/schema"
)

// The reference tables carry the template declarations of package schema
// into the dataset, so that plain SQL (views.sql, an analyst's own) applies
// the same rules as ogi: which cells each hard identity involves, and how
// the table 二 keys of the two templates map.

func writeIdentityCells(root string, addFile func(string, string, int) error) error {
	t, _ := schema.LookupDatasetTable(schema.TableIdentityCells)
	rel := filepath.Join(t.Name, "part-0.parquet")
	w := newTableWriter(t, filepath.Join(root, rel))
	for _, tmpl := range schema.Templates() {
		for _, id := range tmpl.Identities() {
			if id.Severity != schema.Hard {
				continue
			}
			for _, side := range []struct {
				name string
				refs []schema.Ref
			}{{"left", id.Left}, {"right", id.Right}} {
				for _, ref := range side.refs {
					w.str(tmpl.ID)
					w.str(id.ID)
					w.str(id.Severity)
					w.str(side.name)
					w.str(ref.Table)
					w.str(ref.Row)
					w.str(ref.Col)
					w.str(id.Doc)
					if err := w.end(); err != nil {
						w.abort()
						w.b.Release()
						return err
					}
				}
			}
		}
	}
	return closeAndAdd(w, t.Name, rel, addFile)
}

func writeActiveKeys(root string, addFile func(string, string, int) error) error {
	t, _ := schema.LookupDatasetTable(schema.TableActiveKeys)
	rel := filepath.Join(t.Name, "part-0.parquet")
	w := newTableWriter(t, filepath.Join(root, rel))
	fields := map[string]schema.ActiveField{}
	for _, tmpl := range schema.Templates() {
		for _, f := range tmpl.Active {
			fields[tmpl.ID+"/"+f.Key] = f
		}
	}
	for _, k := range schema.ActiveKeys() {
		f := fields[k.Template+"/"+k.Key]
		w.str(k.Template)
		w.str(k.Key)
		w.str(f.Block)
		w.str(f.Row)
		w.str(f.Column)
		w.str(k.Unit)
		w.str(k.ComparableKey)
		w.str(k.Note)
		if err := w.end(); err != nil {
			w.abort()
			w.b.Release()
			return err
		}
	}
	return closeAndAdd(w, t.Name, rel, addFile)
}
