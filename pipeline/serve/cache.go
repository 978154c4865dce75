package serve

import (
	"container/list"
	"net/http"
	"sync"
)

// pageCache keeps rendered pages by build and URL: a build never changes,
// so a page of it is the same bytes until the next build, whose pages
// have other keys. Least recently used pages go first.
type pageCache struct {
	mu    sync.Mutex
	max   int
	order *list.List               // of *cachedPage, most recent first
	byKey map[string]*list.Element // key → element of order
}

type cachedPage struct {
	key  string
	body []byte
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

// key is the cache key of a request on a build.
func cacheKey(build string, r *http.Request) string {
	return build + "\x00" + r.URL.Path + "?" + r.URL.RawQuery
}

func (c *pageCache) get(key string) ([]byte, bool) {
	if c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedPage).body, true
}

func (c *pageCache) put(key string, body []byte) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*cachedPage).body = body
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cachedPage{key: key, body: body})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cachedPage).key)
	}
}

// cached serves a page from the cache of the current build, or renders it
// with fill and keeps it. A page that failed is not kept.
func (s *Server) cached(w http.ResponseWriter, r *http.Request, fill func(w http.ResponseWriter, r *http.Request) (page, string, bool)) {
	key := cacheKey(s.src.Dir(), r)
	if body, ok := s.cache.get(key); ok {
		writeHTML(w, body)
		return
	}
	p, name, ok := fill(w, r)
	if !ok {
		return
	}
	body, err := s.renderBytes(name, p)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.cache.put(key, body)
	writeHTML(w, body)
}

func writeHTML(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
}

// lru is a small least-recently-used map of values of one type, safe for
// concurrent use.
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	order *list.List
	byKey map[string]*list.Element
}

type lruEntry[V any] struct {
	key string
	val V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruEntry[V]).val, true
	}
	var zero V
	return zero, false
}

func (c *lru[V]) put(key string, v V) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*lruEntry[V]).val = v
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&lruEntry[V]{key: key, val: v})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*lruEntry[V]).key)
	}
}
