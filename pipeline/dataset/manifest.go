package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ManifestName is the file, at the root of the dataset folder, that lists
// every table file; a dataset without it is incomplete.
const ManifestName = "manifest.json"

// NullPartition is the folder name of the rows whose year is unknown
// (hive's convention; DuckDB, Arrow and Spark read it as null).
const NullPartition = "__HIVE_DEFAULT_PARTITION__"

// ManifestFormat is the manifest format builds write. Format 2 added the
// reference tables (identity_cells, active_keys), the join columns and
// views.sql, which the query layer needs: it refuses older datasets.
// Format 3 added reports.published and published_source (timeliness).
const ManifestFormat = 3

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
