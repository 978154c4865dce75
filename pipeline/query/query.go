// Package query opens the Parquet dataset in an in-process DuckDB (no
// network, no extension downloads), creates the views and macros of
// views.sql over it, runs SQL against it and computes the comparison
// metrics of report-format.md §6, whose SQL lives in data/sql.
//
// A DB reads one build of the dataset and pins it (dataset.PinCurrent), so
// that later builds never remove the files under a running query; Reload
// moves to the newest build. By default the DuckDB it opens can read the
// dataset's files and nothing else: no other files, no writes, no ATTACH,
// no extensions, no changing those settings (see Options.Unsafe).
package query

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"ogi/pipeline/dataset"
	"ogi/pipeline/views"
)

// DSN opens an in-memory DuckDB that never installs or loads extensions
// from the network; Parquet support is built in.
const DSN = "?autoinstall_known_extensions=false&autoload_known_extensions=false"

// Options configure how a dataset is opened.
type Options struct {
	// Unsafe opens a full DuckDB: any file can be read and written,
	// databases attached, extensions loaded, settings changed. Only for a
	// user who asks for it (ogi sql --unsafe).
	Unsafe bool
	// ScratchDir is a folder the database may also write to (the
	// dashboard's downloads); "" for none.
	ScratchDir string
	// AllMetrics creates every metric's view and macros when a build is
	// opened (and reloaded, before it is swapped in), rather than when a
	// metric is first used: for a reader that uses them all (the
	// dashboard), so that no request pays for it.
	AllMetrics bool
	// Deadlines replace the publication deadline rules of views.sql
	// (timeliness, coverage, on_time_rate) rule by rule.
	Deadlines []Deadline
	// Materialize computes the views every comparison reads (facts,
	// timeliness) once when a build is opened, as tables of the build's
	// in-memory database, instead of at every query: for a long-running
	// reader (the dashboard). A build's files never change, so the tables
	// stay right until Reload opens the next build.
	Materialize bool
}

// DB is an open dataset.
type DB struct {
	dataDir string
	opts    Options
	mu      sync.RWMutex // queries hold it shared; Reload swaps cur under it
	cur     *instance
}

// instance is one DuckDB over one pinned build.
type instance struct {
	db  *sql.DB
	pin *dataset.Pin

	mu      sync.Mutex      // guards metrics
	metrics map[string]bool // metrics whose view and macros exist
	all     bool            // metric_all and compare_all exist
}

// ensureMetrics creates the view and macros of the given metrics (every
// metric when none is named) unless they exist.
func (in *instance) ensureMetrics(ctx context.Context, names ...string) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	ms := views.Metrics()
	for _, m := range ms {
		if in.metrics[m.Name] || len(names) > 0 && !slices.Contains(names, m.Name) {
			continue
		}
		parts, err := views.MetricParts(m)
		if err != nil {
			return err
		}
		for _, p := range parts {
			if _, err := in.db.ExecContext(ctx, p.SQL); err != nil {
				return fmt.Errorf("create views (%s): %w", p.Name, err)
			}
		}
		in.metrics[m.Name] = true
	}
	if len(names) == 0 && !in.all {
		parts, err := views.AllMetricsParts()
		if err != nil {
			return err
		}
		for _, p := range parts {
			if _, err := in.db.ExecContext(ctx, p.SQL); err != nil {
				return fmt.Errorf("create views (%s): %w", p.Name, err)
			}
		}
		in.all = true
	}
	return nil
}

func (in *instance) close() error {
	err := in.db.Close()
	in.pin.Release()
	return err
}

// Result is the outcome of a query: column names and rows of Go values
// (string, int64, float64, bool, time.Time or nil).
type Result struct {
	Columns []string
	Rows    [][]any
}

// Open opens the dataset of a data folder, read-only. It fails with a
// clear error when the folder or the dataset is missing, incomplete or
// corrupt.
func Open(ctx context.Context, dataDir string) (*DB, error) {
	return OpenWith(ctx, dataDir, Options{})
}

// OpenWith opens the dataset of a data folder with options.
func OpenWith(ctx context.Context, dataDir string, opts Options) (*DB, error) {
	db := &DB{dataDir: dataDir, opts: opts}
	in, err := db.open(ctx)
	if err != nil {
		return nil, err
	}
	db.cur = in
	return db, nil
}

// Reload moves the database to the dataset as it is now on disk: a
// long-running reader (the dashboard) calls it after a build swapped in a
// new dataset. Queries running meanwhile finish on the old build, whose
// pin is released once they have; on error the old build stays.
func (db *DB) Reload(ctx context.Context) error {
	in, err := db.open(ctx)
	if err != nil {
		return err
	}
	db.mu.Lock()
	old := db.cur
	db.cur = in
	db.mu.Unlock()
	if err := old.close(); err != nil {
		return fmt.Errorf("close the previous dataset: %w", err)
	}
	return nil
}

// open pins the current build, checks it, and opens a DuckDB with its
// views.
func (db *DB) open(ctx context.Context) (*instance, error) {
	st, err := os.Stat(db.dataDir)
	if err != nil {
		return nil, fmt.Errorf("data folder %s: %w", db.dataDir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("data folder %s is not a folder", db.dataDir)
	}
	pin, err := dataset.PinCurrent(db.dataDir)
	if err != nil {
		return nil, err
	}
	man, err := checkDataset(pin.Dir)
	if err != nil {
		pin.Release()
		return nil, err
	}
	sqlDB, err := sql.Open("duckdb", DSN)
	if err != nil {
		pin.Release()
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	in := &instance{db: sqlDB, pin: pin, metrics: map[string]bool{}}
	// A build's files never change (a new build is a new generation):
	// their Parquet footers are read once, not at every view and query.
	if _, err := sqlDB.ExecContext(ctx, "SET parquet_metadata_cache = true"); err != nil {
		in.close()
		return nil, fmt.Errorf("open duckdb: %w", err)
	}

	if err := createViews(ctx, sqlDB, pin.Dir, man); err != nil {
		in.close()
		return nil, err
	}
	if err := applyDeadlines(ctx, sqlDB, db.opts.Deadlines); err != nil {
		in.close()
		return nil, err
	}
	if db.opts.Materialize {
		if err := materialize(ctx, sqlDB); err != nil {
			in.close()
			return nil, err
		}
	}
	if !db.opts.Unsafe {
		if err := restrict(ctx, sqlDB, pin.Dir, man, db.opts.ScratchDir); err != nil {
			in.close()
			return nil, err
		}
	}
	if db.opts.AllMetrics {
		if err := in.ensureMetrics(ctx); err != nil {
			in.close()
			return nil, err
		}
		if db.opts.Materialize {
			if err := runFile(ctx, sqlDB, "sql/materialize_metrics.sql"); err != nil {
				in.close()
				return nil, err
			}
		}
	}
	return in, nil
}

// checkDataset reads the manifest of a dataset folder and checks that
// every file it lists is there with its size.
func checkDataset(dir string) (dataset.Manifest, error) {
	man, err := dataset.ReadManifest(dir)
	if err != nil {
		return man, err
	}
	if man.Format < dataset.ManifestFormat {
		return man, fmt.Errorf("dataset %s was written by an older ogi (format %d, this one reads %d): rebuild it with ogi build",
			dir, man.Format, dataset.ManifestFormat)
	}
	for _, t := range man.Tables {
		for _, f := range t.Files {
			if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
				return man, fmt.Errorf("dataset %s is damaged: the manifest names %q, outside the dataset", dir, f.Path)
			}
			st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path)))
			if err != nil {
				return man, fmt.Errorf("dataset %s is incomplete: %w", dir, err)
			}
			if st.Size() != f.Bytes {
				return man, fmt.Errorf("dataset %s is damaged: %s has %d bytes, the manifest says %d", dir, f.Path, st.Size(), f.Bytes)
			}
		}
	}
	return man, nil
}

// Close closes the database and releases its pin.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.cur == nil {
		return nil
	}
	err := db.cur.close()
	db.cur = nil
	return err
}

// Dir returns the dataset folder the database reads (the generation
// folder of its build).
func (db *DB) Dir() string {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.cur == nil {
		return ""
	}
	return db.cur.pin.Dir
}

// ScratchDir is the folder the database may write besides reading the
// dataset (Options.ScratchDir); "" for none.
func (db *DB) ScratchDir() string { return db.opts.ScratchDir }

// createViews runs the base parts of views.sql (the metrics come when
// first used: ensureMetrics) over the files of dir, then reads every
// table's row count: a corrupt or truncated file fails here, not in the
// middle of an analysis.
func createViews(ctx context.Context, db *sql.DB, dir string, man dataset.Manifest) error {
	parts, err := views.BaseParts(viewTables(man), dir)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if _, err := db.ExecContext(ctx, p.SQL); err != nil {
			return fmt.Errorf("create views (%s): %w", p.Name, err)
		}
	}
	for _, t := range man.Tables {
		want := 0
		for _, f := range t.Files {
			want += f.Rows
		}
		var got int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+t.Name).Scan(&got); err != nil {
			return fmt.Errorf("dataset table %s is unreadable (corrupt Parquet? rebuild with ogi build): %w", t.Name, err)
		}
		if got != want {
			return fmt.Errorf("dataset table %s has %d rows, the manifest says %d: rebuild with ogi build", t.Name, got, want)
		}
	}
	return nil
}

// viewTables lists the manifest's tables for package views.
func viewTables(man dataset.Manifest) []views.Table {
	out := make([]views.Table, 0, len(man.Tables))
	for _, t := range man.Tables {
		vt := views.Table{Name: t.Name, Partitioned: t.Partitioned}
		for _, f := range t.Files {
			vt.Files = append(vt.Files, f.Path)
		}
		out = append(out, vt)
	}
	return out
}

// restrict limits the database to reading the dataset's files (and
// writing scratch, when given): external access off, the files allowed
// one by one, and the configuration locked so no statement can undo it.
func restrict(ctx context.Context, db *sql.DB, dir string, man dataset.Manifest, scratch string) error {
	var files []string
	for _, t := range man.Tables {
		for _, f := range t.Files {
			files = append(files, quote(filepath.Join(dir, filepath.FromSlash(f.Path))))
		}
	}
	stmts := []string{"SET allowed_paths = [" + strings.Join(files, ", ") + "]"}
	if scratch != "" {
		abs, err := filepath.Abs(scratch)
		if err != nil {
			return fmt.Errorf("scratch folder: %w", err)
		}
		stmts = append(stmts, "SET allowed_directories = ["+quote(abs+string(filepath.Separator))+"]")
	}
	stmts = append(stmts, "SET enable_external_access = false", "SET lock_configuration = true")
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("restrict the database (%s): %w", s, err)
		}
	}
	return nil
}

// quote makes a SQL string literal of a file path: paths are the one
// thing DuckDB cannot bind as parameters in settings.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Query runs one SQL statement with bound arguments and returns its rows.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*Result, error) {
	var res *Result
	err := db.with(func(in *instance) error {
		var err error
		res, err = in.query(ctx, query, args...)
		return err
	})
	return res, err
}

// with runs f on the current instance; a Reload waits for it.
func (db *DB) with(f func(in *instance) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.cur == nil {
		return fmt.Errorf("query: the database is closed")
	}
	return f(db.cur)
}

func (in *instance) query(ctx context.Context, query string, args ...any) (*Result, error) {
	rows, err := in.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	dates, err := dateColumns(rows)
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: cols, Rows: [][]any{}}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
		for i, v := range vals {
			vals[i] = normalize(v)
			if dates[i] {
				vals[i] = asDate(vals[i])
			}
		}
		res.Rows = append(res.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	return res, nil
}

// normalize turns driver-specific values into plain Go values.
func normalize(v any) any {
	switch x := v.(type) {
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		return x.String()
	case duckdb.Decimal:
		return x.Float64()
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case float32:
		return float64(x)
	case []byte:
		return string(x)
	case []any:
		for i := range x {
			x[i] = normalize(x[i])
		}
		return x
	}
	return v
}

// Each runs one SQL statement with bound arguments and calls f once with
// the columns and a nil row, then for every row as it is read (values as
// Query gives them), without holding the rows: for downloads of whole
// tables. The row slice is reused.
func (db *DB) Each(ctx context.Context, q string, args []any, f func(cols []string, row []any) error) error {
	return db.with(func(in *instance) error {
		rows, err := in.db.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("query: %w", err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("query: %w", err)
		}
		dates, err := dateColumns(rows)
		if err != nil {
			return err
		}
		if err := f(cols, nil); err != nil {
			return err
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				return fmt.Errorf("query: %w", err)
			}
			for i, v := range vals {
				vals[i] = normalize(v)
				if dates[i] {
					vals[i] = asDate(vals[i])
				}
			}
			if err := f(cols, vals); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("query: %w", err)
		}
		return nil
	})
}

// Date is a value of a DATE column: a calendar day, printed 2006-01-02
// (the driver gives a DATE as midnight UTC).
type Date struct{ time.Time }

func (d Date) String() string { return d.Format(time.DateOnly) }

// MarshalJSON writes the day as "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// dateColumns tells which columns of a result are DATE columns.
func dateColumns(rows *sql.Rows) ([]bool, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	out := make([]bool, len(types))
	for i, t := range types {
		out[i] = t.DatabaseTypeName() == "DATE"
	}
	return out, nil
}

func asDate(v any) any {
	if t, ok := v.(time.Time); ok {
		return Date{t.UTC()}
	}
	return v
}
