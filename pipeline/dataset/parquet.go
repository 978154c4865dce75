package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"ogi/schema"
)

// batchRows is the number of rows buffered before they are written as one
// row group.
const batchRows = 1 << 16

// tableWriter writes one Parquet file of a dataset table. Rows are appended
// field by field in schema order; the file is created on the first flush,
// so a table part without rows leaves no file.
type tableWriter struct {
	table schema.DatasetTable
	path  string
	b     *array.RecordBuilder
	f     *os.File
	w     *pqarrow.FileWriter
	col   int // next field of the current row
	rows  int // rows in the builder
	total int // rows written or buffered
}

func newTableWriter(t schema.DatasetTable, path string) *tableWriter {
	return &tableWriter{table: t, path: path, b: array.NewRecordBuilder(memory.DefaultAllocator, t.Schema)}
}

func writerProps() (*parquet.WriterProperties, pqarrow.ArrowWriterProperties) {
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithDictionaryDefault(true),
		parquet.WithCreatedBy("ogi"),
		parquet.WithStats(true),
	)
	return props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema())
}

func (t *tableWriter) str(s string) {
	b := t.b.Field(t.col).(*array.StringBuilder)
	if s == "" {
		b.AppendNull()
	} else {
		b.Append(s)
	}
	t.col++
}

func (t *tableWriter) i64(v *int64) {
	b := t.b.Field(t.col).(*array.Int64Builder)
	if v == nil {
		b.AppendNull()
	} else {
		b.Append(*v)
	}
	t.col++
}

func (t *tableWriter) i32(v int32, valid bool) {
	b := t.b.Field(t.col).(*array.Int32Builder)
	if !valid {
		b.AppendNull()
	} else {
		b.Append(v)
	}
	t.col++
}

func (t *tableWriter) f64(v *float64) {
	b := t.b.Field(t.col).(*array.Float64Builder)
	if v == nil {
		b.AppendNull()
	} else {
		b.Append(*v)
	}
	t.col++
}

func (t *tableWriter) boolean(v bool) {
	t.b.Field(t.col).(*array.BooleanBuilder).Append(v)
	t.col++
}

func (t *tableWriter) timestamp(v time.Time) {
	b := t.b.Field(t.col).(*array.TimestampBuilder)
	if v.IsZero() {
		b.AppendNull()
	} else {
		b.Append(arrow.Timestamp(v.UTC().UnixMilli()))
	}
	t.col++
}

// date writes a calendar day (the date of t's year, month and day); the
// zero time is null.
func (t *tableWriter) date(v time.Time) {
	b := t.b.Field(t.col).(*array.Date32Builder)
	if v.IsZero() {
		b.AppendNull()
	} else {
		b.Append(arrow.Date32FromTime(time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)))
	}
	t.col++
}

// end finishes a row, flushing a full batch.
func (t *tableWriter) end() error {
	if n := t.table.Schema.NumFields(); t.col != n {
		return fmt.Errorf("dataset: %s row has %d fields, schema %d", t.table.Name, t.col, n)
	}
	t.col = 0
	t.rows++
	t.total++
	if t.rows >= batchRows {
		return t.flush()
	}
	return nil
}

func (t *tableWriter) flush() error {
	if t.rows == 0 {
		return nil
	}
	if t.w == nil {
		if err := os.MkdirAll(filepath.Dir(t.path), 0o755); err != nil {
			return fmt.Errorf("dataset: %w", err)
		}
		f, err := os.Create(t.path)
		if err != nil {
			return fmt.Errorf("dataset: %w", err)
		}
		props, aprops := writerProps()
		w, err := pqarrow.NewFileWriter(t.table.Schema, syncCloser{f}, props, aprops)
		if err != nil {
			f.Close()
			return fmt.Errorf("dataset: parquet writer %s: %w", t.path, err)
		}
		if err := describeColumns(w, t.table); err != nil {
			w.Close()
			return fmt.Errorf("dataset: parquet metadata %s: %w", t.path, err)
		}
		t.f, t.w = f, w
	}
	rec := t.b.NewRecordBatch()
	defer rec.Release()
	t.rows = 0
	if err := t.w.Write(rec); err != nil {
		return fmt.Errorf("dataset: write %s: %w", t.path, err)
	}
	return nil
}

// close flushes and closes the file; it reports whether a file was written.
func (t *tableWriter) close() (bool, error) {
	defer t.b.Release()
	if err := t.flush(); err != nil {
		t.abort()
		return false, err
	}
	if t.w == nil {
		return false, nil
	}
	err := t.w.Close() // closes the file too
	t.w, t.f = nil, nil
	if err != nil {
		return false, fmt.Errorf("dataset: close %s: %w", t.path, err)
	}
	return true, nil
}

// abort releases the writer after an error; the temp folder is removed by
// the caller.
func (t *tableWriter) abort() {
	if t.f != nil {
		t.f.Close()
		t.f, t.w = nil, nil
	}
}

// KeyDescription prefixes the file metadata key of a column's description:
// DuckDB's parquet_kv_metadata lists ogi:description:<column> = text. The
// same text is the column's Arrow field metadata (pyarrow).
const KeyDescription = "ogi:description:"

// KeyTable is the file metadata key of the table's description.
const KeyTable = "ogi:table"

// describeColumns writes the table's and every column's description into
// the file's key-value metadata.
func describeColumns(w *pqarrow.FileWriter, t schema.DatasetTable) error {
	if err := w.AppendKeyValueMetadata(KeyTable, t.Name+": "+t.Doc); err != nil {
		return err
	}
	for _, f := range t.Schema.Fields() {
		if err := w.AppendKeyValueMetadata(KeyDescription+f.Name, schema.Description(f)); err != nil {
			return err
		}
	}
	return nil
}

// syncCloser flushes a file to disk before closing it, so a swapped-in
// dataset survives a power loss.
type syncCloser struct{ *os.File }

func (s syncCloser) Close() error {
	if err := s.File.Sync(); err != nil {
		s.File.Close()
		return err
	}
	return s.File.Close()
}
