package data

import "embed"

// SQL holds the DuckDB SQL of the query layer, assembled into views.sql by
// package views: sql/view_*.sql are views and macros created over the
// dataset tables (in file name order), sql/metric_*.sql are the comparison
// metrics (one SELECT each, with a name, title and description in their
// header comments), sql/compare.sql and sql/compare_summary.sql are the
// table macros that rank a metric's rows within a filter and say what they
// left out (one per metric), sql/call_*.sql call them with bound
// parameters, and sql/dash_*.sql are the dashboard's queries. Values are
// always bound, never interpolated.
//
//go:embed sql/*.sql
var SQL embed.FS

// DatasetReadme is the text/template of the README.md (the data
// dictionary) that ogi build writes into every dataset folder.
//
//go:embed dataset_readme.md
var DatasetReadme string
