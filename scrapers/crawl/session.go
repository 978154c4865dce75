package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"ogi/scrapers/adapters"
	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// session is the fetch.Client handed to adapters: it adds conditional
// headers from the state, serves pages already fetched in this run from the
// archive (resume, auto-detection), and archives and journals every answer.
type session struct {
	c      *crawler
	portal Portal
	kind   string
	site   string
	pc     *counts // the portal's counts (one goroutine per portal)
	// listDates are the dates the lists printed beside report links, by
	// URL, journalled with the reports (archive.Meta.ListDate).
	listDates map[string]time.Time
}

func (s *session) allow(host string) bool { return adapters.SameSite(s.site, host) }

// Do implements fetch.Client for adapters (list pages).
func (s *session) Do(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
	if req.AllowHost == nil {
		req.AllowHost = s.allow
	}
	resp, _, err := s.fetch(ctx, req, s.kind, "")
	return resp, err
}

// reuse serves key from this run's archive when an earlier read of the run
// (this process's, or the killed one's it resumes) kept it. changed tells
// whether the copy was new in this run and is counted here for the first
// time.
func (s *session) reuse(key string, st archive.URLState) (*fetch.Response, bool, bool) {
	c := s.c
	if !st.InRun || !st.Archived || st.Gone {
		return nil, false, false
	}
	body, err := c.store.Payload(key)
	if err != nil {
		c.cfg.Logger.Warn("archived copy unreadable; fetching again", "url", st.URL, "err", err)
		return nil, false, false
	}
	c.mu.Lock()
	first := !c.fetchedHere[key]
	c.fetchedHere[key] = true
	c.mu.Unlock()
	s.pc.Reused++
	return fromArchive(st, body), first && st.ArchivedInRun, true
}

func (s *session) fetch(ctx context.Context, req *fetch.Request, kind, parent string) (*fetch.Response, bool, error) {
	c := s.c
	if s.pc == nil {
		s.pc = &counts{} // a session outside a portal's crawl (discovery's probe of a list)
	}
	key := req.Key()
	if req.AllowHost == nil {
		req.AllowHost = s.allow
	}
	st, known := c.store.State(key)
	if known {
		if resp, changed, ok := s.reuse(key, st); ok {
			return resp, changed, nil
		}
	}
	if known && st.Archived && !st.Gone {
		req.ETag, req.LastModified = st.ETag, st.LastModified
	}
	hp := hostPort(req.URL)
	resp, err := c.f.Do(ctx, req)
	next := time.Now().Add(c.f.HostDelay(hp))
	c.note(hp, err)
	if err != nil {
		if ctx.Err() == nil {
			c.logFetch(key, archive.Fetch{URL: req.URL, FetchedAt: c.cfg.Clock(), Status: statusOf(err), Error: string(fetch.ErrorKind(err)) + ": " + err.Error()}, kind, s.portal.Code, next)
			s.pc.Requests++
		}
		return nil, false, err
	}
	c.mu.Lock()
	c.fetchedHere[key] = true
	c.mu.Unlock()
	s.pc.Requests++
	s.pc.Bytes += resp.Bytes
	c.work <- struct{}{}
	defer func() { <-c.work }()
	meta := archive.Meta{Kind: kind, PortalCode: s.portal.Code, PortalName: s.portal.Name, Scope: string(s.portal.Scope), Parent: parent,
		ListDate: s.listDates[req.URL]}
	f := archive.Fetch{URL: req.URL, Status: resp.Status, Bytes: resp.Bytes, FetchedAt: resp.FetchedAt,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.NotModified():
		return s.notModified(ctx, req, resp, st, meta, next)
	case resp.Status == http.StatusNotFound || resp.Status == http.StatusGone:
		f.Error = string(fetch.KindNotFound)
		c.logFetch(key, f, kind, s.portal.Code, next)
		return resp, false, nil
	}
	return s.keep(key, resp, f, meta, next)
}

// keep archives a 200 answer (and the redirects that led to it) and
// journals the request.
func (s *session) keep(key string, resp *fetch.Response, f archive.Fetch, meta archive.Meta, next time.Time) (*fetch.Response, bool, error) {
	c := s.c
	for _, h := range resp.Hops {
		// Keep the redirects too, so replay tools can follow them, and log
		// them: each was a request to the portal.
		hk := "REDIRECT " + h.URL
		if _, _, err := c.store.Archive(hk, h, archive.Meta{Kind: archive.KindRedirect, PortalCode: s.portal.Code, PortalName: s.portal.Name, Scope: string(s.portal.Scope)}); err != nil {
			return nil, false, fmt.Errorf("crawl: %w", c.storeErr(err))
		}
		c.logFetch(hk, archive.Fetch{URL: h.URL, Status: h.Status, Bytes: h.Bytes, FetchedAt: h.FetchedAt, SHA256: archive.SHA256(h.Body)}, archive.KindRedirect, s.portal.Code, next)
	}
	_, changed, err := c.store.Archive(key, resp, meta)
	if err != nil {
		return nil, false, fmt.Errorf("crawl: %w", c.storeErr(err))
	}
	f.SHA256 = archive.SHA256(resp.Body)
	if err := c.store.LogFetch(key, f, meta.Kind, s.portal.Code, next); err != nil {
		return nil, false, fmt.Errorf("crawl: %w", c.storeErr(err))
	}
	return resp, changed, nil
}

// notModified handles a 304: a revisit record notes that the page was still
// there, and the archived copy is served. When that copy is unreadable the
// page is asked for again unconditionally.
func (s *session) notModified(ctx context.Context, req *fetch.Request, resp *fetch.Response, st archive.URLState, meta archive.Meta, next time.Time) (*fetch.Response, bool, error) {
	c := s.c
	key := req.Key()
	s.pc.NotModified++
	f := archive.Fetch{URL: req.URL, Status: resp.Status, Bytes: resp.Bytes, FetchedAt: resp.FetchedAt,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	body, perr := c.store.Payload(key)
	if perr == nil {
		if err := c.store.NotModified(key, resp, meta); err != nil {
			return nil, false, fmt.Errorf("crawl: %w", c.storeErr(err))
		}
		f.SHA256 = st.SHA256
		f.ETag = cmpOr(f.ETag, st.ETag)
		f.LastModified = cmpOr(f.LastModified, st.LastModified)
		c.logFetch(key, f, meta.Kind, s.portal.Code, next)
		out := fromArchive(st, body)
		out.Bytes = resp.Bytes
		return out, false, nil
	}
	// Our copy is unreadable: ask again unconditionally.
	f.Error = "ARCHIVE: " + perr.Error()
	c.logFetch(key, f, meta.Kind, s.portal.Code, next)
	req.ETag, req.LastModified = "", ""
	resp, err := c.f.Do(ctx, req)
	if err != nil {
		return nil, false, err
	}
	s.pc.Requests++
	s.pc.Bytes += resp.Bytes
	if resp.NotModified() {
		return nil, false, fmt.Errorf("crawl: %s: 304 Not Modified to an unconditional request, and the archived copy is unreadable: %w", req.URL, perr)
	}
	f = archive.Fetch{URL: req.URL, Status: resp.Status, Bytes: resp.Bytes, FetchedAt: resp.FetchedAt,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		f.Error = string(fetch.KindNotFound)
		c.logFetch(key, f, meta.Kind, s.portal.Code, next)
		return resp, false, nil
	}
	return s.keep(key, resp, f, meta, next)
}

func hostPort(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	rest := u[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	return strings.ToLower(rest)
}

func statusOf(err error) int {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Status
	}
	return 0
}

func fromArchive(st archive.URLState, body []byte) *fetch.Response {
	h := http.Header{}
	if st.Latest.ContentType != "" {
		h.Set("Content-Type", st.Latest.ContentType)
	}
	final := st.Latest.FinalURL
	if final == "" {
		final = st.URL
	}
	return &fetch.Response{URL: st.URL, FinalURL: final, Status: http.StatusOK, Header: h, Body: body, WireBody: body, FetchedAt: st.Latest.FetchedAt}
}
