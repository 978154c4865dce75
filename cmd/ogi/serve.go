package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

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
	if err := serveDashboard(ctx, *dir, *addr, log, stdout); err != nil {
		fmt.Fprintf(stderr, "ogi serve: %v\n", err)
		return 1
	}
	return 0
}

// serveDashboard opens the dataset of dir and serves it on addr until ctx
// is done, printing the address once it listens.
func serveDashboard(ctx context.Context, dir, addr string, log *slog.Logger, stdout io.Writer) error {
	db, err := query.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := serve.New(db, serve.Options{Logger: log, DataDir: dir})
	if err != nil {
		return err
	}
	return serve.ListenAndServe(ctx, addr, s, log, func(url string) {
		fmt.Fprintf(stdout, "dashboard: %s (Ctrl-C stops it)\n", url)
	})
}
