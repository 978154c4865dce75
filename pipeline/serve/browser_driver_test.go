package serve

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestBrowserDriverSeesErrors proves the browser tests can fail: a page
// that throws, logs an error and breaks its CSP must be reported.
func TestBrowserDriverSeesErrors(t *testing.T) {
	b := startBrowser(t, 1280)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bad.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `console.error("deliberate"); undefinedFunction();`)
		case "/":
			w.Header().Set("Content-Security-Policy", "default-src 'self'")
			fmt.Fprint(w, `<!DOCTYPE html><title>t</title><p id="x" style="color:red">hello</p><script src="/bad.js"></script><img src="/missing.png">`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	b.navigate(srv.URL + "/")
	var text string
	b.eval(`document.getElementById("x").textContent`, &text)
	if text != "hello" {
		t.Errorf("text = %q", text)
	}
	// The reports may come after the load event: wait for each of them
	// (the test fails at the deadline if one never comes).
	deadline := time.Now().Add(cdpTimeout)
	for _, want := range []string{"deliberate", "undefinedFunction", "missing.png", "style"} {
		for !strings.Contains(strings.Join(b.Problems(), "\n"), want) {
			if time.Now().After(deadline) {
				t.Fatalf("problems do not mention %q:\n%s", want, strings.Join(b.Problems(), "\n"))
			}
			b.eval(`new Promise(r => requestAnimationFrame(() => r(true)))`, nil)
		}
	}
}
