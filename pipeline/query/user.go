package query

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ErrNotReadOnly is returned by UserQuery for a statement that is not a
// query (COPY, ATTACH, INSTALL, LOAD, SET, CREATE, …) on a read-only
// database.
var ErrNotReadOnly = errors.New("only one SELECT (or EXPLAIN) statement is allowed on the shared dataset (ogi sql --unsafe for a full DuckDB)")

// readOnlyTypes are the statements a user may run on a read-only database.
var readOnlyTypes = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_SELECT:  "SELECT",
	duckdb.STATEMENT_TYPE_EXPLAIN: "EXPLAIN",
}

// UserQuery runs a statement a user typed. On a database opened without
// Options.Unsafe it must be one SELECT or EXPLAIN: anything else is
// refused before it runs (ErrNotReadOnly), and what a SELECT can reach is
// bounded by the database's settings (the dataset's files only).
func (db *DB) UserQuery(ctx context.Context, stmt string) (*Result, error) {
	var res *Result
	err := db.with(func(in *instance) error {
		// A user may call any metric's view or macro, as in views.sql;
		// they must exist for the statement to prepare.
		if err := in.ensureMetrics(ctx); err != nil {
			return err
		}
		if !db.opts.Unsafe {
			if err := checkReadOnly(ctx, in, stmt); err != nil {
				return err
			}
		}
		var err error
		res, err = in.query(ctx, stmt)
		return err
	})
	return res, err
}

// checkReadOnly prepares stmt on a connection of the database and checks
// its statement type. A string of several statements does not prepare.
func checkReadOnly(ctx context.Context, in *instance, stmt string) error {
	conn, err := in.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("query: unexpected driver connection %T", dc)
		}
		// Prepare (not PrepareContext) refuses a string of several
		// statements instead of running all but the last.
		ps, err := c.Prepare(stmt)
		if err != nil {
			// The driver's own words ("missing context for
			// multi-statement query: try using PrepareContext") tell a
			// user of ogi sql nothing; say what is allowed.
			if strings.Contains(err.Error(), "multi-statement") {
				return ErrNotReadOnly
			}
			return fmt.Errorf("query: %w", err)
		}
		defer ps.(driver.Stmt).Close()
		st, ok := ps.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("query: unexpected statement %T", ps)
		}
		typ, err := st.StatementType()
		if err != nil {
			return fmt.Errorf("query: %w", err)
		}
		if _, ok := readOnlyTypes[typ]; !ok {
			return ErrNotReadOnly
		}
		return nil
	})
}
