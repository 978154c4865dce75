package main

import (
	"context"
	"fmt"
	"io"
)

// runServe is not written yet; its issue owns this file.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi serve: not implemented yet")
	return 2
}
