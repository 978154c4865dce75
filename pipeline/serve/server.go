// Package serve is ogi's dashboard: a read-only web interface over the
// dataset for a provincial office. It serves a province overview (its
// counties in a sortable table with the metrics of `ogi compare`, and charts
// of applications, outcomes and correction rates by year), a page per
// jurisdiction (time series, the three tables as printed with failed checks
// highlighted, provenance of the source), a data-quality page, and CSV and
// Parquet downloads of every table.
//
// Every query is parameterised, table names come from a fixed list, charts
// are drawn on the server as SVG and the pages load nothing but their own
// style sheet and script, under a self-only Content-Security-Policy.
package serve

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"ogi/data"
	"ogi/pipeline/query"
)

// Source is what the dashboard reads; *query.DB satisfies it.
type Source interface {
	Query(ctx context.Context, sql string, args ...any) (*query.Result, error)
	// Each streams the rows of a query (whole-table downloads).
	Each(ctx context.Context, sql string, args []any, f func(cols []string, row []any) error) error
	Compare(ctx context.Context, metric string, f query.Filter) (*query.Result, error)
	CompareAll(ctx context.Context, f query.Filter) (*query.Result, error)
	Coverage(ctx context.Context, f query.CoverageFilter) (*query.Result, error)
	CoverageRates(ctx context.Context, f query.CoverageFilter) (*query.Result, error)
	// ScratchDir is the folder the source may write downloads to ("" for
	// none: downloads then need Options.TempDir, writable by the source).
	ScratchDir() string
	// Dir names the build the source reads now: pages are cached per
	// build, and a new build (Reload) is new pages.
	Dir() string
}

// Options configure a Server.
type Options struct {
	// Logger receives one line per failed request; nil logs nowhere.
	Logger *slog.Logger
	// RequestTimeout bounds the work of one request (default 30s).
	RequestTimeout time.Duration
	// TempDir holds downloads while they are written; the source must be
	// allowed to write there ("" = the source's ScratchDir).
	TempDir string
	// DataDir is the data folder whose crawl archive holds the reports'
	// archived copies (served at /archive/REPORT_ID); "" serves none.
	DataDir string
	// CachePages is how many rendered pages are kept per build (default
	// 256; negative for none).
	CachePages int
}

// Server is the dashboard's HTTP handler.
type Server struct {
	src     Source
	opts    Options
	log     *slog.Logger
	pages   map[string]*template.Template
	metrics []query.Metric
	mux     *http.ServeMux
	archive *archiveIndex // nil without Options.DataDir
	sql     queries
	cache   *pageCache
	// yearCache keeps the yearly sums the charts draw, per build and
	// province or prefecture (every year's page draws the same).
	yearCache *lru[*yearly]
}

// New returns the dashboard over src.
func New(src Source, opts Options) (*Server, error) {
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 30 * time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.TempDir == "" {
		opts.TempDir = src.ScratchDir()
	}
	if opts.TempDir == "" {
		return nil, errors.New("serve: downloads need a scratch folder the database may write (query.Options.ScratchDir)")
	}
	if opts.CachePages == 0 {
		opts.CachePages = 256
	}
	s := &Server{src: src, opts: opts, log: log, metrics: query.Metrics(), cache: newPageCache(opts.CachePages),
		yearCache: newLRU[*yearly](64)}
	q, err := loadQueries()
	if err != nil {
		return nil, err
	}
	s.sql = q
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	if opts.DataDir != "" {
		s.archive = &archiveIndex{dataDir: opts.DataDir}
	}
	static, err := fs.Sub(data.Web, "web/static")
	if err != nil {
		return nil, fmt.Errorf("serve: static assets: %w", err)
	}
	mux := http.NewServeMux()
	files := http.FileServerFS(static)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Only valid names of the embedded assets; anything else (invalid
		// UTF-8, "..") is simply not there.
		if !fs.ValidPath(r.URL.Path) || !utf8.ValidString(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})))
	mux.HandleFunc("GET /{$}", s.handleIndex)
	mux.HandleFunc("GET /province/{code}", s.handleProvince)
	mux.HandleFunc("GET /j/{code}", s.handleJurisdiction)
	mux.HandleFunc("GET /search", s.handleSearch)
	mux.HandleFunc("GET /coverage/{file}", s.handleCoverageDownload)
	mux.HandleFunc("GET /brief/{file}", s.handleBrief)
	mux.HandleFunc("GET /quality", s.handleQuality)
	mux.HandleFunc("GET /download/{file}", s.handleDownload)
	mux.HandleFunc("GET /compare/{file}", s.handleCompareDownload)
	mux.HandleFunc("GET /archive/{id}", s.handleArchive)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	s.mux = mux
	return s, nil
}

// maxBody bounds request bodies: the dashboard is read-only and reads none.
const maxBody = 1 << 10

// ServeHTTP adds the security headers, refuses anything but GET and HEAD,
// bounds the body and the time of the request, and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "read-only: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

// HTTPServer returns an http.Server for h with bounded header size and
// read, write and idle timeouts.
func HTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	if log != nil {
		srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	}
	return srv
}

// ErrNotLoopback is returned by CheckLoopback for a public address.
var ErrNotLoopback = errors.New("address is not a loopback address")

// CheckLoopback reports whether addr (host:port) binds to loopback only.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%q: %w", addr, ErrNotLoopback)
	}
	return nil
}

// ListenAndServe serves h on addr until ctx is done, then shuts down
// gracefully (in-flight requests get up to five seconds). ready, when set,
// receives the base URL once the listener is open; addr may use port 0.
// Unless public, requests must name the address served in their Host
// header (GuardHost): a page of another site that rebinds its name to
// this address (DNS rebinding) gets 421, not the dashboard.
func ListenAndServe(ctx context.Context, addr string, h http.Handler, log *slog.Logger, public bool, ready func(baseURL string)) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	if !public {
		h = GuardHost(h, ln.Addr().String())
	}
	srv := HTTPServer(addr, h, log)
	srv.BaseContext = func(net.Listener) context.Context { return ctx }
	if ready != nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// GuardHost serves only requests whose Host header names the loopback
// address served (host:port as listened on, or localhost, 127.0.0.1 or
// [::1] with its port); others get 421 Misdirected Request. It defends a
// loopback dashboard against DNS rebinding.
func GuardHost(h http.Handler, listenAddr string) http.Handler {
	_, port, err := net.SplitHostPort(listenAddr)
	allowed := map[string]bool{strings.ToLower(listenAddr): true}
	if err == nil {
		for _, host := range []string{"localhost", "127.0.0.1", "[::1]"} {
			allowed[host+":"+port] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.TrimSuffix(strings.ToLower(r.Host), ".")
		if h2, p, err := net.SplitHostPort(host); err == nil && strings.HasSuffix(h2, ".") {
			host = strings.TrimSuffix(h2, ".") + ":" + p
		}
		if !allowed[host] {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusMisdirectedRequest)
			fmt.Fprintf(w, "this dashboard answers only to %s (Host %q refused; ogi serve --public serves any name)\n", listenAddr, r.Host)
			return
		}
		h.ServeHTTP(w, r)
	})
}
