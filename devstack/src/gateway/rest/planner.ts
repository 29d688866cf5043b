// Resolves a parsed request against the schema cache: which relationship each embed follows,
// which conditions, order and paging apply at each level.
import {
  aggregatesNotAllowed, ambiguousRelationship, duplicateAlias, noRelationship, notEmbedded, relatedOrderNotToOne, spreadNotToOne,
} from './errors.ts';
import type { Condition, OrderTerm, SelectItem } from './parser.ts';
import type { QueryParams } from './query-params.ts';
import { type DbFunction, type ForeignKey, type SchemaCache, type Table, tableKey } from './schema-cache.ts';

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

export interface Relationship {
  cardinality: Cardinality;
  fk: ForeignKey; // m2o: parent → child; o2m/o2o: child → parent; m2m: junction → parent
  junction?: { table: Table; toChild: ForeignKey };
  target: Table;
  /** A computed relationship: a function taking the parent's row and returning rows of `target`. */
  computed?: DbFunction;
}

export interface EmbedPlan {
  key: string; name: string; rel: Relationship; plan: ReadPlan;
  inner: boolean; spread: boolean; toOne: boolean; lateral: string;
}

export type PlannedItem =
  | { kind: 'star' }
  | { kind: 'field'; item: Extract<SelectItem, { kind: 'field' }> }
  | { kind: 'embed'; embed: EmbedPlan };

export interface PlannedOrder { term: OrderTerm; embed?: EmbedPlan }

export interface ReadPlan {
  table?: Table; alias: string; items: PlannedItem[]; embeds: EmbedPlan[];
  conditions: Condition[]; order: PlannedOrder[]; limit?: number; offset?: number;
}

let aliasCounter = 0;

export function planRead(cache: SchemaCache, table: Table | undefined, q: QueryParams, rootAlias = table?.name ?? 'pgrst_rows'): ReadPlan {
  aliasCounter = 0;
  if (!cache.settings.aggregatesEnabled && usesAggregates(q.select)) {
    throw aggregatesNotAllowed();
  }
  const plan = planLevel(cache, table, q.select, q, '', rootAlias, 0);
  // Every condition/order/limit path must name an embed of the select.
  for (const map of [q.conditions, q.order, q.limit, q.offset] as Map<string, unknown>[]) {
    for (const path of map.keys()) {
      if (path !== '' && !findPath(plan, path.split('.'))) {
        const name = path.split('.').pop()!;
        throw notEmbedded(name);
      }
    }
  }
  return plan;
}

function usesAggregates(select: SelectItem[]): boolean {
  return select.some((i) => (i.kind === 'field' && !!i.aggregate) || (i.kind === 'embed' && usesAggregates(i.select)));
}

function findPath(plan: ReadPlan, path: string[]): ReadPlan | undefined {
  if (path.length === 0) return plan;
  const embed = plan.embeds.find((e) => e.key === path[0] || e.name === path[0]);
  return embed ? findPath(embed.plan, path.slice(1)) : undefined;
}

function planLevel(cache: SchemaCache, table: Table | undefined, select: SelectItem[], q: QueryParams, path: string, alias: string, depth: number): ReadPlan {
  const plan: ReadPlan = {
    table, alias, items: [], embeds: [],
    conditions: q.conditions.get(path) ?? [], order: [], limit: q.limit.get(path), offset: q.offset.get(path),
  };
  for (const item of select) {
    if (item.kind === 'star') { plan.items.push(item); continue; }
    if (item.kind === 'field') { plan.items.push({ kind: 'field', item }); continue; }
    if (!table) throw noRelationship('', item.name, item.hints, '');
    const rel = findRelationship(cache, table, item.name, item.hints);
    const key = item.alias ?? item.name;
    if (!item.alias && !item.spread && plan.embeds.some((e) => e.key === key)) {
      // PostgREST names both joins alike and PostgreSQL refuses the statement.
      throw duplicateAlias(`${alias}_${item.name}_${depth + 1}`);
    }
    const childPathByKey = path ? `${path}.${key}` : key;
    const childPathByName = path ? `${path}.${item.name}` : item.name;
    const childQ = q.conditions.has(childPathByKey) || q.order.has(childPathByKey) || q.limit.has(childPathByKey) || q.offset.has(childPathByKey)
      ? childPathByKey : childPathByName;
    const toOne = rel.cardinality === 'many-to-one' || rel.cardinality === 'one-to-one';
    if (item.spread && !toOne) {
      throw spreadNotToOne(table.name, item.name);
    }
    const embed: EmbedPlan = {
      key, name: item.name, rel, inner: item.joinType === 'inner', spread: item.spread, toOne,
      lateral: `pgrst_${alias}_${++aliasCounter}`,
      plan: planLevel(cache, rel.target, item.select, q, childQ, `${rel.target.name}_${depth + 1}`, depth + 1),
    };
    plan.embeds.push(embed);
    plan.items.push({ kind: 'embed', embed });
  }
  for (const term of q.order.get(path) ?? []) {
    if (!term.relation) { plan.order.push({ term }); continue; }
    const embed = plan.embeds.find((e) => e.key === term.relation || e.name === term.relation);
    if (!embed || !embed.toOne) {
      throw relatedOrderNotToOne(table?.name ?? '', term.relation);
    }
    plan.order.push({ term, embed });
  }
  return plan;
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
