// Package data holds ogi's embedded defaults: the GB/T 2260 division table,
// the metric SQL, the dashboard's assets and the demo portals. Each kind of
// data has its own file in this package with its own go:embed variable.
package data
