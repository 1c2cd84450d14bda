import { describe, expect, it } from 'vitest';
import { getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import * as pgSchema from '@/db/schema-pg';
import * as sqliteSchema from '@/db/schema-sqlite';

/*
 * The query code is written once against SQLite's table objects and runs on
 * PostgreSQL's (db/schema.ts picks). That only works while the two schemas
 * describe the same tables, the same column names and the same JavaScript
 * values: this is the check that keeps them in step.
 */

const tables = (mod: Record<string, unknown>) => Object.fromEntries(Object.entries(mod).filter(([, v]) => is(v, Table))) as Record<string, Table>;
const lite = tables(sqliteSchema);
const pg = tables(pgSchema);

/** What query code sees of a column: its SQL name, its JavaScript type, whether it may be null, whether the database fills it. */
function shape(table: Table) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, c]) => [key, { name: c.name, js: c.dataType, notNull: c.notNull, hasDefault: c.hasDefault || c.primary, primary: c.primary, enum: c.enumValues ?? null }]),
  );
}

describe('the SQLite and PostgreSQL schemas', () => {
  it('export the same tables under the same names', () => {
    expect(Object.keys(pg).sort()).toEqual(Object.keys(lite).sort());
    for (const key of Object.keys(lite)) expect(getTableName(pg[key]!)).toBe(getTableName(lite[key]!));
  });

  it.each(Object.keys(lite))('%s: the same columns, JavaScript types, nullability, defaults and enums', (key) => {
    const a = shape(lite[key]!);
    const b = shape(pg[key]!);
    // Integers are bigint on PostgreSQL in number mode: the same JavaScript number.
    for (const col of Object.values(b)) if (col.js === 'number') col.js = 'number';
    expect(b).toEqual(a);
  });

  it.each(Object.keys(lite))('%s: the same primary key, indexes and foreign keys', (key) => {
    const a = sqliteConfig(lite[key] as never);
    const b = pgConfig(pg[key] as never);
    const cols = (xs: { name: string }[]) => xs.map((c) => c.name);
    expect(b.primaryKeys.map((k) => cols(k.columns))).toEqual(a.primaryKeys.map((k) => cols(k.columns)));
    const idx = (xs: { config: { name: string; unique: boolean; columns: unknown[] } }[]) => xs.map((i) => `${i.config.name}${i.config.unique ? ' unique' : ''} (${i.config.columns.length})`).sort();
    expect(idx(b.indexes as never)).toEqual(idx(a.indexes as never));
    const fks = (xs: { reference: () => { columns: { name: string }[]; foreignTable: Table; foreignColumns: { name: string }[] } }[]) =>
      xs.map((f) => f.reference()).map((r) => `${cols(r.columns)} → ${getTableName(r.foreignTable)}(${cols(r.foreignColumns)})`).sort();
    expect(fks(b.foreignKeys as never)).toEqual(fks(a.foreignKeys as never));
  });
});
