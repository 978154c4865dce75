package crawl

import (
	"context"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"ogi/internal/simnet"
)

// TestCrawlChild is the child process of TestKillAndResume: it crawls the
// parent's simulated network (reached over loopback) until killed.
func TestCrawlChild(t *testing.T) {
	dir := os.Getenv("OGI_CRAWL_CHILD")
	if dir == "" {
		t.Skip("child process of TestKillAndResume")
	}
	if reg := os.Getenv("OGI_CRAWL_REGISTRY"); reg != "" {
		// A registry of loopback portals, reached directly.
		f, err := os.Open(reg)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := ReadRegistry(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		cfg := simConfig(dir, nil)
		cfg.Fetch.DialContext = nil
		cfg.Fetch.MaxRetryAfter = 10 * time.Second
		_, _ = Run(context.Background(), cfg, ps)
		return
	}
	seed, _ := strconv.ParseInt(os.Getenv("OGI_SIMNET_SEED"), 10, 64)
	portals, _ := strconv.Atoi(os.Getenv("OGI_SIMNET_PORTALS"))
	// Same seed ⇒ same portals; only the registry is taken from this copy,
	// every request goes to the parent's server.
	local, err := simnet.Start(simnet.Config{Seed: seed, Portals: portals})
	if err != nil {
		t.Fatal(err)
	}
	ps := simPortals(t, local)
	local.Close()
	addr := os.Getenv("OGI_SIMNET_ADDR")
	cfg := simConfig(dir, local)
	cfg.Fetch.MinDelay = 80 * time.Millisecond // slow enough to be killed mid-run
	cfg.Fetch.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	_, _ = Run(context.Background(), cfg, ps)
}
