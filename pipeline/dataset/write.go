package dataset

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"ogi/pipeline/report"
	"ogi/schema"
)

// NullPartition is the folder name of the rows whose year is unknown
// (hive's convention; DuckDB, Arrow and Spark read it as null).
const NullPartition = "__HIVE_DEFAULT_PARTITION__"

// Manifest lists the files of a complete dataset. It holds no timestamps,
// so two builds of the same inputs give the same manifest.
type Manifest struct {
	Format int             `json:"format"`
	Tables []ManifestTable `json:"tables"`
}

// ManifestTable is one table of the manifest.
type ManifestTable struct {
	Name        string         `json:"name"`
	Partitioned bool           `json:"partitioned"`
	Files       []ManifestFile `json:"files"`
}

// ManifestFile is one Parquet file, relative to the dataset folder.
type ManifestFile struct {
	Path   string `json:"path"`
	Rows   int    `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ReadManifest reads the manifest of the dataset folder dir.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return m, fmt.Errorf("no complete dataset in %s (no %s; run ogi build): %w", dir, ManifestName, err)
		}
		return m, fmt.Errorf("read manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("manifest %s is corrupt: %w", filepath.Join(dir, ManifestName), err)
	}
	return m, nil
}

type writer struct {
	dataDir string
	opts    Options
	log     *slog.Logger
}

// write writes every table into a temporary folder beside the dataset,
// then swaps it in.
func (w *writer) write(ctx context.Context, items []*item, juris []Jurisdiction, fetches []Fetch) (Manifest, error) {
	man := Manifest{Format: 1}
	tmp, err := os.MkdirTemp(w.dataDir, ".dataset-build-")
	if err != nil {
		return man, fmt.Errorf("dataset: temp folder: %w", err)
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
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(years))
	sem := make(chan struct{}, max(1, w.opts.Workers, 2))
	var wg sync.WaitGroup
	for i, y := range years {
		part := "year=" + strconv.Itoa(y)
		if y == 0 {
			part = "year=" + NullPartition
		}
		its := byYear[y]
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if wctx.Err() != nil {
				errs[i] = wctx.Err()
				return
			}
			slices.SortFunc(its, func(a, b *item) int {
				return cmp.Or(cmp.Compare(a.division, b.division), cmp.Compare(a.scope, b.scope),
					cmp.Compare(a.source, b.source), a.fetchedAt.Compare(b.fetchedAt), cmp.Compare(a.id, b.id))
			})
			err := w.writeYear(wctx, tmp, part, its, tmpls, safeAdd)
			if err == nil {
				err = hook(w.opts, "partition "+part)
			}
			if err != nil {
				errs[i] = err
				cancel()
			}
		})
	}
	wg.Wait()
	// Report the first real error, not the cancellations it caused.
	var firstErr error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			firstErr = err
			break
		}
	}
	if firstErr == nil {
		firstErr = errors.Join(errs...)
	}
	if firstErr != nil {
		return man, firstErr
	}

	// Jurisdictions and fetches, unpartitioned.
	if err := writeJurisdictions(tmp, juris, addFile); err != nil {
		return man, err
	}
	if err := writeFetches(tmp, fetches, addFile); err != nil {
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
	if err := swap(w.dataDir, tmp); err != nil {
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

func writeReport(tw map[string]*tableWriter, it *item, rep *report.Report, ti *tmplInfo) error {
	r := tw[schema.TableReports]
	r.str(it.id)
	r.str(it.source)
	r.str(it.finalURL)
	r.timestamp(it.fetchedAt)
	r.str(it.sha)
	r.str(it.contentType)
	r.str(it.title)
	r.str(it.agency)
	r.str(it.division)
	r.str(it.province)
	r.str(it.level)
	r.str(it.scope)
	r.str(it.template)
	r.str(string(it.status))
	r.str(string(it.reason))
	r.str(it.detail)
	r.i32(int32(it.checksFailed), true)
	r.i32(int32(it.softFailed), true)
	r.str(it.extractorVersion)
	r.boolean(it.current)
	r.boolean(it.primary)
	r.boolean(it.gone)
	r.str(it.portal)
	if err := r.end(); err != nil {
		return err
	}

	count := func(table, row, col string, v report.Value, ok bool) *int64 {
		if !ok || v.Blank || it.nonIntegral[table+"/"+row+"/"+col] {
			return nil
		}
		n := int64(math.Round(v.Num))
		return &n
	}

	a := tw[schema.TableApplications]
	appCols := a.table.Schema.Fields()[3:]
	appRows := report.OrderedKeys(rep.Applications, ti.rowKeys)
	for _, rk := range appRows {
		row := rep.Applications[rk]
		a.str(it.id)
		a.str(it.division)
		a.str(rk)
		for _, c := range appCols {
			v, ok := row[c.Name]
			a.i64(count(schema.TableApplications, rk, c.Name, v, ok))
		}
		if err := a.end(); err != nil {
			return err
		}
	}

	rv := tw[schema.TableReview]
	revCols := rv.table.Schema.Fields()[3:]
	for _, g := range ti.groups {
		present := false
		for _, c := range revCols {
			if _, ok := rep.ReviewLitigation[schema.ReviewKey(g, c.Name)]; ok {
				present = true
			}
		}
		if !present {
			continue
		}
		rv.str(it.id)
		rv.str(it.division)
		rv.str(g)
		for _, c := range revCols {
			k := schema.ReviewKey(g, c.Name)
			v, ok := rep.ReviewLitigation[k]
			rv.i64(count(schema.TableReview, k, "", v, ok))
		}
		if err := rv.end(); err != nil {
			return err
		}
	}

	ac := tw[schema.TableActive]
	activeKeys := report.OrderedKeys(rep.Active, ti.activeKeys)
	for _, k := range activeKeys {
		v := rep.Active[k]
		ac.str(it.id)
		ac.str(it.division)
		ac.str(k)
		ac.f64(num(v))
		ac.str(rep.ActiveUnits[k])
		if err := ac.end(); err != nil {
			return err
		}
	}

	ch := tw[schema.TableChecks]
	checks := append(slices.Clone(rep.Checks), it.extra...)
	for _, c := range checks {
		ch.str(it.id)
		ch.str(c.ID)
		ch.str(cmp.Or(c.Severity, schema.Hard))
		ch.boolean(c.OK)
		e, x := c.Expected, c.Actual
		ch.f64(&e)
		ch.f64(&x)
		ch.str(c.Detail)
		if err := ch.end(); err != nil {
			return err
		}
	}

	// Provenance of every value, in report.Cells order: table 二, 三, 四.
	ce := tw[schema.TableCells]
	cell := func(table, row, col string, v report.Value) error {
		ce.str(it.id)
		ce.str(table)
		ce.str(row)
		ce.str(col)
		ce.f64(num(v))
		ce.str(v.Raw)
		ce.boolean(v.Blank)
		ce.boolean(v.Positional)
		ce.str(v.Locator)
		return ce.end()
	}
	for _, k := range activeKeys {
		if err := cell(schema.TableActive, k, "", rep.Active[k]); err != nil {
			return err
		}
	}
	for _, rk := range appRows {
		row := rep.Applications[rk]
		for _, ck := range report.OrderedKeys(row, ti.colKeys) {
			if err := cell(schema.TableApplications, rk, ck, row[ck]); err != nil {
				return err
			}
		}
	}
	for _, k := range report.OrderedKeys(rep.ReviewLitigation, ti.reviewKeys) {
		if err := cell(schema.TableReview, k, "", rep.ReviewLitigation[k]); err != nil {
			return err
		}
	}
	return nil
}

func num(v report.Value) *float64 {
	if v.Blank {
		return nil
	}
	n := v.Num
	return &n
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
