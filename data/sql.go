package data

import "embed"

// SQL holds the DuckDB SQL of the query layer: sql/view_*.sql are views
// created over the dataset tables (in file name order), sql/metric_*.sql
// are the comparison metrics (one SELECT each, with a name, title and
// description in their header comments) and sql/compare.sql ranks a
// metric's rows within a filter. Parameters are always bound, never
// interpolated.
//
//go:embed sql/*.sql
var SQL embed.FS

// DatasetReadme is the text/template of the README.md (the data
// dictionary) that ogi build writes into every dataset folder.
//
//go:embed dataset_readme.md
var DatasetReadme string
