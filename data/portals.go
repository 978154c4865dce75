package data

import _ "embed"

// PortalsExample is the example crawl registry (CSV: code,name,list_url,
// adapter), used by `ogi crawl --registry example`.
//
//go:embed portals.example.csv
var PortalsExample []byte

// PortalsCN is the shipped registry of real jurisdictions (`--registry cn`):
// the home pages of 3,217 Chinese government portals keyed by GB/T 2260
// code, with their provenance columns (CSV: code,name,parent_code,level,
// home_url,disclosure_url,source,checked,note). See PORTALS-CN.md for where
// it comes from and how old it is; none of its URLs were checked online.
//
//go:embed portals.cn.csv
var PortalsCN []byte
