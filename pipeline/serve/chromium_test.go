package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserT drives a headless Chromium through github.com/chromedp/chromedp
// (DevTools over a pipe). It collects console errors, uncaught exceptions
// and error log entries (failed loads, CSP violations) of the current
// page, and waits for events, never for a fixed time.
type browserT struct {
	t   testing.TB
	ctx context.Context

	mu       sync.Mutex
	problems []string
	idle     chan cdp.LoaderID // loaders that reached networkIdle
	loader   cdp.LoaderID      // the loader of the last navigation
}

// cdpTimeout bounds every step: a step that takes longer fails the test.
const cdpTimeout = 30 * time.Second

// chromiumPath finds the browser or skips the test.
func chromiumPath(t testing.TB) string {
	for _, name := range []string{os.Getenv("OGI_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not installed: skipping the browser tests (apt-get install chromium)")
	return ""
}

// chromiumFlags are the flags the browser tests start Chromium with: no
// sandbox (tests run as root in CI), nothing that reaches the network on
// its own, a fresh profile.
func chromiumFlags(bin, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	}
}

// startBrowser starts Chromium for one test (closed at its end), with a
// viewport of width × 900 CSS pixels.
func startBrowser(t testing.TB, width int64) *browserT {
	t.Helper()
	bin := chromiumPath(t)
	var stderr strings.Builder
	opts := append(chromiumFlags(bin, t.TempDir()), chromedp.CombinedOutput(&lockedWriter{w: &stderr}))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	b := &browserT{t: t, ctx: ctx, idle: make(chan cdp.LoaderID, 64)}
	if err := chromedp.Listen(ctx, b.handle); err != nil {
		t.Fatalf("start chromium: %v\n%s", err, stderr.String())
	}
	b.do(chromedp.EmulateViewport(width, 900))
	return b
}

// lockedWriter serialises the writes of Chromium's output.
type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// handle records an event; it runs on chromedp's reading goroutine.
func (b *browserT) handle(ev any) {
	var problem string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				v := strings.Trim(string(a.Value), `"`)
				parts = append(parts, v+a.Description)
			}
			problem = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		problem = "exception: " + d.Text
		if d.Exception != nil {
			problem += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			problem = "log(" + string(e.Entry.Source) + "): " + e.Entry.Text + " " + e.Entry.URL
		}
	case *cdppage.EventLifecycleEvent:
		if e.Name == "networkIdle" {
			select {
			case b.idle <- e.LoaderID:
			default:
			}
		}
	}
	if problem != "" {
		b.mu.Lock()
		b.problems = append(b.problems, problem)
		b.mu.Unlock()
	}
}

// Problems returns what the browser reported since the last navigation.
func (b *browserT) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// do runs actions, failing the test on error or after cdpTimeout.
func (b *browserT) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, cdpTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("chromium: %v", err)
	}
}

// navigate loads url and waits for its load event and then for the page's
// network to go idle (Chromium's networkIdle lifecycle event for this
// navigation), so late failed loads and CSP reports have arrived. The
// problems of the previous page are dropped.
func (b *browserT) navigate(url string) {
	b.t.Helper()
	b.mu.Lock()
	b.problems = nil
	b.mu.Unlock()
	ctx, cancel := context.WithTimeout(b.ctx, cdpTimeout)
	defer cancel()
	var loader cdp.LoaderID
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, cdppage.Navigate, cdppage.NavigateParams{URL: url})
		if err != nil {
			return err
		}
		if res.ErrorText != "" {
			return errors.New(res.ErrorText)
		}
		loader = res.LoaderID
		return nil
	}))
	if err != nil {
		b.t.Fatalf("navigate %s: %v", url, err)
	}
	b.loader = loader
	b.waitIdle(ctx, url, loader)
}

// waitIdle waits for the networkIdle event of a loader.
func (b *browserT) waitIdle(ctx context.Context, what string, loader cdp.LoaderID) {
	b.t.Helper()
	for {
		select {
		case id := <-b.idle:
			if id == loader {
				return
			}
		case <-ctx.Done():
			b.t.Fatalf("%s: the page's network never went idle in %v", what, cdpTimeout)
		}
	}
}

// eval evaluates a JavaScript expression in the page (awaiting promises)
// and decodes its value into v (when v is not nil).
func (b *browserT) eval(expr string, v any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, cdpTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("eval %s: %v", expr, err)
	}
	if v == nil {
		return
	}
	if len(raw) == 0 {
		b.t.Fatalf("eval %s: no value", expr)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		b.t.Fatalf("eval %s: %s: %v", expr, raw, err)
	}
}

// waitFor polls a JavaScript condition until it is true; at the deadline
// the test fails.
func (b *browserT) waitFor(what, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, cdpTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(cdpTimeout))); err != nil {
		b.t.Fatalf("waiting for %s (%s): %v", what, cond, err)
	}
}

// clickAndLoad clicks the element a selector finds and waits for the
// document it opens to load and its network to go idle.
func (b *browserT) clickAndLoad(sel string) {
	b.t.Helper()
	b.mu.Lock()
	b.problems = nil
	b.mu.Unlock()
	ctx, cancel := context.WithTimeout(b.ctx, cdpTimeout)
	defer cancel()
	loaders := chromedp.Events(ctx, cdppage.FrameNavigated)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	for ev, err := range loaders {
		if err != nil {
			b.t.Fatalf("click %s: no navigation: %v", sel, err)
		}
		if ev.Frame.ParentID == "" {
			b.loader = ev.Frame.LoaderID
			break
		}
	}
	b.waitIdle(ctx, "click "+sel, b.loader)
}

// download clicks a download link and waits until Chromium has saved the
// file; it returns the file's path in a folder of the test.
func (b *browserT) download(sel string) string {
	b.t.Helper()
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, cdpTimeout)
	defer cancel()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptrTo(true)})
		return err
	}), chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("download %s: %v", sel, err)
	}
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("download %s: %v", sel, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			return filepath.Join(dir, ev.GUID)
		case browser.DownloadProgressStateCanceled:
			b.t.Fatalf("download %s was cancelled", sel)
		}
	}
	b.t.Fatalf("download %s: no progress", sel)
	return ""
}

func ptrTo[T any](v T) *T { return &v }

// screenshot writes a PNG of the whole page to path.
func (b *browserT) screenshot(path string) error {
	ctx, cancel := context.WithTimeout(b.ctx, cdpTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	return os.WriteFile(path, png, 0o644)
}
