package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
	"ogi/pipeline/serve"
)

// runServe implements `ogi serve --data DIR [--addr 127.0.0.1:8080]`: the
// read-only dashboard over the dataset, on loopback unless --public.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data folder whose dataset/ to serve (required)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	public := fs.Bool("public", false, "allow an address that is not loopback (put a proxy with access control in front)")
	var deadlines deadlineFlags
	fs.Var(&deadlines, "deadline", deadlineUsage)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi serve --data DIR [--addr 127.0.0.1:8080]")
		fmt.Fprintln(stderr, "Serves the dashboard: province overview, jurisdiction pages, data quality, CSV/Parquet downloads.")
		fs.PrintDefaults()
	}
	rest, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *dir == "" || len(rest) > 0 {
		fs.Usage()
		return 2
	}
	if err := serve.CheckLoopback(*addr); err != nil && !*public {
		fmt.Fprintf(stderr, "ogi serve: %v (the dashboard binds to loopback; pass --public to override)\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := serveDashboard(ctx, *dir, *addr, *public, deadlines, log, stdout); err != nil {
		fmt.Fprintf(stderr, "ogi serve: %v\n", err)
		return 1
	}
	return 0
}

// serveDashboard opens the dataset of dir and serves it on addr until ctx
// is done, printing the address once it listens. Unless public, it
// answers only requests addressed to the loopback address it serves.
func serveDashboard(ctx context.Context, dir, addr string, public bool, deadlines []query.Deadline, log *slog.Logger, stdout io.Writer) error {
	scratch, err := os.MkdirTemp("", "ogi-serve-")
	if err != nil {
		return fmt.Errorf("scratch folder for downloads: %w", err)
	}
	defer os.RemoveAll(scratch)
	db, err := query.OpenWith(ctx, dir, query.Options{ScratchDir: scratch, AllMetrics: true, Materialize: true, Deadlines: deadlines})
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := serve.New(db, serve.Options{Logger: log, DataDir: dir})
	if err != nil {
		return err
	}
	wctx, stop := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watchDataset(wctx, db, dir, datasetPoll, log)
	}()
	defer func() { stop(); <-watched }() // before db.Close
	return serve.ListenAndServe(ctx, addr, s, log, public, func(url string) {
		fmt.Fprintf(stdout, "dashboard: %s (Ctrl-C stops it)\n", url)
	})
}

// datasetPoll is how often a running dashboard looks for a new build.
const datasetPoll = 5 * time.Second

// watchDataset moves db to each new build a build links into the data
// folder dir, so that a dashboard left running across nightly runs serves
// the latest build. Queries running meanwhile finish on the build they
// started on (db pins it). A failed reload is logged and the previous
// build stays. It returns when ctx ends.
func watchDataset(ctx context.Context, db *query.DB, dir string, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	failed := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		cur, err := dataset.Current(dir)
		if err != nil || cur == db.Dir() || cur == failed {
			continue // mid-swap, unchanged, or already failed to load
		}
		if err := db.Reload(ctx); err != nil && ctx.Err() == nil {
			failed = cur
			log.Warn("a new dataset could not be loaded; still serving the previous one", "dataset", cur, "err", err)
		}
	}
}
