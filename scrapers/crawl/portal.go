package crawl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/registry"
	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// counts are one portal's part of the summary. They are journalled when
// the portal is done, so a resumed run's summary covers the whole run.
type counts struct {
	Requests       int            `json:"requests,omitempty"`
	NotModified    int            `json:"not_modified,omitempty"`
	Reused         int            `json:"reused,omitempty"`
	Bytes          int64          `json:"bytes,omitempty"`
	Reports        int            `json:"reports,omitempty"`
	ReportsNew     int            `json:"reports_new,omitempty"`
	ReportsChanged int            `json:"reports_changed,omitempty"`
	Attachments    int            `json:"attachments,omitempty"`
	AttachNew      int            `json:"attachments_new,omitempty"`
	Gone           int            `json:"gone,omitempty"`
	Failures       map[string]int `json:"failures,omitempty"`
}

func (pc *counts) unmarshal(raw []byte) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, pc)
}

func (pc *counts) fail(kind string) {
	if pc.Failures == nil {
		pc.Failures = map[string]int{}
	}
	pc.Failures[kind]++
}

// merge adds a portal's counts to the summary.
func (s *Summary) merge(pc counts) {
	s.Requests += pc.Requests
	s.NotModified += pc.NotModified
	s.Reused += pc.Reused
	s.Bytes += pc.Bytes
	s.Reports += pc.Reports
	s.ReportsNew += pc.ReportsNew
	s.ReportsChanged += pc.ReportsChanged
	s.Attachments += pc.Attachments
	s.AttachNew += pc.AttachNew
	s.Gone += pc.Gone
	failed := false
	for k, n := range pc.Failures {
		s.Failures[k] += n
		failed = failed || n > 0
	}
	if failed {
		s.PortalsFailed++
	}
}

// leaves splits an errors.Join of per-page failures into its parts.
func leaves(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

// Failure kinds of list pages that are not fetch failures.
const (
	// ListIncomplete: the list declares records its static pages do not
	// hold (they are served only by a dynamic API); what they hold was read.
	ListIncomplete = "LIST_INCOMPLETE"
	// ListUnreadable: a list page was fetched but could not be read (a
	// gkmlpt page without its configuration, an API answer that is not JSON).
	ListUnreadable = "LIST_UNREADABLE"
)

// listKind is the failure kind of a list page's error.
func listKind(err error) string {
	var fe *fetch.Error
	switch {
	case errors.As(err, &fe):
		return string(fe.Kind)
	case errors.Is(err, adapters.ErrNotFound):
		return string(fetch.KindNotFound)
	case errors.Is(err, adapters.ErrIncomplete):
		return ListIncomplete
	case errors.Is(err, context.Canceled):
		return string(fetch.KindCanceled)
	}
	return ListUnreadable
}

// portal crawls one registry row.
func (c *crawler) portal(ctx context.Context, p Portal) {
	if p.HomeURL != "" && !p.resolved {
		c.fromHome(ctx, p) // discovery.go: find (or recall) its columns, then crawl each
		return
	}
	log := c.cfg.Logger.With("portal", p.Code, "host", p.Host())
	if c.store.IsPortalDone(p.Key()) {
		c.finish(counts{}, true)
		return
	}
	pc := counts{}
	fail := func(kind string, err error) {
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return
		}
		log.Warn("failure", "kind", kind, "err", err)
		pc.fail(kind)
	}
	ad, err := registry.Lookup(p.Adapter)
	if err != nil {
		fail("BAD_ADAPTER", err)
		c.finish(pc, false)
		return
	}
	sess := &session{c: c, portal: p, kind: archive.KindList, site: adapters.HostOf(p.ListURL), pc: &pc}
	links, derr := ad.Discover(ctx, sess, p.ListURL)
	if ctx.Err() != nil {
		return
	}
	if derr != nil {
		// Each list page that failed (the walk went on past it) is its own
		// failure.
		for _, e := range leaves(derr) {
			fail(listKind(e), e)
		}
	}
	sess.listDates = map[string]time.Time{}
	for _, l := range links {
		if !l.Date.IsZero() {
			sess.listDates[l.URL] = l.Date
		}
	}
	urls := c.candidates(p, links, derr)
	for _, u := range urls {
		if ctx.Err() != nil {
			return
		}
		if adapters.IsAttachment(u) {
			if c.attachment(ctx, sess, u, "", fail) {
				pc.Reports++
			}
			continue
		}
		c.report(ctx, sess, u, fail)
	}
	if len(urls) == 0 && derr == nil {
		fail(NoReports, fmt.Errorf("%s: no report found at %s", p.Code, p.ListURL))
	}
	if ctx.Err() != nil {
		return
	}
	if err := c.store.FinishPortal(p.Key(), pc); err != nil {
		log.Error("journal", "err", c.storeErr(err))
	}
	c.finish(pc, false)
}

// candidates are the URLs to visit: what the lists show, and what we hold
// for the portal, so edits and removals are seen even when a list drops an
// entry. Sorted.
func (c *crawler) candidates(p Portal, links []adapters.Link, derr error) []string {
	seen := map[string]bool{}
	var urls []string
	for _, l := range links {
		if !seen[l.URL] {
			seen[l.URL] = true
			urls = append(urls, l.URL)
		}
	}
	if derr == nil || len(links) > 0 {
		for _, kind := range []string{archive.KindReport, archive.KindAttachment} {
			for _, st := range c.store.PortalStates(p.Code, kind) {
				// A sub-column (scope) revisits only what it archived itself.
				if st.Gone || (kind == archive.KindAttachment && st.Parent != "") || st.Latest.PortalScope != string(p.Scope) || seen[st.URL] {
					continue
				}
				seen[st.URL] = true
				urls = append(urls, st.URL)
			}
		}
	}
	sort.Strings(urls)
	return urls
}

// report fetches a report detail page and its attachments; it returns
// whether the page is alive.
func (c *crawler) report(ctx context.Context, sess *session, u string, fail func(string, error)) bool {
	resp, changed, err := sess.fetch(ctx, &fetch.Request{URL: u}, archive.KindReport, "")
	if err != nil {
		fail(string(fetch.ErrorKind(err)), err)
		return false
	}
	pc := sess.pc
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		c.gone(pc, u)
		for _, st := range c.store.PortalStates(sess.portal.Code, archive.KindAttachment) {
			if st.Parent == u {
				c.gone(pc, st.Key)
			}
		}
		return false
	}
	pc.Reports++
	if changed {
		pc.ReportsNew++
		if st, _ := c.store.State(u); st.Versions > 1 {
			pc.ReportsChanged++
		}
	}
	c.work <- struct{}{}
	atts := adapters.Attachments(adapters.NewPage(resp.FinalURL, resp.Body, resp.ContentType()), sess.site)
	<-c.work
	linked := map[string]bool{}
	for _, a := range atts {
		linked[a] = true
		c.attachment(ctx, sess, a, u, fail)
	}
	if changed {
		// An edited page that no longer links an attachment: it is gone.
		for _, st := range c.store.PortalStates(sess.portal.Code, archive.KindAttachment) {
			if st.Parent == u && !linked[st.Key] {
				c.gone(pc, st.Key)
			}
		}
	}
	return true
}

func (c *crawler) attachment(ctx context.Context, sess *session, u, parent string, fail func(string, error)) bool {
	resp, changed, err := sess.fetch(ctx, &fetch.Request{URL: u, AllowHost: sess.allow}, archive.KindAttachment, parent)
	if err != nil {
		fail(string(fetch.ErrorKind(err)), err)
		return false
	}
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		c.gone(sess.pc, u)
		return false
	}
	sess.pc.Attachments++
	if changed {
		sess.pc.AttachNew++
	}
	return true
}

func (c *crawler) gone(pc *counts, key string) {
	st, ok := c.store.State(key)
	if !ok || st.Gone || !st.Archived {
		return
	}
	if err := c.store.MarkGone(key, c.cfg.Clock()); err != nil {
		c.cfg.Logger.Error("journal", "err", c.storeErr(err))
		return
	}
	pc.Gone++
}
