package query

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

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
	if !db.opts.Unsafe {
		if err := db.checkReadOnly(ctx, stmt); err != nil {
			return nil, err
		}
	}
	return db.Query(ctx, stmt)
}

// checkReadOnly prepares stmt on a connection of the database and checks
// its statement type. A string of several statements does not prepare.
func (db *DB) checkReadOnly(ctx context.Context, stmt string) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.cur == nil {
		return fmt.Errorf("query: the database is closed")
	}
	conn, err := db.cur.db.Conn(ctx)
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
