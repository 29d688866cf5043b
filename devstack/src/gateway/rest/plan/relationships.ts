// Which relationship an embed follows: foreign keys (also through views), junctions for many-to-many,
// computed relationships, with PostgREST's hints and its PGRST200 / PGRST201 answers.
import { ambiguousRelationship, noRelationship } from '../errors.ts';
import { type DbFunction, type ForeignKey, type SchemaCache, type Table, tableKey } from '../schema-cache.ts';

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

export interface Relationship {
  cardinality: Cardinality;
  fk: ForeignKey; // m2o: parent → child; o2m/o2o: child → parent; m2m: junction → parent
  junction?: { table: Table; toChild: ForeignKey };
  target: Table;
  /** A computed relationship: a function taking the parent's row and returning rows of `target`. */
  computed?: DbFunction;
}

function describe(rel: Relationship, parent: Table): unknown {
  const cols = (c: string[]) => c.join(', ');
  return {
    cardinality: rel.cardinality,
    embedding: `${parent.name} with ${rel.target.name}`,
    relationship: rel.junction
      ? `${rel.fk.name} and ${rel.junction.toChild.name} using ${rel.junction.table.name}`
      : rel.cardinality === 'many-to-one'
        ? `${rel.fk.name} using ${rel.fk.fromTable}(${cols(rel.fk.fromColumns)}) and ${rel.fk.toTable}(${cols(rel.fk.toColumns)})`
        : `${rel.fk.name} using ${rel.fk.toTable}(${cols(rel.fk.toColumns)}) and ${rel.fk.fromTable}(${cols(rel.fk.fromColumns)})`,
  };
}

function sameCols(a: string[], b: string[]) {
  return a.length === b.length && a.every((c) => b.includes(c));
}

export function findRelationship(cache: SchemaCache, parent: Table, target: string, hints: string[]): Relationship {
  const candidates: Relationship[] = [];
  const isParent = (schema: string, name: string) => schema === parent.schema && name === parent.name;
  const lookup = (schema: string, name: string) => cache.tables.get(tableKey(schema, name));
  for (const fk of cache.foreignKeys) {
    // many-to-one: the parent holds the foreign key; the embed names the referenced table or the FK column.
    // The embed may also name the foreign key constraint itself.
    // In a self-referencing table, the table name means the children; the parent needs the column or the key's name.
    const selfRef = isParent(fk.toSchema, fk.toTable) && isParent(fk.fromSchema, fk.fromTable);
    if (isParent(fk.fromSchema, fk.fromTable)) {
      const t = lookup(fk.toSchema, fk.toTable);
      const byColumn = !fk.throughView && fk.fromColumns.length === 1 && fk.fromColumns[0] === target;
      if (t && ((fk.toTable === target && !selfRef) || byColumn || (fk.name === target && !selfRef && !fk.throughView))) {
        candidates.push({ cardinality: 'many-to-one', fk, target: t });
      }
    }
    // one-to-many (one-to-one when the FK columns are unique in the child).
    if (isParent(fk.toSchema, fk.toTable) && (fk.fromTable === target || (fk.name === target && !fk.throughView))) {
      const t = lookup(fk.fromSchema, fk.fromTable);
      if (t) {
        const unique = t.uniqueKeys.some((k) => sameCols(k, fk.fromColumns));
        candidates.push({ cardinality: unique ? 'one-to-one' : 'one-to-many', fk, target: t });
      }
    }
  }
  // many-to-many through a junction whose primary key covers both foreign keys.
  for (const toParent of cache.foreignKeys) {
    if (!isParent(toParent.toSchema, toParent.toTable)) continue;
    const junction = lookup(toParent.fromSchema, toParent.fromTable);
    if (!junction || junction.name === target) continue;
    for (const toChild of cache.foreignKeys) {
      if (toChild === toParent || toChild.fromSchema !== junction.schema || toChild.fromTable !== junction.name || toChild.toTable !== target) continue;
      const t = lookup(toChild.toSchema, toChild.toTable);
      const covered = [...toParent.fromColumns, ...toChild.fromColumns].every((c) => junction.primaryKey.includes(c));
      if (t && covered) candidates.push({ cardinality: 'many-to-many', fk: toParent, junction: { table: junction, toChild }, target: t });
    }
  }
  // Computed relationships: `fn(parent_table) returns setof target` (to-many) or `returns target` (to-one).
  for (const fn of cache.functions.get(tableKey(parent.schema, target)) ?? []) {
    const arg = fn.args[0];
    if (fn.args.length !== 1 || !arg.rowOf || !isParent(arg.rowOf.schema, arg.rowOf.name) || !fn.returnTable) continue;
    const t = lookup(fn.returnTable.schema, fn.returnTable.name);
    if (!t) continue;
    const fk: ForeignKey = { name: fn.name, fromSchema: parent.schema, fromTable: parent.name, fromColumns: [], toSchema: t.schema, toTable: t.name, toColumns: [] };
    candidates.push({ cardinality: fn.returnsSet ? 'one-to-many' : 'many-to-one', fk, target: t, computed: fn });
  }
  const matching = hints.length === 0 ? candidates : candidates.filter((rel) => hints.every((h) =>
    rel.fk.name === h || rel.junction?.toChild.name === h || rel.junction?.table.name === h ||
    (rel.fk.fromColumns.length === 1 && rel.fk.fromColumns[0] === h) ||
    (rel.fk.toColumns.length === 1 && rel.fk.toColumns[0] === h && rel.cardinality === 'many-to-one')));
  if (matching.length === 1) return matching[0];
  if (matching.length === 0) {
    throw noRelationship(parent.name, target, hints, parent.schema);
  }
  const options = matching.map((r) => `'${target}!${r.junction ? r.junction.table.name : r.fk.name}'`);
  throw ambiguousRelationship(parent.name, target, matching.map((r) => describe(r, parent)), options);
}
