package crawl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"time"
)

// RunStats are one crawl process's statistics, for monitoring: kept one
// JSON object a line in DIR/state/runs.jsonl and printed by
// `ogi crawl --stats-json`. A resumed run's figures cover the whole run.
type RunStats struct {
	Run               string         `json:"run"`
	Shard             string         `json:"shard,omitempty"`
	Started           time.Time      `json:"started"`
	Ended             time.Time      `json:"ended"`
	DurationSeconds   float64        `json:"duration_s"`
	Resumed           bool           `json:"resumed"`
	Outcome           string         `json:"outcome"` // ok, failures, interrupted, error
	Error             string         `json:"error,omitempty"`
	Portals           int            `json:"portals"`
	PortalsDoneBefore int            `json:"portals_done_before_resume"`
	PortalsFailed     int            `json:"portals_failed"`
	Requests          int            `json:"requests"`
	NotModified       int            `json:"not_modified"`
	Bytes             int64          `json:"bytes"`
	Reports           int            `json:"reports"`
	ReportsNew        int            `json:"reports_new"`
	ReportsChanged    int            `json:"reports_changed"`
	ReportsUnchanged  int            `json:"reports_unchanged"`
	ReportsGone       int            `json:"reports_gone"`
	Attachments       int            `json:"attachments"`
	AttachmentsNew    int            `json:"attachments_new"`
	Failures          map[string]int `json:"failures"`
	FailuresTotal     int            `json:"failures_total"`
}

// Stats returns the run statistics of s.
func (s Summary) Stats(shard string, started time.Time, runErr error) RunStats {
	return s.stats(shard, started, runErr)
}

func (s Summary) stats(shard string, started time.Time, runErr error) RunStats {
	st := RunStats{Run: s.Run, Shard: shard, Started: started.UTC(), Ended: started.Add(s.Duration).UTC(),
		DurationSeconds: s.Duration.Seconds(), Resumed: s.Resumed, Portals: s.Portals,
		PortalsDoneBefore: s.PortalsSkipped, PortalsFailed: s.PortalsFailed, Requests: s.Requests,
		NotModified: s.NotModified, Bytes: s.Bytes, Reports: s.Reports, ReportsNew: s.ReportsNew - s.ReportsChanged,
		ReportsChanged: s.ReportsChanged, ReportsUnchanged: max(s.Reports-s.ReportsNew, 0), ReportsGone: s.Gone,
		Attachments: s.Attachments, AttachmentsNew: s.AttachNew, Failures: maps.Clone(s.Failures)}
	if st.Failures == nil {
		st.Failures = map[string]int{}
	}
	for _, n := range st.Failures {
		st.FailuresTotal += n
	}
	switch {
	case errors.Is(runErr, context.Canceled):
		st.Outcome, st.Error = "interrupted", runErr.Error()
	case runErr != nil:
		st.Outcome, st.Error = "error", runErr.Error()
	case s.Failed():
		st.Outcome = "failures"
	default:
		st.Outcome = "ok"
	}
	return st
}

// RunsFile is the statistics file of a data folder.
func RunsFile(dataDir string) string { return filepath.Join(dataDir, "state", "runs.jsonl") }

// appendRunStats appends st to DIR/state/runs.jsonl, synced.
func appendRunStats(dataDir string, st RunStats) error {
	line, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("crawl: run statistics: %w", err)
	}
	f, err := os.OpenFile(RunsFile(dataDir), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("crawl: run statistics: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("crawl: run statistics: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("crawl: run statistics: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("crawl: run statistics: %w", err)
	}
	return nil
}
