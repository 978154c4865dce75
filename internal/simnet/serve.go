package simnet

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Challenge cookie names of the 瑞数-style 412 challenge.
const (
	ChallengeCookieS = "FSSBBIl1UgzbN7N80S"
	ChallengeCookieT = "FSSBBIl1UgzbN7N80T"
)

const (
	oversizedBytes = 48 << 20
	bombMembers    = 512 // gzip members of 1 MiB of zeros each
	slowChunk      = 1024
	slowPause      = 10 * time.Millisecond
	retryAfter     = time.Second
	maxRecords     = 1000
)

type hostState struct {
	robotsAt   time.Time
	last       time.Time
	retryUntil time.Time
	count      int
	paths      map[string]int
}

// response is what a handler decided to send.
type response struct {
	status    int
	ctype     string
	body      []byte
	mod       time.Time // zero: no Last-Modified, no conditional GET
	header    http.Header
	oversized bool
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (c *countingWriter) WriteHeader(s int) {
	if c.status == 0 {
		c.status = s
	}
	c.ResponseWriter.WriteHeader(s)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	k, err := c.ResponseWriter.Write(b)
	c.n += int64(k)
	return k, err
}

func (c *countingWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// sleep waits d unless the request or the network ends first.
func (n *Network) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-n.closing:
		return false
	}
}

func hostOnly(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		return strings.ToLower(host)
	}
	return strings.ToLower(h)
}

// ServeHTTP answers every portal by its Host header.
func (n *Network) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	cw := &countingWriter{ResponseWriter: w}
	host := hostOnly(r.Host)
	conditional := r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""
	defer func() {
		n.bytes.Add(cw.n)
		n.mu.Lock()
		n.requests = append(n.requests, Request{Host: host, Method: r.Method, Path: r.URL.RequestURI(), Time: now,
			Status: cw.status, Bytes: cw.n, UserAgent: r.UserAgent(), Conditional: conditional})
		n.mu.Unlock()
	}()
	if !n.sleep(r.Context(), n.cfg.Latency) {
		return
	}
	p := n.byHost[host]
	if p == nil {
		http.Error(cw, "no such site", http.StatusNotFound)
		return
	}
	count, pathHits := n.police(p, r, now)
	resp := n.respond(p, r, count, pathHits)
	if resp == nil {
		return
	}
	n.write(cw, r, p, resp)
}

// police records politeness breaches and counts the request.
func (n *Network) police(p *portal, r *http.Request, now time.Time) (count, pathHits int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	hs := n.hosts[p.info.Host]
	if hs == nil {
		hs = &hostState{paths: map[string]int{}}
		n.hosts[p.info.Host] = hs
	}
	reqPath := r.URL.RequestURI()
	flag := func(format string, args ...any) {
		n.violations = append(n.violations, fmt.Sprintf("%s: %s %s: ", p.info.Host, r.Method, reqPath)+fmt.Sprintf(format, args...))
	}
	if r.URL.Path == "/robots.txt" {
		if hs.robotsAt.IsZero() {
			hs.robotsAt = now
		}
		return 0, 0
	}
	if hs.robotsAt.IsZero() {
		flag("requested before robots.txt")
	}
	if p.robots {
		for _, dis := range p.disallowed() {
			if strings.HasPrefix(r.URL.Path, dis) {
				flag("path disallowed by robots.txt (%s)", dis)
				break
			}
		}
	}
	delay := max(p.crawlDelay, n.cfg.MinInterval)
	if delay > 0 && !hs.last.IsZero() {
		if gap := now.Sub(hs.last); gap < delay*9/10 {
			flag("%v after the previous request, interval %v", gap.Round(time.Millisecond), delay)
		}
	}
	if !hs.retryUntil.IsZero() && now.Before(hs.retryUntil.Add(-retryAfter/20)) {
		flag("Retry-After not honoured (%v early)", hs.retryUntil.Sub(now).Round(time.Millisecond))
	}
	for _, name := range []string{ChallengeCookieS, ChallengeCookieT} {
		if _, err := r.Cookie(name); err == nil {
			flag("JS challenge cookie %s replayed", name)
		}
	}
	hs.last = now
	hs.count++
	hs.paths[reqPath]++
	return hs.count, hs.paths[reqPath]
}

// disallowed lists the path prefixes robots.txt disallows.
func (p *portal) disallowed() []string {
	return append([]string{"/search/", "/module/search/"}, p.disallow...)
}

func (p *portal) robotsTxt() string {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, d := range p.disallowed() {
		b.WriteString("Disallow: " + d + "\n")
	}
	if p.crawlDelay > 0 {
		b.WriteString("Crawl-delay: " + strconv.FormatFloat(p.crawlDelay.Seconds(), 'f', -1, 64) + "\n")
	}
	return b.String()
}

func textResponse(status int, body string) *response {
	return &response{status: status, ctype: "text/plain; charset=utf-8", body: []byte(body)}
}

func (n *Network) htmlResponse(p *portal, page string, mod time.Time) *response {
	body, ct := p.encode(page)
	return &response{status: http.StatusOK, ctype: ct, body: body, mod: mod}
}

// respond routes a request and applies the portal's faults.
func (n *Network) respond(p *portal, r *http.Request, count, pathHits int) *response {
	path := r.URL.Path
	if path == "/robots.txt" {
		if !p.robots {
			return textResponse(http.StatusNotFound, "404 Not Found\n")
		}
		return &response{status: http.StatusOK, ctype: "text/plain", body: []byte(p.robotsTxt()), mod: p.listBase}
	}
	switch p.fault {
	case Fault429:
		if count%4 == 0 {
			n.mu.Lock()
			n.hosts[p.info.Host].retryUntil = time.Now().Add(retryAfter)
			n.mu.Unlock()
			resp := textResponse(http.StatusTooManyRequests, "429 Too Many Requests\n")
			resp.header = http.Header{"Retry-After": {strconv.Itoa(int(retryAfter / time.Second))}}
			return resp
		}
	case Fault5xx:
		switch pathHits {
		case 1:
			return textResponse(http.StatusServiceUnavailable, "503 Service Temporarily Unavailable\n")
		case 2:
			return textResponse(http.StatusInternalServerError, "500 Internal Server Error\n")
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead &&
		!(r.Method == http.MethodPost && path == "/module/web/jpage/dataproxy.jsp") {
		return textResponse(http.StatusMethodNotAllowed, "405 Method Not Allowed\n")
	}
	if resp := n.respondColumns(p, r); resp != nil {
		return resp
	}
	if page, ok := n.sitePage(p, path); ok {
		return n.htmlResponse(p, page, p.listBase)
	}
	p, rt := p.findRoute(path, r.URL.Query())
	if rt.doc == nil || n.isRemoved(rt.doc) {
		return n.htmlResponse(p, p.chrome("404", "<div class=\"error\">您访问的页面不存在</div>\n", identity), time.Time{}).withStatus(http.StatusNotFound)
	}
	d := rt.doc
	version := n.version(d)
	switch rt.role {
	case roleDownfile:
		resp := textResponse(http.StatusFound, "")
		resp.header = http.Header{"Location": {d.attachPath}}
		return resp
	case roleLoop:
		resp := textResponse(http.StatusFound, "")
		resp.header = http.Header{"Location": {d.path}}
		return resp
	case roleAttach:
		body, ct, err := n.attachment(p, d, version)
		if err != nil {
			slog.Error("simnet: attachment", "url", p.url(path), "err", err)
			return textResponse(http.StatusInternalServerError, "500 Internal Server Error\n")
		}
		return &response{status: http.StatusOK, ctype: ct, body: body, mod: d.modTime(version)}
	}
	if d.blocked == FaultChallenge || d.blocked == FaultChallengeSome {
		resp := &response{status: http.StatusPreconditionFailed, ctype: "text/html; charset=utf-8", body: challengePage(n.rng("challenge", path))}
		token := hexString(n.rng("cookie", path, strconv.Itoa(pathHits)), 40)
		resp.header = http.Header{"Set-Cookie": {ChallengeCookieS + "=" + token + "; Path=/; HttpOnly"}}
		return resp
	}
	if d.blocked == FaultRedirectLoop {
		resp := textResponse(http.StatusFound, "")
		resp.header = http.Header{"Location": {d.loopPath}}
		return resp
	}
	if p.fault == FaultTimeout && d.isReport() && pathHits == 1 {
		if !n.sleep(r.Context(), n.cfg.Stall) {
			return nil
		}
	}
	page, err := n.detailPage(p, d, version)
	if err != nil {
		slog.Error("simnet: page", "url", p.url(path), "err", err)
		return textResponse(http.StatusInternalServerError, "500 Internal Server Error\n")
	}
	resp := n.htmlResponse(p, page, d.modTime(version))
	switch d.blocked {
	case FaultOversized:
		resp.oversized = true
	case FaultGzipBomb:
		resp.body = n.bomb()
		resp.header = http.Header{"Content-Encoding": {"gzip"}}
		resp.mod = time.Time{}
	}
	return resp
}

func (r *response) withStatus(s int) *response {
	r.status = s
	r.mod = time.Time{}
	return r
}

// respondList answers the list endpoints of the portal's CMS, or nil.
func (n *Network) respondList(p *portal, r *http.Request) *response {
	if p.fault == FaultListLoop && n.isLoopingListRequest(p, r) {
		resp := textResponse(http.StatusFound, "")
		resp.header = http.Header{"Location": {r.URL.RequestURI()}}
		return resp
	}
	path := r.URL.Path
	mod := n.listModTime(p)
	notFound := func() *response {
		return n.htmlResponse(p, p.chrome("404", "<div class=\"error\">您访问的页面不存在</div>\n", identity), time.Time{}).withStatus(http.StatusNotFound)
	}
	switch p.info.Adapter {
	case AdapterTRS:
		if !strings.HasPrefix(path, p.chanPath) {
			return nil
		}
		rest := strings.TrimPrefix(path, p.chanPath)
		if strings.Contains(rest, "/") {
			return nil
		}
		page := p.cms.trsPageIndex(rest)
		if page < 0 {
			if strings.HasPrefix(rest, p.cms.trsPrefix+"_") {
				return notFound()
			}
			return nil
		}
		s, ok := n.trsList(p, page)
		if !ok {
			return notFound()
		}
		return n.htmlResponse(p, s, mod)
	case AdapterHanweb:
		if path == fmt.Sprintf("/col/col%d/index.html", p.colID) {
			return n.htmlResponse(p, n.hanwebColumn(p), mod)
		}
		if path == "/module/web/jpage/dataproxy.jsp" {
			if err := r.ParseForm(); err != nil {
				return textResponse(http.StatusBadRequest, "bad form\n")
			}
			start, _ := strconv.Atoi(r.Form.Get("startrecord"))
			end, _ := strconv.Atoi(r.Form.Get("endrecord"))
			paged := false
			if p.cms.hwGetOnly {
				// Older jcms: only GET ?page=N&<column params>.
				page, err := strconv.Atoi(r.URL.Query().Get("page"))
				if r.Method != http.MethodGet || err != nil || page < 1 {
					return n.htmlResponse(p, p.chrome("提示", "<div class=\"error\">参数错误</div>\n", identity), time.Time{})
				}
				start, end, paged = (page-1)*p.pageSize+1, page*p.pageSize, true
			}
			var body string
			if r.Form.Get("columnid") != strconv.FormatInt(p.colID, 10) {
				body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>0</totalrecord>\n<totalpage>0</totalpage>\n<recordset>\n</recordset>\n</datastore>"
			} else {
				body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + n.hanwebDatastore(p, start, end, paged && end < len(n.visibleDocs(p)))
			}
			return &response{status: http.StatusOK, ctype: "text/xml; charset=utf-8", body: []byte(body), mod: mod}
		}
	case AdapterGkmlpt:
		switch {
		case path == "/gkmlpt/index" || path == "/gkmlpt/annualreport":
			return n.htmlResponse(p, p.gkmlptIndex(), mod)
		case strings.HasPrefix(path, "/gkmlpt/api/all/"):
			cat, err := strconv.Atoi(strings.TrimPrefix(path, "/gkmlpt/api/all/"))
			if err != nil {
				return textResponse(http.StatusNotFound, "404 Not Found\n")
			}
			if r.URL.Query().Get("sid") != strconv.Itoa(p.sid) {
				return &response{status: http.StatusBadRequest, ctype: "application/json", body: []byte(`{"error":"invalid sid"}`)}
			}
			page, err := strconv.Atoi(r.URL.Query().Get("page"))
			if err != nil {
				page = 1
			}
			return &response{status: http.StatusOK, ctype: "application/json; charset=utf-8", body: n.gkmlptAPI(p, cat, page), mod: mod}
		}
	case AdapterVSB:
		if path == p.chanPath+".htm" {
			s, _ := n.vsbList(p, 1)
			return n.htmlResponse(p, s, mod)
		}
		if strings.HasPrefix(path, p.chanPath+"/") && strings.HasSuffix(path, ".htm") {
			num, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path, p.chanPath+"/"), ".htm"))
			if err != nil {
				return nil
			}
			pages := pageCount(len(n.visibleDocs(p)), p.pageSize)
			s, ok := n.vsbList(p, pages-num+1)
			if !ok || num < 1 {
				return notFound()
			}
			return n.htmlResponse(p, s, mod)
		}
	default:
		if path == p.chanPath {
			k := 1
			if v := r.URL.Query().Get("page"); v != "" {
				var err error
				if k, err = strconv.Atoi(v); err != nil {
					return notFound()
				}
			}
			s, ok := n.genericList(p, k)
			if !ok {
				return notFound()
			}
			return n.htmlResponse(p, s, mod)
		}
	}
	return nil
}

func etagOf(b []byte) string {
	h := fnv.New64a()
	_, _ = h.Write(b)
	return fmt.Sprintf("\"%016x\"", h.Sum64())
}

// write sends a response with conditional GET and the slow-body and
// oversized faults.
func (n *Network) write(w *countingWriter, r *http.Request, p *portal, resp *response) {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	if resp.ctype != "" {
		h.Set("Content-Type", resp.ctype)
	}
	h.Set("Server", "simnet")
	if !resp.mod.IsZero() && resp.status == http.StatusOK {
		etag := etagOf(resp.body)
		h.Set("ETag", etag)
		h.Set("Last-Modified", resp.mod.UTC().Format(http.TimeFormat))
		if notModified(r, etag, resp.mod) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	size := int64(len(resp.body))
	if resp.oversized {
		size = oversizedBytes
	}
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(resp.status)
	if r.Method == http.MethodHead {
		return
	}
	if p.fault == FaultSlowBody {
		for b := resp.body; len(b) > 0; {
			k := min(slowChunk, len(b))
			if _, err := w.Write(b[:k]); err != nil {
				return
			}
			w.Flush()
			b = b[k:]
			if !n.sleep(r.Context(), slowPause) {
				return
			}
		}
		return
	}
	if _, err := w.Write(resp.body); err != nil {
		return
	}
	if resp.oversized {
		pad := bytes.Repeat([]byte("<!-- padding padding padding padding padding padding padding -->\n"), 1024)
		for left := size - int64(len(resp.body)); left > 0; {
			k := min(int64(len(pad)), left)
			if _, err := w.Write(pad[:k]); err != nil {
				return
			}
			left -= k
		}
	}
}

// notModified applies If-None-Match (which wins) or If-Modified-Since.
func notModified(r *http.Request, etag string, mod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		if err == nil && !mod.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}

// challengePage is a 瑞数-style obfuscated challenge stub.
func challengePage(rng interface{ IntN(int) int }) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">")
	b.WriteString("<meta id=\"9DhefwqGPrzGxEp9hPaoag\" content=\"")
	const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._"
	for range 120 {
		b.WriteByte(alpha[rng.IntN(len(alpha))])
	}
	b.WriteString("\"><script type=\"text/javascript\">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=")
	b.WriteString(strconv.Itoa(10000 + rng.IntN(89999)))
	b.WriteString(";$_ts.cd=\"")
	for range 200 {
		b.WriteByte(alpha[rng.IntN(len(alpha)-2)])
	}
	b.WriteString("\";</script><script type=\"text/javascript\" charset=\"utf-8\" src=\"/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js\" r=\"m\"></script></head><body></body></html>")
	return []byte(b.String())
}

// gzipBomb is bombMembers gzip members of 1 MiB of zeros each: about
// 1 MiB on the wire, 512 MiB inflated.
func gzipBomb() []byte {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	_, _ = io.Copy(zw, io.LimitReader(zeroReader{}, 1<<20))
	_ = zw.Close()
	return bytes.Repeat(member.Bytes(), bombMembers)
}

type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// attachment renders a report's PDF or DOCX.
func (n *Network) attachment(p *portal, d *document, version int) ([]byte, string, error) {
	f := n.figures(p, d)
	tmpl, ok := n.tmpls.byID(d.template)
	if !ok {
		return nil, "", fmt.Errorf("simnet: %s: no template", d.path)
	}
	bs := reportBlocks(n.rng("page", p.info.Code, d.path), d, &f, tmpl, p.layout, identity)
	if version > 0 {
		bs = append(bs, block{text: fmt.Sprintf("（本文于%s第%d次更新）", d.modTime(version).Format("2006年1月2日"), version)})
	}
	switch d.rendering {
	case RenderPDF:
		b, err := reportPDF(d.title, bs)
		return b, "application/pdf", err
	case RenderDOCX:
		b, err := reportDOCX(d.title, bs)
		return b, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", err
	}
	return nil, "", fmt.Errorf("simnet: %s: rendering %s has no attachment", d.path, d.rendering)
}
