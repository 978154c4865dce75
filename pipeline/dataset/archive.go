package dataset

import (
	"context"
	"net/url"
	"path"
	"strings"

	"ogi/scrapers/archive"
)

// crawlArchive reads the crawl archive of a data folder. Its payloads are
// read in parallel: package archive serialises the gowarc constructors,
// which write a package variable of github.com/google/uuid.
type crawlArchive struct {
	dataDir string
}

// CrawlArchive returns the Archive of the crawl data under dataDir
// (DIR/archive and DIR/state, written by ogi crawl). A data folder without
// a crawl gives no inputs.
func CrawlArchive(dataDir string) Archive { return crawlArchive{dataDir: dataDir} }

func (a crawlArchive) Inputs(ctx context.Context) ([]Input, error) {
	entries, err := archive.ReportEntries(ctx, a.dataDir)
	if err != nil {
		return nil, err
	}
	out := make([]Input, 0, len(entries))
	for _, e := range entries {
		out = append(out, Input{
			Source: e.URL, FinalURL: e.FinalURL, FetchedAt: e.FetchedAt, ContentType: e.ContentType,
			Name: nameOf(e.FinalURL, e.URL), SHA256: e.SHA256, PortalCode: e.PortalCode, ScopeHint: e.PortalScope, Gone: e.Gone,
			Parent: e.Parent,
			Read:   func() ([]byte, error) { return archive.ReadPayload(a.dataDir, e) },
		})
	}
	return out, nil
}

func (a crawlArchive) Fetches(ctx context.Context) ([]Fetch, error) {
	log, err := archive.FetchLog(ctx, a.dataDir)
	if err != nil {
		return nil, err
	}
	out := make([]Fetch, 0, len(log))
	for _, f := range log {
		out = append(out, Fetch(f))
	}
	return out, nil
}

// nameOf is the last path segment of the first parsable URL: the file
// name hint for the extractor (e.g. "report.pdf").
func nameOf(urls ...string) string {
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Path == "" || strings.HasSuffix(u.Path, "/") {
			continue
		}
		return path.Base(u.Path)
	}
	return ""
}
