// Package query opens the Parquet dataset in an in-process DuckDB (no
// network, no extension downloads) with one view per table, runs SQL
// against it and computes the comparison metrics of report-format.md §6,
// whose SQL lives in data/sql.
package query

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"ogi/data"
	"ogi/pipeline/dataset"
	"ogi/schema"
)

// DSN opens an in-memory DuckDB that never installs or loads extensions
// from the network; Parquet support is built in.
const DSN = "?autoinstall_known_extensions=false&autoload_known_extensions=false"

// DB is an open dataset.
type DB struct {
	db      *sql.DB
	dataDir string
	mu      sync.RWMutex // Reload holds it to swap the views under the queries
	dir     string       // the dataset folder
}

// Result is the outcome of a query: column names and rows of Go values
// (string, int64, float64, bool, time.Time or nil).
type Result struct {
	Columns []string
	Rows    [][]any
}

// Open opens the dataset of a data folder. It fails with a clear error when
// the folder or the dataset is missing, incomplete or corrupt.
func Open(ctx context.Context, dataDir string) (*DB, error) {
	dir, man, err := readDataset(dataDir)
	if err != nil {
		return nil, err
	}
	sqlDB, err := sql.Open("duckdb", DSN)
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	db := &DB{db: sqlDB, dir: dir, dataDir: dataDir}
	if err := db.createViews(ctx, man); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// Reload points the views at the dataset as it is now on disk: a
// long-running reader (the dashboard) calls it after a build swapped in a
// new dataset. On error the old views stay.
func (db *DB) Reload(ctx context.Context) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	dir, man, err := readDataset(db.dataDir)
	if err != nil {
		return err
	}
	old := db.dir
	db.dir = dir
	if err := db.createViews(ctx, man); err != nil {
		db.dir = old
		return err
	}
	return nil
}

// readDataset finds the complete dataset of a data folder and checks that
// every file its manifest lists is there with its size.
func readDataset(dataDir string) (string, dataset.Manifest, error) {
	var man dataset.Manifest
	st, err := os.Stat(dataDir)
	if err != nil {
		return "", man, fmt.Errorf("data folder %s: %w", dataDir, err)
	}
	if !st.IsDir() {
		return "", man, fmt.Errorf("data folder %s is not a folder", dataDir)
	}
	dir := dataset.Dir(dataDir)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		// A build died between the two renames of its swap: the previous
		// dataset is complete, aside.
		if prev := dataset.PrevDir(dataDir); exists(filepath.Join(prev, dataset.ManifestName)) {
			dir = prev
		}
	}
	man, err = dataset.ReadManifest(dir)
	if err != nil {
		return "", man, err
	}
	for _, t := range man.Tables {
		for _, f := range t.Files {
			if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
				return "", man, fmt.Errorf("dataset %s is damaged: the manifest names %q, outside the dataset", dir, f.Path)
			}
			st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path)))
			if err != nil {
				return "", man, fmt.Errorf("dataset %s is incomplete: %w", dir, err)
			}
			if st.Size() != f.Bytes {
				return "", man, fmt.Errorf("dataset %s is damaged: %s has %d bytes, the manifest says %d", dir, f.Path, st.Size(), f.Bytes)
			}
		}
	}
	return dir, man, nil
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Dir returns the dataset folder the database reads.
func (db *DB) Dir() string {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.dir
}

// quote makes a SQL string literal. It is used only for the file paths in
// the view definitions, which DuckDB cannot bind as parameters.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func duckType(t arrow.DataType) string {
	switch t.ID() {
	case arrow.STRING:
		return "VARCHAR"
	case arrow.INT64:
		return "BIGINT"
	case arrow.INT32:
		return "INTEGER"
	case arrow.FLOAT64:
		return "DOUBLE"
	case arrow.BOOL:
		return "BOOLEAN"
	case arrow.TIMESTAMP:
		return "TIMESTAMPTZ"
	}
	return "VARCHAR"
}

// createViews (re)defines every view in one transaction, so that a dataset
// that fails its checks half-way leaves all the old views in place, not a
// mix of old and new tables.
func (db *DB) createViews(ctx context.Context, man dataset.Manifest) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create views: %w", err)
	}
	defer tx.Rollback() // a no-op once committed
	files := map[string]dataset.ManifestTable{}
	for _, t := range man.Tables {
		files[t.Name] = t
	}
	for _, t := range schema.DatasetTables() {
		mt := files[t.Name]
		var q string
		if len(mt.Files) == 0 {
			// No rows: an empty view with the table's columns.
			var cols []string
			for _, f := range t.Schema.Fields() {
				cols = append(cols, fmt.Sprintf("CAST(NULL AS %s) AS %s", duckType(f.Type), f.Name))
			}
			if t.Partitioned {
				cols = append(cols, "CAST(NULL AS INTEGER) AS "+schema.PartitionColumn)
			}
			q = fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT %s WHERE false", t.Name, strings.Join(cols, ", "))
		} else {
			var paths []string
			for _, f := range mt.Files {
				paths = append(paths, quote(filepath.Join(db.dir, filepath.FromSlash(f.Path))))
			}
			opts := ""
			if t.Partitioned {
				opts = fmt.Sprintf(", hive_partitioning = true, hive_types = {'%s': INTEGER}", schema.PartitionColumn)
			} else {
				opts = ", hive_partitioning = false"
			}
			q = fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT * FROM read_parquet([%s]%s)", t.Name, strings.Join(paths, ", "), opts)
		}
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("create view %s: %w", t.Name, err)
		}
		// Reading the row counts reads every file's footer: a corrupt or
		// truncated file fails here, not in the middle of an analysis.
		want := 0
		for _, f := range mt.Files {
			want += f.Rows
		}
		var got int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t.Name).Scan(&got); err != nil {
			return fmt.Errorf("dataset table %s is unreadable (corrupt Parquet? rebuild with ogi build): %w", t.Name, err)
		}
		if got != want {
			return fmt.Errorf("dataset table %s has %d rows, the manifest says %d: rebuild with ogi build", t.Name, got, want)
		}
	}
	views, err := fs.Glob(data.SQL, "sql/view_*.sql")
	if err != nil {
		return fmt.Errorf("list views: %w", err)
	}
	slices.Sort(views)
	for _, v := range views {
		b, err := fs.ReadFile(data.SQL, v)
		if err != nil {
			return fmt.Errorf("read %s: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, string(b)); err != nil {
			return fmt.Errorf("create view from %s: %w", path.Base(v), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create views: %w", err)
	}
	return nil
}

// Query runs one SQL statement with bound arguments and returns its rows.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*Result, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
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
	}
	return v
}
