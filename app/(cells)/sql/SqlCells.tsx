'use client';
import { useCallback, useEffect, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { UseSpec } from '@/app/hooks/useSpec';
import type { SqlCellSpec } from '@/lib/spec/schema';
import { DEFAULT_QUERY, MAX_SQL_CELLS, addCell, freshId, removeCell, updateCell } from '@/lib/sql/cells';
import { pendingCells } from '@/lib/sql/approval';
import { useQueryApprovals } from '@/app/hooks/useQueryApprovals';
import { TABLES_SQL } from '@/lib/sql/statement';
import { SqlCell } from './SqlCell';
import { allTablesKey, type TableVersions } from '@/lib/notebook/tables';
import { CellBoundary } from '@/app/components/CellBoundary';

interface Props {
  cells: SqlCellSpec[];
  setSpec: UseSpec['setSpec'];
  engine: Engine;
  versions: TableVersions;
}

/**
 * The notebook's SQL cells (kept in the spec, so in the link), the Add button and the list of
 * tables. Queries typed here run; queries that came with a link wait for the user's click.
 */
export function SqlCells({ cells, setSpec, engine, versions }: Props) {
  const approvals = useQueryApprovals();
  const pending = pendingCells(cells, approvals);
  const [added, setAdded] = useState<string | null>(null);
  const [ran, setRan] = useState(0);
  const onRan = useCallback(() => setRan((n) => n + 1), []);
  const tables = useTables(engine, allTablesKey(versions), ran);
  const [problem, setProblem] = useState<string | null>(null);

  const change = (update: (sql: SqlCellSpec[]) => SqlCellSpec[]): string | null => {
    let refused: string | null;
    try {
      refused = setSpec((s) => ({ ...s, sql: update(s.sql) }))?.message ?? null;
    } catch (e) {
      refused = e instanceof Error ? e.message : String(e);
    }
    return refused;
  };
  // refusals of a query edit show in that cell; others below the cells
  const apply = (update: (sql: SqlCellSpec[]) => SqlCellSpec[]): string | null => {
    const refused = change(update);
    setProblem(refused);
    return refused;
  };

  return (
    <>
      {pending.length > 0 ? (
        <div className="msg warn row" role="status" data-testid="sql-link-gate">
          <span>
            This link holds {pending.length === 1 ? '1 query' : `${pending.length} queries`} not run in this tab. Queries from a link run only when you say so (they can only read
            the data); read {pending.length === 1 ? 'it' : 'them'} below, then
          </span>
          <button type="button" className="primary" onClick={() => approvals.approve(pending.map((c) => c.query))}>
            {pending.length === 1 ? 'Run it' : 'Run them'}
          </button>
        </div>
      ) : null}
      {cells.map((cell, i) => (
        <CellBoundary
          key={cell.id}
          title={`SQL ${i + 1}`}
          actions={
            <button type="button" aria-label={`Remove SQL cell ${i + 1}`} onClick={() => apply((sql) => removeCell(sql, cell.id))}>
              Remove
            </button>
          }
        >
          <SqlCell
            cell={cell}
            index={i}
            engine={engine}
            versions={versions}
            autoFocus={cell.id === added}
            approved={approvals.isApproved(cell.query)}
            onApprove={(text) => approvals.approve([text])}
            onQuery={(query) => change((sql) => updateCell(sql, cell.id, { query }))}
            onChart={(chart) => apply((sql) => updateCell(sql, cell.id, { chart }))}
            onRemove={() => apply((sql) => removeCell(sql, cell.id))}
            onRan={onRan}
          />
        </CellBoundary>
      ))}
      <div className="row" style={{ margin: '12px 0' }}>
        <button
          type="button"
          disabled={cells.length >= MAX_SQL_CELLS}
          onClick={() => {
            const id = freshId(cells);
            // a cell added here starts with our own query: it runs at once, as typed queries do
            approvals.approve([DEFAULT_QUERY]);
            if (apply((sql) => addCell(sql)) === null) setAdded(id);
          }}
        >
          Add SQL cell
        </button>
        <span className="small muted" data-testid="sql-tables">
          {cells.length >= MAX_SQL_CELLS ? `At most ${MAX_SQL_CELLS} SQL cells. ` : ''}
          Tables: {tables ?? '…'}. Training adds features, scores and alarms (DESCRIBE scores lists the columns). Times are UTC.
        </span>
      </div>
      {problem ? (
        <div className="msg error" role="alert">
          {problem}
        </div>
      ) : null}
    </>
  );
}

/** Names of the tables the engine really holds, refreshed when data loads and after each SQL run. */
function useTables(engine: Engine, tablesKey: string, ran: number): string | null {
  const [tables, setTables] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    engine.query(TABLES_SQL).then((r) => {
      if (!live) return;
      setTables(r.ok ? r.value.map((x) => String(x.table_name)).join(', ') || 'none' : `could not list them (${r.error.message})`);
    });
    return () => {
      live = false;
    };
  }, [engine, tablesKey, ran]);
  return tables;
}
