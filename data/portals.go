package data

import _ "embed"

// PortalsExample is the example crawl registry (CSV: code,name,list_url,
// adapter), used by `ogi crawl` when no --registry is given.
//
//go:embed portals.example.csv
var PortalsExample []byte
