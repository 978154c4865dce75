package serve

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// browser drives a headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on fd 3, replies on fd 4), with no Go
// dependency beyond the standard library.
type browser struct {
	t       testing.TB
	cmd     *exec.Cmd
	in      *os.File // our end of Chromium's fd 3
	out     *os.File // our end of Chromium's fd 4
	msgs    chan cdpMessage
	mu      sync.Mutex
	next    int
	session string
	// problems collects console errors, uncaught exceptions and error log
	// entries (failed loads, CSP violations) since the last navigation.
	problems []string
	stderr   bytes.Buffer
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *cdpError       `json:"error,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
}

type cdpError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

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

func startBrowser(t testing.TB) *browser {
	t.Helper()
	bin := chromiumPath(t)
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, in: inW, out: outR, msgs: make(chan cdpMessage, 256)}
	b.cmd = exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--no-default-browser-check", "--mute-audio", "--hide-scrollbars", "--disable-extensions",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	b.cmd.ExtraFiles = []*os.File{inR, outW}
	b.cmd.Stderr = &b.stderr
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	inR.Close()
	outW.Close()
	go b.read()
	t.Cleanup(b.close)
	res := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"})
	var target struct{ TargetID string }
	mustUnmarshal(t, res, &target)
	res = b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})
	var att struct{ SessionID string }
	mustUnmarshal(t, res, &att)
	b.session = att.SessionID
	for _, m := range []string{"Runtime.enable", "Log.enable", "Page.enable"} {
		b.call(b.session, m, nil)
	}
	b.call(b.session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false})
	return b
}

func mustUnmarshal(t testing.TB, raw json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("devtools reply %s: %v", raw, err)
	}
}

// read splits Chromium's output on NUL bytes into messages.
func (b *browser) read() {
	defer close(b.msgs)
	r := bufio.NewReaderSize(b.out, 1<<20)
	for {
		frame, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if err := json.Unmarshal(frame[:len(frame)-1], &m); err != nil {
			continue
		}
		b.msgs <- m
	}
}

func (b *browser) close() {
	b.in.Close()
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		b.cmd.Process.Kill()
		<-done
	}
	b.out.Close()
}

// handle records an event.
func (b *browser) handle(m cdpMessage) {
	switch m.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string
			Args []struct {
				Value       any
				Description string
			}
		}
		json.Unmarshal(m.Params, &p)
		if p.Type == "error" || p.Type == "assert" {
			var parts []string
			for _, a := range p.Args {
				parts = append(parts, fmt.Sprint(a.Value)+a.Description)
			}
			b.problems = append(b.problems, "console."+p.Type+": "+strings.Join(parts, " "))
		}
	case "Runtime.exceptionThrown":
		var p struct {
			ExceptionDetails struct {
				Text      string
				Exception struct{ Description string }
			}
		}
		json.Unmarshal(m.Params, &p)
		b.problems = append(b.problems, "exception: "+p.ExceptionDetails.Text+" "+p.ExceptionDetails.Exception.Description)
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Source, Text, URL string }
		}
		json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "error" {
			b.problems = append(b.problems, "log("+p.Entry.Source+"): "+p.Entry.Text+" "+p.Entry.URL)
		}
	}
}

const cdpTimeout = 30 * time.Second

// call sends a command and waits for its reply, recording events meanwhile.
func (b *browser) call(session, method string, params any) json.RawMessage {
	b.t.Helper()
	res, err := b.try(session, method, params)
	if err != nil {
		b.t.Fatalf("%s: %v\nchromium stderr:\n%s", method, err, b.stderr.String())
	}
	return res
}

func (b *browser) try(session, method string, params any) (json.RawMessage, error) {
	b.mu.Lock()
	b.next++
	id := b.next
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if _, err := b.in.Write(append(data, 0)); err != nil {
		return nil, fmt.Errorf("write to chromium: %w", err)
	}
	timeout := time.After(cdpTimeout)
	for {
		select {
		case m, ok := <-b.msgs:
			if !ok {
				return nil, errors.New("chromium exited")
			}
			if m.ID == id {
				if m.Error != nil {
					return nil, fmt.Errorf("devtools error %d: %s", m.Error.Code, m.Error.Message)
				}
				return m.Result, nil
			}
			b.handle(m)
		case <-timeout:
			return nil, fmt.Errorf("no reply in %v", cdpTimeout)
		}
	}
}

// navigate loads url and waits for its load event; the problems of the
// previous page are dropped.
func (b *browser) navigate(url string) {
	b.t.Helper()
	b.problems = nil
	res := b.call(b.session, "Page.navigate", map[string]any{"url": url})
	var nav struct{ ErrorText string }
	mustUnmarshal(b.t, res, &nav)
	if nav.ErrorText != "" {
		b.t.Fatalf("navigate %s: %s", url, nav.ErrorText)
	}
	timeout := time.After(cdpTimeout)
	for {
		select {
		case m, ok := <-b.msgs:
			if !ok {
				b.t.Fatalf("chromium exited while loading %s", url)
			}
			if m.Method == "Page.loadEventFired" {
				// Let deferred scripts and late log entries arrive.
				b.eval(`new Promise(r => setTimeout(r, 50))`, nil)
				return
			}
			b.handle(m)
		case <-timeout:
			b.t.Fatalf("loading %s: no load event in %v", url, cdpTimeout)
		}
	}
}

// eval evaluates a JavaScript expression in the page (awaiting promises)
// and decodes its value into v (if not nil).
func (b *browser) eval(expr string, v any) {
	b.t.Helper()
	res := b.call(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	var r struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct{ Text string }
	}
	mustUnmarshal(b.t, res, &r)
	if r.ExceptionDetails != nil {
		b.t.Fatalf("eval %s: %s", expr, r.ExceptionDetails.Text)
	}
	if v != nil {
		if len(r.Result.Value) == 0 {
			b.t.Fatalf("eval %s: no value", expr)
		}
		mustUnmarshal(b.t, r.Result.Value, v)
	}
}

// screenshot writes a PNG of the whole page.
func (b *browser) screenshot(w io.Writer) error {
	res, err := b.try(b.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true})
	if err != nil {
		return err
	}
	var r struct{ Data string }
	if err := json.Unmarshal(res, &r); err != nil {
		return err
	}
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		return err
	}
	_, err = w.Write(png)
	return err
}
