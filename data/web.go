package data

import "embed"

// Web holds the dashboard's html/template pages (web/templates) and its
// static assets (web/static): the style sheet and the small script that
// sorts tables. Charts are drawn on the server as SVG, so nothing is
// fetched from the network and no web font is needed.
//
//go:embed web
var Web embed.FS
