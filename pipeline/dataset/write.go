package dataset

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"ogi/schema"

	"golang.org/x/sync/errgroup"
)

type writer struct {
	dataDir string
	opts    Options
	log     *slog.Logger
}

// write writes every table into a temporary folder beside the
// generations, then swaps it in.
func (w *writer) write(ctx context.Context, items []*item, juris []Jurisdiction, fetches []Fetch) (Manifest, error) {
	man := Manifest{Format: ManifestFormat}
	tmp, err := newBuildDir(w.dataDir)
	if err != nil {
		return man, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()

	files := map[string][]ManifestFile{}
	addFile := func(table, rel string, rows int) error {
		mf, err := describe(tmp, rel, rows)
		if err != nil {
			return err
		}
		files[table] = append(files[table], mf)
		return nil
	}

	// Report tables, one partition per year, written in parallel.
	byYear := map[int][]*item{}
	for _, it := range items {
		byYear[it.year] = append(byYear[it.year], it)
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	slices.Sort(years)
	tmpls := templateInfos()
	var mu sync.Mutex
	safeAdd := func(table, rel string, rows int) error {
		mu.Lock()
		defer mu.Unlock()
		return addFile(table, rel, rows)
	}
	// One partition per year at a time per worker; the first error stops
	// the others.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, w.opts.Workers, 2))
	for _, y := range years {
		if gctx.Err() != nil {
			break
		}
		part := "year=" + strconv.Itoa(y)
		if y == 0 {
			part = "year=" + NullPartition
		}
		its := byYear[y]
		g.Go(func() error {
			slices.SortFunc(its, func(a, b *item) int {
				return cmp.Or(cmp.Compare(a.division, b.division), cmp.Compare(a.scope, b.scope),
					cmp.Compare(a.source, b.source), a.fetchedAt.Compare(b.fetchedAt), cmp.Compare(a.id, b.id))
			})
			if err := w.writeYear(gctx, tmp, part, its, tmpls, safeAdd); err != nil {
				return err
			}
			return hook(w.opts, "partition "+part)
		})
	}
	if err := g.Wait(); err != nil {
		return man, err
	}
	if err := ctx.Err(); err != nil {
		return man, fmt.Errorf("dataset: interrupted: %w", err)
	}

	// Jurisdictions, fetches and the reference tables, unpartitioned.
	if err := writeJurisdictions(tmp, juris, addFile); err != nil {
		return man, err
	}
	if err := writeFetches(tmp, fetches, addFile); err != nil {
		return man, err
	}
	// What the SQL views need from the template declarations.
	if err := writeIdentityCells(tmp, addFile); err != nil {
		return man, err
	}
	if err := writeActiveKeys(tmp, addFile); err != nil {
		return man, err
	}
	if err := hook(w.opts, "written"); err != nil {
		return man, err
	}

	for _, t := range schema.DatasetTables() {
		fs := files[t.Name]
		if fs == nil {
			fs = []ManifestFile{}
		}
		slices.SortFunc(fs, func(a, b ManifestFile) int { return cmp.Compare(a.Path, b.Path) })
		man.Tables = append(man.Tables, ManifestTable{Name: t.Name, Partitioned: t.Partitioned, Files: fs})
	}
	if err := writeDocs(tmp, man); err != nil {
		return man, err
	}
	b, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return man, fmt.Errorf("dataset: manifest: %w", err)
	}
	if err := writeFileSync(filepath.Join(tmp, ManifestName), append(b, '\n')); err != nil {
		return man, err
	}
	if err := hook(w.opts, "swap"); err != nil {
		return man, err
	}
	sw := swapper{dataDir: w.dataDir, log: w.log, syncDir: w.opts.syncDir}
	if err := sw.swap(tmp); err != nil {
		return man, err
	}
	done = true
	return man, nil
}

// describe hashes a written file for the manifest.
func describe(root, rel string, rows int) (ManifestFile, error) {
	f, err := os.Open(filepath.Join(root, rel))
	if err != nil {
		return ManifestFile{}, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return ManifestFile{}, fmt.Errorf("dataset: hash %s: %w", rel, err)
	}
	return ManifestFile{Path: filepath.ToSlash(rel), Rows: rows, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// tmplInfo caches a template's key orders for the write pass.
type tmplInfo struct {
	rowKeys, colKeys, activeKeys, reviewKeys, groups []string
}

func templateInfos() map[string]*tmplInfo {
	out := map[string]*tmplInfo{}
	for _, t := range schema.Templates() {
		ti := &tmplInfo{rowKeys: t.RowKeys(), colKeys: t.ColumnKeys(), activeKeys: t.ActiveKeys(), reviewKeys: t.ReviewKeys()}
		for _, g := range t.ReviewGroups {
			ti.groups = append(ti.groups, g.Key)
		}
		out[t.ID] = ti
	}
	return out
}

func (w *writer) writeYear(ctx context.Context, root, part string, items []*item, tmpls map[string]*tmplInfo, addFile func(string, string, int) error) error {
	names := []string{schema.TableReports, schema.TableApplications, schema.TableReview, schema.TableActive, schema.TableChecks, schema.TableCells}
	tw := map[string]*tableWriter{}
	rel := map[string]string{}
	for _, n := range names {
		t, _ := schema.LookupDatasetTable(n)
		rel[n] = filepath.Join(n, part, "part-0.parquet")
		tw[n] = newTableWriter(t, filepath.Join(root, rel[n]))
	}
	closeAll := func() {
		for _, t := range tw {
			t.abort()
			t.b.Release()
		}
	}
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			closeAll()
			return fmt.Errorf("dataset: interrupted: %w", err)
		}
		rep, err := it.load()
		if err != nil {
			closeAll()
			return fmt.Errorf("dataset: load report %s: %w", it.source, err)
		}
		ti := tmpls[rep.Template]
		if ti == nil {
			ti = &tmplInfo{}
		}
		if err := writeReport(tw, it, &rep, ti); err != nil {
			closeAll()
			return err
		}
	}
	for _, n := range names {
		t := tw[n]
		delete(tw, n)
		wrote, err := t.close()
		if err != nil {
			closeAll()
			return err
		}
		if wrote {
			if err := addFile(n, rel[n], t.total); err != nil {
				closeAll()
				return err
			}
		}
	}
	return nil
}

func writeJurisdictions(root string, juris []Jurisdiction, addFile func(string, string, int) error) error {
	t, _ := schema.LookupDatasetTable(schema.TableJurisdictions)
	js := slices.Clone(juris)
	slices.SortFunc(js, func(a, b Jurisdiction) int { return cmp.Compare(a.Code, b.Code) })
	rel := filepath.Join(t.Name, "part-0.parquet")
	w := newTableWriter(t, filepath.Join(root, rel))
	for _, j := range js {
		w.str(j.Code)
		w.str(j.Name)
		w.str(j.Level)
		w.str(j.ParentCode)
		w.str(j.ProvinceCode)
		if err := w.end(); err != nil {
			w.abort()
			w.b.Release()
			return err
		}
	}
	return closeAndAdd(w, t.Name, rel, addFile)
}

func writeFetches(root string, fetches []Fetch, addFile func(string, string, int) error) error {
	t, _ := schema.LookupDatasetTable(schema.TableFetches)
	fs := slices.Clone(fetches)
	slices.SortStableFunc(fs, func(a, b Fetch) int {
		return cmp.Or(cmp.Compare(a.URL, b.URL), a.FetchedAt.Compare(b.FetchedAt), cmp.Compare(a.SHA256, b.SHA256))
	})
	rel := filepath.Join(t.Name, "part-0.parquet")
	w := newTableWriter(t, filepath.Join(root, rel))
	for _, f := range fs {
		w.str(f.URL)
		w.i32(int32(f.Status), f.Status != 0)
		b := f.Bytes
		w.i64(&b)
		w.timestamp(f.FetchedAt)
		w.str(f.ETag)
		w.str(f.LastModified)
		w.str(f.SHA256)
		w.str(f.Error)
		w.str(f.PortalCode)
		w.str(f.Kind)
		if err := w.end(); err != nil {
			w.abort()
			w.b.Release()
			return err
		}
	}
	return closeAndAdd(w, t.Name, rel, addFile)
}

func closeAndAdd(w *tableWriter, table, rel string, addFile func(string, string, int) error) error {
	wrote, err := w.close()
	if err != nil {
		return err
	}
	if !wrote {
		return nil
	}
	return addFile(table, rel, w.total)
}

func writeFileSync(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := (syncCloser{f}).Close(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	return nil
}
