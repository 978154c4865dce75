package serve

import (
	"context"
	"database/sql"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"sync"
	"time"

	"ogi/scrapers/archive"
)

// archiveIndex finds the archived copy of a report version: the crawl
// archive's entries by URL and payload hash, read on first use and again
// when a version is missing (a later crawl) and the last read is older
// than archiveRefresh.
type archiveIndex struct {
	dataDir string
	mu      sync.Mutex
	entries map[string]archive.Entry // URL + " " + SHA256; nil until read
	readAt  time.Time                // when entries were read
}

// archiveRefresh bounds how often a missing version re-reads the archive.
const archiveRefresh = time.Minute

// lookup finds the entry of url with payload hash sha. The archive is read
// on first use (a failed read is tried again on the next request).
func (a *archiveIndex) lookup(r *http.Request, url, sha string) (archive.Entry, bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.entries[url+" "+sha]; !ok && time.Since(a.readAt) > archiveRefresh {
		a.entries = nil // a crawl since the last read may have archived it
	}
	if a.entries == nil {
		// Not the request's own deadline: the index outlives the request.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Minute)
		defer cancel()
		es, err := archive.ReportEntries(ctx, a.dataDir)
		if err != nil {
			return archive.Entry{}, false, fmt.Errorf("read the crawl archive: %w", err)
		}
		a.entries = make(map[string]archive.Entry, len(es))
		for _, e := range es {
			a.entries[e.URL+" "+e.SHA256] = e
		}
		a.readAt = time.Now()
	}
	e, ok := a.entries[url+" "+sha]
	return e, ok, nil
}

// handleArchive serves the archived copy of a report version exactly as
// it was fetched (checked against its hash). HTML is shown in a sandbox
// (no script, no subresource: the page is inert); anything else is a
// download.
func (s *Server) handleArchive(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !idRE.MatchString(id) {
		s.fail(w, r, 0, badRequest("bad report id"))
		return
	}
	if s.archive == nil {
		s.fail(w, r, 0, fmt.Errorf("%w: no crawl archive is served", errNotFound))
		return
	}
	res, err := s.src.Query(r.Context(), s.sql["report_source"], sql.Named("report", id))
	if err != nil {
		s.failErr(w, r, fmt.Errorf("report %s: %w", id, err))
		return
	}
	if len(res.Rows) == 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no report %s", errNotFound, id))
		return
	}
	url, sha := str(res.Rows[0][0]), str(res.Rows[0][1])
	e, ok, err := s.archive.lookup(r, url, sha)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, 0, fmt.Errorf("%w: report %s is not in the crawl archive (a local file?)", errNotFound, id))
		return
	}
	body, err := archive.ReadPayload(s.archive.dataDir, e)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("archived copy of %s: %w", id, err))
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Archived-URL", e.URL)
	h.Set("X-Archived-SHA256", e.SHA256)
	h.Set("X-Archived-At", e.FetchedAt.UTC().Format("2006-01-02T15:04:05Z"))
	ctype := e.ContentType
	mt, _, _ := mime.ParseMediaType(ctype)
	if mt == "text/html" || mt == "text/plain" {
		h.Set("Content-Type", ctype)
	} else {
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", attachmentName(e.URL, "report-"+id))
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// attachmentName is the Content-Disposition of a download named after the
// last segment of its URL (percent-decoded, so 年度报告.pdf rather than
// %E5%B9%B4…), encoded by mime.FormatMediaType: RFC 2231 for a name that
// is not plain printable ASCII (control characters included), quoted
// otherwise. A URL with no usable name gives fallback.
func attachmentName(rawURL, fallback string) string {
	name := fallback
	if u, err := url.Parse(rawURL); err == nil {
		if b := path.Base(u.Path); b != "" && b != "/" && b != "." && b != ".." {
			name = b
		}
	}
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}
