package dataset

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"ogi/scrapers/archive"
)

// crawlArchive reads the crawl archives of one or more data folders (the
// shards of one crawl). Its payloads are read in parallel: package archive
// serialises the gowarc constructors, which write a package variable of
// github.com/google/uuid.
type crawlArchive struct {
	dataDirs []string
}

// CrawlArchive returns the Archive of the crawl data under dataDir
// (DIR/archive and DIR/state, written by ogi crawl). A data folder without
// a crawl gives no inputs.
func CrawlArchive(dataDir string) Archive { return crawlArchive{dataDirs: []string{dataDir}} }

// CrawlArchives returns one Archive of the crawls of several data folders:
// the shards of a crawl split by host (ogi crawl --shard), merged so that
// the dataset is the one a single crawl would have given. Report versions
// and crawl-log lines are put in one deterministic order whatever the
// order of the folders, and a URL two shards archived with the same payload
// (a page shared by two portals on different hosts) is one version: of the
// copies, the earliest (then the one of the lowest portal code) is kept,
// as a single crawl keeps the first copy it fetched. Identical crawl-log
// lines from different folders are one request.
func CrawlArchives(dataDirs ...string) Archive {
	return crawlArchive{dataDirs: slices.Clone(dataDirs)}
}

type shardEntry struct {
	archive.Entry
	dir int
}

func (a crawlArchive) Inputs(ctx context.Context) ([]Input, error) {
	var all []shardEntry
	for i, dir := range a.dataDirs {
		entries, err := archive.ReportEntries(ctx, dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		for _, e := range entries {
			all = append(all, shardEntry{e, i})
		}
	}
	all = mergeVersions(all)
	out := make([]Input, 0, len(all))
	for _, se := range all {
		e, dir := se.Entry, a.dataDirs[se.dir]
		out = append(out, Input{
			Source: e.URL, FinalURL: e.FinalURL, FetchedAt: e.FetchedAt, ContentType: e.ContentType,
			Name: nameOf(e.FinalURL, e.URL), SHA256: e.SHA256, PortalCode: e.PortalCode, ScopeHint: e.PortalScope, Gone: e.Gone,
			Parent: e.Parent, ListDate: e.ListDate,
			Read: func() ([]byte, error) { return archive.ReadPayload(dir, e) },
		})
	}
	return out, nil
}

// mergeVersions orders the versions of every URL by fetch time, drops a
// version whose payload equals the version before it when the two come
// from different folders, marks a URL gone only when every folder holding
// it says so, and returns them ordered by portal, URL and fetch time.
func mergeVersions(all []shardEntry) []shardEntry {
	slices.SortStableFunc(all, func(a, b shardEntry) int {
		return cmp.Or(cmp.Compare(a.URL, b.URL), a.FetchedAt.Compare(b.FetchedAt), cmp.Compare(a.SHA256, b.SHA256),
			cmp.Compare(a.PortalCode, b.PortalCode), cmp.Compare(a.dir, b.dir))
	})
	out := all[:0]
	for i := 0; i < len(all); {
		j := i
		gone := true
		for j < len(all) && all[j].URL == all[i].URL {
			gone = gone && all[j].Gone
			j++
		}
		var prev *shardEntry
		for k := i; k < j; k++ {
			e := all[k]
			if prev != nil && prev.SHA256 == e.SHA256 && prev.dir != e.dir {
				continue // the same copy, archived by another shard
			}
			e.Gone = gone
			out = append(out, e)
			prev = &out[len(out)-1]
		}
		i = j
	}
	slices.SortStableFunc(out, func(a, b shardEntry) int {
		return cmp.Or(cmp.Compare(a.PortalCode, b.PortalCode), cmp.Compare(a.URL, b.URL), a.FetchedAt.Compare(b.FetchedAt),
			cmp.Compare(a.SHA256, b.SHA256))
	})
	return out
}

func (a crawlArchive) Fetches(ctx context.Context) ([]Fetch, error) {
	type shardFetch struct {
		Fetch
		dir int
	}
	var all []shardFetch
	for i, dir := range a.dataDirs {
		log, err := archive.FetchLog(ctx, dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		for _, f := range log {
			all = append(all, shardFetch{Fetch(f), i})
		}
	}
	// One total order (every field), so the log reads the same however the
	// registry was split.
	slices.SortStableFunc(all, func(a, b shardFetch) int {
		return cmp.Or(cmp.Compare(a.URL, b.URL), a.FetchedAt.Compare(b.FetchedAt), cmp.Compare(a.SHA256, b.SHA256),
			cmp.Compare(a.Status, b.Status), cmp.Compare(a.Error, b.Error), cmp.Compare(a.Bytes, b.Bytes),
			cmp.Compare(a.ETag, b.ETag), cmp.Compare(a.LastModified, b.LastModified), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.PortalCode, b.PortalCode), cmp.Compare(a.dir, b.dir))
	})
	out := make([]Fetch, 0, len(all))
	for i, f := range all {
		if i > 0 && all[i-1].Fetch == f.Fetch && all[i-1].dir != f.dir {
			continue // one request, logged by two shards
		}
		out = append(out, f.Fetch)
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
