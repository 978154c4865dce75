package simnet

import (
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestScale starts the 1,000-portal network of the crawler benchmark and
// serves a sample of it with 20 ms latency from parallel clients.
func TestScale(t *testing.T) {
	n := start(t, Config{Seed: 11, Portals: 1000, Provinces: []string{"37", "44", "62", "41", "43", "51"}, Latency: 20 * time.Millisecond})
	ps := n.Portals()
	if len(ps) != 1000 {
		t.Fatalf("%d portals", len(ps))
	}
	provs := map[string]bool{}
	for _, p := range ps {
		provs[p.Code[:2]] = true
	}
	// 1,000 portals exceed the six provinces' divisions: the network
	// draws all of them, then continues with further provinces.
	for _, want := range []string{"37", "44", "62", "41", "43", "51"} {
		if !provs[want] {
			t.Errorf("no portal of province %s", want)
		}
	}
	if got := ps[len(ps)-1].Code[:2]; slices.Contains([]string{"37", "44", "62", "41", "43", "51"}, got) {
		t.Errorf("the last portal is from %s: spill-over provinces should come last", got)
	}
	ex := n.Expected()
	if len(ex) < 7000 {
		t.Fatalf("%d reports, want ≥ 7000", len(ex))
	}
	hc := &http.Client{Transport: n.Transport()}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ex); i += len(ex) / 64 {
				t0 := time.Now()
				resp, err := hc.Get(ex[i].URL)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("%s: %s", ex[i].URL, resp.Status)
				}
				if d := time.Since(t0); d < 20*time.Millisecond {
					t.Errorf("%s answered in %v, under the 20 ms latency", ex[i].URL, d)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkStart1000(b *testing.B) {
	for b.Loop() {
		n, err := Start(Config{Seed: 11, Portals: 1000, Provinces: []string{"37", "44", "62", "41", "43", "51"}})
		if err != nil {
			b.Fatal(err)
		}
		_ = n.Close()
	}
}

func BenchmarkExpected1000(b *testing.B) {
	n := start(b, Config{Seed: 11, Portals: 1000, Provinces: []string{"37", "44", "62", "41", "43", "51"}})
	for b.Loop() {
		if len(n.Expected()) < 7000 {
			b.Fatal("too few reports")
		}
	}
}

// benchServe fetches the URLs round-robin from parallel clients and
// reports bytes per second.
func benchServe(b *testing.B, n *Network, urls []string) {
	hc := &http.Client{Transport: n.Transport()}
	hc.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	before := n.BytesServed()
	b.ResetTimer()
	var mu sync.Mutex
	next := 0
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			u := urls[next%len(urls)]
			next++
			mu.Unlock()
			resp, err := hc.Get(u)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.SetBytes((n.BytesServed() - before) / int64(b.N))
}

func BenchmarkServeReportHTML(b *testing.B) {
	n := start(b, Config{Seed: 11, Portals: 200})
	var urls []string
	for _, e := range n.Expected() {
		if e.Rendering == RenderHTML {
			urls = append(urls, e.URL)
		}
	}
	benchServe(b, n, urls)
}

func BenchmarkServeAttachments(b *testing.B) {
	n := start(b, Config{Seed: 11, Portals: 200})
	var urls []string
	for _, e := range n.Expected() {
		urls = append(urls, e.Attachments...)
	}
	benchServe(b, n, urls)
}

func BenchmarkServeLists(b *testing.B) {
	n := start(b, Config{Seed: 11, Portals: 200})
	var urls []string
	for _, p := range n.Portals() {
		urls = append(urls, p.ListURL)
	}
	benchServe(b, n, urls)
}
